"""The participant's words quoted back: whole phrases, never a pleasantry, a refusal or a non-answer.

A quote is a clause or a noun phrase of the answer in their exact words. It starts where a phrase starts (the
answer's start, after punctuation, after a connector such as "because" or a preposition, or on a determiner or a
pronoun) and ends where one ends (punctuation, a connector or a preposition next, never on "the" or "in front"),
and holds at least three meaningful words. `salient_phrase` picks one for the offline interviewer; `quote_problem`
checks any quote against those rules, the model's included.
"""

import re

from interviews.interviewer.classify import NOT_QUOTABLE, meaningful, rule_class
from interviews.interviewer.phrases import PLEASANTRY_RE
from interviews.interviewer.signals import PROBLEM, TOOLS, WORD, plain, wordset

MIN_MEANINGFUL = 3
MAX_WORDS = 12  # a quote longer than this is a paragraph read back, not a phrase
MAX_CHARS = 90

_I = re.IGNORECASE
# Where a clause ends: sentence and list punctuation (not the dot of "2.5" or the comma of "1,000").
HARD_BREAK = re.compile(
    r"[.!?¿¡]+(?=\s|$)|,(?!\d)|[;:()\[\]\"\u201c\u201d\u201e\u00ab\u00bb\n]|\s[\u2013\u2014-]+\s|[\u2013\u2014]"
)
# Where a sub-clause starts inside a sentence; the connector itself is left out of the phrase.
SOFT_BREAK = re.compile(
    r"\b(?:but|because|although|though|whereas|which|when|whenever|while|if|until|so that|and then|so(?= (?:i|we|they"
    r"|it|he|she|you|now|then)\b)|and(?= (?:i|we|they|it|he|she|you|then|now|my|our|the)\b)|(?:is|was|are|were|think"
    r"|thought|feel|felt|said|mean|meant|know|knew|found|guess|realised|realized|noticed|hate|love) that"
    r"|i (?:think|guess|mean|feel like|suppose|reckon)"
    r"|aber|weil|wenn|dass|obwohl|und dann|denn|mais|parce que|parce qu'|quand|et puis|alors|pero|porque|cuando"
    r"|aunque|y luego|mas|quando|embora|e depois)\b",
    _I,
)
# Words after which a phrase may start, and before which one may end.
CONNECTORS = wordset(
    "and or but so because although though whereas which that who when whenever while if until then also just "
    "really honestly actually basically anyway yeah yes ok okay well like um uh obviously surely clearly "
    "literally definitely mostly mainly especially think guess mean said feel felt know knew found noticed "
    "realised realized about at by for from in into of on onto over through to under with without after before "
    "since during around against between every each all last this today yesterday again too now there here"
    " und oder aber weil wenn dass mit von zu bei nach auf für et ou mais parce quand qui dans pour avec sur de en"
    " y o pero porque cuando con para por e mas quando em com no na"
)
# A phrase opens a noun phrase or a clause on one of these.
PHRASE_OPENERS = wordset(
    "the a an my our your their his her its this that these those i we they he she it you there some every all "
    "each no most many nobody everyone everything nothing someone something"
)
# A phrase never ends on these: articles, prepositions, auxiliaries, or words that need what follows ("in front").
DANGLING = wordset(
    "the a an and or but to of for with in on at my our your their its his her this that so very really every "
    "some any is was are were be been am just like from by as because which who when if it's i we they after "
    "before since about into onto than until while where what how through over not front top behalf terms spite "
    "instead regardless ahead prior due according rather kind sort lot bit couple part most number each being "
    "having do does did have has had will would can could should"
)
# Words that close a clause when they come last ("to come in because..."): a phrase never stops just before them.
PARTICLES = wordset("in up out off back down over on away around through along")
# At the very end of a clause only these cannot end a phrase.
NEVER_LAST = wordset(
    "the a an and or but so to my our your their his her its this these those very really just because which who "
    "if than"
)
EDGE_START = wordset(
    "and or but so then also just really honestly actually basically like um uh well because that which who when "
    "if to anyway yeah yes ok okay obviously surely clearly literally definitely mostly mainly"
)


def _tokens(text: str, lo: int = 0, hi: int | None = None) -> list[re.Match]:
    hi = len(text) if hi is None else hi
    return [m for m in WORD.finditer(text, lo, hi) if m.end() <= hi]


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


def _locate(phrase: str, answer: str) -> tuple[int, int] | None:
    """Where `phrase` occurs in `answer` at word boundaries, ignoring case, spacing and apostrophe style."""
    words = [re.escape(w) for w in plain(phrase).split()]
    if not words:
        return None
    m = re.search(r"(?<!\w)" + r"\s+".join(words) + r"(?!\w)", plain(answer), _I)
    return m.span() if m else None


def quote_problem(phrase: str, answer: str) -> str:
    """Why `phrase` may not be quoted from `answer` ("" when it may): it must be their words, a whole phrase, with
    three meaningful words or more, and not a pleasantry, a refusal, a closing or a non-answer."""
    phrase = phrase.strip()
    span = _locate(phrase, answer)
    if span is None:
        return "not the participant's words"
    text = plain(answer)
    tokens = _tokens(text)
    inside = [t for t in tokens if span[0] <= t.start() and t.end() <= span[1]]
    if not inside:
        return "no words"
    if len(inside) > MAX_WORDS or len(phrase) > MAX_CHARS:
        return "too long to read back"
    first, last = inside[0], inside[-1]
    before = [t for t in tokens if t.end() <= first.start()]
    after = [t for t in tokens if t.start() >= last.end()]
    if not (not before or _break(text, before[-1], first) or before[-1].group().lower() in CONNECTORS
            or first.group().lower() in PHRASE_OPENERS):  # fmt: skip
        return "starts in the middle of a phrase"
    if not after or _break(text, last, after[0]):
        if last.group().lower() in NEVER_LAST:
            return "stops in the middle of a phrase"
    elif (
        last.group().lower() in DANGLING
        or after[0].group().lower() not in CONNECTORS
        or (after[0].group().lower() in PARTICLES and (len(after) == 1 or _break(text, after[0], after[1])))
    ):
        return "stops in the middle of a phrase"
    if len(meaningful(phrase)) < MIN_MEANINGFUL:
        return "fewer than three meaningful words"
    if PLEASANTRY_RE.fullmatch(phrase.strip(" .,!?")) or rule_class(phrase).label in NOT_QUOTABLE:
        return "a pleasantry, a refusal or a non-answer"
    return ""


def _break(text: str, left: re.Match, right: re.Match) -> bool:
    """Whether a clause ends between two neighbouring words: punctuation, or a connector such as "because"."""
    return bool(HARD_BREAK.search(text, left.end(), right.start()) or SOFT_BREAK.match(text, right.start()))


def _score(answer: str, lo: int, hi: int) -> int:
    named = TOOLS.search(answer, lo, hi) is not None
    return len(meaningful(answer[lo:hi])) + (2 if PROBLEM.search(answer, lo, hi) else 0) + named


def _trim(tokens: list[re.Match], *, clause_end: bool) -> list[re.Match]:
    """Without opening fillers ("so", "honestly"), nor closing words that leave it hanging: at a clause's end only
    articles and connectors, elsewhere prepositions and auxiliaries too."""
    last = NEVER_LAST if clause_end else DANGLING
    while len(tokens) > 1 and tokens[0].group().lower() in EDGE_START:
        tokens = tokens[1:]
    while len(tokens) > 1 and tokens[-1].group().lower() in last:
        tokens, clause_end, last = tokens[:-1], False, DANGLING
    return tokens


def _pieces(answer: str, lo: int, hi: int) -> list[list[re.Match]]:
    """The clause itself when short enough, else its pieces cut before a connector or a preposition."""
    tokens = _trim(_tokens(answer, lo, hi), clause_end=True)
    if len(tokens) <= MAX_WORDS:
        return [tokens]
    cuts = [i for i, t in enumerate(tokens) if i > 0 and t.group().lower() in CONNECTORS]
    pieces = []
    for i in reversed(cuts):  # the longest opening piece first
        if i <= MAX_WORDS:
            pieces.append(_trim(tokens[:i], clause_end=False))
    for i in cuts:  # then pieces that start after a connector
        pieces.append(_trim(tokens[i + 1 : i + 1 + MAX_WORDS], clause_end=i + 1 + MAX_WORDS >= len(tokens)))
    return [p for p in pieces if p]


def salient_phrase(answer: str, anchor: re.Match | None = None) -> str:
    """A whole phrase of the answer, in the participant's exact words, around `anchor` (or the most contentful one);
    "" when no phrase of the answer may be quoted."""
    text = plain(answer)
    clauses = [(lo, hi) for lo, hi in _clauses(text) if rule_class(text[lo:hi]).label not in NOT_QUOTABLE]
    if anchor is not None:
        # The anchor's own phrase, else the best phrase of its sentence ("I was frustrated because the import kept
        # failing": "I was frustrated" is too short to quote, the reason that follows is not).
        lo, hi = _sentence(text, anchor.start())
        return _best(answer, text, [c for c in clauses if c[0] <= anchor.start() < c[1]], anchor) or _best(
            answer, text, [c for c in clauses if lo <= c[0] and c[1] <= hi]
        )
    return _best(answer, text, clauses)


def _sentence(text: str, at: int) -> tuple[int, int]:
    starts = [0] + [m.end() for m in re.finditer(r"[.!?]+(?=\s|$)", text) if m.end() <= at]
    end = re.compile(r"[.!?]+(?=\s|$)").search(text, at)
    return starts[-1], end.end() if end else len(text)


def _best(answer: str, text: str, clauses: list[tuple[int, int]], anchor: re.Match | None = None) -> str:
    """The first quotable piece of the most contentful clause, around `anchor` when it is given."""
    for lo, hi in sorted(clauses, key=lambda c: (-_score(text, *c), c[0])):
        for piece in _pieces(text, lo, hi):
            if anchor is not None and not (piece[0].start() <= anchor.start() < piece[-1].end()):
                continue
            phrase = answer[piece[0].start() : piece[-1].end()]
            # A pleasantry blanked out inside it ("with a thank you card" read as "with a           card") is a gap
            # in their words, not a phrase of them.
            if not quote_problem(phrase, answer) and not re.search(r"\s{3,}", phrase):
                return phrase
    return ""


def quoted_spans(text: str) -> list[str]:
    """The quotations in an interviewer's line: “…”, „…“, «…» or "…"."""
    found = re.findall(r"“([^”]+)”|„([^“”]+)[“”]|«\s*([^»]+?)\s*»|\"([^\"]+)\"", text)
    return [next(part for part in parts if part) for parts in found]
