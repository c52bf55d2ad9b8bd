"""What a guide version holds and how two versions differ: pure functions over the snapshots, no queries.

A snapshot lists the questions in order, each with the id of its GuideQuestion: ids are what make a question the
same question across versions, so an edit, a move, an addition and a deletion are told apart."""

from dataclasses import dataclass
from decimal import Decimal

SNAPSHOT_FIELDS = ("text", "intent", "probing", "max_follow_ups", "estimated_minutes")
FIELD_LABELS = {
    "intent": "intent",
    "probing": "probing instructions",
    "max_follow_ups": "follow-up limit",
    "estimated_minutes": "estimated minutes",
}


def snapshot(questions) -> list[dict]:
    """The questions (GuideQuestion rows, in order) as a version stores them: JSON, minutes as text."""
    return [
        {
            "id": q.pk,
            "text": q.text,
            "intent": q.intent,
            "probing": q.probing,
            "max_follow_ups": q.max_follow_ups,
            "estimated_minutes": str(Decimal(q.estimated_minutes).quantize(Decimal("0.1"))),
        }
        for q in questions
    ]


@dataclass(frozen=True)
class Change:
    """One difference between a version and the one before it, for the guide page."""

    kind: str  # "added" | "removed" | "reworded" | "edited" | "moved"
    position: int  # the question's number: in the new version, or in the old one for a removal
    text: str  # the question's text (the new text when reworded)
    old: str = ""  # reworded: the old text; edited: the old value; moved: the old position
    field: str = ""  # edited: which field, in words
    new: str = ""  # edited: the new value

    @property
    def summary(self) -> str:
        if self.kind == "added":
            return f"Added question {self.position}"
        if self.kind == "removed":
            return f"Removed question {self.position}"
        if self.kind == "reworded":
            return f"Reworded question {self.position}"
        if self.kind == "moved":
            return f"Moved question {self.old} to {self.position}"
        return f"Changed the {self.field} of question {self.position}"


def diff(old: list[dict], new: list[dict]) -> list[Change]:
    """What changed from `old` to `new`: removals, then additions, rewordings, other edits and moves in the new
    order. A move is a change of rank among the questions both versions share, so an addition above a question
    does not count as moving it."""
    old_by_id = {item["id"]: (position, item) for position, item in enumerate(old, start=1)}
    new_ids = {item["id"] for item in new}
    changes = [
        Change("removed", position, item["text"])
        for item_id, (position, item) in old_by_id.items()
        if item_id not in new_ids
    ]
    shared_old = [item["id"] for item in old if item["id"] in new_ids]
    shared_new = [item["id"] for item in new if item["id"] in old_by_id]
    old_rank = {item_id: rank for rank, item_id in enumerate(shared_old)}
    new_rank = {item_id: rank for rank, item_id in enumerate(shared_new)}
    for position, item in enumerate(new, start=1):
        if item["id"] not in old_by_id:
            changes.append(Change("added", position, item["text"]))
            continue
        old_position, before = old_by_id[item["id"]]
        if before["text"] != item["text"]:
            changes.append(Change("reworded", position, item["text"], old=before["text"]))
        for name, label in FIELD_LABELS.items():
            if str(before.get(name, "")) != str(item.get(name, "")):
                changes.append(
                    Change("edited", position, item["text"], old=str(before.get(name, "")), field=label,
                           new=str(item.get(name, "")))
                )  # fmt: skip
        if old_rank[item["id"]] != new_rank[item["id"]]:
            changes.append(Change("moved", position, item["text"], old=str(old_position)))
    return changes
