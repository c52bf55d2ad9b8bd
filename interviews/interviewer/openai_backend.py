"""The interviewer backed by an OpenAI-compatible chat model, asked for one JSON turn under a strict schema.

Waiting: the client gets `config.timeout` seconds per attempt (at most 15) and one retry (`max_retries=1`, after
the SDK's ~0.5 s backoff) when the first attempt fails fast (an HTTP 500, a dropped connection); a wall-clock
guard ends the whole wait at the timeout whatever the server does (a hang, slow-drip responses, a long
Retry-After). A participant therefore never waits longer than the timeout before the offline interviewer answers.
"""

import json
import re
import time
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout

import openai

from interviews.interviewer.base import BackendError, Interviewer, InterviewState, Line, Turn
from interviews.interviewer.classify import ASK_AGAIN, NON_ANSWER, AnswerClass
from interviews.interviewer.config import LLMConfig
from interviews.interviewer.phrasing import LANGUAGES, language_of
from interviews.interviewer.policy import (
    NEVER_PROBED,
    answer_class,
    asked_again_already,
    complete_factual,
    reframed_already,
    wary,
)
from interviews.interviewer.quotes import quote_problem, quoted_spans
from studies.guides.lint import lint_question
from workspaces import outbound

MAX_TEXT_CHARS = 400
MAX_LINES = 30  # the conversation in the prompt: the latest lines, enough for any 5-10 minute interview
MAX_LINE_CHARS = 1500
REJECTED_LINT = frozenset({"leading", "survey_speak"})

TURN_SCHEMA = {
    "type": "object",
    "properties": {
        "action": {"type": "string", "enum": ["probe", "next"]},
        "text": {"type": "string"},
        "reason": {"type": "string"},
    },
    "required": ["action", "text", "reason"],
    "additionalProperties": False,
}
RESPONSE_FORMAT = {
    "type": "json_schema",
    "json_schema": {"name": "interviewer_turn", "strict": True, "schema": TURN_SCHEMA},
}

SYSTEM_PROMPT = """\
You are the interviewer of an asynchronous user-research interview. The participant answers a discussion guide \
one question at a time, on their own schedule; after each answer you decide the next turn: a follow-up probe about \
their last answer, or moving on to the next guide question.

How to interview:
- Stay neutral. Never lead: do not suggest an answer, assume a feeling, ask them to agree, or praise or judge \
what they said ("Don't you think…", "How frustrating was…", "Surely…" are all wrong).
- One question at a time: a probe is a single short question (under 25 words), never two questions joined together.
- Refer to what the participant actually said, in their own words: "You mentioned X. Can you tell me more?", \
"Can you give me an example?", "Can you walk me through what happened?" A quote is a whole phrase of their answer \
(a clause or a noun phrase, never cut mid-phrase), copied exactly, with at least three meaningful words; never \
quote a pleasantry ("thanks"), a refusal or a non-answer.
- Ask for stories, examples and impact, never for ratings or scores: no "rate", "on a scale", "how satisfied", \
"how likely". "Tell me about…" beats "Rate your satisfaction with…".
- Plain language: no jargon and no acronyms the participant did not use themselves.
- Keep it short: the whole interview takes 5-10 minutes, so probe only where it adds something the question's \
intent needs.
- Choose "next" when the answer is already rich and concrete (numbers, named tools, a sequence of events), when \
a factual question got a complete answer, when the participant has nothing to add ("no", "nothing", "I don't \
know"), or when no probe would serve the intent.
- The app reads each answer first and tells you its class; keep to what the class allows (it is checked): \
a refusal or a closing is never probed (choose "next"; the app acknowledges it); a non-answer gets "next" or at \
most one reframed question that does not quote it; nonsense, an off-topic answer or a question back gets the guide \
question once more in other, simpler words (as a "probe", without quoting the answer), then "next".
- Never repeat a probe already asked. Write in the participant's language, given below.

Reply with JSON only: {"action": "probe" or "next", "text": ..., "reason": ...}. For "probe", text is the \
follow-up question the participant reads. For "next", text is the next guide question as written (the app asks \
the guide's own words). reason is one sentence for the research team on why you chose this turn."""


# What each class of answer allows, as the prompt states it.
CLASS_RULES = {
    "substantive": "Probe if it adds something the intent needs, otherwise choose next.",
    "short_complete": "It completely answers a factual question: choose next.",
    "non_answer": "Choose next, or at most once reframe the question without quoting them.",
    "refusal": "They declined: choose next, never probe it or quote it.",
    "closing": "They have nothing more to add: choose next.",
    "off_topic": "Bring them back once with the guide question in other words, without quoting them; then next.",
    "nonsense": "Ask the guide question once more in other, simpler words, without quoting them; then next.",
    "question_back": "Answer their question in a few words and ask the guide question again in other words; then next.",
}


def render_line(line: Line) -> str:
    who = "Participant" if line.role == "participant" else f"Interviewer ({line.kind or 'question'})"
    text = " ".join(line.text.split())  # one line each, so the transcript reads unambiguously
    if len(text) > MAX_LINE_CHARS:
        text = text[:MAX_LINE_CHARS] + " […]"
    return f"{who}: {text}"


def build_messages(state: InterviewState) -> list[dict]:
    """The system rules and the interview so far, as chat messages."""
    current = state.current
    left = max(0, current.max_follow_ups - state.probes_on_current)
    later = state.guide[state.current_index + 1 :]
    asked = state.probes_asked
    lines = state.conversation[-MAX_LINES:]
    kind, language = answer_class(state), language_of(state.language)
    context = [
        f"Study: {state.study_title or '(untitled)'}",
        f"Research goal: {state.research_goal or '(not given)'}",
        "",
        f"Current guide question ({state.current_index + 1} of {len(state.guide)}): {current.text}",
        f"Intent (what the team wants to learn): {current.intent or '(not given)'}",
        f"Probing instructions: {current.probing or '(none)'}",
        f"Follow-ups left on this question: {left} (asked {state.probes_on_current} of {current.max_follow_ups})",
        f"Next guide question: {later[0].text if later else '(none: this is the last question)'}",
        f"Time: about {state.minutes_elapsed:g} of {state.time_budget_minutes} minutes used.",
        f"Participant's language: {LANGUAGES[language]} ({language}); write the probe in {LANGUAGES[language]}.",
        "",
        "Probes already asked in this interview (never repeat one):",
        *([f"- {probe}" for probe in asked] or ["- (none)"]),
        "",
        "Conversation so far" + (" (latest lines)" if len(state.conversation) > MAX_LINES else "") + ":",
        *[render_line(line) for line in lines],
        "",
        f"The latest answer reads as: {kind.label.replace('_', ' ')}. {CLASS_RULES[kind.label]}",
        "",
        "Decide the next turn for the participant's latest answer.",
    ]
    return [{"role": "system", "content": SYSTEM_PROMPT}, {"role": "user", "content": "\n".join(context)}]


def _without_quotes(text: str) -> str:
    return re.sub(r"“[^”]*”|\"[^\"]*\"", "", text)


def validate(payload: object, state: InterviewState) -> tuple[str, str, str]:
    """The model's turn as (action, text, reason), or BackendError when it is unusable."""
    if not isinstance(payload, dict):
        raise BackendError("The model's JSON is not an object.", kind="invalid_output")
    action, text, reason = payload.get("action"), payload.get("text"), payload.get("reason")
    if action not in ("probe", "next"):
        raise BackendError(f"The model chose an unknown action {str(action)[:20]!r}.", kind="invalid_output")
    if not isinstance(text, str) or not text.strip():
        raise BackendError("The model's text is empty.", kind="invalid_output")
    text = " ".join(text.split())
    if len(text) >= MAX_TEXT_CHARS:
        raise BackendError(f"The model's text is too long ({len(text)} characters).", kind="invalid_output")
    reason = " ".join(reason.split()) if isinstance(reason, str) else ""
    if action == "probe":
        bare = _without_quotes(text).strip()
        if bare.count("?") > 1 or ("?" in bare and not bare.endswith("?")):
            raise BackendError("The model's probe asks more than one question.", kind="invalid_output")
        # The participant's quoted words are theirs (checked below); the linter reads the interviewer's own.
        codes = sorted({issue.code for issue in lint_question(_without_quotes(text))} & REJECTED_LINT)
        if codes:
            raise BackendError(f"The model's probe is {' and '.join(codes)}: {text[:80]}", kind="invalid_output")
        if _normalised(text) in {_normalised(p) for p in state.probes_asked}:
            raise BackendError("The model repeated a probe already asked.", kind="invalid_output")
        if broken := broken_rule(text, state, answer_class(state)):
            raise BackendError(f"The model's probe breaks the rules: {broken}.", kind="rules")
    return action, text, reason or f"The model chose to {'probe' if action == 'probe' else 'move on'}."


def broken_rule(probe: str, state: InterviewState, kind: AnswerClass) -> str:
    """Which rule for the answer's class a probe breaks ("" when none): the offline interviewer answers instead."""
    label = kind.label.replace("_", " ")
    if kind.label in NEVER_PROBED:
        return f"it probes a {label} answer"
    if wary(kind):
        return f"it probes an answer that may decline or close ({kind.declining:.0%})"
    if kind.label == "substantive" and complete_factual(state.last_answer, kind, state.last_question):
        return "it probes a complete answer to a factual question"
    quotes = quoted_spans(probe)
    if quotes and kind.label in ASK_AGAIN | {NON_ANSWER}:
        return f"it quotes a {label} answer"
    if kind.label in ASK_AGAIN and asked_again_already(state):
        return f"it asks again after a second {label} answer"
    if kind.label == NON_ANSWER and reframed_already(state):
        return "it follows up a second non-answer"
    answers = [line.text for line in state.conversation if line.role == "participant"]
    for quote in quotes:
        problems = [quote_problem(quote, answer) for answer in answers]
        if all(problems):
            found = next((p for p in problems if p != "not the participant's words"), problems[-1] if problems else "")
            return f"its quote “{quote[:60]}” is {found or "not the participant's words"}"
    return ""


def _normalised(text: str) -> str:
    return re.sub(r"\W+", " ", text.casefold()).strip()


# Calls run here so the wall-clock guard can stop waiting; a call left behind still ends by the client's timeout.
_CALLS = ThreadPoolExecutor(max_workers=32, thread_name_prefix="parley-llm")


class OpenAIInterviewer(Interviewer):
    """Asks an OpenAI-compatible chat model for the turn; raises BackendError on any failure or unusable output."""

    name = "openai"

    def __init__(self, config: LLMConfig):
        self.config = config
        try:
            self.client = config.client()
        except openai.OpenAIError as err:
            raise BackendError(f"The OpenAI client could not be set up: {err}", kind="config") from None

    @property
    def deadline(self) -> float:
        """The longest a participant waits for this backend, retry included."""
        return self.config.timeout

    def next_turn(self, state: InterviewState) -> Turn:
        started = time.monotonic()
        completion = self._complete(build_messages(state))
        latency_ms = int((time.monotonic() - started) * 1000)
        action, text, reason = validate(self._payload(completion), state)
        usage = getattr(completion, "usage", None)
        return Turn(
            action=action,
            text=text,
            reason=reason,
            backend=self.name,
            model=getattr(completion, "model", "") or self.config.model,
            latency_ms=latency_ms,
            tokens_in=getattr(usage, "prompt_tokens", None),
            tokens_out=getattr(usage, "completion_tokens", None),
        )

    @staticmethod
    def _payload(completion) -> object:
        """The model's message parsed as JSON; a proxy's HTML page or an odd body is an error, not a crash."""
        choices = getattr(completion, "choices", None)
        if not isinstance(choices, list) or not choices or getattr(choices[0], "message", None) is None:
            raise BackendError("The model endpoint's reply is not a chat completion.", kind="invalid_output")
        choice = choices[0]
        if getattr(choice.message, "refusal", None):
            raise BackendError(f"The model refused: {str(choice.message.refusal)[:120]}", kind="refusal")
        if choice.finish_reason == "length":
            raise BackendError("The model's reply was cut off.", kind="invalid_output")
        try:
            return json.loads(choice.message.content or "")
        except (TypeError, ValueError):
            raise BackendError("The model's reply is not JSON.", kind="invalid_json") from None

    def _complete(self, messages: list[dict]):
        future = _CALLS.submit(
            self.client.chat.completions.create,
            model=self.config.model,
            messages=messages,
            response_format=RESPONSE_FORMAT,
        )
        try:
            return future.result(timeout=self.deadline)
        except FutureTimeout:
            future.cancel()
            raise BackendError(f"The model did not answer within {self.deadline:g} s.", kind="timeout") from None
        except openai.APITimeoutError:
            raise BackendError(f"The model did not answer within {self.config.timeout:g} s.", kind="timeout") from None
        except openai.APIStatusError as err:
            raise BackendError(f"The model endpoint answered HTTP {err.status_code}.", kind="http_status") from None
        except openai.APIConnectionError:
            raise BackendError("Could not connect to the model endpoint.", kind="connection") from None
        except outbound.OutboundError as err:  # a refused address, a reply too large or too slow
            raise BackendError(str(err), kind="refused") from None
        except Exception as err:  # whatever else the client raises, the participant still gets a turn
            raise BackendError(f"The OpenAI client failed: {type(err).__name__}.", kind="error") from None
