"""What kind of answer the participant gave, read before any backend decides the next turn.

`classify_answer` is the one function both backends and the policy use. Its classes decide what may happen next
(policy.py): a refusal is acknowledged and never probed, a closing moves on (or ends the interview when they want to
stop), nonsense, off-topic answers and questions back get the question once more in other words, non-answers and
complete short answers move on, and only substantive answers may be probed. Word lists cover English, German,
French, Spanish and Portuguese; everything is pure and deterministic.
"""

import re
from dataclasses import dataclass, replace
from functools import lru_cache

from interviews.interviewer import signals
from interviews.interviewer.asides import THING_FIRST, echoed_aside
from interviews.interviewer.learned import CONFIDENT, OPEN_SHORT, SURE_OVER_EVIDENCE, learned_class, learned_declining
from interviews.interviewer.leaving import (
    APOLOGY,
    GO_SEE_TO,
    GOODBYE_LAST,
    JUST_HAPPENED,
    MUST_GO,
    SIGN_OFF,
    THANKS,
    before_apology,
    obliged_then_sorry,
)
from interviews.interviewer.noise import nonsense
from interviews.interviewer.phrases import (
    ADDRESSED_RE,
    ADVISER_AFTER,
    ADVISER_BEFORE,
    ANYTHING_ELSE_Q,
    ASIDE_RE,
    ASIDES_ASKED,
    ASKS_ABOUT_ELSE,
    ASKS_WHAT_DONE,
    BARE_NO,
    CHOSEN_LEAVE,
    CLARIFY_RE,
    CLOSING_RE,
    CONTRAST_RE,
    CONTRAST_WORD,
    DOING_RE,
    EXPERIENCE_QUESTION,
    FACT_WORDS,
    FACTUAL_QUESTION,
    FILLER_RE,
    FILLERS,
    FUNCTION_WORDS,
    GUESS_ASKED,
    GUESS_WORDS,
    LEAVE_IT,
    LEAVING_RE,
    LINKS_BEFORE_CLOSING,
    NEGATION_OPEN,
    NOISE_WORDS,
    NON_ANSWER_RE,
    NUMBER_WORD,
    OBLIGED_RE,
    OFF_TOPIC_RE,
    PLEASANTRY_RE,
    REFERENT_RE,
    REFUSAL_RE,
    SINCE_WHEN,
    SOMEONE,
    SORE_SUBJECT,
    TIME_WORDS,
    TOLD_ELSEWHERE,
    WORD_ENDING,
    YES_NO_QUESTION,
)
from interviews.interviewer.signals import FACT_FIRST, FEELING, GENERAL, HABITUAL, PROBLEM, TOOLS, WHEN, WORD, plain

SUBSTANTIVE = "substantive"
SHORT_COMPLETE = "short_complete"
NON_ANSWER = "non_answer"
REFUSAL = "refusal"
CLOSING = "closing"
OFF_TOPIC = "off_topic"
NONSENSE = "nonsense"
QUESTION_BACK = "question_back"
CLASSES = (SUBSTANTIVE, SHORT_COMPLETE, NON_ANSWER, REFUSAL, CLOSING, OFF_TOPIC, NONSENSE, QUESTION_BACK)
# Classes whose words are never quoted back, and after which the question is asked again rather than probed.
NOT_QUOTABLE = frozenset({NON_ANSWER, REFUSAL, CLOSING, NONSENSE})
ASK_AGAIN = frozenset({OFF_TOPIC, NONSENSE, QUESTION_BACK})

_I = re.IGNORECASE
# Feeling told as a verb ("it just felt wrong"): worth a follow-up even after "I don't know".
FELT = re.compile(
    r"\b(?:fe(?:el|els|lt|eling)|gef(?:ühl|iel)\w*|gefühlt|sentie?|sinto|senti(?:u|ste|ram)?|sentí)\b", _I
)
# A refusal's or a non-answer's own clause, from its match (marked \x00) to a clause break or a contrast word.
_CLAUSE_REST = re.compile(
    r"\x00[^,;:.!?\x00]*?(?=[,;:.!?\x00]|\b(?:but|though|although|however|except|aber|doch|mais|pourtant|pero|aunque"
    r"|mas|porém)\b|$)",
    re.IGNORECASE,
)
# Words around a refusal or a non-answer that carry nothing ("sorry", "to be honest"); at most this many other
# meaningful words may remain for the answer to count as one.
LEFTOVER_WORDS = 3


@dataclass(frozen=True)
class AnswerClass:
    """An answer's class, the words that decided it (for the reason the staff page shows), and two details.

    `leaving` marks a closing that asks to stop the interview; `factual` marks an answer to a factual question;
    `learned` is the learned model's confidence when its class was taken (no rule placed the answer), else 0;
    `declining` how likely the learned model finds a refusal or a closing in an answer that could be asked about."""

    label: str
    evidence: str = ""
    leaving: bool = False
    factual: bool = False
    learned: float = 0.0
    declining: float = 0.0


def meaningful(text: str) -> list[str]:
    """The words of `text` that carry meaning: not function words, not pleasantries, two letters or more."""
    return [w for w in WORD.findall(text.lower()) if len(w) > 1 and w not in FUNCTION_WORDS]


# A fronted clause ("When the payment failed, what did you do next?", "Et quand ..., comment ?"): the question follows.
FRONTED_CLAUSE = re.compile(
    r"^\W*(?:(?:and|und|et|y|e)\s+)?(?:when|whenever|if|after|before|once|since|while|wenn|als|quand|lorsque|si|cuando|quando|se"
    # "In the past month, when did you...", "Thinking about last week, ...": a time frame set before the question.
    r"|(?:in|during|over|within) (?:the )?(?:past|last)|thinking (?:about|of|back)|looking back)\b[^,?]*,\s*",
    _I,
)


SUBJECT = re.compile(r"\b(?:i|we|they|he|she|it|you|ich|wir|je|nous|yo|nosotros|eu|nós)\b", _I)
# "How do you get to work: car, bus, bike or on foot?": the answers are offered, one of them completes it.
CHOICE_QUESTION = re.compile(
    r"[:,]\s*(?:[\w-]+\s+){0,2}[\w-]+(?:,\s*(?:[\w-]+\s+){0,2}[\w-]+)*,?\s+or\s+[^,?]{1,25}\?\s*$", _I
)


def is_factual_question(question: str) -> bool:
    """A question asking for a fact (how many, which tool, when, who): a short answer can complete it."""
    question = FRONTED_CLAUSE.sub("", plain(question).strip())
    if EXPERIENCE_QUESTION.search(question):
        return False
    return bool(
        FACTUAL_QUESTION.search(question) or CHOICE_QUESTION.search(question) or SINCE_WHEN.search(question)
        or YES_NO_QUESTION.match(question)
    )  # fmt: skip


# "when ...", "every time ...", "usually": what follows is a habit.
HABIT_BEFORE = re.compile(r"\b(?:when|whenever|every time|each time|always|usually|normally|if)\b", _I)


def _word_salad(text: str, question: str, factual: bool) -> str:
    """Three to six lowercase words with no grammar between them and nothing to do with the question ("banana
    telephone purple"); a list answering a factual question ("email phone spreadsheets") is not one."""
    words = WORD.findall(text)
    if (
        (factual and len(words) < 4)  # "email phone spreadsheets" lists the tools asked for
        or not 3 <= len(words) <= (8 if factual else 6)
        or re.search(r"[^\w\s.!]", text)
        or any(not w.isalpha() or not w.islower() or w in FUNCTION_WORDS or w in SALAD_GRAMMAR for w in words)
        or any(r.search(text) for r in (FEELING, PROBLEM, TOOLS, HABITUAL, WHEN))
        or NUMBER_WORD.match(text)  # "six incl one sub": a count, however terse
        or _stems(text) & _stems(question)
    ):
        return ""
    return text.strip()


# Quantities and verdicts that make a phrase of nouns ("fewer evening races", "swirl mark factory. never again").
# "flexible hours mainly": a hedge on what was named makes it an answer.
SALAD_GRAMMAR = frozenset(("fewer", "less", "more", "most", "never", "again", "always", "every", "no", "much", "many",
                           "mainly", "mostly", "probably", "definitely", "basically"))  # fmt: skip


def _leftover(text: str, *patterns: re.Pattern) -> list[str]:
    """The meaningful words left once every match of `patterns`, with the rest of its clause, and every pleasantry
    are taken out: what a refusal, a closing or a non-answer is about belongs to it ("I'd rather not go into *the
    details of our pricing*"), up to the clause's end or a "but" that starts something else."""
    text = PLEASANTRY_RE.sub(" ", text)
    for pattern in patterns:
        text = pattern.sub(" \x00 ", text)
    return [w for w in meaningful(_CLAUSE_REST.sub(" ", text)) if not _filler(w)]


def _filler(word: str) -> bool:
    return word in FILLERS or bool(FILLER_RE.match(word))


def _opens_with_negation_after_anything_else(text: str, question: str) -> bool:
    """ "Anything else?" answered "No, you've been very thorough": a closing, by the answer's relation to the
    question, when the answer opens with a no, starts no "but" (save for the rest kept for a therapist), and says
    nothing new or thanks them after one last remark ("Not really. Only that I'm glad someone's asking about ... x"),
    or closes in its first sentence whatever kind words follow ("No, that's it really. Happy to help, ...")."""
    new_point = (but := CONTRAST_WORD.search(text)) and not TOLD_ELSEWHERE.search(text, but.end())
    if not (ANYTHING_ELSE_Q.search(question) and NEGATION_OPEN.match(text)) or new_point:
        return False
    sentences = re.split(r"(?<=[.!?])\s+", text.strip())
    signed_off = 2 <= len(sentences) <= 3 and SIGN_OFF.fullmatch(sentences[-1]) and not APOLOGY.search(sentences[-1])
    if signed_off or (CLOSING_RE.search(sentences[0]) and not OBLIGED_RE.search(text)):  # not "I need to open up now"
        return True
    return len(_leftover(NEGATION_OPEN.sub(" ", text, count=1), CLOSING_RE)) <= LEFTOVER_WORDS


def _explained_non_answer(text: str) -> re.Match | None:
    """ "I wasn't on that project so I wouldn't know", "Not my department, the head chef deals with inspections": a
    non-answer with its reason, short, with no "but" after it and no feeling in it."""
    m = NON_ANSWER_RE.search(text)
    if not m or CONTRAST_WORD.search(text) or FEELING.search(text) or FELT.search(text) or _trouble(text):
        return None
    if _answered_first(text, m):
        return None  # "Loyalty to the old vet. Not sure why I'm still there.": an answer came first

    return m if len(WORD.findall(text)) <= 20 else None


def _leaves_last(text: str) -> re.Match | None:
    """Saying one must go, or putting the rest off, as the answer's last words ("gotta go sorry", "I really have to run
    now, bye!", "Another time!", "Can you ring back after two?"), whatever came before: the last sentence holds little
    else, or its last clause nothing else ("..., I'll have to love you and leave you"; not "..., so I have to go
    early")."""
    sentences = re.split(r"(?<=[.!?])\s+", text.strip())
    while len(sentences) > 1 and (not _leftover(sentences[-1]) or SIGN_OFF.fullmatch(sentences[-1])):
        sentences.pop()  # "Sorry about this.", "laters"
    last = sentences[-1]
    clauses = re.split(r"[,;\u2014]\s*|\s+(?=so\s)|\s+but\s+", last)
    while len(clauses) > 1 and SIGN_OFF.fullmatch(clauses[-1]):
        clauses.pop()  # "..., I'm on 1%, sorry love"
    if len(clauses) > 1 and not _leftover(clauses[-1]) and not re.search(r"[.!?)]\s*$", last):
        clauses.pop()  # "..., sorry phone's on 2%, I'll": cut off as they went
    return _going(last, after=2) or _going(clauses[-1], after=0)


def _interrupted(text: str) -> re.Match | None:
    """An answer broken off by a dash (or " - ") and what cut it ("sorry", "oh", "that's the pager"), then something
    they must see to or their going ("...you have to\u2014 sorry, the boiler.s making a noise, I need to shut it")."""
    cut = re.search(
        r"\w ?(?:[\u2014\u2013]|--|-(?= ))\s*(?:sorry|pardon|soz|oh|ah|hang on|hold on|wait|oops|argh"
        r"|that'?s (?:the|my)|moment|momento|attendez|espera|warte)\b",
        text,
        _I,
    )
    if cut is None:
        return None
    after = text[cut.start() :]
    return MUST_GO.search(after) or OBLIGED_RE.search(after) or LEAVING_RE.search(after)


def _called_away(text: str) -> re.Match | None:
    """Something has just happened, they must see to it, and they say sorry for going ("..., my lad's school has just
    rung, he's been sent home sick and I have to go and get him. Sorry mate."): the must-go opens the last clause of the
    sentence before the apology, with a few words after it ("and get him", "a mirarlo ya")."""
    last = before_apology(text)
    found = [m for pattern in (MUST_GO, LEAVING_RE, GO_SEE_TO) for m in pattern.finditer(last)]
    if not found or not JUST_HAPPENED.search(last):
        return None
    m = max(found, key=lambda m: m.start())
    joins = re.finditer(r"[,;\u2014]|\b(?:and|but|so|y|pero|e|mas|et|mais|und|aber)\b", last[: m.start()], _I)
    start = max((join.end() for join in joins), default=0)
    if len(meaningful(last[start : m.start()])) > 1 or len(_leftover(last[m.end() :])) > 3:
        return None
    return m


def _leaves_first(text: str) -> re.Match | None:
    """Saying one must go as the answer's first clause, ended by a comma or a full stop ("I'm going to have to leave it
    there, the farrier's just pulled in"): not "I have to go to the depot every morning"."""
    text = re.sub(r"^\W*(?:sorry|soz|oh|ah|argh|oops)\W+", "", text.strip(), flags=_I)  # "sorry, phone's going, ..."
    first = re.match(r"[^,.;!?\u2014]*[,.;!?\u2014]", text)
    return _going(first.group(), after=0) if first else None


def _going(part: str, *, after: int) -> re.Match | None:
    """The must-go or put-off in `part`, with at most two meaningful words before it and `after` after it."""
    m = MUST_GO.search(part) or LEAVING_RE.search(part)
    if m is None or len(meaningful(part[: m.start()])) > 2 or len(_leftover(part[m.end() :])) > after:
        return None
    return m


def _reasoned_refusal(text: str, m: re.Match) -> bool:
    """ "Rather not say, we're still tied up with him legally": a refusal that opens the answer, then its reason, short,
    with no "but", no feeling and no complaint that would be an answer of its own."""
    return bool(
        len(meaningful(text[: m.start()])) <= 1
        and not CONTRAST_WORD.search(text)
        and len(WORD.findall(text)) <= 20
        and not (FEELING.search(text) or FELT.search(text) or _trouble(text))
    )


def _answered_first(text: str, m: re.Match) -> bool:
    """Whether a sentence with something in it (not only "Sorry." or "Hmm.") comes before the non-answer, or a clause
    of four meaningful words joined to it by "and" ("My niece is getting married in May and I've no idea what to
    wear": the doubt is about that clause, not the question; not "Not really and I've no idea")."""
    before = text[: m.start()]
    said = [w for w in meaningful(PLEASANTRY_RE.sub(" ", before)) if w not in NOISE_WORDS and not _filler(w)]
    joined = re.search(r"\b(?:and|und|et|y|e)\s+(?:[\w']+\s+){0,2}$", before, re.I)
    return bool(said and (re.search(r"[.!?]\s", before) or (joined and len(said) >= 4)))


def _goes_on(text: str, m: re.Match) -> bool:
    """Whether a "but" after the refusal or the non-answer starts an answer of its own ("I'd rather not name the
    client, but it was messy")."""
    after = CONTRAST_WORD.search(text, m.end())
    return bool(after and len(meaningful(text[after.end() :])) >= 2)


def stems(text: str) -> set[str]:
    """The first five letters of each meaningful word of four letters or more: what two texts share in topic."""
    return _stems(text)


def _stems(text: str, size: int = 5) -> set[str]:
    """The first `size` letters of each meaningful word of four letters or more (with 4, "booked" and "booking" share
    "book")."""
    return {w[:size] for w in meaningful(text) if len(w) >= 4 and w not in TIME_WORDS and not LAUGHTER.fullmatch(w)}


# "haha", "jajaja", "kkkk", "mdr": shared with the interviewer's "Haha!", they show no topic.
LAUGHTER = re.compile(r"(?:ha|he|hi|ja|je|ji)+h?|k{3,}|(?:rs)+|lol|lmao|rofl|mdr|xd")


def _aside(text: str, question: str, factual: bool = False) -> str:
    """The words of an aside: life outside the question, in an answer that shares none of the question's words."""
    m = None if ASIDES_ASKED.search(question) else ASIDE_RE.search(text)
    first = re.split(r"(?<=[.!?])\s+", text.strip())[0]
    fact = factual and (len(WORD.findall(first)) <= 8 or FACT_FIRST.match(text)) and not first.endswith("?")
    if fact or THING_FIRST.fullmatch(first):  # "A wedding dress. Well, the mannequin ...": the thing asked for
        # "A letter in my son's book bag." answers "Where did you hear about it?"; so does a figure first ("about
        # £100 for a standard day, bit more if they cut your hair" to "What's the daily rate?").
        return ""
    if m and not ASIDE_RE.search(first) and len(meaningful(first)) >= (2 if FELT.search(question) else 3):
        # "How did you feel...?" - "Fiquei destroçado. O futebol é ...", "Lovely finish, can't fault it. He did have
        # Radio 1 on ... the cat": the answer first, then an aside about it.
        return ""
    if m and (WHY_QUESTION.match(question) or NON_ANSWER_RE.search(text)):
        return ""  # "Why did you join?" - "My son was doing it", "My daughter sorts all that, I couldn't tell you."
    if (
        not m
        or not question
        or len(WORD.findall(text)) > 25
        or any(r.search(text) for r in (HABITUAL, WHEN, TOOLS, DOING_RE))
    ):
        return ""
    if ADVISER_BEFORE.search(text[: m.start()]) or ADVISER_AFTER.match(text, m.end()):
        return ""
    if (but := CONTRAST_WORD.search(text[: m.start()])) and len(meaningful(text[: but.start()])) >= 2:
        return ""  # "By price. But when my son needed surgery...": the answer goes on through the family

    return "" if _stems(text) & _stems(question) else m.group()


WHY_QUESTION = re.compile(
    r"\W*(?:why|how come|what made you|what got you|how did you (?:get|end up|start|come)|warum|wieso|pourquoi"
    r"|por ?qu[ée]|porque|por que)\b",
    _I,
)


def _trouble(text: str) -> bool:
    """A problem word that is a complaint, not the plain fact a factual question asked for ("a spreadsheet")."""
    return any(
        not FACT_WORDS.fullmatch(m.group()) and not NOTHING_BEFORE.search(text[: m.start()])
        for m in PROBLEM.finditer(text)
    )


# "45 mins to an hour if nothing's wrong": a problem word that is denied is no complaint.
NOTHING_BEFORE = re.compile(r"\b(?:nothing|nothing'?s|nothing is|nothing was|if no)\s+(?:[\w']+\s+)?$", re.I)


@lru_cache(maxsize=2048)
def classify_answer(answer: str, question: str = "") -> AnswerClass:
    """The class of `answer` given the interviewer's line it answers (`_classified`), and for the classes that may be
    asked again or probed, how likely the learned model finds it a refusal or a closing (`declining`)."""
    kind = _classified(answer, question)
    if kind.label in ASK_AGAIN | {SUBSTANTIVE} and WORD.search(answer):
        return replace(kind, declining=round(learned_declining(answer, question), 3))
    return kind


def _classified(answer: str, question: str = "") -> AnswerClass:
    """The class of `answer` given the interviewer's line it answers (`question`, used for factual questions): the
    rules' class, or, when no rule places the answer (it falls through to substantive), the learned model's class
    when it is sure enough (learned.py). A short complete answer must be short, and an answer whose "but ...",
    feeling or complaint the rules name is never taken as complete or as a closing (that is what to follow up), and
    as anything else only when the model is surer ("Yes" read as nonsense at 0.52 gets its "tell me more")."""
    kind = rule_class(answer, question)
    if kind.label == SHORT_COMPLETE and kind.factual and len(WORD.findall(answer)) >= ASIDE_WORDS:
        # "Bei uns wird gerade die Dorfstraße aufgerissen, seit drei Monaten schon." to "Welche Filme zeigen Sie am
        # liebsten?": a sentence sharing no word with the question, that the model is sure is about something else.
        label, sure = learned_class(answer, question)
        if label == OFF_TOPIC and sure >= CONFIDENT_ASIDE and not _stems(answer) & _stems(question):
            return AnswerClass(OFF_TOPIC, " ".join(answer.split())[:60], learned=round(sure, 3))
    if kind.label != SUBSTANTIVE or not WORD.search(answer) or BARE_OK.fullmatch(answer):
        return kind  # a bare "ok" the rules kept as an answer to an open question stays one
    label, sure = learned_class(answer, question)
    if label in (OFF_TOPIC, NONSENSE) and SOMEONE.fullmatch(answer):
        return kind  # "my aunt" to "What first got you into stamps?" (off_topic at 0.65): who, an answer to follow up
    complete = label != SHORT_COMPLETE or (_short(answer) and (kind.factual or sure >= OPEN_SHORT))
    if label == SUBSTANTIVE or sure < CONFIDENT or not complete:
        return kind
    if label == OFF_TOPIC and len(WORD.findall(answer)) <= 8 and _stems(answer, 4) & _stems(question, 4):
        # "We booked the holiday in March." to "Tell me about a holiday booking." (0.66; 0.81 with blind49 in the
        # training, and no development answer this keeps from the model): a short reply in the question's words
        return kind
    if label == OFF_TOPIC and sure < CONFIDENT_ASIDE and WHY_QUESTION.match(question):
        # "my brother was already doing it and it looked fun" to "Why did you start boxing?" (0.52; 0.665 with blind38
        # in the training): a reason given to "why?" is an aside only when the model is as sure as of a short reply's.
        return kind
    few = WORD.findall(answer)
    verdict = all(w.isalpha() for w in few) and (sure < ONE_WORD_NONSENSE or all(map(WORD_ENDING.search, few)))
    if label == NONSENSE and len(few) <= 2 and verdict:
        # "weird", "long" (read as nonsense at 0.61), "a lot" (0.52): a word or two to an open question is a verdict,
        # as "grim" or "meh"; the model is sure of keyboard mashing ("qwpoeiruty" 0.95, "çlkjçlkjç" 0.97), but not of
        # a word by its ending ("slowly", 0.94 with blind43 in the training).
        return kind
    if kind.evidence and (label in (SHORT_COMPLETE, CLOSING) or sure < SURE_OVER_EVIDENCE):
        return kind
    # "I texted my daughter and she sorted it." (0.52, 0.66 since blind27, 0.81 since blind34's family stories) to "What
    # did you do when the app locked you out?": what they did is about the question, unless the model is near certain.
    asked_what_done = ASKS_WHAT_DONE.search(question)
    if (
        label == OFF_TOPIC
        and sure < (DONE_ASIDE if asked_what_done else SURE_OVER_EVIDENCE)
        and DOING_RE.search(answer)
    ):
        return kind
    # A closing the model recognised that also says they must go ("...a customer's just walked in, have to leave it
    # there", "the dryer's just buzzed, I have to grab my stuff"): too long for the rules' closing, still going now.
    said = " ".join(plain(answer).split())
    # Not what they must do whenever something happens ("when the sync drops my changes I have to redo it"): routine.
    obliged = OBLIGED_RE.search(said)
    routine = obliged and HABIT_BEFORE.search(re.split(r"[.!?\u2014\u2013]", said[: obliged.start()])[-1])
    leaving = label == CLOSING and bool(LEAVING_RE.search(said) or (obliged and not routine))
    return AnswerClass(
        label, " ".join(answer.split())[:60], leaving=leaving, factual=kind.factual, learned=round(sure, 3)
    )


@lru_cache(maxsize=2048)
def rule_class(answer: str, question: str = "") -> AnswerClass:
    """The class the rules give `answer` given the interviewer's line it answers (`question`).

    Order matters: nonsense, then refusals, closings and non-answers (when little else is said), then questions
    back, off-topic asides, short complete answers to factual questions (with no "but ..." after the fact), and
    otherwise a substantive answer."""
    text = " ".join(plain(answer).split())
    factual = is_factual_question(question)
    if not factual and BARE_OK.fullmatch(text):
        return AnswerClass(SUBSTANTIVE, text.strip())  # "What's the app like?" - "ok": a verdict to ask more about
    if said := nonsense(text, factual):
        return AnswerClass(NONSENSE, said)
    words = WORD.findall(text)
    refused = REFUSAL_RE.search(text)
    if (m := refused) and not _goes_on(text, m) and len(_leftover(text, REFUSAL_RE, LEAVING_RE)) <= LEFTOVER_WORDS:
        return AnswerClass(REFUSAL, m.group())
    if (m := refused) and _reasoned_refusal(text, m):
        return AnswerClass(REFUSAL, m.group())
    if (m := LEAVE_IT.search(text)) and (SORE_SUBJECT.search(text[: m.start()]) or CHOSEN_LEAVE.search(text)):
        return AnswerClass(REFUSAL, m.group())  # "it's still raw, lawyers involved, so I'll leave it there"
    leaving = LEAVING_RE.search(text)
    # "Can we stop there? My daughter finishes school in five minutes.": the reason to stop, however long (not "I have
    # to go to the wholesaler every Monday, ...": where to is an account).
    if (
        (m := leaving)
        and len(_leftover(re.split(r"[,.;!?\u2014]", text[m.end() :])[0])) <= 1
        and (len(_leftover(text, LEAVING_RE, CLOSING_RE)) <= LEFTOVER_WORDS + 2 or _reasoned_refusal(text, m))
    ):
        return AnswerClass(CLOSING, m.group(), leaving=True)
    going = _leaves_last(text) or _leaves_first(text) or _interrupted(text) or _called_away(text)
    if (m := going or obliged_then_sorry(text) or GOODBYE_LAST.search(text)) is not None:
        # "..., but my mates have just rocked up. gotta go sorry", "I'm going to have to leave it there, the farrier's
        # just pulled in and ...": wherever the reason is, the answer opens or ends with their going.
        return AnswerClass(CLOSING, m.group(), leaving=True)
    if (m := CLOSING_RE.search(text)) and len(_leftover(text, CLOSING_RE, NON_ANSWER_RE)) <= LEFTOVER_WORDS:
        return AnswerClass(CLOSING, m.group())
    if _opens_with_negation_after_anything_else(text, question):
        return AnswerClass(CLOSING, NEGATION_OPEN.match(text).group())
    if BARE_NO.match(text):
        return AnswerClass(NON_ANSWER, text.strip(".!?, "))
    # "not sure which changes you're on about": not knowing what the question means is asking what it means.
    if (m := REFERENT_RE.search(text)) and len(words) <= 30 and not _goes_on(text, m):
        return AnswerClass(QUESTION_BACK, m.group()[:60])
    m = NON_ANSWER_RE.search(text)
    felt = FEELING.search(text) or FELT.search(text)  # "I don't know, it just felt rushed": a feeling to follow up
    if m and _answered_first(text, m):
        m = None  # "Trust, mainly. Not sure I'd stay if she retired.": the answer came first, the doubt is about it
    if m and not _goes_on(text, m) and not felt and len(_leftover(text, NON_ANSWER_RE)) <= LEFTOVER_WORDS:
        return AnswerClass(NON_ANSWER, m.group())
    # "Sorry, can you say that again? The line went funny.", "Is this anonymous?": asked before anything is answered.
    if (m := CLARIFY_RE.search(text)) and len(words) <= 25:
        return AnswerClass(QUESTION_BACK, m.group()[:60])
    last_sentence = re.split(r"(?<=[.!])\s+", text.strip())[-1]
    asks = (last_sentence.rstrip().endswith("?") and not GUESS_ASKED.search(text)) or CLARIFY_RE.search(text)
    before = text[: len(text) - len(last_sentence)]
    # "In term time or in the holidays?": a short question offering choices asks which one is meant (not a guess
    # between two, "I think the temple committee or the merchants' association? Not sure.", "..., or maybe ...?").
    first = re.match(r"[^.!?]*\?", text)
    if (
        first
        and not GUESS_WORDS.search(first.group())
        and len(WORD.findall(first.group())) <= 12
        and len(words) <= 25
        and re.search(r"\b(?:or|oder|ou|o)\b", first.group(), _I)
    ):
        return AnswerClass(QUESTION_BACK, first.group()[:60])
    # "touchpoints?? like emails or what": the question's own word, asked back.
    if (m := re.match(r"\W*(\w+(?: \w+)?)\s*\?", text)) and len(words) <= 12 and _stems(m.group(1)) & _stems(question):
        return AnswerClass(QUESTION_BACK, m.group()[:60])
    # "By the way, ... can you hear it?", "Did you see the match last night?": asides that end in a question.
    if (m := ASKS_ABOUT_ELSE.match(text)) and question and not _stems(text) & _stems(question):
        return AnswerClass(OFF_TOPIC, m.group())
    # "übrigens" eight words or more into an account is an aside inside the answer, not a change of subject.
    aside = (m := OFF_TOPIC_RE.search(text)) and len(meaningful(text[: m.start()])) < 8
    if said := (m.group() if aside else _aside(text, question, factual) or echoed_aside(text, question)):
        return AnswerClass(OFF_TOPIC, said)
    if m := _explained_non_answer(text):
        return AnswerClass(NON_ANSWER, m.group())
    # After a few words of answer, a question counts as asked back only when it is put to the interviewer ("That they
    # share my data. Who are these partners??" is still about the question).
    addressed = len(meaningful(before)) < 3 or ADDRESSED_RE.search(last_sentence)
    if asks and len(words) <= 25 and len(meaningful(before)) <= 4 and addressed:
        return AnswerClass(QUESTION_BACK, last_sentence[:60])
    if said := _word_salad(text, question, factual):
        return AnswerClass(NONSENSE, said)
    contrast = CONTRAST_RE.search(text) and not FACT_FIRST.match(text)  # "Half an hour, though most people are ..."
    # "Around 700. My uncle says 750 but he counts slow.": a figure as the whole first sentence settles a factual
    # question, and a remark after it is followed up only for a bad feeling (127 of 128 such answers in the sets).
    if signals.figure_sentence(text):
        to_follow = any(m["neg"] for m in FEELING.finditer(text))
    else:
        to_follow = FEELING.search(text) or _trouble(text) or contrast
    if factual and _short(text) and not to_follow:
        return AnswerClass(SHORT_COMPLETE, text[:60], factual=True)
    # "Anything else?" - "just that we're not slow, we talk differently. that's it from me, thanks": a last remark,
    # then the closing as the last sentence, or just before their thanks ("..., de verdade. No mais acho que é isso.
    # Obrigada pela paciência!").
    sentences = re.split(r"(?<=[.!?])\s+", text.strip())
    closed = sentences[-2] if len(sentences) > 2 and THANKS.fullmatch(sentences[-1]) else last_sentence
    if (
        ANYTHING_ELSE_Q.search(question)
        and before
        and CLOSING_RE.match(LINKS_BEFORE_CLOSING.sub("", closed))
        and len(_leftover(closed, CLOSING_RE)) <= LEFTOVER_WORDS
    ):  # "No, I think that's it. Oh, except the glue smells of marzipan, ... But yes, that's everything."
        return AnswerClass(CLOSING, closed[:60])
    # "Check the email, print the orders, pack them. That's all, really.": a short account they say is complete.
    if (
        (m := CLOSING_RE.search(last_sentence))
        and before
        and len(_leftover(last_sentence, CLOSING_RE)) <= LEFTOVER_WORDS
        and len(words) <= 25
        and not (FEELING.search(text) or _trouble(text) or CONTRAST_RE.search(text))
    ):
        return AnswerClass(SHORT_COMPLETE, text[:60], factual=factual)
    # What the rules can name to follow up ("..., but the slots are always gone", a feeling, a complaint, a bare "Yes"
    # to an open question) is kept as the evidence; an answer with none is one no rule placed.
    followed = CONTRAST_RE.search(text) or FEELING.search(text) or FELT.search(text) or BARE_YES.fullmatch(text)
    return AnswerClass(
        SUBSTANTIVE, followed.group() if followed else "a problem" if _trouble(text) else "", factual=factual
    )


# A factual question's short answer the model may call an aside: a sentence of at least ASIDE_WORDS words, the model
# at least CONFIDENT_ASIDE sure (blind22's road works to "Which films do you show?", 0.84); DONE_ASIDE, what they did.
ASIDE_WORDS, CONFIDENT_ASIDE, DONE_ASIDE = 6, 0.8, 0.9
# How sure the learned classifier must be that a word or two is nonsense: 0.8 until blind21 ("loud" to "What was your
# first home game like?" read 0.85 nonsense); 0.9 until blind40 joined the training ("loud" 0.904; "null" from a broken
# form 0.943, a word typed three times running is the rules' now).
ONE_WORD_NONSENSE = 0.93
BARE_YES = re.compile(r"\W*(?:yes|yeah|yep|yup|sure|ja|oui|s[ií]|sim)\W*", _I)
BARE_OK = re.compile(r"\W*(?:ok|okay|k|fine|alright|meh)\W*", _I)


def _short(text: str) -> bool:
    """Up to ten words, or twelve when they are the fact itself ("My date of birth and the last three transactions
    on the card"): no clause of their own (no "I", "we", "it" doing something) and no general claim asking for an
    example."""
    words = WORD.findall(text)
    one_sentence = not re.search(r"[.!?]\s+\w", text)
    # "about 60 miles on eco, 35 if I'm lazy and leave it on turbo": the figure first, one sentence or its own, up to
    # 20 words (784 of 797 such answers to a factual question in the sets are complete, 3 substantive, 10 other).
    if len(words) <= 20 and (signals.figure_sentence(text) or (FACT_FIRST.match(text) and one_sentence)):
        return True
    return len(words) <= 10 or (len(words) <= 12 and not GENERAL.search(text) and not SUBJECT.search(text))
