"""The time zones a participant chooses from: the common ones first (with their current offset and local time),
then every zone of the tz database's zone.tab, the list made for people choosing where they live. Names the list
leaves out ("Factory", "localtime", "Etc/GMT+5") are no choice; old spellings ("Asia/Calcutta", "US/Central")
become today's ("Asia/Kolkata", "America/Chicago") through the database's links.
"""

import functools
import zoneinfo
from dataclasses import dataclass
from datetime import datetime
from importlib import resources
from pathlib import Path
from zoneinfo import ZoneInfo

from django.utils import translation
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from interviews.participant_pages import format_time
from studies.models import timezone_names

UTC_NAME = "UTC"
# Where most participants live, one zone per distinct region people name, labelled by its best-known city.
COMMON_ZONES: dict[str, str] = {
    "Pacific/Honolulu": "Honolulu",
    "America/Anchorage": "Anchorage",
    "America/Los_Angeles": "Los Angeles, Vancouver",
    "America/Phoenix": "Phoenix",
    "America/Denver": "Denver",
    "America/Mexico_City": "Mexico City",
    "America/Chicago": "Chicago",
    "America/Bogota": "Bogotá",
    "America/Lima": "Lima",
    "America/New_York": "New York",
    "America/Toronto": "Toronto",
    "America/Halifax": "Halifax",
    "America/Santiago": "Santiago",
    "America/Sao_Paulo": "São Paulo",
    "America/Argentina/Buenos_Aires": "Buenos Aires",
    "America/St_Johns": "St. John's",
    "Atlantic/Reykjavik": "Reykjavík",
    UTC_NAME: "UTC",
    "Europe/London": "London",
    "Europe/Dublin": "Dublin",
    "Europe/Lisbon": "Lisbon",
    "Africa/Lagos": "Lagos",
    "Europe/Madrid": "Madrid",
    "Europe/Paris": "Paris",
    "Europe/Brussels": "Brussels",
    "Europe/Amsterdam": "Amsterdam",
    "Europe/Berlin": "Berlin",
    "Europe/Zurich": "Zurich",
    "Europe/Vienna": "Vienna",
    "Europe/Rome": "Rome",
    "Europe/Stockholm": "Stockholm",
    "Europe/Warsaw": "Warsaw",
    "Africa/Johannesburg": "Johannesburg",
    "Africa/Cairo": "Cairo",
    "Europe/Athens": "Athens",
    "Europe/Helsinki": "Helsinki",
    "Europe/Kyiv": "Kyiv",
    "Asia/Jerusalem": "Jerusalem",
    "Europe/Istanbul": "Istanbul",
    "Africa/Nairobi": "Nairobi",
    "Europe/Moscow": "Moscow",
    "Asia/Riyadh": "Riyadh",
    "Asia/Dubai": "Dubai",
    "Asia/Karachi": "Karachi",
    "Asia/Kolkata": "India (Kolkata, Mumbai, Delhi)",
    "Asia/Dhaka": "Dhaka",
    "Asia/Bangkok": "Bangkok",
    "Asia/Jakarta": "Jakarta",
    "Asia/Singapore": "Singapore",
    "Asia/Manila": "Manila",
    "Asia/Hong_Kong": "Hong Kong",
    "Asia/Shanghai": "China (Beijing, Shanghai)",
    "Asia/Taipei": "Taipei",
    "Asia/Seoul": "Seoul",
    "Asia/Tokyo": "Tokyo",
    "Australia/Perth": "Perth",
    "Australia/Adelaide": "Adelaide",
    "Australia/Brisbane": "Brisbane",
    "Australia/Sydney": "Sydney, Melbourne",
    "Pacific/Auckland": "Auckland",
}


def _tz_file(name: str) -> str:
    """A file of the tz database: the `tzdata` package's (pinned, so every machine has the same), else the OS's."""
    try:
        return resources.files("tzdata").joinpath("zoneinfo", name).read_text(encoding="utf-8")
    except (ModuleNotFoundError, FileNotFoundError):
        for folder in zoneinfo.TZPATH:
            path = Path(folder) / name
            if path.exists():
                return path.read_text(encoding="utf-8")
    return ""


@functools.cache
def canonical_zones() -> frozenset[str]:
    """zone.tab's zones (one or more per country) that this machine can load, and UTC."""
    names = {UTC_NAME}
    for line in _tz_file("zone.tab").splitlines():
        if line and not line.startswith("#"):
            names.add(line.split("\t")[2])
    return frozenset(names & timezone_names())


@functools.cache
def _links() -> dict[str, str]:
    """Old or alternative names and the zone each stands for ("L Asia/Kolkata Asia/Calcutta" in tzdata.zi)."""
    links = {}
    for line in _tz_file("tzdata.zi").splitlines():
        if line.startswith("L "):
            _, target, name = line.split()
            links[name] = target
    return links


def canonical(name: str | None) -> str | None:
    """The zone of the list that `name` means, or None for a name that is no place to live in."""
    if not name:
        return None
    zones, links = canonical_zones(), _links()
    for _ in range(3):  # a link may point at another link in old databases
        if name in zones:
            return name
        if name in ("Etc/UTC", "Etc/GMT", "Etc/Universal", "Etc/Zulu"):
            return UTC_NAME
        name = links.get(name, "")
    return None


@dataclass(frozen=True)
class ZoneOption:
    name: str
    label: str  # "Chicago (UTC-06:00) - 9:14 AM"
    search: str  # what a search may match beyond the label


def _offset(moment: datetime) -> str:
    minutes = int(moment.utcoffset().total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    return f"UTC{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


@functools.cache
def _zone(name: str) -> ZoneInfo:
    # ZoneInfo keeps only a few zones alive: the picker would read hundreds of files on every page.
    return ZoneInfo(name)


def _option(name: str, place: str, now: datetime, clock: int) -> ZoneOption:
    local = now.astimezone(_zone(name))
    label = f"{place} ({_offset(local)}) - {format_time(local, clock)}"
    return ZoneOption(name, label, f"{name.replace('_', ' ')} {local.tzname()}")


# The labels change once a minute: every page of that minute shares them (the AM/PM words follow the language).
@functools.lru_cache(maxsize=16)
def _zone_options(now: datetime, clock: int, language: str) -> tuple[tuple[ZoneOption, ...], tuple[ZoneOption, ...]]:
    common = [(now.astimezone(_zone(name)).utcoffset(), name) for name in COMMON_ZONES if name in canonical_zones()]
    first = [_option(name, COMMON_ZONES[name], now, clock) for _, name in sorted(common)]
    rest = [_option(name, name.replace("_", " "), now, clock) for name in sorted(canonical_zones())]
    return tuple(first), tuple(rest)


def zone_options_html(now: datetime, clock: int, selected: str) -> tuple[SafeString, SafeString]:
    """The `<option>`s of the common zones and of every zone, `selected` marked (among the common ones when it is
    one). Built once a minute per clock and language: some 480 options through the template language cost a booking
    page most of its time."""
    common, every = _options_html(now.replace(second=0, microsecond=0), clock, translation.get_language())
    marker = format_html('<option value="{}"', selected)
    if marker in common:
        common = _select(common, marker)
    else:
        every = _select(every, marker)
    return mark_safe(common), mark_safe(every)  # built by format_html: every value escaped


def _select(options: str, marker: str) -> str:
    start = options.find(marker)
    if start < 0:
        return options
    end = options.index(">", start)
    return f"{options[:end]} selected{options[end:]}"


@functools.lru_cache(maxsize=16)
def _options_html(now: datetime, clock: int, language: str) -> tuple[str, str]:
    def options(zones: tuple[ZoneOption, ...]) -> str:
        return "".join(format_html('<option value="{}" data-search="{}">{}</option>', z.name, z.search, z.label)
                       for z in zones)  # fmt: skip

    common, every = _zone_options(now, clock, language)
    return options(common), options(every)


def zone_label(name: str, now: datetime, clock: int) -> str:
    return _option(name, COMMON_ZONES.get(name) or name.replace("_", " "), now, clock).label
