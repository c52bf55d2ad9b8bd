"""What later apps show on a participant's page: their interviews, async sessions and calls, side by side.

studies cannot import interviews or synthesis (dependencies point one way), so they fill this registry in their
`AppConfig.ready()`: a source lists a participant's interviews of one kind, an annotator adds to the entries of
others (synthesis adds how many highlights each transcript has). Each source and annotator runs a fixed number of
queries, so the page's budget does not grow with the person's history.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from studies.models import Participant


@dataclass
class InterviewEntry:
    kind: str  # "async" or "sync", as RoundKind
    key: str  # "session:12", "booking:5": what annotators match on
    title: str
    when: datetime | None
    status: str
    url: str
    transcript_id: int | None = None
    transcript_url: str = ""
    links: list[tuple[str, str]] = field(default_factory=list)  # (label, url)
    notes: list[str] = field(default_factory=list)


Source = Callable[[Participant], list[InterviewEntry]]
Annotator = Callable[[Participant, list[InterviewEntry]], None]
_SOURCES: list[Source] = []
_ANNOTATORS: list[Annotator] = []


def register_interview_source(source: Source) -> Source:
    if source not in _SOURCES:
        _SOURCES.append(source)
    return source


def register_interview_annotator(annotator: Annotator) -> Annotator:
    if annotator not in _ANNOTATORS:
        _ANNOTATORS.append(annotator)
    return annotator


def participant_interviews(participant: Participant) -> dict[str, list[InterviewEntry]]:
    """The participant's interviews by kind, newest first: {"async": [...], "sync": [...]}."""
    entries = [entry for source in _SOURCES for entry in source(participant)]
    for annotator in _ANNOTATORS:
        annotator(participant, entries)
    entries.sort(key=lambda e: (e.when is None, -(e.when.timestamp() if e.when else 0)))
    return {
        "async": [e for e in entries if e.kind == "async"],
        "sync": [e for e in entries if e.kind == "sync"],
    }
