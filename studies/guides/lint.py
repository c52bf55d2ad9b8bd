"""Lint discussion-guide questions for the habits that turn an interview into a survey.

Pure Python and deterministic, so the guide editor can run it on every change. The rules follow the seed article's
"Making Async Work": keep async interviews to 5-10 minutes and avoid survey-speak ("Tell me about..." beats "Rate your
satisfaction with..."). Each rule is a row in the tables below; `lint_question` only applies them.
"""

import re
import string
from dataclasses import asdict, dataclass
from decimal import Decimal

CODES = ("survey_speak", "leading", "double_barrelled", "yes_no_opener", "jargon", "too_long")
MAX_WORDS = 30
MAX_CHARS = 200
ASYNC_MINUTES = (5, 10)  # the seed: "Async interviews should take 5-10 minutes, not 30."


@dataclass(frozen=True)
class LintIssue:
    code: str
    message: str
    suggestion: str
    start: int  # character span in the question, end exclusive
    end: int


@dataclass(frozen=True)
class GuideLint:
    questions: list[list[LintIssue]]
    total_minutes: float
    warnings: list[str]

    def as_dict(self) -> dict:
        return {
            "questions": [[asdict(issue) for issue in issues] for issues in self.questions],
            "total_minutes": self.total_minutes,
            "warnings": list(self.warnings),
        }


@dataclass(frozen=True)
class Rule:
    """One pattern, what is wrong when it matches, and rewrites tried in order: the first whose blanks fill wins."""

    code: str
    pattern: str
    message: str
    suggestions: tuple[str, ...]


# Words a question may open with before its real start ("So, did you...").
LEAD_IN = r"^\W*(?:(?:so|and|but|ok|okay|now|also|well|then|next|first|finally|lastly)\b[,:]?\s+)*"
POLITE_AUX = r"(?:can|could|would|will)"
AUX = r"(?:do|does|did|is|are|am|was|were|have|has|had|should|shall|may|might|can|could|would|will)"
APOSTROPHE = r"['\u2019]"
NEGATIVE_AUX = rf"(?:do|does|did|is|are|was|were|have|has|had|would|could|should|wo|ca)n{APOSTROPHE}t"
# Verbs that turn "Can/Could/Would you..." into a polite request for a story rather than a yes/no question.
POLITE = (
    r"(?:please\s+)?(?:mind\s+|be\s+willing\s+to\s+)?"
    r"(?:tell|walk|talk|show|explain|paint|recall|think|go|help|expand|list|sketch|remind|say(?:ing)?\s+more"
    r"|tak|giv|shar|elaborat|summari[sz]|describ(?!e\s+(?:\w+\s+){0,2}?as\b))(?:e|ing)?\b"
)
ADJECTIVE = (
    r"(?:great|good|easy|hard|difficult|frustrating|annoying|painful|useful|helpful|amazing|simple|intuitive|bad"
    r"|confusing|smooth|fast|slow|quick|terrible|awful|wonderful)"
)
# Words that start a noun phrase or a new clause, so "X and <word>" is not two verbs.
NOT_A_VERB = (
    r"(?:the|a|an|your|my|our|their|his|her|its|this|that|these|those|then|so|also|other|others|not|more|less|any"
    r"|all|some|how|what|why|when|where|who|which|whether|i|you|we|they|he|she|it|me|him|them|us|there|here|if|to"
    r"|in|on|at|for|with|from|by|of|as|each|every|both|either|no|even|just|still)"
)
WH = r"(?:what|how|why|when|where|who|which|whether)"

SURVEY_MESSAGE = "Survey-speak: asks for a rating, not a story."
STORY = 'Ask for a story instead: "Tell me about the last time you …"'
RULES: tuple[Rule, ...] = (
    Rule("survey_speak", r"\bhow likely are you to recommend\b", SURVEY_MESSAGE,
         ('Try: "Tell me about the last time you told someone about {topic}."', STORY)),
    Rule("survey_speak", r"\bwhich of the following\b|\b(?:select|choose|check) all that apply\b",
         "Survey-speak: offers a list to pick from instead of their own words.",
         ('Try: "Tell me about {topic}."', 'Try: "Tell me about …" and let them answer in their own words.')),
    Rule("survey_speak", LEAD_IN + r"(?:please\s+)?rank\b|\bplease rank\b|\b(?:would|could|can) you (?:please )?rank\b"
         r"|\brank (?:these|the following|them|each|in order)\b", "Survey-speak: asks for a ranking, not a story.",
         ('Try: "Tell me about the last time you used one of {topic}."', STORY)),
    Rule("survey_speak", LEAD_IN + r"(?:please\s+)?rate\b|\b(?:would|could|can|will) you (?:please )?rate\b"
         r"|\bon a scale\b|\bscale (?:of|from) \w+ to \w+|\bfrom (?:1|one|0|zero) to (?:5|7|10|five|seven|ten)\b"
         r"|\bout of (?:5|10|five|ten)\b|\bhow (?:satisfied|dissatisfied|likely|unlikely)\b"
         r"|\bsatisfaction (?:with|level|score|rating)\b|\blevel of satisfaction\b"
         r"|\bstrongly (?:agree|disagree)\b|\bagree or disagree\b|\bhow many stars\b"
         r"|\bhow important (?:is|are|was|were)\b",
         SURVEY_MESSAGE, ('Try: "Tell me about your experience with {topic}."', STORY)),

    Rule("leading", LEAD_IN + NEGATIVE_AUX + r"\b",
         "Leading: a negative question tells them the answer you expect.",
         ('Ask it neutrally: "Tell me about the last time …" or "What was that like?"',)),
    Rule("leading", r"\b(?:do|would|will) you agree\b",
         "Leading: asks them to agree with you.", ('Ask it neutrally: "What was that like?" and let them judge.',)),
    Rule("leading", r"\bhow much do you (?:love|like|enjoy|hate|dislike|appreciate|value)\b",
         "Leading: assumes how they feel.", ('Try: "How do you feel about {tail}?"',)),
    Rule("leading", rf"\bhow {ADJECTIVE} (?:was|is|were|are)\b",
         "Leading: the adjective suggests the answer.",
         ('Try: "Walk me through what it was like {it_to}."', 'Try: "Tell me about {topic}."',
          'Try: "What was that like?"')),
    Rule("leading", r"\bwhy do you (?:like|love|enjoy|prefer|hate|dislike)\b", "Leading: assumes how they feel.",
         ('Try: "Tell me about the last time you used {tail}."',)),
    Rule("leading", r"\bwhat do you (?:love|like|enjoy|hate) (?:most|best) about\b", "Leading: assumes how they feel.",
         ('Try: "Tell me about the last time you used {tail}."',)),
    Rule("leading", rf"\b(?:surely|obviously)\b|,\s*(?:right|correct|yes|no|{NEGATIVE_AUX} (?:it|you))\s*\?\s*$",
         "Leading: tells them the answer you expect.",
         ('Ask it neutrally: "Tell me about the last time …" or "What was that like?"',)),

    Rule("double_barrelled", r"(?P<cut>\?\s+)(?=[^?]*\w[^?]*\?)", "Double-barrelled: two questions at once.",
         ('Ask one thing at a time: "{first}" then "{second}"',)),
    Rule("double_barrelled", rf"\b(?:do|does|did|would|will|could|can|should) you\s+(?:\w+ly\s+)?"
         rf"(?P<a>(?!{NOT_A_VERB}\b)[a-z]+)\s+(?:and|or)\s+(?P<b>(?!{NOT_A_VERB}\b)[a-z]+)\b",
         "Double-barrelled: asks about two things at once.", ('Ask one thing at a time: "{first}" then "{second}"',)),
    Rule("double_barrelled", rf"(?P<cut>,?\s+(?:and|or)\s+(?:also\s+)?)(?={WH}\s+\w)",
         "Double-barrelled: asks two things at once.", ('Ask one thing at a time: "{first}" then "{second}"',)),

    Rule("yes_no_opener", LEAD_IN + r"(?P<span>have|has)\s+you(?:\s+ever)?\b",
         "Yes/no opener: invites a one-word answer.", ('Try: "Tell me about the last time you {tail}."',)),
    # "How do you ..." keeps the question's own verb, except verbs of opinion ("How do you think ...?").
    Rule("yes_no_opener", LEAD_IN + r"(?P<span>do)\s+you\b(?!\s+(?:think|agree|feel|believe|like|love|hate|want|need"
         r"|know|remember|prefer|mind|have|see)\b)", "Yes/no opener: invites a one-word answer.",
         ('Try: "How do you {tail}?"',)),
    Rule("yes_no_opener",
         LEAD_IN + rf"(?P<span>{NEGATIVE_AUX}\b|{POLITE_AUX}\b(?!\s+you\s+{POLITE})|(?!{POLITE_AUX}){AUX}\b)",
         "Yes/no opener: invites a one-word answer.",
         ('Open it up: start with "What", "How" or "Tell me about …" so they tell you what happened.',)),
)  # fmt: skip

# Terms a team uses about its product that a participant would not, with the plain words to use instead.
JARGON: tuple[tuple[str, str], ...] = (
    (r"NPS", "whether you'd tell a friend about it"),
    (r"KPIs?", "the numbers your team watches"),
    (r"onboarding funnel", "getting started"),
    (r"frictions?", "what got in the way"),
    (r"value prop(?:osition)?s?", "what it does for you"),
    (r"UX", "how it felt to use"),
    (r"workflow optimi[sz]ation", "making your work faster"),
    (r"synerg(?:y|ies)", "how they work together"),
    (r"leverag(?:e|es|ed|ing)", "use"),
    (r"personas?", "the kind of person"),
    (r"churn(?:s|ed|ing)?", "stop using it"),
    (r"MAUs?|DAUs?", "how many people use it"),
    (r"ARR", "yearly revenue"),
    (r"stakeholder alignment", "getting everyone to agree"),
    (r"pain[- ]points?", "the hardest part"),
    (r"touch ?points?", "the moments you deal with us"),
    (r"user journeys?", "the steps you go through"),
    (r"JTBD|jobs[- ]to[- ]be[- ]done", "what you were trying to get done"),
)
JARGON_MESSAGE = 'Jargon: "{term}" is our word, not the participant\'s.'
# Acronyms most participants use themselves; several others in one question read like an internal document.
EVERYDAY_ACRONYMS = frozenset({"OK", "PDF", "CSV", "TV", "PC", "US", "UK", "EU", "USA", "AI", "ID", "FAQ", "IT", "IRS"})
ACRONYM = re.compile(r"\b[A-Z]{2,5}s?\b")

_TOPIC = re.compile(r"\b(?:with|about|rate|rank|recommend|describes?)\s+(?P<topic>[^?.!,;]+)", re.I)
_NOUN_PHRASE = re.compile(r"^(?:the|your|our|this|these|those|my|their|its|us)\b", re.I)
_TOPIC_TAIL = re.compile(
    r"\s+(?:from|on a scale|out of|between|to (?:a |your )?(?:friends?|colleagues?|others|someone|peers?))\b.*$", re.I
)
_OPENS_QUESTION = re.compile(rf"^(?:{WH}|{AUX}|{NEGATIVE_AUX})\b", re.I)
# "how you fixed it" is a clause, not a question: the wh-word is followed by its subject.
_EMBEDDED = re.compile(
    rf"^{WH}(?:\s+(?:long|often|much|many))?\s+(?:i|you|we|they|he|she|it|things|people|someone|everyone|the|your"
    r"|our|their|this|that)\b",
    re.I,
)
_COMPILED = [(rule, re.compile(rule.pattern, re.I)) for rule in RULES]
_COMPILED_JARGON = [(re.compile(rf"\b(?:{p})\b", re.I), plain) for p, plain in JARGON]


def lint_question(text: str) -> list[LintIssue]:
    """Every issue in one question, ordered by where it starts; at most one per code except jargon, one per term."""
    issues: list[LintIssue] = []
    seen: set[str] = set()
    for rule, pattern in _COMPILED:
        if rule.code in seen or not (m := pattern.search(text)):
            continue
        seen.add(rule.code)
        start, end = m.span("span") if "span" in pattern.groupindex else _trimmed_span(text, m)
        issues.append(LintIssue(rule.code, rule.message, _suggest(rule.suggestions, _blanks(text, m)), start, end))
    issues += _jargon(text)
    if len(text.split()) > MAX_WORDS or len(text) > MAX_CHARS:
        issues.append(
            LintIssue(
                "too_long",
                f"Too long: {len(text.split())} words and {len(text)} characters; long questions get partial answers.",
                f"Split it: keep one short question (under {MAX_WORDS} words) and move the context into the probing"
                " notes.",
                0,
                len(text),
            )
        )
    return sorted(issues, key=lambda i: (i.start, CODES.index(i.code)))


def lint_guide(
    questions: list[str], *, kind: str, minutes: list[float] | None = None, time_budget: float = 10
) -> GuideLint:
    """Lint each question of a round's guide and check the guide as a whole against the async time limit."""
    if kind not in ("sync", "async"):
        raise ValueError(f"kind must be 'sync' or 'async', not {kind!r}.")
    if minutes is not None and len(minutes) != len(questions):
        raise ValueError(f"Give minutes for each of the {len(questions)} questions, not {len(minutes)}.")
    total = float(sum(Decimal(str(m)) for m in minutes)) if minutes else 0.0
    warnings = []
    if not questions:
        warnings.append("No questions yet.")
    if kind == "async" and total > time_budget:
        low, high = ASYNC_MINUTES
        over = "" if time_budget == high else f", over its {time_budget:g}-minute budget"
        warnings.append(
            f"This async guide takes about {total:g} minutes{over}; async interviews should take {low}-{high}."
        )
    return GuideLint([lint_question(q) for q in questions], total, warnings)


def _jargon(text: str) -> list[LintIssue]:
    issues, flagged = [], set()
    for pattern, plain in _COMPILED_JARGON:
        for m in pattern.finditer(text):
            flagged.add(m.span())
            issues.append(
                LintIssue(
                    "jargon",
                    JARGON_MESSAGE.format(term=m.group()),
                    f'Use the participant\'s words, e.g. "{plain}" instead of "{m.group()}".',
                    *m.span(),
                )
            )
    if text.isupper():  # shouting, not acronyms
        return issues
    acronyms = [m for m in ACRONYM.finditer(text) if m.group().rstrip("s") not in EVERYDAY_ACRONYMS]
    if len({m.group() for m in acronyms}) >= 2:
        for m in acronyms:
            if m.span() not in flagged:
                issues.append(
                    LintIssue(
                        "jargon",
                        f'Jargon: "{m.group()}" is one of several acronyms here; participants rarely talk in acronyms.',
                        "Spell it out in the words the participant would use.",
                        *m.span(),
                    )
                )
    return issues


def _trimmed_span(text: str, m: re.Match) -> tuple[int, int]:
    """The match without the lead-in words or surrounding spaces and commas, so the editor highlights the phrase."""
    start, end = m.span()
    if "cut" in m.re.groupindex:
        return m.end("cut"), len(text.rstrip())
    if "a" in m.re.groupindex:
        return m.start("a"), m.end("b")
    while start < end and not text[start].isalnum():
        start += 1
    lead = re.match(LEAD_IN, text[start:end], re.I)
    if lead and lead.end() < end - start:
        start += lead.end()
    while end > start and not text[end - 1].isalnum() and text[end - 1] not in "'\u2019":
        end -= 1
    return start, end


def _blanks(text: str, m: re.Match) -> dict[str, str]:
    """The question's own words a rewrite can reuse: what follows the match, its topic, and the two halves."""
    tail = re.split(r"[?.!]", text[m.end() :], maxsplit=1)[0].strip(" ,;:")
    blanks = {"tail": tail, "topic": _topic(tail)}
    if it_to := re.match(r"it\s+(to\s+.+)", tail, re.I):
        blanks["it_to"] = it_to.group(1)
    if "a" in m.re.groupindex:
        head, rest = text[: m.start("a")], text[m.end("b") :]
        blanks |= {"first": head + m.group("a") + rest, "second": head + m.group("b") + rest}
    elif "cut" in m.re.groupindex:
        blanks |= {"first": _sentence(text[: m.start("cut")]), "second": _sentence(text[m.end("cut") :])}
    return blanks


def _topic(tail: str) -> str:
    """The noun phrase a question is about: the object of "with/about/rate...", or the tail if it is a noun phrase."""
    if m := _TOPIC.search(tail):
        topic = m.group("topic")
    elif _NOUN_PHRASE.match(tail):
        topic = tail
    else:
        return ""
    topic = _TOPIC_TAIL.sub("", topic).strip()
    return topic if len(topic.split()) <= 8 else ""


def _sentence(part: str) -> str:
    part = part.strip(" ,;:?.!")
    if not part:
        return ""
    if _EMBEDDED.match(part):
        return f"Tell me {part}."
    end = "?" if _OPENS_QUESTION.match(part) else "."
    return part[0].upper() + part[1:] + end


def _suggest(templates: tuple[str, ...], blanks: dict[str, str]) -> str:
    for template in templates:
        fields = [name for _, name, _, _ in string.Formatter().parse(template) if name]
        if all(blanks.get(name) for name in fields):
            return template.format(**blanks)
    return templates[-1]
