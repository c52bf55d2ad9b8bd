"""The linter's jargon rule: words that are ours, not the participant's (studies/guides/vocabulary.py lists them with
the plain words to use), and acronyms participants rarely say themselves."""

import re

from studies.guides.issues import LintIssue
from studies.guides.vocabulary import EVERYDAY_ACRONYMS, JARGON

JARGON_MESSAGE = (
    'Jargon: "{term}" is our word, not the participant\'s. Use the words they would, e.g. "{plain}" instead of'
    ' "{term}".'
)
# An acronym: two to six letters and digits, at least two capitals, at most one small letter ("SKU", "ToS", "B2B2C"),
# so brand names in camel case ("PayPal", "YouTube") are not acronyms.
ACRONYM = re.compile(r"\b[A-Z][A-Za-z0-9&]{1,5}\b")


def _is_acronym(word: str) -> bool:
    bare = word[:-1] if len(word) > 2 and word.endswith("s") and word[-2].isupper() else word
    lower = sum(c.islower() for c in bare)
    return sum(c.isupper() for c in bare) >= 2 and lower <= 1 and bare not in EVERYDAY_ACRONYMS


_COMPILED_JARGON = [(re.compile(rf"\b(?:{p})\b", re.I), plain) for p, plain in JARGON]
# A newcomer asked about what someone in the trade said, the terms listed ("As a parent, what did you make of the coach
# saying he needs to pump the transition and work on his frontside rock to fakie?"): the trade's words, whichever they
# are, put to someone outside it (ten of ten such questions in the development sets are labelled jargon).
OUTSIDER = re.compile(
    r"\b(?:as|for) an? (?:\w+ )?(?:parent|visitor|newcomer|beginner|first[- ]timer|novice|guest|spectator|outsider"
    r"|customer|member of the public|non-\w+|learner|layperson|mum|dad)\b",
    re.I,
)
TRADE_TALK = re.compile(
    r"\b(?:saying|talking about|talked about|went on about|going on about|mentioning|mentioned|said|explained"
    r"|explaining|introduction|told you about|talked you through|walked you through)\b(?=[^?]*(?:,| and ))",
    re.I,
)
TRADE_TALK_MESSAGE = (
    "Jargon: the terms someone in the trade used are put to a newcomer, who may not know them. Ask what they took"
    ' from it in their words, e.g. "What did the coach tell you to work on, and how did that sound to you?"'
)


def jargon_issues(text: str) -> list[LintIssue]:
    """Our words in the question (the vocabulary's list, with the plain words to use) and acronyms."""
    issues, flagged = [], set()
    for pattern, plain in _COMPILED_JARGON:
        for m in pattern.finditer(text):
            if any(start < m.end() and m.start() < end for start, end in flagged):
                continue  # one issue per term: "onboarding funnel" is not also a "funnel"
            flagged.add(m.span())
            issues.append(
                LintIssue(
                    "jargon",
                    JARGON_MESSAGE.format(term=m.group(), plain=plain),
                    f'Use the participant\'s words, e.g. "{plain}" instead of "{m.group()}".',
                    *m.span(),
                )
            )
    if not issues and OUTSIDER.search(text) and (m := TRADE_TALK.search(text)):
        issues.append(
            LintIssue("jargon", TRADE_TALK_MESSAGE, "Ask what they were told to do, not about the terms.", *m.span())
        )
    if text.isupper():  # shouting, not acronyms
        return issues
    acronyms = [m for m in ACRONYM.finditer(text) if _is_acronym(m.group())]
    if acronyms:
        for m in acronyms:
            if not any(start < m.end() and m.start() < end for start, end in flagged):
                issues.append(
                    LintIssue(
                        "jargon",
                        f'Jargon: "{m.group()}" is an acronym participants rarely use themselves. Spell it out, e.g.'
                        ' "what a new customer costs you" instead of "CAC".',
                        "Spell it out in the words the participant would use.",
                        *m.span(),
                    )
                )
    return issues
