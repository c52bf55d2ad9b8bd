"""The shortlist's score: what a person's answers hold (richness, pain, what they add) and whether we may call.

Every part is a number of points with a ceiling, so a reader can see why one person ranks above another; the
formula is written out in docs/synthesis/shortlist.md. The measures read the participant's own words only.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from synthesis.jobs.autotag import pain_of, words

# Ceilings of the parts: richness 40, pain 30, what they add 20, contactability 10 (100 in all).
WORDS_FULL, WORDS_POINTS = 300, 15
STORIES_FULL, STORIES_POINTS = 3, 10
NUMBERS_FULL, NUMBERS_POINTS = 3, 5
TOOLS_FULL, TOOLS_POINTS = 2, 5
PROBES_FULL, PROBES_POINTS = 3, 5
PAIN_MAX_POINTS, PAIN_COUNT_FULL, PAIN_COUNT_POINTS = 20, 3, 10
DISTINCT_FULL, DISTINCT_POINTS = 3, 20
RARE_WORDS_FULL = 12  # without codes, rare words stand in for rare tags: more of them are needed for full points
CONTACT_POINTS = 10
# Someone the rules refuse only for now (cooldown, cap) keeps a tenth of their score: below anyone callable today.
WAITING_SHARE = 0.1
# Quota places open the list: every other part together stays under this.
QUOTA_POINTS = 100
# A tag, theme or word is "few others" when at most this share of the other people raised it (and at least one
# other person may always share it).
RARE_SHARE = 0.2

# A concrete episode: a time anchor ("last week", "yesterday", "in March", "two weeks ago") or a narrated moment
# ("when we", "one time", "the other day"). Scored on labelled sentences it was not written against
# (tests/synthesis/shortlist/stories_*.tsv; the development half only may shape it).
STORY_RE = re.compile(
    r"\b(?:last (?:week|month|year|quarter|time|night|monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
    r"|yesterday|this morning|the other day|one time|once when"
    r"|(?:\d+|a|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|a couple of|a few|several)"
    r" (?:days?|weeks?|months?|years?) ago|when (?:we|i|our|my)|in (?:january|february|march|april|may|june"
    r"|july|august|september|october|november|december))\b",
    re.I,
)
NUMBER_RE = re.compile(r"(?<![\w.])[$€£]?\d+(?:[.,]\d+)*\s?(?:%|k\b|hours?\b|minutes?\b|days?\b|people\b)?")
# A named tool: a capitalised word inside a sentence ("we export to Excel", "Jira tickets"), not a pronoun,
# weekday or month, which are capitalised anyway.
CAPITALISED_RE = re.compile(r"(?<=[a-z,;:] )([A-Z][A-Za-z0-9]+(?:[ -][A-Z][A-Za-z0-9]+)?)")
NOT_TOOLS = frozenset({
    "I", "I'm", "I've", "I'd", "OK", "Ok", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday",
    "Sunday", "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
    "November", "December",
})  # fmt: skip


@dataclass
class Answers:
    """What one session's answers hold, measured on the participant's words."""

    word_count: int = 0
    stories: list[str] = field(default_factory=list)
    numbers: list[str] = field(default_factory=list)
    tools: list[str] = field(default_factory=list)
    answered_probes: int = 0
    stems: set[str] = field(default_factory=set)
    lexicon_pain: list[tuple[int, str]] = field(default_factory=list)  # (level, the answer) per painful answer


def measure(answers: Iterable[tuple[str, bool]]) -> Answers:
    """Measure `answers`: (text, whether it answers a follow-up probe) in order."""
    found = Answers()
    for text, after_probe in answers:
        found.word_count += len(text.split())
        found.stories += [m.group().lower() for m in STORY_RE.finditer(text)]
        found.numbers += [m.group().strip() for m in NUMBER_RE.finditer(text)]
        found.tools += [m.group(1) for m in CAPITALISED_RE.finditer(text) if m.group(1).split()[0] not in NOT_TOOLS]
        found.answered_probes += after_probe
        found.stems.update(stem for stem, _ in words(text))
        level, _ = pain_of(text)
        if level:
            found.lexicon_pain.append((level, text))
    found.tools = list(dict.fromkeys(found.tools))
    return found


def _share(count: float, full: float, points: float) -> float:
    return min(count / full, 1.0) * points if full else 0.0


def richness(answers: Answers) -> float:
    return (
        _share(answers.word_count, WORDS_FULL, WORDS_POINTS)
        + _share(len(answers.stories), STORIES_FULL, STORIES_POINTS)
        + _share(len(answers.numbers), NUMBERS_FULL, NUMBERS_POINTS)
        + _share(len(answers.tools), TOOLS_FULL, TOOLS_POINTS)
        + _share(answers.answered_probes, PROBES_FULL, PROBES_POINTS)
    )


def pain(levels: list[int]) -> float:
    """Points for the strongest pain and for how many painful passages (level 3 or more) there are."""
    if not levels:
        return 0.0
    return max(levels) / 5 * PAIN_MAX_POINTS + _share(sum(1 for p in levels if p >= 3), PAIN_COUNT_FULL,
                                                      PAIN_COUNT_POINTS)  # fmt: skip


def distinct(rare: int, *, coded: bool) -> float:
    return _share(rare, DISTINCT_FULL if coded else RARE_WORDS_FULL, DISTINCT_POINTS)


def rare_limit(others: int) -> int:
    """How many other people may share a tag, theme or word for it still to count as something few raised."""
    return max(1, int(others * RARE_SHARE))


def snippet(text: str, limit: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"
