"""The interviewer that needs no network: follow-ups built from the participant's own words, deterministic.

It reads the latest answer for a few signals and probes the strongest one, quoting the participant back
("You mentioned “the export kept timing out”. Can you tell me more about that?"), as the seed article's
"Use Smart Follow-ups" asks. A specific event gets a request for the story, feeling a question about its impact,
a general claim a request for an example, anything else a quote and "tell me more". Rich, concrete answers and
non-answers move on. Every probe it can produce is checked against the guide linter before it is used.
"""

import re
from dataclasses import dataclass

from interviews.interviewer.base import Interviewer, InterviewState, Turn
from interviews.interviewer.policy import move_on
from studies.guides.lint import lint_question

# A probe with any of these would push the participant, turn the interview into a survey, or not be read.
FORBIDDEN_LINT = frozenset({"leading", "survey_speak", "yes_no_opener", "double_barrelled", "too_long"})
MAX_PHRASE_CHARS = 80
PHRASE_WORDS = (3, 8)  # a quoted phrase is a short clause: long enough to recognise, short enough to read
# An answer this long with this many kinds of detail (numbers, named tools, a sequence of events) needs no probe.
RICH = ((25, 3), (35, 2), (60, 1))

_I = re.IGNORECASE


def _wordset(text: str) -> frozenset[str]:
    return frozenset(text.split())


def _plain(text: str) -> str:
    """The text with typographic apostrophes made plain; same length, so spans found in it fit the original."""
    return text.replace("\u2019", "'")


WORD = re.compile(r"\$?\w+(?:['/.-]\w+)*%?")

NON_ANSWER = re.compile(
    r"(?:\W|um+|hmm+|uh+|well|honestly|sorry|really|not really|at all|thanks|thank you|in particular|i guess"
    r"|no|nope|nah|nothing|none|n/?a|idk|dunno|(?:i'?m |i am )?not sure|no idea|no comment|pass|skip|not applicable"
    r"|i (?:do not|don'?t) know|(?:i )?(?:can'?t|cannot|don'?t) (?:remember|recall|think of (?:any|anything))"
    r"|nothing (?:comes to mind|to add|much|else|special)|not that i (?:know|remember|can think of))+",
    _I,
)
NON_ANSWER_CORE = re.compile(
    r"\b(?:no|nope|nah|nothing|none|n/?a|idk|dunno|know|sure|idea|remember|recall|pass|skip|applicable|comment"
    r"|not really|can'?t think|cannot think)\b",
    _I,
)

FEELING_NEGATIVE = (
    r"frustrat\w*|annoy\w*|hate[sd]?|hating|stress(?:ed|ful|ing)?|angry|anger|worr(?:y|ied|ies|ying)|anxious|upset"
    r"|furious|disappoint\w*|overwhelm\w*|scared|afraid|nervous|embarrass\w*|confused|fed up|irritat\w*|panick?\w*"
    r"|dread\w*|helpless|hopeless|miserable|exhausted|gutted|livid|infuriat\w*"
)
FEELING_POSITIVE = r"lov(?:e|ed|es|ing)|relie(?:f|ved)|excited|thrilled|delighted|happy|glad|grateful|proud"
FEELING = re.compile(rf"\b(?:(?P<neg>{FEELING_NEGATIVE})|(?P<pos>{FEELING_POSITIVE}))\b", _I)

EVENT_MARKER = re.compile(
    r"\b(?:yesterday|last (?:week|month|year|time|night|quarter|sprint|weekend|monday|tuesday|wednesday|thursday"
    r"|friday|saturday|sunday|january|february|march|april|may|june|july|august|september|october|november|december)"
    r"|the other day|(?:a (?:few|couple of) |\d+ |one |two |three |several )?(?:days?|weeks?|months?|years?) ago"
    r"|this (?:morning|week)|earlier (?:today|this week|this month)|one time|one day|recently)\b",
    _I,
)
HABITUAL = re.compile(
    r"\b(?:usually|always|often|sometimes|generally|typically|normally|every time|whenever|each time|tend to)\b", _I
)
IRREGULAR_PAST = (
    "went got took made sent told said found came gave left ran saw thought wrote bought paid spent lost broke forgot"
    " began kept fell felt knew heard brought caught chose drove won met quit built sold shut stopped"
)
PAST_VERB = re.compile(rf"\b(?:[a-z]{{2,}}ed|{'|'.join(IRREGULAR_PAST.split())}|didn'?t|couldn'?t|wasn'?t)\b", _I)
# -ed words that describe rather than narrate.
NOT_NARRATION = _wordset(
    "need speed feed seed bed red shed based advanced detailed limited related automated complicated outdated dedicated"
    " tired interested used supposed experienced skilled concerned involved organised organized unorganized"
    " unorganised sophisticated talented varied mixed biased"
)
WHEN = re.compile(r"\b(?:when|once|after|while|as soon as)\b", _I)

GENERAL = re.compile(
    r"\b(?:usually|always|never|generally|often|sometimes|typically|normally|in general|every time|most of the time"
    r"|things|stuff|everything|anything|it depends|depends|kind of|sort of|a lot|pretty much|overall|basically"
    r"|whatever|etc)\b",
    _I,
)
GENERIC_ADJECTIVE = re.compile(
    r"\b(?:good|fine|ok|okay|nice|great|bad|easy|hard|difficult|clunky|confusing|complicated|simple|intuitive|useful"
    r"|useless|helpful|slow|fast|messy|awkward|cumbersome|tedious|painful|smooth|decent|solid|terrible|awful|amazing"
    r"|poor|meh|alright|not great)\b",
    _I,
)
PROBLEM = re.compile(
    r"\b(?:slow|broke|broken|crash\w*|fail\w*|error\w*|bugs?|buggy|tim(?:ing|es|ed) out|stuck|missing|lost|lose"
    r"|can'?t|cannot|couldn'?t|doesn'?t work|didn'?t work|won'?t|wrong|manual\w*|workarounds?|spreadsheets?"
    r"|hard to|difficult|confusing|expensive|pric(?:e|es|ing)|costs?|too (?:many|much|long)|hassle|problems?"
    r"|issues?|struggl\w*|pain|wast\w*|forever|ages|duplicat\w*|cancel\w*|switch\w*|quit|leav\w*|left)\b",
    _I,
)
NUMBER = re.compile(
    r"\$?\b\d+(?:[.,:]\d+)?(?:%|am|pm|k|h|m)?\b|\b(?:two|three|four|five|six|seven|eight|nine|ten|twelve|twenty"
    r"|thirty|forty|fifty|hundred|thousand|dozen|half)\b",
    _I,
)
TOOLS = re.compile(
    r"\b(?:excel|google sheets|sheets|slack|jira|notion|trello|asana|salesforce|hubspot|zapier|quickbooks|xero"
    r"|stripe|shopify|figma|zoom|teams|outlook|gmail|airtable|dropbox|github|gitlab|linear|clickup|confluence"
    r"|tableau|looker|csv|pdf|api|whatsapp|chatgpt|miro|intercom|zendesk|mailchimp|power bi|sap|netsuite)\b",
    _I,
)
VAGUE_PROBLEM = _wordset("problem problems issue issues pain")
CALENDAR = _wordset(
    "Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June July August"
    " September October November December OK"
)
SEQUENCE = re.compile(r"\b(?:then|after that|afterwards|first|finally|eventually|in the end|next|before|until)\b", _I)

# Where a clause ends: sentence and list punctuation (not the dot of "2.5" or the comma of "1,000").
HARD_BREAK = re.compile(r"[.!?]+(?=\s|$)|,(?!\d)|[;:()\[\]\"\u201c\u201d\n]|\s[\u2013\u2014-]+\s|[\u2013\u2014]")
# Where a sub-clause starts inside a sentence; the connector itself is left out of the phrase.
SOFT_BREAK = re.compile(
    r"\b(?:but|because|although|though|whereas|which|when|whenever|while|if|until|so that|and then|so(?= (?:i|we|they"
    r"|it|he|she|you|now|then)\b)|and(?= (?:i|we|they|it|he|she|you|then|now|my|our|the)\b)|(?:is|was|are|were|think"
    r"|thought|feel|felt|said|mean|meant|know|knew|found|guess|realised|realized|noticed|hate|love) that"
    r"|i (?:think|guess|mean|feel like|suppose|reckon))\b",
    _I,
)
STOPWORDS = _wordset(
    """a about above after again all also am an and any are as at be because been before being below between both but
    by can could did do does doing don't down during each few for from further had has have having he her here hers
    him his how i i'd i'll i'm i've if in into is it it's its itself just like me more most my no nor not now of off on
    once only or other our ours out over own really same she should so some such than that that's the their theirs
    them then there these they this those through to too under until up very was we were what when where which while
    who whom why will with would you your yours yes yeah yep sure maybe ok okay well um uh honestly actually
    basically guess mean think know kind sort lot pretty much thing things stuff"""
)
EDGE_START = _wordset(
    "and or but so then also just really honestly actually basically like um uh well because that which who when if to"
    " anyway yeah yes ok okay obviously surely clearly literally definitely"
)
EDGE_END = _wordset(
    "the a an and or but to of for with in on at my our your their its his her this that so very really every some"
    " any is was are were be been just like from by as because which who when if it's i we they after before since"
    " about into onto than until while where what how through over not"
)


@dataclass(frozen=True)
class Signals:
    """What the latest answer carries, each with the words that showed it (for the quote and the reason)."""

    words: int
    non_answer: bool
    feeling: re.Match | None
    feeling_positive: bool
    event: re.Match | None
    general: re.Match | None
    problem: re.Match | None
    details: tuple[str, ...]  # kinds of concrete detail: "numbers", "named tools", "a sequence of events"

    @property
    def rich(self) -> bool:
        kinds = len(self.details)
        return any(self.words >= words and kinds >= need for words, need in RICH)


def read_signals(answer: str) -> Signals:
    """Read one answer; pure, so the same answer always gives the same probe."""
    answer = _plain(answer)
    words = WORD.findall(answer)
    stripped = answer.strip()
    non_answer = not stripped or (
        len(words) <= 8 and NON_ANSWER.fullmatch(stripped) is not None and NON_ANSWER_CORE.search(stripped) is not None
    )
    narration = [m for m in PAST_VERB.finditer(answer) if m.group().lower() not in NOT_NARRATION]
    narration = [m for m in narration if not FEELING.fullmatch(m.group())]
    marker = EVENT_MARKER.search(answer)
    event = None
    if marker:
        event = marker
    elif not HABITUAL.search(answer) and (len(narration) >= 2 or (narration and WHEN.search(answer))):
        event = narration[0]
    details = []
    if NUMBER.search(answer):
        details.append("numbers")
    if TOOLS.search(answer) or _proper_noun(answer):
        details.append("named tools")
    if len(SEQUENCE.findall(answer)) >= 2 or len(narration) >= 3:
        details.append("a sequence of events")
    # A general claim ("usually", "things", "it's fine") needs an example only when nothing concrete came with it.
    general = None
    if not details:
        general = GENERAL.search(answer) or (GENERIC_ADJECTIVE.search(answer) if len(words) <= 25 else None)
    feeling = FEELING.search(answer)
    return Signals(
        words=len(words),
        non_answer=non_answer,
        feeling=feeling,
        feeling_positive=bool(feeling and feeling.group("pos")),
        event=event,
        general=general,
        problem=_problem(answer),
        details=tuple(details),
    )


def _problem(answer: str) -> re.Match | None:
    """The first specific problem ("timing out") rather than the word "issue" that announces it."""
    found = list(PROBLEM.finditer(answer))
    specific = [m for m in found if m.group().lower() not in VAGUE_PROBLEM]
    return (specific or found or [None])[0]


def _proper_noun(answer: str) -> bool:
    """A capitalised word inside a sentence names something (a tool, a team, a person)."""
    return any(m.group() not in CALENDAR for m in re.finditer(r"(?<=[a-z,;] )[A-Z][a-zA-Z]+", answer))


# ---- choosing the phrase to quote -------------------------------------------------------------------------------


def _clauses(answer: str) -> list[tuple[int, int]]:
    """Spans of the answer's sub-clauses, split at punctuation and at connectors such as "because" or "when"."""
    spans, start = [], 0
    for m in HARD_BREAK.finditer(answer):
        spans.append((start, m.start()))
        start = m.end()
    spans.append((start, len(answer)))
    parts = []
    for lo, hi in spans:
        cut = lo
        for m in SOFT_BREAK.finditer(answer, lo, hi):
            parts.append((cut, m.start()))
            cut = m.end()
        parts.append((cut, hi))
    return [(lo, hi) for lo, hi in parts if WORD.search(answer, lo, hi)]


def _tokens(answer: str, lo: int, hi: int) -> list[re.Match]:
    return [m for m in WORD.finditer(answer, lo, hi) if m.end() <= hi]


def salient_phrase(answer: str, anchor: re.Match | None = None) -> str:
    """A short clause of the answer, in the participant's exact words, around `anchor` (or the most contentful one).

    The phrase is a substring of the answer with no trailing punctuation: 3 to 8 words where the answer allows."""
    original, answer = answer, _plain(answer)
    clauses = _clauses(answer)
    if not clauses:
        return ""
    if anchor is not None:
        index = next((i for i, (lo, hi) in enumerate(clauses) if lo <= anchor.start() < hi), None)
        if index is None:  # the anchor sat on a connector ("when"): take the clause after it
            index = next((i for i, (lo, _) in enumerate(clauses) if lo >= anchor.start()), len(clauses) - 1)
    else:
        index = max(range(len(clauses)), key=lambda i: (_content_score(answer, *clauses[i]), -i))
    lo, hi = clauses[index]
    # A clause too short to recognise ("Usually") borrows its neighbour within the same sentence.
    if len(_tokens(answer, lo, hi)) < PHRASE_WORDS[0]:
        for j in (index + 1, index - 1):
            if 0 <= j < len(clauses):
                nlo, nhi = clauses[j]
                gap = answer[min(hi, nhi) : max(lo, nlo)]
                if not re.search(r"[.!?;:\n]|,(?!\d)", gap):
                    lo, hi = min(lo, nlo), max(hi, nhi)
                    break
    tokens = _tokens(answer, lo, hi)
    if not tokens:
        return ""
    # The anchor's words stay in the phrase. A long clause is cut after its first 8 words when the anchor is among
    # them (a quote reads best from where the participant started), otherwise from 3 words before the anchor.
    keep = None
    if anchor is not None:
        inside = [k for k, t in enumerate(tokens) if t.end() > anchor.start() and t.start() < anchor.end()]
        keep = (inside[0], inside[-1]) if inside else None
    first, last, most = 0, len(tokens), PHRASE_WORDS[1]
    if last > most:
        if keep and keep[1] >= most:
            first = max(0, min(keep[0] - 3, last - most))
        last = first + most
    while last - first > 1 and (keep is None or first < keep[0]) and tokens[first].group().lower() in EDGE_START:
        first += 1
    while last - first > 1 and (keep is None or last - 1 > keep[1]) and tokens[last - 1].group().lower() in EDGE_END:
        last -= 1
    return original[tokens[first].start() : tokens[last - 1].end()]


def _content_score(answer: str, lo: int, hi: int) -> tuple[int, bool]:
    tokens = [t.group().lower() for t in _tokens(answer, lo, hi)]
    content = sum(1 for t in tokens if t not in STOPWORDS and len(t) > 2)
    fits = PHRASE_WORDS[0] <= len(tokens) <= PHRASE_WORDS[1]
    named = TOOLS.search(answer, lo, hi) or _proper_noun(answer[lo:hi])
    return content + (2 if PROBLEM.search(answer, lo, hi) else 0) + (1 if named else 0), fits


def content_words(text: str) -> set[str]:
    """Words that carry meaning: four letters or more and not a stopword, lowercased."""
    return {w for w in (t.lower() for t in WORD.findall(_plain(text))) if len(w) >= 4 and w not in STOPWORDS}


# ---- probes ------------------------------------------------------------------------------------------------------

TEMPLATES: dict[str, tuple[str, ...]] = {
    "story": (
        "You mentioned “{p}”. Can you walk me through what happened?",
        "You mentioned “{p}”. What happened next?",
        "Can you walk me through what happened, step by step?",
    ),
    "impact_past": (
        "You said “{p}”. How did that affect your work?",
        "You said “{p}”. What was that like for you?",
        "How did that affect you?",
    ),
    "impact_present": (
        "You said “{p}”. How does that affect your work?",
        "You said “{p}”. What is that like for you?",
        "How does that affect you?",
    ),
    "impact_positive": (
        "You said “{p}”. What difference has that made for you?",
        "You said “{p}”. What was that like for you?",
        "What difference has that made for you?",
    ),
    "impact_anticipated": (
        "You said “{p}”. What makes you feel that way?",
        "You said “{p}”. Can you tell me more about that?",
        "What makes you feel that way?",
    ),
    "impact_wished": (
        "You said “{p}”. What would that change for you?",
        "You said “{p}”. Can you tell me more about that?",
        "What would that change for you?",
    ),
    "example": (
        "You said “{p}”. Can you give me an example?",
        "You said “{p}”. Can you tell me about a specific time?",
        "Can you give me a recent example?",
    ),
    "quote": (
        "You mentioned “{p}”. Can you tell me more about that?",
        "You mentioned “{p}”. What did you mean by that?",
    ),
    "more": (
        "Can you tell me more about that?",
        "Can you say more about what you mean?",
    ),
}
WHY = {
    "story": "Answer mentions an event (“{w}”): asked for the story.",
    "impact": "Answer carries feeling (“{w}”): asked about impact.",
    "example": "Answer is general (“{w}”): asked for an example.",
    "quote": "Answer names a problem (“{w}”): quoted it back and asked for more.",
    "quote_plain": "Quoted the answer's key phrase (“{w}”) back and asked for more.",
    "more": "Answer is short and gives little to quote: asked for more.",
}
ANTICIPATED = re.compile(r"\b(?:would|'d|might|could|will|if|worry about|afraid of)\b[^.!?]*$", _I)
PAST_FEELING = re.compile(r"\b(?:was|were|had|felt|got|been)\b|\w+ed\b", _I)


def _impact_templates(answer: str, feeling: re.Match, positive: bool) -> tuple[str, ...]:
    """Ask about impact in the tense the participant used; a fear or a wish is asked about, not how it went."""
    before = _plain(answer)[max(0, feeling.start() - 40) : feeling.start()]
    if ANTICIPATED.search(before):
        return TEMPLATES["impact_wished" if positive else "impact_anticipated"]
    if positive:
        return TEMPLATES["impact_positive"]
    around = _plain(answer)[max(0, feeling.start() - 25) : feeling.end()]
    return TEMPLATES["impact_past" if PAST_FEELING.search(around) else "impact_present"]


def _normalised(text: str) -> str:
    return re.sub(r"[^\w]+", " ", text.casefold()).strip()


def probe_is_clean(text: str) -> bool:
    """A probe may be used only if the guide linter finds nothing leading, survey-like, yes/no, two-in-one or long."""
    return not any(issue.code in FORBIDDEN_LINT for issue in lint_question(text))


def candidates(answer: str, signals: Signals) -> list[tuple[str, str, str, str]]:
    """Every probe that fits the answer, best first, as (kind, text, reason, phrase)."""
    plan: list[tuple[str, re.Match | None]] = []
    if signals.event:
        plan.append(("story", signals.event))
    if signals.feeling:
        plan.append(("impact", signals.feeling))
    if signals.general:
        plan.append(("example", signals.general))
    plan.append(("quote", signals.problem))
    out = []
    for kind, anchor in plan:
        phrase = salient_phrase(answer, anchor)
        if len(phrase) > MAX_PHRASE_CHARS:
            phrase = ""  # a pasted log line or a run-on word: ask without quoting
        if kind == "quote" and not content_words(phrase):
            continue  # "Yes." has nothing worth quoting back
        templates = TEMPLATES[kind] if kind != "impact" else _impact_templates(answer, anchor, signals.feeling_positive)
        if kind == "quote":
            why = WHY["quote"].format(w=anchor.group()) if anchor else WHY["quote_plain"].format(w=phrase)
        else:
            why = WHY[kind].format(w=anchor.group())
        for template in templates:
            if "{p}" not in template or phrase:
                out.append((kind, template.format(p=phrase), why, phrase))
    out += [("more", text, WHY["more"], "") for text in TEMPLATES["more"]]
    return out


class OfflineInterviewer(Interviewer):
    """Deterministic follow-ups from the participant's own words; no network, no model."""

    name = "offline"

    def next_turn(self, state: InterviewState) -> Turn:
        # Other languages get the English templates for now; the quoted words stay the participant's own.
        answer = state.last_answer
        signals = read_signals(answer)
        if signals.non_answer:
            said = " ".join(answer.split()).strip(".!?,;: ")[:40] or "no answer"
            return move_on(
                state,
                f"Non-answer (“{said}”): moved on politely.",
                meta={"signal": "non_answer", "preface": "No problem, let's move on."},
            )
        if signals.rich:
            return move_on(
                state,
                f"Answer is already rich ({signals.words} words with {' and '.join(signals.details)}): moved on.",
                meta={"signal": "rich"},
            )
        asked = {_normalised(text) for text in state.probes_asked}
        for kind, text, reason, phrase in candidates(answer, signals):
            if _normalised(text) not in asked and probe_is_clean(text):
                return Turn(action="probe", text=text, reason=reason, meta={"probe_kind": kind, "phrase": phrase})
        return move_on(state, "Every follow-up that fits this answer was already asked: moved on.", meta={})
