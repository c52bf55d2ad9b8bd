"""Does an answer confirm or contradict the insight its question tests? `confirms`, `contradicts` or `unclear`,
with the sentence of the answer that decides it (its exact words) and the reason.

The offline rules read the answer sentence by sentence:
- a sentence that says the participant cannot tell (no experience, someone else does it, "it depends") is unclear;
- the insight's polarity: a problem claim ("onboarding takes weeks", "admins find it confusing") or a plain claim
  about what people do ("teams export every month");
- a sentence's valence: problem words ("a nightmare", "took six weeks", "breaks") against fine words ("easy",
  "in ten minutes", "rock solid"), a negation flipping the word after it ("never had a problem");
- for a problem claim, problem words confirm and fine words contradict; for a plain claim, a denial ("we never
  export", "had nothing to do with", "instead") contradicts and an affirmation ("every month", "mostly") confirms.
The first sentence with a decision wins; none means unclear. The rules were written against the development half
of a labelled set only; the held-out half measures them (tests/synthesis/validation/test_classify.py).

The model (strict JSON schema) gives a verdict and a quote; a quote that is not in the stored answer, or any
failure, means the offline verdict is used instead.
"""

import re
from dataclasses import dataclass

from interviews.interviewer.config import LLMConfig
from synthesis.jobs.autotag import find_quote, sentences, words
from synthesis.llm import LLMError, ask_json, chat
from synthesis.models import Verdict

REASON_MAX = 300


@dataclass(frozen=True)
class Classification:
    verdict: str
    quote: str  # exact words of the answer
    reason: str
    backend: str  # "offline" or "openai"


def _words(*phrases: str) -> re.Pattern:
    return re.compile(r"\b(?:" + "|".join(phrases) + r")\b", re.I)


APOS = "['\u2019]"
# Sentences that say the participant cannot tell.
HEDGE = _words(
    r"not sure", rf"can{APOS}?t (?:really )?(?:say|tell)", r"cannot say", rf"wouldn{APOS}t (?:really )?know",
    rf"(?:don{APOS}t|do not) (?:really )?know(?= what| if| whether| how| who|[.,!]|$)", r"no idea", r"hard to say",
    r"depends", r"it varies", r"varies",
    r"maybe", r"might", rf"(?:wasn{APOS}t|was not|not) involved", rf"haven{APOS}t (?:used|tried|had|played|been)",
    r"never (?:tried|used|touched)", r"only (?:tried|used|had) (?:it )?once", r"just (?:joined|started)",
    r"joined recently", r"only just", r"someone else", r"not close enough", rf"I{APOS}m not (?:at|in|on|close)",
    r"I work (?:in|from) (?:the office|home)", rf"we{APOS}re not an?", r"we only have", r"I don't (?:have|buy|use)",
    rf"I don{APOS}t (?:have|buy|use|really)", r"(?:my|our) (?:partner|landlord|IT|finance|accounting)\b[^.]*"
    r"(?:did|does|handles|installed|set)", r"I mostly (?:do|use|cook)", r"rarely (?:take|use)",
    rf"I{APOS}ve only (?:used|had|organised|tried)", r"we use \w+, not",
)  # fmt: skip
NEGATION = _words(
    r"not",
    r"never",
    r"no",
    r"nobody",
    r"nothing",
    r"none",
    r"without",
    rf"\w+n{APOS}t",
    r"cannot",
    r"hardly",
    r"rarely",
    r"seldom",
)
DURATION = r"(?:took|takes|taking|take|for|over|after|lasted|sat|spent|spend|eats?|lose|waste)\W+(?:\w+\W+){0,3}"
# A problem, a cost, a bad experience.
BAD = _words(
    r"nightmare", r"painful", r"pain", r"maze", r"confus\w*", r"hard", r"harder", r"difficult", r"struggl\w*",
    r"slow\w*", r"lag\w*", r"breaks?", r"broke", r"fails?", r"failed", r"wrong", r"missing", r"go(?:es)? missing",
    r"exhausting", r"waste\w*", r"lose", r"lost", r"late", r"cold", r"furious", r"annoy\w*", r"worst", r"nervous",
    r"worr\w*", r"drag\w*", r"jumped", r"double(?:d)?", r"off guard", r"surpris\w*", r"problems?", r"issues?",
    r"a lot", r"endless", r"eats", r"forever", DURATION + r"(?:weeks|months?|hours|days)", r"all day",
    r"whole \w+day", r"a month",
    r"gave up", r"give up", r"quit", r"deleted?", r"stopped", r"close (?:the|my) (?:tab|page)", r"left",
    r"hidden", r"ignore\w*", r"without opening", r"dragged", r"accident", r"hardest",
    r"too", r"instead", r"expensive", r"cheaper", r"unhappy", r"doubled?",
)  # fmt: skip
GOOD = _words(
    r"easy", r"easier", r"simple", r"straightforward", r"quick\w*", r"fast\w*", r"instantly", r"fine", r"solid",
    r"accurate", r"on time", r"early", r"safe", r"fair", r"balanced", r"love", r"happily", r"worth",
    r"enjoy", r"same (?:afternoon|day)", r"minutes", r"two clicks", r"up and running", r"clear", r"reassur\w*",
    r"trust", r"believes?", r"works? (?:well|fine)", r"keeps? up", r"in time", r"consistent", r"useful",
    r"no time", r"a couple of days", r"up to date", r"worked first time", r"ahead",
)  # fmt: skip
AFFIRM = _words(
    r"yes", r"exactly", r"definitely", r"absolutely", r"true", r"every", r"always", r"all the time", r"mostly",
    r"almost every", r"main reason", r"whole point", r"pretty much all", r"first thing", r"requirement",
    r"insisted", r"all we use", r"is how", r"is where", r"that{APOS}?s it".replace("{APOS}", APOS), r"usually",
    r"at least", r"a lot", r"so much", r"twice", r"almost (?:everything|always|all)",
)  # fmt: skip
DENY = _words(
    r"instead", r"rather", r"never", r"not (?:really )?(?:the|an?) (?:issue|problem)",
    rf"don{APOS}t need", rf"didn{APOS}t matter", r"only ever", r"stick with", r"no matter", rf"doesn{APOS}t",
    rf"don{APOS}t", rf"didn{APOS}t", r"not", r"no longer", r"dropped", r"another system", r"in person",
)  # fmt: skip
# Denials that contradict whatever the claim's form: another cause, "not the issue".
STRONG_DENY = _words(
    r"nothing to do with",
    r"not (?:really )?(?:the|an?) (?:issue|problem|reason)",
    rf"(?:is|was)n{APOS}t really",
    rf"didn{APOS}t (?:matter|delay)",
    rf"doesn{APOS}t (?:bother|matter|stop)",
)
# The claim of a problem in the insight's own words.
PROBLEM_CLAIM = _words(
    r"confus\w*", r"hard", r"difficult\w*", r"struggle\w*", r"slow\w*", r"weeks", r"months", r"unreliable",
    r"frustrat\w*", r"late", r"worr\w*", r"surprised", rf"don{APOS}t trust", r"quit", r"churn", r"abandon\w*",
    r"lose", r"waste", r"miss", r"chase", r"double-book", r"return", r"inconsistent", r"unfair", r"rarely",
    r"stop", r"too", r"leave", r"switch\w*", r"outdated", r"spend hours", r"price goes up",
)  # fmt: skip


def _valence(text: str) -> int:
    """Fine words count +1 and problem words -1; a negation up to three words before a word flips it."""
    score = 0
    for pattern, sign in ((GOOD, 1), (BAD, -1)):
        for match in pattern.finditer(text):
            before = text[max(0, match.start() - 30) : match.start()]
            near = " ".join(before.split()[-3:])
            flipped = bool(NEGATION.search(near)) and not NEGATION.fullmatch(match.group())
            score += -sign if flipped else sign
    return score


@dataclass(frozen=True)
class Claim:
    """What the rules need of the insight's statement."""

    problem: bool  # it names a problem ("takes weeks", "confusing")
    negated: bool  # it says people do not do something ("rarely read", "have no time")
    cause: frozenset[str]  # stems of its "because ..." clause, empty without one


def claim_of(statement: str) -> Claim:
    cause = re.search(r"\bbecause\b(.+)$", statement, re.I)
    return Claim(
        problem=bool(PROBLEM_CLAIM.search(statement)),
        negated=bool(NEGATION.search(statement)),
        cause=frozenset(stem for stem, _ in words(cause.group(1))) if cause else frozenset(),
    )


def _decide(sentence: str, claim: Claim) -> tuple[str, str] | None:
    if STRONG_DENY.search(sentence):
        return Verdict.CONTRADICTS, "It says the insight's claim is not what happens for them."
    other = re.search(r"\bbecause\b(.+)$", sentence, re.I) if claim.cause else None
    if other and not claim.cause & {stem for stem, _ in words(other.group(1))}:
        return Verdict.CONTRADICTS, "It gives another reason than the insight's."
    valence = _valence(sentence)
    if claim.problem and valence:
        if valence < 0:
            return Verdict.CONFIRMS, "It describes the problem the insight names."
        return Verdict.CONTRADICTS, "It describes the experience as fine, against the insight's problem."
    agrees = None
    if DENY.search(sentence):
        agrees = False
    elif AFFIRM.search(sentence) or (not claim.problem and valence > 0):
        agrees = True
    if agrees is None:
        return None
    if claim.negated:  # "we never open it" agrees with "managers rarely read it"
        agrees = not agrees
    if agrees:
        return Verdict.CONFIRMS, "It says the participant's experience is what the insight claims."
    return Verdict.CONTRADICTS, "It says the participant's experience is not what the insight claims."


def classify_offline(answer: str, statement: str) -> Classification:
    """The offline verdict on `answer` for the insight `statement`, quoting the deciding sentence exactly."""
    spans = sentences(answer) or ([(0, len(answer))] if answer.strip() else [])
    claim = claim_of(statement)
    hedged = None
    for start, end in spans:
        sentence = answer[start:end]
        if HEDGE.search(sentence):
            hedged = hedged or sentence
            continue
        decided = _decide(sentence, claim)
        if decided:
            verdict, reason = decided
            return Classification(verdict, sentence, reason, "offline")
    if hedged:
        return Classification(Verdict.UNCLEAR, hedged, "The participant says they cannot tell.", "offline")
    quote = answer[spans[0][0] : spans[0][1]] if spans else ""
    return Classification(Verdict.UNCLEAR, quote, "Nothing in the answer speaks for or against it.", "offline")


SYSTEM = """\
You classify one answer from a user-research interview against the insight its question was written to test. \
The question never named the insight, so judge what the participant's own experience says:
- "confirms": their experience is what the insight says;
- "contradicts": their experience is the opposite, or the insight's claim does not hold for them;
- "unclear": they cannot tell, have no experience of it, or the answer is about something else.
Give the verdict, the quote: the sentence of the answer that decides it, copied exactly, character for character; \
and one short sentence of reason. Reply with JSON only."""

SCHEMA = {
    "type": "object",
    "properties": {
        "verdict": {"type": "string", "enum": list(Verdict.values)},
        "quote": {"type": "string"},
        "reason": {"type": "string"},
    },
    "required": ["verdict", "quote", "reason"],
    "additionalProperties": False,
}


def classify(answer: str, statement: str, config: LLMConfig | None) -> Classification:
    """The model's verdict when it answers with a quote found in the answer; the offline verdict otherwise."""
    offline = classify_offline(answer, statement)
    if config is None:
        return offline
    user = f"Insight: {' '.join(statement.split())[:1000]}\n\nAnswer: {answer[:5000]}"
    try:
        payload = ask_json(config, messages=chat(SYSTEM, user), name="validation_verdict", schema=SCHEMA)
    except LLMError as error:
        return Classification(offline.verdict, offline.quote, f"{offline.reason} (the model failed: {error})"[
            :REASON_MAX], "offline")  # fmt: skip
    verdict, quote = payload.get("verdict"), str(payload.get("quote") or "")
    span = find_quote(answer, quote)
    if verdict not in Verdict.values or span is None:
        why = "gave no verdict" if verdict not in Verdict.values else "quoted words that are not in the answer"
        return Classification(offline.verdict, offline.quote, f"{offline.reason} (the model {why})"[:REASON_MAX],
                              "offline")  # fmt: skip
    reason = " ".join(str(payload.get("reason") or "").split()) or "Decided by the model."
    return Classification(verdict, answer[span[0] : span[1]], reason[:REASON_MAX], "openai")
