"""What the portfolio shows, registered by the apps that know it: workspaces know no research domain.

Each app registers from its `AppConfig.ready()`:
- `Column`s: a figure's key, its heading, how to show it and the page of the workspace it links to;
- a contributor: a function run inside one workspace's schema that answers a `Contribution` (its figures, more
  precise links, its last activity) with a fixed number of queries whatever the rows;
- `Flag`s: a health rule in words and its test on the figures (flags are decided when the row is recomputed, so
  filtering by them is a query on the row);
- the models whose saves and deletes change its figures: a commit that touches one asks for a recompute.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    help: str  # what the number counts, in words (the heading's title)
    path: str  # the page of the workspace this cell opens, unless the contributor gives a better one
    order: int
    kind: str = "count"  # count | percent | spark


@dataclass(frozen=True)
class Flag:
    key: str
    label: str
    rule: str  # the rule in words, shown on the page
    test: Callable[[dict], bool]
    path: str  # the page of the workspace that shows the problem
    link_key: str = ""  # a contributor's link to prefer, when it gave one (the stalled round itself)


@dataclass
class Contribution:
    figures: dict = field(default_factory=dict)
    links: dict = field(default_factory=dict)
    notes: dict = field(default_factory=dict)  # flag key -> what raised it ("Wide net: none since 3 Mar")
    last_activity_at: datetime | None = None


Contributor = Callable[[datetime], Contribution]

_columns: dict[str, Column] = {}
_flags: dict[str, Flag] = {}
_contributors: dict[str, Contributor] = {}
_models: dict[str, type] = {}
_model_listeners: list[Callable[[type], None]] = []


def register_columns(*columns: Column) -> None:
    for column in columns:
        _columns[column.key] = column


def register_flag(flag: Flag) -> None:
    _flags[flag.key] = flag


def register_contributor(key: str, contributor: Contributor) -> None:
    _contributors[key] = contributor


def register_models(*models: type) -> None:
    """Saves and deletes of these models ask for their workspace's row to be recomputed after commit."""
    for model in models:
        label = model._meta.label
        if label not in _models:
            _models[label] = model
            for listen in _model_listeners:
                listen(model)


def on_model_registered(listen: Callable[[type], None]) -> None:
    _model_listeners.append(listen)
    for model in _models.values():
        listen(model)


def columns() -> list[Column]:
    return sorted(_columns.values(), key=lambda c: c.order)


def column(key: str) -> Column | None:
    return _columns.get(key)


def flags() -> list[Flag]:
    return list(_flags.values())


def flag(key: str) -> Flag | None:
    return _flags.get(key)


def contributors() -> list[Contributor]:
    return list(_contributors.values())
