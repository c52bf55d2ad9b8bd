"""The roadmap as CSV: one row per item with its evidence profile and priority, highest priority first.

`items_csv` yields the file line by line (a BOM first, so spreadsheets read UTF-8), so a view can stream it with
`StreamingHttpResponse`; the items and their evidence are read in the board's fixed number of queries.
"""

import csv
import io
from collections.abc import Iterator

from roadmap.selectors import items_list
from synthesis.codebook.exchange_csv import FORMULA_STARTS

COLUMNS = [
    "id", "title", "status", "horizon", "owner", "effort_person_weeks", "external_url", "shipped_at",
    "evidence_links", "insight_links", "quote_links", "quotes", "participants", "interviews", "sync_interviews",
    "async_interviews", "segments", "pain_avg", "pain_max", "latest_evidence", "confidence", "confidence_rule",
    "reach", "impact", "confidence_factor", "score", "explanation",
]  # fmt: skip


def _cell(value) -> str:
    """Text a spreadsheet shows as is: empty for None, ISO dates, and a ' before what it would run as a formula."""
    if value is None:
        return ""
    if hasattr(value, "isoformat"):
        return value.isoformat()
    text = str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def segments_text(segments: dict[str, dict[str, int]]) -> str:
    """{"plan": {"team": 2, "free": 1}} as "plan: team 2, free 1"; attributes separated by "; "."""
    return "; ".join(
        f"{name}: {', '.join(f'{value} {count}' for value, count in values.items())}"
        for name, values in segments.items()
    )


def item_row(item) -> list[str]:
    profile, priority = item.profile, item.priority
    values = [
        item.pk, item.title, item.status, item.horizon, item.owner.email if item.owner else None, item.effort,
        item.external_url, item.shipped_at, item.link_count, item.insight_count, item.highlight_count,
        profile.highlights, profile.participants, profile.interviews, profile.sync_interviews,
        profile.async_interviews, segments_text(profile.segments), profile.pain_avg, profile.pain_max,
        profile.latest, priority.confidence, priority.confidence_rule, priority.reach, priority.impact,
        priority.confidence_factor, priority.score, " ".join(priority.explanation),
    ]  # fmt: skip
    return [_cell(value) for value in values]


def items_csv(**filters) -> Iterator[str]:
    """The CSV text in chunks (a header, then one line per item); `filters` are those of `selectors.items_list`."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")

    def line(cells) -> str:
        buffer.seek(0)
        buffer.truncate()
        writer.writerow(cells)
        return buffer.getvalue()

    yield "\ufeff" + line(COLUMNS)
    for item in items_list(**filters):
        yield line(item_row(item))
