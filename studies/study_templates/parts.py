"""The parts of a round that other apps keep in a study template: interviews adds a sync round's booking rules.

studies cannot import interviews (dependencies point one way), so interviews registers its part in its
`AppConfig.ready()`. A part's `content` answers what the library keeps of it for one round (None: the round has
none); its `apply` puts that content on a new round through the owning app's own service and answers what it did
in words, or raises ValidationError, which undoes the whole study."""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class RoundPart:
    key: str  # its key in a round of the template, e.g. "booking_preset"
    label: str  # in words, e.g. "booking rules"
    content: Callable  # (round) -> dict | None
    apply: Callable  # (*, round, content, actor) -> list[str]


_PARTS: dict[str, RoundPart] = {}


def register_round_part(part: RoundPart) -> None:
    _PARTS[part.key] = part  # by key: registering twice (a reloaded app) replaces, never doubles


def round_parts() -> list[RoundPart]:
    return list(_PARTS.values())
