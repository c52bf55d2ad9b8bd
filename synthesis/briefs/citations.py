"""Every statement of a brief cites an answer of its session with words that occur in it; the rest are dropped.

Both backends go through `verify`: the offline builder's statements pass by construction (a changed answer would
not), the model's pass only when its message id is one of this session's answers and its quote is in that answer.
"""

from synthesis.jobs.autotag import find_quote


def exact_quote(text: str, quote) -> str | None:
    """The quote as it stands in `text` (a model's spacing or case forgiven), or None when it is not there."""
    if not isinstance(quote, str):
        return None
    span = find_quote(text, quote)
    return text[span[0] : span[1]] if span else None


def cited(item, answers: dict[int, str]) -> dict | None:
    """The statement with its quote made exact, or None when its citation does not hold."""
    citation = item.get("citation") if isinstance(item, dict) else None
    if not isinstance(citation, dict) or not str(item.get("text") or "").strip():
        return None
    message = citation.get("message")
    if isinstance(message, bool) or not isinstance(message, int) or message not in answers:
        return None
    quote = exact_quote(answers[message], citation.get("quote"))
    if quote is None:
        return None
    return {**item, "citation": {"message": message, "quote": quote}}


def keep_cited(items: list, answers: dict[int, str]) -> tuple[list[dict], int]:
    kept = [checked for item in items if (checked := cited(item, answers)) is not None]
    return kept, len(items) - len(kept)


def verify(sections: dict, answers: dict[int, str]) -> int:
    """Drop every statement of `sections` (in place) whose citation does not hold; how many were dropped."""
    dropped = 0
    for group in sections.get("said", []):
        turns = []
        for turn in group["turns"]:
            if turn.get("kind") != "answer":
                turns.append(turn)
            elif (checked := cited(turn, answers)) is not None:
                turns.append(checked)
            else:
                dropped += 1
        group["turns"] = turns
    for key in ("highlights", "threads"):
        sections[key], lost = keep_cited(sections.get(key, []), answers)
        dropped += lost
    for entry in sections.get("guide", []):
        entry["follow_ups"], lost = keep_cited(entry["follow_ups"], answers)
        dropped += lost
    return dropped
