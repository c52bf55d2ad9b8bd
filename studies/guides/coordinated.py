"""Two things joined by "and" in one question: the patterns that find the pair and the structures that make it one
ask after all (a fixed phrase, a scene, a reciprocal pair, reported speech, a quote, a request for a list).
studies/guides/lint.py turns a pair into the double_barrelled issue and its rewrite."""

import re

from studies.guides.patterns import ADJECTIVE, DETERMINER, LEAD_WORDS, TAG_QUESTION
from studies.guides.vocabulary import FIXED_PAIRS

_ADJECTIVE_LIKE = rf"(?:{ADJECTIVE}|[a-z]+(?:ful|less|ous|ive|able|ible|ly)|[a-z]{{3,}}-free)"
# "the accuracy of ..., the speed of ..., and the quality of ...": three things in one question.
THREE = re.compile(
    rf"(?P<a>\b{DETERMINER}\s+[^,?;]+?),\s+{DETERMINER}\s+[^,?;]+?,?\s+(?:and|or)\s+(?P<b>{DETERMINER}\s+[\w'-]+)",
    re.I,
)
_COORDINATED = (
    # "quick and painless": two judgements in one answer.
    re.compile(rf"\b(?P<a>{_ADJECTIVE_LIKE})\s+and\s+(?P<b>{_ADJECTIVE_LIKE})\b", re.I),
    # "the monthly fee and the cancellation terms": two things to judge or describe.
    re.compile(rf"(?P<a>\b{DETERMINER}\s+(?:[\w'-]+\s+){{0,2}}?[\w'-]+)\s+and\s+(?P<b>{DETERMINER}\s+[\w'-]+)", re.I),
    # "...about pricing and support?", "...your courier's prices and delivery times?" at the end of the question.
    re.compile(
        rf"(?:\b(?:about|with|for|of|on)\s+|\b{DETERMINER}\s+|\b[a-z]+'s\s+)(?:[a-z]+\s+)?(?P<a>[a-z]+)\s+and\s+"
        # "prices and delivery times" are two things; "research and design team" is one team.
        r"(?P<b>(?:(?<=s and )[a-z]+\s+)?[a-z]+)(?=\s*[?.!]?\s*$)",
        re.I,
    ),
    # "for groceries and for eating out": the preposition said twice, two objects.
    re.compile(
        r"\b(?P<prep>for|about|with|on|to|from|at|in)\s+(?P<a>(?:[\w'-]+\s+){0,2}?[\w'-]+)\s+and\s+(?P=prep)\s+"
        r"(?P<b>[\w'-]+)",
        re.I,
    ),
    THREE,
    # "the first and second drafts", "the speed and accuracy of the portal": two modifiers of a plural head, or two
    # qualities of one thing.
    re.compile(
        # Not "their prints and burst into tears": a preposition starts no head noun.
        rf"(?:\b{DETERMINER}|\b[a-z]+'s)\s+(?P<a>[a-z]+)\s+and\s+(?P<b>[a-z]+)"
        r"(?=\s+(?:(?!(?:into|in|on|at|to|for|with|from|by|over|under|onto)\b)[a-z]+\s+)?[a-z]+s\b(?<!ss\b)"
        r"(?:\s+of\b|\s*[?.!]?\s*$)|\s+of\b)",
        re.I,
    ),
)
# How far the pair's second noun phrase runs ("the contract terms"), and the rest of a clause after a third thing.
NOUN_TAIL = re.compile(
    r"(?:\s+(?!(?:and|or|to|of|in|on|at|for|with|from|by|that|which|who|when|where|did|do|does|is|are|was|were|have"
    r"|has|had|you|your|both)\b)[a-z][\w-]*\b(?!'))*",
)
TAIL = re.compile(r"[^?.!;]*")
# The pair is the subject of a scene the question sets ("when the import and the export both failed"), not the ask.
_PAIR_IS_SUBJECT = re.compile(
    r"(?:\s+[\w'-]+){0,2}?\s+(?:both|didn't|don't|doesn't|did|do|does|went|were|was|are|is|have|had|has|failed"
    r"|broke|crashed|stopped|arrived)\b",
    re.I,
)
_PAIR_IS_SCENE = re.compile(
    # "when a lorry arrives without the right paperwork and the driver insists...": the scene, not the ask.
    r"\bboth\s+(?:[\w'-]+\s+){0,2}$|\bbetween\b[^,;:?]*$|\b(?:when|whenever|while|until)\b[^,;:?]*$"
    # "for example the payroll tool, the HR database or the spreadsheets": examples of one thing.
    r"|\b(?:for example|for instance|such as|e\.g\.)\b[^;:?]*$",
    re.I,
)
# "the nurses and the porters talk to each other", "the new manager and the old one differ": one relation between them.
_PAIR_IS_RECIPROCAL = re.compile(
    r"[^?.;]*?\b(?:each other|one another|together|differ|compare)\b"
    # "How do the teachers and the assistants share notes?": something they do between them.
    r"|\s+(?:\w+\s+)?(?:share|swap|exchange|coordinate|communicate|split|divide|hand over|pass on)\b"
    # "What do the hockey club and the figure skaters argue about?": what happens between them.
    r"|\s+(?:\w+\s+){0,2}(?:argue|disagree|clash|fall out|fell out|fight|negotiate|get on|get along|compete|agreed?"
    r"|decided?)\b",
    re.I,
)
# What others said ("farmers told us that the portal is confusing and slow, so what...") is a premise, not the ask.
_PAIR_IS_REPORTED = re.compile(
    r"\b(?:told (?:us|me)|say|says|said|think|thinks|found|find|finds|report|reported|complain(?:s|ed)?)"
    r" that\b[^,;:?]*$",
    re.I,
)
# Quoted speech ("when she called it 'quick and easy'") is theirs, not the question's.
QUOTED = re.compile(r"(?<!\w)['\u2018\"\u201c][^'\u2019\"\u201d]+['\u2019\"\u201d](?!\w)")


def unquoted(text: str) -> str:
    """The question with quoted speech blanked out letter for letter (spans stay put): a quote is not the ask."""
    return QUOTED.sub(lambda q: q.group()[0] + re.sub(r"\S", "x", q.group()[1:-1]) + q.group()[-1], text)


# "Please score each of the following from one to five: the songs, the slapstick, ...": the items of a rating, each
# scored on its own (survey-speak says what is wrong).
# So are what a ranking puts in order ("Please rank these displays from most to least enjoyable: the shark tunnel,
# ...") and "the following" handed over after a colon.
_EACH_OF = re.compile(r"\b(?:each of )?(?:the following|these|them|those)\b[^?]*:|\brank\b|\bin order of\b", re.I)
_LIST_REQUEST = re.compile(
    rf"^\W*{LEAD_WORDS}(?:list|name|which|(?:can|could|would) you (?:please )?(?:list|name))\b", re.I
)


def coordinated_pair(text: str) -> re.Match | None:
    """The first pair the participant must judge or describe separately (groups "a" and "b"), or None."""
    if _LIST_REQUEST.search(text) or _EACH_OF.search(text):
        return None
    for nouns, pattern in enumerate(_COORDINATED):
        for m in pattern.finditer(text):
            pair = f"{m.group('a').split()[-1]} {m.group('b').split()[-1]}".lower()
            if pair in FIXED_PAIRS or pair.split()[0] == pair.split()[1]:
                continue
            if nouns and (_PAIR_IS_SUBJECT.match(text, m.end()) or _PAIR_IS_SCENE.search(text[: m.start()])):
                continue
            if (
                _PAIR_IS_RECIPROCAL.match(text, m.end())
                or _PAIR_IS_REPORTED.search(text[: m.start()])
                or any(q.start() <= m.start() < q.end() for q in QUOTED.finditer(text))
            ):
                continue
            return m
    return None


_AND_PAIR = re.compile(r"\b([\w'-]+)\s+and\s+([\w'-]+)", re.I)


def only_fixed_pairs(text: str) -> bool:
    """Whether every "and" in the question joins a fixed name ("click and collect", "the park and ride") and nothing
    is offered as "A or B": one thing, whatever a reader that only sees the words makes of the "and"."""
    pairs = [f"{a} {b}".lower() for a, b in _AND_PAIR.findall(text)]
    return bool(pairs) and all(pair in FIXED_PAIRS for pair in pairs) and not re.search(r"\bor\b", text, re.I)


# "Most growers say prices have fallen and buyers got pickier, and I'd guess that's you too, isn't it?": a statement
# closed by a tag asks one thing, to confirm it, whatever its pairs (blind34: three long ones read as two questions).
_TAG_ONLY = re.compile(rf"^[^?]*{TAG_QUESTION}", re.I)


def one_ask(text: str) -> bool:
    """Whether the question's pairs ask one thing: fixed names only (`only_fixed_pairs`) or a statement to confirm."""
    return only_fixed_pairs(text) or bool(_TAG_ONLY.match(text))


# "the coach talked about your clicker, your anchor and your string picture", "the section on the ecliptic, the
# precession of the equinoxes and sidereal time": what one talk or text was about (ten of ten such questions in the
# sets are one ask, what they made of it).
_TOLD = re.compile(
    r"\b(?:(?:talk(?:ed|s|ing)?|section|commentary|explanation|explained|lecture|presentation|briefing|speech"
    r"|description|described)\s+(?:about|on|of)|(?:went|going|goes) on about|mentioning)\b",
    re.I,
)
_JOINED = re.compile(r"\b(?:and|or)\b", re.I)
# "What do you talk about, and who picks the radio station?": a question of its own after the talk's topics.
_SECOND_QUESTION = re.compile(r",\s*(?:and|or|but)?\s*(?:how|what|why|who|when|where|which)\b", re.I)


# "What did the GP say about your eGFR and your HbA1c?", "How did the fitter explain tanking the wet zone and the fall
# on the former?": asked openly, what one explanation covered is one ask (19 of 19 in the development sets), while
# "Did the nurse explain the side effects and the dosage?" asks yes or no of each (28 of 31 double-barrelled). Not
# "How clearly did ... explain" (a verdict on each), a verb after the "and" ("explain the results and answer your
# questions"), nor a second question after a comma ("..., and how much did it cost?").
_EXPLAINED = re.compile(
    r"^\W*(?:how|what)\s+(?:did|does|do|has|have)\b[^?,]*?"
    r"\b(?:explain(?:ed)?|(?:say|said|tell you|told you)\s+about)\b",
    re.I,
)
SECOND_ASK = re.compile(
    r",\s*(?:and|or|but)?\s*(?:how|what|why|who|when|where|which|did|do|does|was|were|is|are|would|could|has|have)\b"
    r"|\b(?:and|or)\s+(?!whether\b|what\b|how\b)\w+\s+(?:you|your|me|my|us|our|them|their|him|it)\b",
    re.I,
)


def told_from(text: str) -> int:
    """Where the topics of one talk or text start, when nothing before them is joined by "and" or "or": the pairs
    after it are what they followed, not a second ask. len(text) when there are none."""
    m = _TOLD.search(text)
    if m and not _JOINED.search(text, 0, m.start()) and not _SECOND_QUESTION.search(text, m.end()):
        return m.end()
    m = _EXPLAINED.search(text)
    return m.end() if m and not SECOND_ASK.search(text, m.end()) else len(text)
