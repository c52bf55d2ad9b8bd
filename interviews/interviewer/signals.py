"""What an answer carries, read with word lists: feelings, events, general claims, problems and concrete details.

Pure and deterministic, so the same answer always reads the same. The interviewer (offline.py) probes the strongest
signal; the classifier (classify.py) and the brief (synthesis/briefs) read the same signals.
"""

import re
from dataclasses import dataclass

# An answer this long with this many kinds of detail (numbers, named tools, a sequence of events) needs no probe.
RICH = ((25, 3), (35, 2), (60, 1))
# Without a feeling to follow up, a long account is complete with less: a procedure told step by step ("They pull
# onto the hard shoulder, put the hazards on and ring the fleet desk...") names no tool and no date.
RICH_CALM = ((25, 2), (35, 1), (45, 0))

_I = re.IGNORECASE


def wordset(text: str) -> frozenset[str]:
    """The words of a space-separated list."""
    return frozenset(text.split())


def plain(text: str) -> str:
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
    r"|furious|disappoint\w*|overwhelm\w*|scared|afraid|nervous|embarrass\w*|confused|fed up|irritat\w*"
    # "more if theres a panic on": a rush, not a feeling.
    r"|panick?\w*(?! on\b)|dread\w*|helpless|hopeless|miserable|exhausted|gutted|livid|infuriat\w*|drowning"
    r"|swamped|snowed under"
    # "Sometimes I feel so guilty, she should be resting now": the feelings of caring for someone, too.
    r"|guilty|guilt|ashamed|lonely|heartbroken|devastated"
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
NOT_NARRATION = wordset(
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
    r"|thirty|forty|fifty|hundred|thousand|dozen|half"
    # the same small numbers in German, French, Spanish and Portuguese
    r"|zwei|drei|vier|fünf|sechs|sieben|acht|neun|zehn|deux|trois|quatre|cinq|sept|huit|neuf|dix|dos|tres|cuatro"
    r"|cinco|seis|siete|ocho|nueve|diez|dois|duas|três|quatro|sete|oito|nove|dez)\b",
    _I,
)
TOOLS = re.compile(
    r"\b(?:excel|google sheets|sheets|slack|jira|notion|trello|asana|salesforce|hubspot|zapier|quickbooks|xero"
    r"|stripe|shopify|figma|zoom|teams|outlook|gmail|airtable|dropbox|github|gitlab|linear|clickup|confluence"
    r"|tableau|looker|csv|pdf|api|whatsapp|chatgpt|miro|intercom|zendesk|mailchimp|power bi|sap|netsuite)\b",
    _I,
)
VAGUE_PROBLEM = wordset("problem problems issue issues pain")
CALENDAR = wordset(
    "Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June July August"
    " September October November December OK"
)
SEQUENCE = re.compile(
    r"\b(?:then|after that|afterwards|first|finally|eventually|in the end|next|before|until"
    r"|dann|danach|zuerst|schließlich|am ende|puis|ensuite|après|d'abord|enfin|luego|después|primero|finalmente"
    r"|al final|depois|primeiro|então|no fim"
    # days and months anchor a sequence of events in any of the five languages
    r"|montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag|lundi|mardi|mercredi|jeudi|vendredi|samedi"
    r"|dimanche|lunes|martes|miércoles|jueves|viernes|sábado|domingo|segunda|terça|quarta|quinta|sexta"
    r"|janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre|enero|febrero|marzo"
    r"|abril|mayo|junio|julio|agosto|septiembre|octubre|noviembre|diciembre|januar|februar|märz|juni|juli"
    r"|oktober|dezember|janeiro|fevereiro|março|maio|junho|julho|setembro|outubro|novembro|dezembro)\b",
    _I,
)

STOPWORDS = wordset(
    """a about above after again all also am an and any are as at be because been before being below between both but
    by can could did do does doing don't down during each few for from further had has have having he her here hers
    him his how i i'd i'll i'm i've if in into is it it's its itself just like me more most my no nor not now of off on
    once only or other our ours out over own really same she should so some such than that that's the their theirs
    them then there these they this those through to too under until up very was we were what when where which while
    who whom why will with would you your yours yes yeah yep sure maybe ok okay well um uh honestly actually
    basically guess mean think know kind sort lot pretty much thing things stuff"""
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
        rows = RICH if self.feeling else RICH + RICH_CALM
        return any(self.words >= words and kinds >= need for words, need in rows)


def read_signals(answer: str) -> Signals:
    """Read one answer; pure, so the same answer always gives the same probe."""
    answer = plain(answer)
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


def content_words(text: str) -> set[str]:
    """Words that carry meaning: four letters or more and not a stopword, lowercased."""
    return {w for w in (t.lower() for t in WORD.findall(plain(text))) if len(w) >= 4 and w not in STOPWORDS}


# A figure as an answer's first word, after a word or two of approximation ("about 60 miles", "So um die 300").
FACT_FIRST = re.compile(
    r"\W*(?:(?:about|around|roughly|maybe|probably|like|approx\w*|nearly|almost|over|under|just|environ|presque|etwa"
    r"|ungefähr|rund|fast|unos|unas|uns|umas|cerca de|quase|aproximadamente|(?:so )?um die|até|hasta|bis|tous les"
    r"|todos los|todas as|alle|como|tipo|por volta de|a eso de|vers)\W+){0,2}"
    r"(?:\d|(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|hundred"
    r"|half an? \w+|an? (?:hour|day|week|fortnight|month|year)|a (?:couple|dozen)"
    # "Zwölf, plus Aushilfen", "Trois jours.", "Siete años": the other languages' numbers (140 of 148 such answers in
    # the sets are short and complete), all but the ones that are also "a" ("un", "um", "uno").
    r"|zwei|drei|vier|fünf|sechs|sieben|acht|neun|zehn|elf|zwölf|zwanzig|dreißig|vierzig|fünfzig|sechzig|siebzig"
    r"|achtzig|neunzig|hundert|tausend|deux|trois|quatre|cinq|sept|huit|neuf|dix|onze|douze|quinze|vingt|trente"
    r"|quarante|cinquante|soixante|septante|huitante|nonante|cent|mille|dos|tres|cuatro|cinco|seis|siete|ocho|nueve"
    r"|diez|doce|quince|veinte|treinta|cuarenta|cincuenta|sesenta|setenta|ochenta|noventa|cien|mil|dois|duas|três"
    r"|quatro|sete|oito|nove|dez|doze|vinte|trinta|quarenta|cinquenta|sessenta|oitenta|cem)\b)",
    _I,
)


def figure_sentence(text: str) -> bool:
    """Whether the answer's whole first sentence is a figure, with more after it ("Around 700. My uncle says ...")."""
    first, *rest = re.split(r"(?<=[.!?])\s+", text.strip(), maxsplit=1)
    return bool(rest and FACT_FIRST.match(first) and len(WORD.findall(first)) <= 10)
