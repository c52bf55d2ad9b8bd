"""The offline answer: no generated prose. The retrieved quotes grouped by tag (a highlight's tags; "Not yet coded"
for answers no highlight covers), biggest group first, each group with its quotes' numbers and how many came from
each segment, so a reader sees what was said and by whom at a glance."""

from collections import Counter, defaultdict

from synthesis.ask.selectors import Quote

UNCODED = "Not yet coded"


def groups(quotes: list[Quote]) -> list[dict]:
    by_group: dict[str, list[Quote]] = defaultdict(list)
    for quote in quotes:
        for name in quote.tags or [UNCODED]:
            by_group[name].append(quote)
    ordered = sorted(by_group.items(), key=lambda item: (item[0] == UNCODED, -len(item[1]), item[0].lower()))
    return [
        {
            "label": label,
            "quotes": [q.n for q in members],
            "participants": len({q.participant_id or q.who for q in members}),
            "segments": dict(Counter(q.segment or "no segment" for q in members).most_common()),
        }
        for label, members in ordered
    ]


def answer_text(grouped: list[dict], total: int) -> str:
    """One line per group, citing its quotes: what the API's `answer` carries offline."""
    if not grouped:
        return "No quotes match this question's words."
    lines = [
        f"{total} quote{'s' if total != 1 else ''} match, grouped by tag (offline: quotes only, no generated text)."
    ]
    for group in grouped:
        segments = ", ".join(f"{name} {count}" for name, count in group["segments"].items())
        cites = "".join(f"[{n}]" for n in group["quotes"])
        lines.append(
            f"{group['label']}: {len(group['quotes'])} quotes from {group['participants']} "
            f"participant{'s' if group['participants'] != 1 else ''} ({segments}) {cites}"
        )
    return "\n".join(lines)
