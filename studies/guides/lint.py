"""Lint discussion-guide questions for the habits that turn an interview into a survey.

Pure Python and deterministic, so the guide editor can run it on every change. The rules follow the seed article's
"Making Async Work": keep async interviews to 5-10 minutes and avoid survey-speak ("Tell me about..." beats "Rate your
satisfaction with..."). Each rule is a row in the table of rules.py; `lint_question` only applies them.
"""

import re
import string
from dataclasses import asdict, dataclass
from decimal import Decimal

from studies.guides.coordinated import (
    NOUN_TAIL,
    SECOND_ASK,
    TAIL,
    THREE,
    coordinated_pair,
    one_ask,
    told_from,
    unquoted,
)
from studies.guides.issues import LintIssue
from studies.guides.jargon import jargon_issues
from studies.guides.learned import LEARNED_SUGGESTIONS, learned_codes, learned_codes_of, learned_issue
from studies.guides.patterns import (
    AUX,
    DONE_FOR_ME,
    DOUBLE,
    JOINED_AS_ONE,
    LEAD_IN,
    NEGATIVE_AUX,
    NOT_FORESEEING_PATTERN,
    PERMISSION,
    POLITE_AUX,
    SET_UP,
    SHOWN_THEN_WHAT,
    TAG_QUESTION,
    THE_FOLLOWING,
    TOO_LONG,
    WH,
    past_tense,
)
from studies.guides.rules import RULES

CODES = ("survey_speak", "leading", "double_barrelled", "yes_no_opener", "hypothetical", "jargon", "too_long")
MAX_WORDS = 30
MAX_CHARS = 200
ASYNC_MINUTES = (5, 10)  # the seed: "Async interviews should take 5-10 minutes, not 30."


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


_TOPIC = re.compile(r"\b(?:with|about|rate|rank|recommend|describes?)\s+(?P<topic>[^?.!,;]+)", re.I)
_NOUN_PHRASE = re.compile(r"^(?:the|your|our|this|these|those|my|their|its|us)\b", re.I)
_TOPIC_TAIL = re.compile(
    r"\s+(?:from|on a scale|out of|between|to (?:a |your )?(?:friends?|colleagues?|others|someone|peers?))\b.*$", re.I
)
_OPENS_QUESTION = re.compile(rf"^(?:(?:at|in|on|for|with|from|by|to)\s+{WH}|{WH}|{AUX}|{NEGATIVE_AUX})\b", re.I)
# "how you fixed it" is a clause, not a question: the wh-word is followed by its subject.
_EMBEDDED = re.compile(
    rf"^{WH}(?:\s+(?:long|often|much|many))?\s+(?:i|you|we|they|he|she|it|things|people|someone|everyone|the|your"
    r"|our|their|this|that)\b",
    re.I,
)
_COMPILED = [(rule, re.compile(rule.pattern, re.I), re.compile(rule.unless or "(?!)", re.I)) for rule in RULES]
# "What would have had to be different for you to stay?": a look back, never a prediction, whatever a model makes of it.
_SET_UP = re.compile(SET_UP, re.I)
_TAG = re.compile(TAG_QUESTION, re.I)
# "May I see ...?", "Could you play us ...?": leave asked, or something done for the interviewer, never yes or no (9 of
# 9 such questions unmarked), however a model reads the auxiliary.
_ASKS_LEAVE = re.compile(rf"^\W*(?:{PERMISSION}|{POLITE_AUX}\s+you\s+{DONE_FOR_ME})", re.I)
_WHY = re.compile(r"\W*why\b", re.I)
_ONE_ASK_SHAPES = re.compile(rf"{THE_FOLLOWING}|{SHOWN_THEN_WHAT}|{JOINED_AS_ONE}", re.I)
NOT_FORESEEING = re.compile(NOT_FORESEEING_PATTERN, re.I)
# The words of our own advice ("Tell me about your experience with …") are never the jargon in a question.
ADVICE_WORDS = frozenset(
    word.lower()
    for rule in RULES
    for suggestion in (*rule.suggestions, *LEARNED_SUGGESTIONS.values())
    for word in re.findall(r"[A-Za-z]{2,}", re.sub(r"\{\w+\}", " ", suggestion))
)


def lint_question(text: str, *, learned: bool | dict[str, float] = False) -> list[LintIssue]:
    """Every issue in one question, ordered by where it starts; at most one per code except jargon, one per term.

    `learned` adds what the learned models (learned.py) are sure of and the rules did not raise (True asks them; a
    dict is their codes already found): for questions a researcher writes, not for the interviewer's own probes,
    which the rules alone keep clean."""
    issues: list[LintIssue] = []
    seen: set[str] = set()
    plain = unquoted(text)
    scene = m.end() if (m := _SET_UP.match(plain)) else 0  # what a set-up clause joins is not a second ask
    told = told_from(plain)  # nor what one talk was about
    for rule, pattern, unless in _COMPILED:
        if rule.code in seen or not (m := pattern.search(plain)) or unless.search(plain):
            continue
        if rule.code == "double_barrelled" and (m.end() <= scene or m.start() >= told or one_ask(plain)):
            continue
        seen.add(rule.code)
        start, end = m.span("span") if "span" in pattern.groupindex else _trimmed_span(text, m)
        issues.append(LintIssue(rule.code, rule.message, _suggest(rule.suggestions, _blanks(text, m)), start, end))
    pair = None
    if "double_barrelled" not in seen and (pair := _coordinated(text)) and scene <= pair.start < told:
        issues.append(pair)
    issues += jargon_issues(text)
    if len(text.split()) > MAX_WORDS or len(text) > MAX_CHARS:
        issues.append(
            LintIssue(
                "too_long",
                TOO_LONG.format(words=len(text.split()), chars=len(text)),
                f"Split it: keep one short question (under {MAX_WORDS} words) and move the context into the probing"
                " notes.",
                0,
                len(text),
            )
        )
    if learned:
        raised = {issue.code for issue in issues}
        flags = dict(learned) if isinstance(learned, dict) else learned_codes(text)
        listed_terms = ("jargon" in flags or "jargon" in raised) and not SECOND_ASK.search(plain)
        if "double_barrelled" in flags and (one_ask(plain) or told < len(plain) or SEQUENCE.search(plain) or (
                not JOINER.search(plain)) or (
                scene and "double_barrelled" not in learned_codes(plain[scene:])) or (
                listed_terms and not _OPENS_YES_NO.match(plain)) or _ASKS_LEAVE.match(plain) or (
                _ONE_ASK_SHAPES.search(plain))):  # fmt: skip
            # "click and collect", a set-up clause's list, a talk's topics, "..., and what did you do next?", nothing
            # joined, trade terms listed, something asked for there and then (0 of 54 such questions), a rating list,
            # a thing shown or told about and what is done with it, a scale's two ends, "go and feed": one ask
            del flags["double_barrelled"]
        issues += filter(None, [
            learned_issue(text, code, ignore=ADVICE_WORDS) for code in flags
            if code not in raised and not (code == "hypothetical" and NOT_FORESEEING.search(text))
            and not (code == "yes_no_opener" and _TAG.search(plain))  # 56 of 56 tag questions: leading alone
            # Nor a prediction: "Would you show me where the offcuts go?" asks for it there and then.
            and not (code in ("yes_no_opener", "hypothetical") and _ASKS_LEAVE.match(plain))
            # "Why did you give the hotel two stars out of five?" asks the reason for a score, not for one: none of the
            # 254 questions in the sets opening with "why" is survey-speak
            and not (code == "survey_speak" and _WHY.match(plain))
        ])  # fmt: skip
    if pair in issues and not _OPENS_YES_NO.match(plain) and any(issue.code == "jargon" for issue in issues):
        # "the SAP calculations and your VAT reclaim", "the Ishihara plates and the anomaloscope": the trade's terms,
        # listed, are one ask about them (62 of 72 such pairs in the sets), unless asked yes or no of each ("Did the
        # arborist explain the root protection area and the SULE category?")
        issues.remove(pair)
    if BOTH_SIDES.search(plain):
        issues = [issue for issue in issues if issue.code != "leading"]
    if CONFIRMS_OTHERS.search(plain):
        issues = [issue for issue in issues if issue.code != "yes_no_opener"]
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
    flags = learned_codes_of(questions)
    return GuideLint(
        [lint_question(q, learned=found) for q, found in zip(questions, flags, strict=True)], total, warnings
    )


# "Some members love the early classes and others can't stand them. Where do you sit?", "..., and either is completely
# fine": what others say, told from both sides, suggests no answer (11 of 11 such questions in the sets).
BOTH_SIDES = re.compile(
    r"\b(?:some|a lot of|lots of|many|most)\b[^?;]{0,160}?(?:,\s*|\s+)(?:and|while|whereas|but)\s+"
    r"(?:others|other people)\b"
    r"|\bno right (?:or wrong )?(?:answer|way)s?\b|\b(?:either|both)(?: \w+)? (?:is|are) (?:completely |perfectly "
    r"|totally )?(?:fine|normal|ok|okay)\b"
    # "Everyone has a different idea of a surprise party, ...": no view to follow, only that views differ.
    r"|\b(?:every(?:one|body)(?:'s| has| does)|people have)\b[^?;]{0,30}\bdifferent\b",
    re.I,
)
# "Most founders I speak to wish they'd stayed a sole trader; do you feel the same?": what others say, then a plea to
# agree with it; leading alone (4 of 4 such questions in the sets).
CONFIRMS_OTHERS = re.compile(
    r"\b(?:most|many|lots of|a lot of|people|everyone|everybody|others)\b[^?;]*;\s*(?:do you (?:feel|think) the same"
    r"|is that (?:how|what)\b[^?]{0,40}|does that (?:ring true|sound (?:familiar|right)|match)\b[^?]{0,30}"
    r"|do you agree)\s*\?\s*$",
    re.I,
)
_OPENS_YES_NO = re.compile(rf"^\W*(?:{AUX}|{NEGATIVE_AUX})\b", re.I)
# Something that joins two asks; every double-barrelled question in the sets has one (1,842 of 1,842), so a learned
# flag on a question with none ("How reliable was the crew?") joins nothing.
JOINER = re.compile(
    r"\band\b|\bor\b|&|/|\bas well as\b|\bplus\b|\bboth\b|\bnor\b|\bthen\b|[,;:]|\?.*\?|\bversus\b|\bvs\b"
    r"|\balong with\b|\bwith\b",
    re.I,
)
# "When was the last time you opened it, and what did you do next?" (or "first"): one story, told on.
SEQUENCE = re.compile(
    r",?\s+and\s+(?:then\s+)?what\s+(?:happened|followed|(?:did you do|you did)\s+(?:next|then|first|after(?:wards)?))"
    r"\s*\?\s*$",
    re.I,
)


# "Which apps and websites...", "List the tools and services...": a request for a list, one ask.
def _coordinated(text: str) -> LintIssue | None:
    """Two nouns or adjectives joined by "and" that the participant must judge or describe separately."""
    m = coordinated_pair(text)
    if m is None or one_ask(unquoted(text)):
        return None
    # "the contract terms": the second noun phrase runs on past the word the pattern needs.
    end = m.end("b") + NOUN_TAIL.match(text, m.end("b")).end() - m.end("b")
    head, rest = text[: m.start("a")], text[end:]
    if m.re is THREE:  # what follows the third thing belongs to it alone
        end = m.end("b") + TAIL.match(text, m.end("b")).end() - m.end("b")
        ask = _sentence(head + m.group("a"))
        rewrite = f'Ask one thing at a time: "{ask}", then each of the others on its own.'
        return LintIssue("double_barrelled", DOUBLE, rewrite, m.start("a"), end)
    blanks = {"first": head + m.group("a") + rest, "second": head + text[m.start("b") : end] + rest}
    rewrite = _suggest(('Ask one thing at a time: "{first}" then "{second}"',), blanks)
    return LintIssue("double_barrelled", DOUBLE, rewrite, m.start("a"), end)


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
    if "verb" in m.re.groupindex and m.group("verb") and tail:
        # "Would you give up the allotment if the rent went up?": "gave up the allotment", without the condition.
        did = re.split(r",?\s+(?:if|unless|once|in case|provided)\b", tail, maxsplit=1)[0]
        blanks["did"] = f"{past_tense(m.group('verb'))} {did}"
    if "a" in m.re.groupindex:
        head, rest = text[: m.start("a")], text[m.end("b") :]
        blanks |= {"first": head + m.group("a") + rest, "second": head + m.group("b") + rest}
    elif "cut" in m.re.groupindex:
        blanks |= {"first": _sentence(text[: m.start("cut")]), "second": _sentence(text[m.end("cut") :])}
    if premise := re.match(r"[^,;:]+[,;:]\s*(?P<rest>.+)", text[m.start() :]):
        blanks["rest"] = _sentence(premise.group("rest"))
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
    # "When your team plans, who decides" is a fronted clause and then the question, not "when your team plans".
    if _EMBEDDED.match(part) and not re.search(rf",\s*{WH}\b", part, re.I):
        return f"Tell me {part}."
    end = "?" if _OPENS_QUESTION.match(part) else "."
    return part[0].upper() + part[1:] + end


def _suggest(templates: tuple[str, ...], blanks: dict[str, str]) -> str:
    for template in templates:
        fields = [name for _, name, _, _ in string.Formatter().parse(template) if name]
        if all(blanks.get(name) for name in fields):
            return template.format(**blanks)
    return templates[-1]
