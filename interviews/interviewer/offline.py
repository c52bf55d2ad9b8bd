"""The interviewer that needs no network: follow-ups built from the participant's own words, deterministic.

It classifies the latest answer first (classify.py) and keeps to what its class allows (policy.py): refusals,
closings, non-answers and complete answers move on, nonsense, asides and questions back get the question once more
in other words (unless the learned classifier finds a refusal or a closing likely: then it moves on, policy.wary),
and only substantive answers are probed, unless they read as complete to the follow-up model learned
from labelled interviews (learned.py). A probe reads the answer for a few signals (signals.py)
and follows the strongest one, quoting a whole phrase of the participant back ("You mentioned “the export kept
timing out”. Can you tell me more about that?"), as the seed article's "Use Smart Follow-ups" asks: a specific
event gets a request for the story, feeling a question about its impact, a general claim a request for an example,
anything else a quote and "tell me more". Every probe it can produce is checked against the guide linter before it
is used, and it speaks the participant's language (phrasing.py).
"""

import re

from interviews.interviewer.base import Interviewer, InterviewState, Turn
from interviews.interviewer.classify import (
    ASK_AGAIN,
    CLOSING,
    NON_ANSWER,
    OFF_TOPIC,
    REFUSAL,
    SHORT_COMPLETE,
    AnswerClass,
)
from interviews.interviewer.learned import FOLLOW_UP_CONFIDENT, TROUBLE_COMPLETE, learned_follow_up
from interviews.interviewer.phrases import PLEASANTRY_RE
from interviews.interviewer.phrasing import PROBES, asked_again, language_of
from interviews.interviewer.policy import (
    answer_class,
    asked_again_already,
    complete_factual,
    move_on,
    still_off_the_question,
    wary,
)
from interviews.interviewer.quotes import salient_phrase
from interviews.interviewer.signals import Signals, plain, read_signals
from studies.guides.lint import lint_question

# A probe with any of these would push the participant, turn the interview into a survey, or not be read.
FORBIDDEN_LINT = frozenset({"leading", "survey_speak", "yes_no_opener", "double_barrelled", "too_long", "hypothetical"})
TEMPLATES = PROBES["en"]
_I = re.IGNORECASE

WHY = {
    "story": "Answer mentions an event (“{w}”): asked for the story.",
    "impact": "Answer carries feeling (“{w}”): asked about impact.",
    "example": "Answer is general (“{w}”): asked for an example.",
    "quote": "Answer names a problem (“{w}”): quoted it back and asked for more.",
    "quote_plain": "Quoted the answer's key phrase (“{w}”) back and asked for more.",
    "more": "Answer is short and gives little to quote: asked for more.",
}
MOVES = {
    REFUSAL: "Declined to answer: acknowledged it without quoting and moved on.",
    CLOSING: "Nothing more to add: thanked them and moved on.",
    "leaving": "Asked to stop: closed the interview.",
    NON_ANSWER: "Non-answer (“{said}”): moved on politely.",
    SHORT_COMPLETE: "Short, complete answer to a factual question: moved on.",
    "factual": "Complete answer to a factual question: moved on.",
    "nonsense": "Answer has no words to work with (“{said}”): asked the question again in other words.",
    "off_topic": "Answer is off the question (“{said}”): brought them back with the question in other words.",
    "question_back": "Participant asked a question back: reassured them and asked again in other words.",
    "again": "Asked this question again once already: moved on.",
    "wary": "Answer may decline or close (the classifier gives it {p:.0%}): thanked them and moved on, asking nothing.",
}
ANTICIPATED = re.compile(r"\b(?:would|'d|might|could|will|if|worry about|afraid of)\b[^.!?]*$", _I)
PAST_FEELING = re.compile(r"\b(?:was|were|had|felt|got|been)\b|\w+ed\b", _I)


def _impact_templates(answer: str, feeling: re.Match, positive: bool) -> tuple[str, ...]:
    """Ask about impact in the tense the participant used; a fear or a wish is asked about, not how it went."""
    before = plain(answer)[max(0, feeling.start() - 40) : feeling.start()]
    if ANTICIPATED.search(before):
        return TEMPLATES["impact_wished" if positive else "impact_anticipated"]
    if positive:
        return TEMPLATES["impact_positive"]
    around = plain(answer)[max(0, feeling.start() - 25) : feeling.end()]
    return TEMPLATES["impact_past" if PAST_FEELING.search(around) else "impact_present"]


def _normalised(text: str) -> str:
    return re.sub(r"[^\w]+", " ", text.casefold()).strip()


def probe_is_clean(text: str) -> bool:
    """A probe may be used only if the guide linter finds nothing leading, survey-like, yes/no, two-in-one or long."""
    return not any(issue.code in FORBIDDEN_LINT for issue in lint_question(text))


def candidates(answer: str, signals: Signals, language: str = "en") -> list[tuple[str, str, str, str]]:
    """Every probe that fits the answer, best first, as (kind, text, reason, phrase).

    In English the strongest signal chooses the kind of probe; in other languages the signals are not read and the
    probe quotes the answer's most contentful phrase or asks for more."""
    plan: list[tuple[str, re.Match | None]] = []
    if language == "en":
        if signals.event:
            plan.append(("story", signals.event))
        if signals.feeling:
            plan.append(("impact", signals.feeling))
        if signals.general:
            plan.append(("example", signals.general))
    plan.append(("quote", signals.problem if language == "en" else None))
    table, out = PROBES[language], []
    for kind, anchor in plan:
        phrase = salient_phrase(answer, anchor)
        if kind == "quote" and not phrase:
            continue  # "Yes." has nothing worth quoting back
        templates = table[kind] if kind != "impact" else _impact_templates(answer, anchor, signals.feeling_positive)
        if kind == "quote":
            why = WHY["quote"].format(w=anchor.group()) if anchor else WHY["quote_plain"].format(w=phrase)
        else:
            why = WHY[kind].format(w=anchor.group())
        for template in templates:
            if "{p}" not in template or phrase:
                out.append((kind, template.format(p=phrase), why, phrase))
    out += [("more", text, WHY["more"], "") for text in table["more"]]
    return out


class OfflineInterviewer(Interviewer):
    """Deterministic follow-ups from the participant's own words; no network, no model."""

    name = "offline"

    def next_turn(self, state: InterviewState) -> Turn:
        answer, language = state.last_answer, language_of(state.language)
        kind = answer_class(state)
        if wary(kind):
            return move_on(state, MOVES["wary"].format(p=kind.declining), meta={"signal": "wary",
                           "declining": kind.declining})  # fmt: skip
        if kind.label == "substantive" and still_off_the_question(state):
            kind = AnswerClass(OFF_TOPIC, "still off the question")
        if kind.label != "substantive":
            return self._not_probed(state, kind, language)
        # Pleasantries ("Good question.") are blanked out, same length, so no probe picks on them.
        answer = PLEASANTRY_RE.sub(lambda m: " " * len(m.group()), answer)
        signals = read_signals(answer)
        if complete_factual(answer, kind, state.last_question):
            return move_on(state, MOVES["factual"], meta={"signal": "factual"})
        move, sure = learned_follow_up(state.last_answer, state.last_question)
        # An answer that names a problem or a feeling is left only when the model is quite sure it is complete.
        needed = TROUBLE_COMPLETE if move == "next" and (signals.problem or signals.feeling) else FOLLOW_UP_CONFIDENT
        if sure < needed:  # a weak guess: the rules' count of words and details decides
            move, sure = ("next" if signals.rich else "probe"), 0.0
        if move == "next":
            detail = f" with {' and '.join(signals.details)}" if signals.details else ""
            judged = f"; the follow-up model is {sure:.0%} sure" if sure else ""
            return move_on(state, f"Answer is already complete ({signals.words} words{detail}{judged}): moved on.",
                           meta={"signal": "complete", "learned": round(sure, 2)})  # fmt: skip
        asked = {_normalised(text) for text in state.probes_asked}
        for probe_kind, text, reason, phrase in candidates(answer, signals, language):
            if _normalised(text) not in asked and probe_is_clean(text):
                return Turn(action="probe", text=text, reason=reason, meta={"probe_kind": probe_kind, "phrase": phrase})
        return move_on(state, "Every follow-up that fits this answer was already asked: moved on.", meta={})

    @staticmethod
    def _not_probed(state: InterviewState, kind: AnswerClass, language: str) -> Turn:
        """The move for an answer that is not probed: ask again once, or move on (close when they want to stop)."""
        said = " ".join(kind.evidence.split()).strip(".!?,;: ")[:40] or "no answer"
        meta = {"signal": kind.label}
        if kind.label in ASK_AGAIN:
            if asked_again_already(state):
                return move_on(state, MOVES["again"], label=kind.label, meta=meta)
            text = asked_again(language, kind.label, state.current.text)
            return Turn(action="probe", text=text, reason=MOVES[kind.label].format(said=said),
                        meta={**meta, "move": "rephrase"})  # fmt: skip
        reason = MOVES["leaving" if kind.leaving else kind.label].format(said=said)
        return move_on(state, reason, label=kind.label, leaving=kind.leaving, meta=meta)
