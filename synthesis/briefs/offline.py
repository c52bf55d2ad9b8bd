"""The brief built without a network: the participant's own words, read for the threads a host should pull.

Everything here is pure and deterministic over a `Source` (see selectors.py). Three kinds of thread:

- `unprobed`: an answer the interviewer could not follow up on because the session ran into its time budget
  (the policy's turn after it says so) on a question that allowed follow-ups and got none;
- `pain_without_story`: a highlight scored pain 4 or 5 (a person's score, else the AI's) on a question where the
  participant told no concrete episode (no event, no sequence of events, in any of their answers to it);
- `contradicts_theme`: on a question where most other participants of the round share one tag or theme (more than
  half of them, at least two), this participant's highlights carry tags or themes of that kind but not that one.

Each thread cites the answer it comes from with a short clause of it, in their exact words, and becomes a follow-up
for the call ("Earlier you said “…”. Can you walk me through the last time that happened?") placed after the
call's guide question that shares the most words with the async question and answer.
"""

import re
from dataclasses import dataclass

from interviews.interviewer.quotes import salient_phrase
from interviews.interviewer.signals import read_signals
from interviews.models import MessageKind, Role
from studies.guides.lint import lint_question
from synthesis.briefs.selectors import Question, Quote, Source, Turn
from synthesis.jobs.autotag import words

HIGH_PAIN = 4
MIN_MAJORITY = 2  # other participants sharing a label before it counts as what "most others" said
FORBIDDEN_LINT = frozenset({"leading", "survey_speak", "yes_no_opener", "double_barrelled", "too_long"})

FOLLOW_UPS = {
    "unprobed": (
        "Earlier you said “{p}”. Can you walk me through the last time that happened?",
        "Earlier you said “{p}”. Can you tell me more about that?",
    ),
    "pain_without_story": (
        "You said “{p}”. Can you tell me about a specific time that happened?",
        "Earlier you said “{p}”. Can you walk me through the last time that happened?",
    ),
    "contradicts_theme": (
        "You said “{p}”. Can you tell me more about how that works for you?",
        "Earlier you said “{p}”. Can you tell me more about that?",
    ),
}


def statement(text: str, message_id: int, quote: str, **extra) -> dict:
    """A claim of the brief with the answer it comes from: `quote` occurs in that message's stored text."""
    return {"text": text, "citation": {"message": message_id, "quote": quote}, **extra}


def lint_codes(text: str) -> list[str]:
    return list(dict.fromkeys(issue.code for issue in lint_question(text)))


def phrase_of(answer: str, anchor_text: str = "") -> str:
    """A short clause of the answer in the participant's exact words, around `anchor_text` when it is given."""
    anchor = re.compile(re.escape(anchor_text)).search(answer) if anchor_text else None
    phrase = salient_phrase(answer, anchor)
    if not phrase:
        phrase = " ".join(answer.split()[:8])
        phrase = phrase if phrase in answer else answer.strip()
    return phrase


def follow_up_text(kind: str, phrase: str) -> str:
    """The first template of the thread's kind the guide linter finds nothing wrong with."""
    options = [template.format(p=phrase) for template in FOLLOW_UPS[kind]]
    for text in options:
        if not any(issue.code in FORBIDDEN_LINT for issue in lint_question(text)):
            return text
    return options[-1]


# What they said --------------------------------------------------------------------------------------------------


def said(source: Source) -> list[dict]:
    """The session's messages in order, grouped by the guide question they belong to; answers cite themselves."""
    titles = {q.id: q for q in source.async_guide}
    groups: list[dict] = []
    for turn in source.turns:
        if turn.kind == MessageKind.CLOSE:
            continue
        if turn.kind == MessageKind.QUESTION or not groups:
            question = titles.get(turn.question_id)
            groups.append({"question": {"id": turn.question_id, "order": question.order if question else None,
                                        "text": question.text if question else turn.text}, "turns": []})  # fmt: skip
            if turn.kind == MessageKind.QUESTION:
                continue
        if turn.role == Role.PARTICIPANT:
            groups[-1]["turns"].append(statement(turn.text, turn.id, turn.text, kind="answer"))
        else:
            groups[-1]["turns"].append({"kind": turn.kind, "text": turn.text, "message": turn.id})
    return groups


def highlights(source: Source) -> list[dict]:
    return [
        statement(
            q.text,
            q.message_id,
            q.text,
            highlight=q.id,
            pain=q.pain,
            pain_ai=q.pain_ai,
            pain_ai_reason=q.pain_ai_reason,
            tags=[name for _, name in q.tags],
            themes=[label for _, label in q.themes],
        )
        for q in source.quotes
        if q.message_id is not None
    ]


def themes(source: Source) -> list[dict]:
    found: dict[int, dict] = {}
    for quote in source.quotes:
        for theme_id, label in quote.themes:
            entry = found.setdefault(
                theme_id, {"id": theme_id, "label": label, "size": source.theme_sizes.get(theme_id), "quotes": 0}
            )
            entry["quotes"] += 1
    return list(found.values())


# Threads to pull -------------------------------------------------------------------------------------------------


def _answers_by_question(source: Source) -> dict[int | None, list[Turn]]:
    grouped: dict[int | None, list[Turn]] = {}
    for turn in source.answers:
        grouped.setdefault(turn.question_id, []).append(turn)
    return grouped


def _question_text(source: Source, question_id) -> str:
    return next((q.text for q in source.async_guide if q.id == question_id), "this question")


def unprobed(source: Source) -> list[dict]:
    """Answers the time budget left without a follow-up on questions that allowed some."""
    allowed = {q.id: q.max_follow_ups for q in source.async_guide}
    probed = {t.question_id for t in source.turns if t.kind == MessageKind.PROBE}
    found = []
    for answer, reply in zip(source.turns, source.turns[1:], strict=False):
        if answer.role != Role.PARTICIPANT or reply.role != Role.INTERVIEWER or reply.kind == MessageKind.PROBE:
            continue
        blocked = reply.backend == "policy" and reply.reason.startswith("Time budget")
        if not blocked or allowed.get(answer.question_id, 0) <= 0 or answer.question_id in probed:
            continue
        if read_signals(answer.text).non_answer:
            continue
        phrase = phrase_of(answer.text)
        question = _question_text(source, answer.question_id)
        found.append(statement(
            f"Not followed up: the interview reached its time budget after they answered “{question}” and said "
            f"“{phrase}”.", answer.id, phrase, kind="unprobed", question=answer.question_id,
        ))  # fmt: skip
    return found


def pain_without_story(source: Source) -> list[dict]:
    """Pain 4-5 on a question where they told no concrete episode."""
    by_question = _answers_by_question(source)
    by_id = {t.id: t for t in source.answers}
    found, seen = [], set()
    for quote in source.quotes:
        answer = by_id.get(quote.message_id)
        score = quote.pain_score
        if answer is None or score is None or score < HIGH_PAIN or answer.id in seen:
            continue
        story = False
        for other in by_question.get(answer.question_id, [answer]):
            signals = read_signals(other.text)
            if signals.event or "a sequence of events" in signals.details:
                story = True
        if story:
            continue
        seen.add(answer.id)
        phrase = phrase_of(answer.text, quote.text)
        who = "scored by a person" if quote.pain is not None else "scored by the AI"
        found.append(statement(
            f"Pain {score} ({who}) with no story behind it: they said “{phrase}” but described no specific time it "
            "happened.", answer.id, phrase, kind="pain_without_story", question=answer.question_id,
        ))  # fmt: skip
    return found


@dataclass(frozen=True)
class Majority:
    kind: str  # "tag" or "theme"
    label: str
    count: int
    of: int


def majority(labels: dict[tuple[str, int, str], set[int]], kind: str) -> tuple[Majority, int] | None:
    """The label of `kind` most other participants share on a question, when more than half of them share it."""
    of_kind = {key: people for key, people in labels.items() if key[0] == kind}
    everyone = set().union(*of_kind.values()) if of_kind else set()
    if not of_kind:
        return None
    (_, label_id, label), people = max(of_kind.items(), key=lambda item: (len(item[1]), -item[0][1]))
    if len(people) < MIN_MAJORITY or 2 * len(people) <= len(everyone):
        return None
    return Majority(kind, label, len(people), len(everyone)), label_id


def contradicts_theme(source: Source) -> list[dict]:
    """Their tags or themes on a question leave out the one most others share there."""
    by_id = {t.id: t for t in source.answers}
    found, seen = [], set()
    for question_id, labels in source.others.items():
        quotes = [q for q in source.quotes if q.question_id == question_id and q.message_id in by_id]
        for kind in ("theme", "tag"):
            result = majority(labels, kind)
            own = [(q, q.themes if kind == "theme" else q.tags) for q in quotes]
            own = [(q, found_labels) for q, found_labels in own if found_labels]
            if result is None or not own or question_id in seen:
                continue
            top, top_id = result
            if any(label_id == top_id for _, found_labels in own for label_id, _ in found_labels):
                continue
            seen.add(question_id)
            quote: Quote = own[0][0]
            answer = by_id[quote.message_id]
            phrase = phrase_of(answer.text, quote.text)
            theirs = ", ".join(dict.fromkeys(label for _, found_labels in own for _, label in found_labels))
            found.append(statement(
                f"Differs from most others on “{_question_text(source, question_id)}”: {top.count} of {top.of} "
                f"said {top.kind} “{top.label}”; they said “{phrase}” ({theirs}).", answer.id, phrase,
                kind="contradicts_theme", question=question_id, majority=top.label,
            ))  # fmt: skip
    return found


def threads(source: Source) -> list[dict]:
    return [*unprobed(source), *pain_without_story(source), *contradicts_theme(source)]


# This call's guide ------------------------------------------------------------------------------------------------


def _stems(text: str) -> set[str]:
    return {stem for stem, _ in words(text)}


def place(source: Source, async_question_id, answer_text: str) -> tuple[Question | None, str]:
    """The call's guide question a follow-up belongs after: the one sharing the most words with the async question
    and its answer; without shared words, the one at the same point of its guide. Also says why."""
    guide = source.sync_guide
    if not guide:
        return None, ""
    asked = next((q for q in source.async_guide if q.id == async_question_id), None)
    mine = _stems(f"{asked.text if asked else ''} {answer_text}")
    scored = [(len(mine & _stems(f"{q.text} {q.intent}")), -i, q) for i, q in enumerate(guide)]
    best, _, question = max(scored, key=lambda row: row[:2])
    if best > 0:
        shared = sorted(mine & _stems(f"{question.text} {question.intent}"))
        return question, "shares the words " + ", ".join(f"“{w}”" for w in shared[:4])
    if asked is None or not source.async_guide:
        return guide[-1], "no question shares its words: asked at the end"
    position = [q.id for q in source.async_guide].index(asked.id) / len(source.async_guide)
    return guide[min(len(guide) - 1, int(position * len(guide)))], "no question shares its words: same point"


def guide_with_follow_ups(source: Source, follow_ups: list[dict]) -> list[dict]:
    """The call's guide, each question with the follow-ups placed after it (`follow_ups` carry `after`)."""
    sections = [
        {"question": {"id": q.id, "order": q.order, "text": q.text, "intent": q.intent}, "follow_ups": []}
        for q in source.sync_guide
    ]
    index = {s["question"]["id"]: s for s in sections}
    for follow_up in follow_ups:
        target = index.get(follow_up.pop("after", None))
        if target is not None:
            target["follow_ups"].append(follow_up)
    return sections


def offline_follow_ups(source: Source, found_threads: list[dict]) -> list[dict]:
    """One follow-up per thread, from the participant's own words, linted, with the place it goes."""
    by_id = {t.id: t for t in source.answers}
    made, seen = [], set()
    for thread in found_threads:
        citation = thread["citation"]
        answer = by_id[citation["message"]]
        if (answer.id, thread["kind"]) in seen:
            continue
        seen.add((answer.id, thread["kind"]))
        text = follow_up_text(thread["kind"], citation["quote"])
        question, why = place(source, answer.question_id, answer.text)
        if question is None:
            continue
        made.append(statement(text, answer.id, citation["quote"], thread=thread["kind"], lint=lint_codes(text),
                              after=question.id, placed=why))  # fmt: skip
    return made


def build(source: Source) -> dict:
    """The generated sections of a brief, offline."""
    found = threads(source)
    return {
        "said": said(source),
        "highlights": highlights(source),
        "themes": themes(source),
        "threads": found,
        "guide": guide_with_follow_ups(source, offline_follow_ups(source, found)),
    }
