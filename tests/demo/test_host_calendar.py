"""The demo: Dana's own work calendar is a feed served by the demo's own server, and its recurring product sync
visibly takes Tuesday and Thursday mornings (New York) out of Dana's bookable times."""

import io
import itertools
from datetime import timedelta
from zoneinfo import ZoneInfo

from django.contrib.staticfiles import finders
from django.core.management import call_command
from django.utils import timezone
from django_tenants.utils import schema_context

from demo.interviews import DANA_CALENDAR_FILE, DANA_CALENDAR_OWNER, dana_calendar_url
from demo.studies import CHURN_STUDY
from interviews.booking.slots import available_slots
from interviews.models import BookingRules, BusyInterval, HostCalendar

NEW_YORK = ZoneInfo("America/New_York")


def test_danas_calendar_feed_removes_her_tuesday_and_thursday_mornings(world, settings):
    # The URL is the demo's own static file, on the demo's port (bin/demo.py allows exactly that address).
    assert dana_calendar_url() == f"http://127.0.0.1:{settings.PARLEY_PORT}/static/demo/dana-calendar.ics"
    assert finders.find("demo/dana-calendar.ics") == str(DANA_CALENDAR_FILE)
    call_command("seed_demo", stdout=io.StringIO())
    with schema_context(world.acme.schema_name):
        calendar = HostCalendar.objects.select_related("schedule__user").get(schedule__user__email=DANA_CALENDAR_OWNER)
        assert calendar.url == dana_calendar_url() and calendar.last_read_at and not calendar.error
        busy = list(BusyInterval.objects.filter(calendar=calendar).order_by("start"))
        local = [(b.start.astimezone(NEW_YORK), b.end.astimezone(NEW_YORK)) for b in busy]
        # The feed is read from a day back to the booking horizon: a meeting across either end is cut there, at the
        # second the sync ran (this test also runs between 10:00 and 11:30 in New York); whole meetings are checked.
        syncs = [(s, e) for s, e in local if s.weekday() in (1, 3) and not (s.second or s.microsecond or e.second
                                                                           or e.microsecond)]  # fmt: skip
        odd = [(s, e) for s, e in syncs if (s.hour, s.minute, e.hour, e.minute) != (10, 0, 11, 30)]
        assert len(syncs) >= 16 and not odd, odd
        # The transparent lunch never blocks; the 1:1 every other Friday does.
        assert not [s for s, _ in local if s.weekday() in (0, 2)]
        fridays = [s for s, _ in local if s.weekday() == 4]
        assert fridays and all(s.hour == 14 for s in fridays)
        assert all(b - a == timedelta(days=14) for a, b in itertools.pairwise(fridays))

        rules = BookingRules.objects.get(round__study__title=CHURN_STUDY)
        dana = calendar.schedule.user_id
        today = timezone.localdate()
        slots = available_slots(rules=rules, start_date=today + timedelta(days=2), end_date=today + timedelta(days=16),
                                tz=NEW_YORK)  # fmt: skip
        danas = [s.start.astimezone(NEW_YORK) for s in slots if dana in s.host_ids]
        assert danas, "Dana still has other free times"
        in_sync = [s for s in danas if s.weekday() in (1, 3) and 10 <= s.hour + s.minute / 60 < 11.5]
        assert in_sync == [], in_sync
        # Without the calendar those mornings come back: the feed is what removed them.
        BusyInterval.objects.filter(calendar=calendar).delete()
        freed = [s.start.astimezone(NEW_YORK) for s in available_slots(
            rules=rules, start_date=today + timedelta(days=2), end_date=today + timedelta(days=16), tz=NEW_YORK,
        ) if dana in s.host_ids]  # fmt: skip
        assert [s for s in freed if s.weekday() in (1, 3) and 10 <= s.hour + s.minute / 60 < 11.5]
