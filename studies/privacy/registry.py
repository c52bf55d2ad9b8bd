"""What each app erases and exports for one participant, so that erasure and access requests cover every app.

studies cannot import interviews, synthesis or roadmap (dependencies point one way): each app registers, in its
`AppConfig.ready()`, an eraser that deletes (or with `dry_run` only counts) its own rows about the participant,
and an exporter that returns them as JSON-ready dicts. Erasers run highest `order` first, so a later app's rows go
before the rows of the apps they hang on (highlights before the transcripts they quote).
"""

from collections.abc import Callable
from dataclasses import dataclass

from studies.models import Participant

Eraser = Callable[..., dict[str, int]]  # (participant, *, dry_run) -> {"what": how many}
Exporter = Callable[[Participant], dict[str, list]]  # participant -> {"section": [rows]}


@dataclass(frozen=True)
class _Entry:
    order: int
    name: str
    func: Callable


_ERASERS: list[_Entry] = []
_EXPORTERS: list[_Entry] = []


def _add(entries: list[_Entry], order: int, func: Callable) -> Callable:
    name = f"{func.__module__}.{func.__qualname__}"
    if all(entry.name != name for entry in entries):
        entries.append(_Entry(order, name, func))
        entries.sort(key=lambda entry: -entry.order)
    return func


def register_eraser(order: int) -> Callable[[Eraser], Eraser]:
    return lambda func: _add(_ERASERS, order, func)


def register_exporter(order: int) -> Callable[[Exporter], Exporter]:
    return lambda func: _add(_EXPORTERS, order, func)


def erasers() -> list[Eraser]:
    return [entry.func for entry in _ERASERS]


def exporters() -> list[Exporter]:
    return [entry.func for entry in sorted(_EXPORTERS, key=lambda entry: entry.order)]


# Retention: each app deletes its own raw interview data older than a cutoff (and, when the workspace keeps
# highlights, pseudonymises what it keeps). Highest order first, as erasers.
Retainer = Callable[..., dict[str, int]]  # (*, cutoff, keep_highlights) -> {"what": how many}
_RETAINERS: list[_Entry] = []


def register_retainer(order: int) -> Callable[[Retainer], Retainer]:
    return lambda func: _add(_RETAINERS, order, func)


def retainers() -> list[Retainer]:
    return [entry.func for entry in _RETAINERS]


# Files with a retention period of their own (calls' recordings: `Governance.recording_retention_days`, on even when
# the general retention is off): (*, now, rules) -> {"what": how many}.
_FILE_RETAINERS: list[_Entry] = []


def register_file_retainer(order: int) -> Callable[[Retainer], Retainer]:
    return lambda func: _add(_FILE_RETAINERS, order, func)


def file_retainers() -> list[Retainer]:
    return [entry.func for entry in _FILE_RETAINERS]
