"""Rules every backend obeys: the probe limit per question, the session's time budget, and the shape of moving on.

`decide` applies them before asking a backend, so a backend only ever chooses between probing and moving on, and
the guide question or the closing words are never the model's to write.
"""

from dataclasses import replace

from interviews.interviewer.base import Interviewer, InterviewState, Turn

PROBE_MINUTES = 0.75  # what one follow-up adds to the interview; the session service adds the same
CLOSING_TEXT = "That's all my questions. Thank you for taking the time to share your experience."


def remaining_minutes(state: InterviewState) -> float:
    """Guide minutes still ahead: the questions after the current one."""
    return float(sum(item.estimated_minutes for item in state.guide[state.current_index + 1 :]))


def probe_blocker(state: InterviewState) -> str:
    """Why no follow-up may be asked now, in words for the staff page; "" when one may."""
    current = state.current
    if current.max_follow_ups <= 0:
        return "This question allows no follow-ups"
    if state.probes_on_current >= current.max_follow_ups:
        return f"Asked {state.probes_on_current} of {current.max_follow_ups} follow-ups on this question"
    remaining = remaining_minutes(state)
    if state.minutes_elapsed + remaining + PROBE_MINUTES > state.time_budget_minutes:
        return (
            f"Time budget: {state.minutes_elapsed:g} min used and {remaining:g} min of questions left leave no room"
            f" for a {PROBE_MINUTES:g}-min follow-up within {state.time_budget_minutes} min"
        )
    return ""


def move_on(state: InterviewState, reason: str, **fields) -> Turn:
    """The next guide question, verbatim, or the closing words after the last one."""
    index = state.current_index + 1
    if index < len(state.guide):
        return Turn(action="next", text=state.guide[index].text, reason=reason, next_index=index, **fields)
    return Turn(action="close", text=CLOSING_TEXT, reason=reason, **fields)


def decide(state: InterviewState, backend: Interviewer) -> Turn:
    """The next turn: the policy's own when probing is not allowed, otherwise the backend's, normalised.

    A backend's "next" (or "close") becomes the right next question or the close, keeping its reason and
    bookkeeping; BackendError from the backend propagates to the caller."""
    blocker = probe_blocker(state)
    if blocker:
        last = state.current_index + 1 >= len(state.guide)
        return move_on(state, f"{blocker}: {'closed the interview' if last else 'moved on'}.", backend="policy")
    turn = backend.next_turn(state)
    if turn.action == "probe":
        return turn
    moved = move_on(state, turn.reason)
    return replace(turn, action=moved.action, text=moved.text, next_index=moved.next_index)
