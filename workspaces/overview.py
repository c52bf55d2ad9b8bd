"""The workspace overview (the home page of a workspace host): what needs the viewer today.

Workspaces know no research domain, so each app registers its sections here from its `AppConfig.ready()`: a
section provider takes the `Viewer` (who, their role, their zone, now) and answers a `Section` (or several, when
one query serves them all), or None when the viewer's role has nothing to do with it. Providers run a fixed number
of queries whatever the rows; the page shows at most `LIMIT` lines per list and counts the rest.

The viewer's zone: the first registered zone finder that knows the user (interviews: a host's schedule zone),
else the workspace's (UTC).
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone

from workspaces.models import User

LIMIT = 10


@dataclass(frozen=True)
class Viewer:
    user: User
    role: str
    zone: ZoneInfo
    now: datetime

    @property
    def today(self) -> date:
        return self.now.astimezone(self.zone).date()

    def day_start(self, day: date) -> datetime:
        return datetime.combine(day, datetime.min.time(), tzinfo=self.zone)

    @property
    def week(self) -> tuple[datetime, datetime]:
        """Monday 00:00 to next Monday 00:00 of this week, in the viewer's zone."""
        monday = self.today - timedelta(days=self.today.weekday())
        return self.day_start(monday), self.day_start(monday + timedelta(days=7))


@dataclass(frozen=True)
class Line:
    text: str
    url: str
    note: str = ""  # a muted detail after the text (a time, a host, a count of more)


@dataclass
class Section:
    key: str
    title: str
    lines: list[Line] = field(default_factory=list)
    summary: str = ""  # one sentence above the lines ("3 calls this week")
    empty: str = "Nothing here."
    more: int = 0  # rows beyond the lines shown
    more_url: str = ""


Provider = Callable[[Viewer], Section | list[Section] | None]
ZoneFinder = Callable[[User], str | None]

_sections: dict[str, tuple[int, Provider]] = {}
_zone_finders: dict[str, ZoneFinder] = {}


def register_section(key: str, provider: Provider, *, order: int) -> None:
    """Add a section; `order` places it on the page (lower first). Registering a key again replaces it."""
    _sections[key] = (order, provider)


def register_zone_finder(key: str, finder: ZoneFinder) -> None:
    _zone_finders[key] = finder


def viewer_zone(user: User) -> ZoneInfo:
    for finder in _zone_finders.values():
        if name := finder(user):
            return ZoneInfo(name)
    return ZoneInfo(settings.TIME_ZONE)


def viewer_for(user: User, role: str, *, now: datetime | None = None) -> Viewer:
    return Viewer(user=user, role=role, zone=viewer_zone(user), now=now or timezone.now())


def overview(viewer: Viewer) -> list[Section]:
    """Every registered section for this viewer, in order."""
    sections = []
    for _, provider in sorted(_sections.values(), key=lambda entry: entry[0]):
        found = provider(viewer)
        if found is not None:
            sections.extend(found if isinstance(found, list) else [found])
    return sections
