"""The interviewer's one interface: given the guide and the conversation so far, decide the next turn."""

from dataclasses import dataclass, field
from decimal import Decimal


@dataclass(frozen=True)
class GuideItem:
    """One question of the round's discussion guide, as the interviewer sees it."""

    id: int
    text: str
    intent: str = ""
    probing: str = ""
    max_follow_ups: int = 2
    estimated_minutes: Decimal = Decimal("1.5")


@dataclass(frozen=True)
class Line:
    """One message of the conversation so far."""

    role: str  # "interviewer" | "participant"
    text: str
    question_id: int | None = None  # the guide question it belongs to
    kind: str = ""  # interviewer lines: "question" | "probe" | "close"; participant lines: "answer"


@dataclass(frozen=True)
class InterviewState:
    """Everything a backend may use to decide; built by the session service, never by a backend."""

    guide: list[GuideItem]
    conversation: list[Line]  # oldest first; the last line is the participant's latest answer
    current_index: int  # index in `guide` of the question being discussed
    probes_on_current: int  # follow-ups already asked on the current question
    minutes_elapsed: float  # estimated interview time so far (guide minutes of the questions done + probes)
    time_budget_minutes: int = 10
    study_title: str = ""
    research_goal: str = ""
    language: str = "en"  # the participant's locale chooses it; see phrasing.language_of

    @property
    def current(self) -> GuideItem:
        return self.guide[self.current_index]

    @property
    def last_answer(self) -> str:
        return next((line.text for line in reversed(self.conversation) if line.role == "participant"), "")

    @property
    def last_question(self) -> str:
        """The interviewer's line the latest answer replies to (the guide question or a probe). A line that only
        answered the participant's own question ("¿Por el anillo o por el reloj?" - "Por el anillo.") asked nothing:
        the answer after it replies to the question asked before."""
        lines = self.conversation
        last = max((i for i, line in enumerate(lines) if line.role == "participant"), default=len(lines))
        for i in range(last - 1, -1, -1):
            line = lines[i]
            if line.role != "interviewer":
                continue
            # Their question may stand anywhere in their line ("single or king size? it's different"), the reply
            # a few words ("A king-size one, say.").
            asked = i > 0 and lines[i - 1].role == "participant" and "?" in lines[i - 1].text
            answered = asked and (lines[i - 1].text.rstrip().endswith("?") or len(line.text.split()) <= 8)
            if not (answered and "?" not in line.text):
                return line.text
        return next((line.text for line in reversed(lines[:last]) if line.role == "interviewer"), "")

    @property
    def on_current(self) -> list[Line]:
        """The lines since the current guide question was asked, that question included."""
        lines = self.conversation
        start = max((i for i, line in enumerate(lines) if line.role == "interviewer" and line.kind == "question"),
                    default=0)  # fmt: skip
        return lines[start:]

    @property
    def probes_asked(self) -> list[str]:
        return [line.text for line in self.conversation if line.role == "interviewer" and line.kind == "probe"]


@dataclass(frozen=True)
class Turn:
    """What the interviewer does next, and why; recorded on the interviewer's message."""

    action: str  # "probe" (follow up on the last answer) | "next" (ask guide[next_index]) | "close"
    text: str  # what the participant reads: the probe, the next guide question, or the closing words
    reason: str  # why this turn, in one sentence for the staff session page
    next_index: int | None = None  # for "next": the index in the guide of the question asked
    backend: str = "offline"
    model: str = ""
    latency_ms: int = 0
    tokens_in: int | None = None
    tokens_out: int | None = None
    fallback_error: str = ""  # set when the openai backend failed and offline answered instead
    meta: dict = field(default_factory=dict)


class Interviewer:
    """A backend. `next_turn` must not raise for bad model output: it returns a valid turn or raises
    BackendError, which the caller answers by falling back to the offline backend."""

    name = "base"

    def next_turn(self, state: InterviewState) -> Turn:  # pragma: no cover - interface
        raise NotImplementedError


class BackendError(Exception):
    """The backend could not produce a valid turn (timeout, HTTP error, invalid output).

    `kind` names the failure in a word ("timeout", "connection", "http_status", "invalid_json", "invalid_output",
    "refusal", "config", or "rules" for a probe that breaks what the answer's class allows), so fallbacks can be
    counted by cause without parsing messages."""

    def __init__(self, message: str = "", kind: str = "error"):
        super().__init__(message)
        self.kind = kind
