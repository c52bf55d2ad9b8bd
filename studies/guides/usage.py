"""Who is using a round's guide: interviews in progress, calls ahead, interviews started on each version.

studies cannot import interviews (dependencies point one way), so interviews fills this registry in its
`AppConfig.ready()`. A counter takes a round id and answers a dict with any of the `GuideUsage` fields; each runs
a fixed number of queries, whatever the number of sessions."""

from collections.abc import Callable
from dataclasses import dataclass, field

UsageCounter = Callable[[int], dict]
_COUNTERS: dict[str, UsageCounter] = {}


@dataclass
class GuideUsage:
    in_progress: int = 0  # async interviews started and not finished
    calls_ahead: int = 0  # sync calls booked from now on
    by_version: dict[int, int] = field(default_factory=dict)  # version id -> interviews started on it


def register_guide_usage(name: str, counter: UsageCounter) -> None:
    _COUNTERS[name] = counter  # by name: registering twice (a reloaded app) replaces, never doubles


def guide_usage(round_id: int) -> GuideUsage:
    usage = GuideUsage()
    for counter in _COUNTERS.values():
        numbers = counter(round_id)
        usage.in_progress += numbers.get("in_progress", 0)
        usage.calls_ahead += numbers.get("calls_ahead", 0)
        for version_id, count in numbers.get("by_version", {}).items():
            usage.by_version[version_id] = usage.by_version.get(version_id, 0) + count
    return usage
