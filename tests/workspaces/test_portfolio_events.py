"""The portfolio row follows what happens inside the workspace: a real Celery worker recomputes it after a session
completes, a call is booked and a call is marked no-show, each asked for after commit and debounced."""

import time
from datetime import datetime, timedelta
from datetime import time as clock

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context

from interviews.booking.services import booking_mark
from interviews.links.services import session_complete
from interviews.models import Booking, BookingStatus, InterviewLink, Session
from studies.models import ContactEvent, Participant, Round, RoundStatus, Study
from tests.processes import committed
from webhooks.models import WebhookDelivery
from workspaces.models import WorkspaceSummary


def _summary(workspace_id) -> WorkspaceSummary | None:
    return committed(lambda: WorkspaceSummary.objects.filter(workspace_id=workspace_id).first())


def _wait_for(workspace_id, condition, timeout=40.0) -> WorkspaceSummary:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        summary = _summary(workspace_id)
        if summary is not None and condition(summary):
            return summary
        time.sleep(0.3)
    raise AssertionError(f"the worker did not update the row (last: {summary and summary.figures})")


def _this_week_in_the_past() -> datetime:
    """A moment of this week (Monday 00:00 UTC onwards) that has passed: a call there counts this week."""
    now = timezone.now()
    monday = datetime.combine(now.date() - timedelta(days=now.weekday()), clock.min, tzinfo=now.tzinfo)
    return monday + (now - monday) / 2


@pytest.mark.django_db
def test_the_row_follows_a_completed_session_a_booking_and_a_no_show(worker, world, settings):
    settings.PARLEY_PORTFOLIO_DEBOUNCE_SECONDS = 1
    acme, schema = world.acme.pk, world.acme.schema_name
    made = {}

    def build():
        with schema_context(schema):
            study = Study.objects.create(title="Events", goal="early_problem_discovery", status="running")
            live = Round.objects.create(study=study, order=1, kind="async", purpose="Events wide net",
                                        target_participants=5, status=RoundStatus.LIVE,
                                        live_at=timezone.now())  # fmt: skip
            calls = Round.objects.create(study=study, order=2, kind="sync", purpose="Events calls",
                                         target_participants=5)  # fmt: skip
            link = InterviewLink.objects.create(round=live, kind="open")
            made.update(study=study.pk, session=Session.objects.create(link=link, round=live).pk, calls=calls.pk)

    try:
        committed(build)
        before = _wait_for(acme, lambda s: s.computed_at and s.figures.get("live_rounds", 0) >= 1)
        completes = before.figures["completes_7d"]

        def complete():
            with schema_context(schema):
                session_complete(session=Session.objects.get(pk=made["session"]))

        committed(complete)
        after = _wait_for(acme, lambda s: s.figures["completes_7d"] == completes + 1)
        calls_before = after.figures["calls_this_week"]

        def book():
            with schema_context(schema):
                start = _this_week_in_the_past()
                person = Participant.objects.create(name="Events Person", email="events@example.test")
                booking = Booking.objects.create(round_id=made["calls"], host=world.owner, participant=person,
                                                 start=start, end=start + timedelta(minutes=1))  # fmt: skip
                made["booking"] = booking.pk

        committed(book)
        booked = _wait_for(acme, lambda s: s.figures["calls_this_week"] == calls_before + 1)

        def no_show():
            with schema_context(schema):
                booking_mark(booking=Booking.objects.get(pk=made["booking"]), status=BookingStatus.NO_SHOW, actor=None)

        committed(no_show)
        marked = _wait_for(acme, lambda s: s.figures.get("no_show_rate") and s.computed_at > booked.computed_at)
        assert marked.figures["no_show_rate"] > 0
    finally:

        def cleanup():
            with schema_context(schema):
                Booking.objects.filter(round__study_id=made.get("study")).delete()
                ContactEvent.objects.filter(round__study_id=made.get("study")).delete()
                Participant.objects.filter(email="events@example.test").delete()
                WebhookDelivery.objects.filter(event="interview.completed").delete()
                Study.objects.filter(pk=made.get("study")).delete()

        committed(cleanup)
