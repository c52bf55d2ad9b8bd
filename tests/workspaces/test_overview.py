"""The workspace overview (home page): what needs the viewer today, sections registered by every app, times in the
viewer's zone, links to the places, a fixed query budget, every member may read it and outsiders get 404."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django_tenants.utils import schema_context

from interviews.models import Booking, BookingStatus, HostSchedule, InterviewLink, Session, SessionStatus, Transcript
from roadmap.models import EvidenceLink, RoadmapItem
from studies.models import RoundStatus
from synthesis.models import Insight, Suggestion, SynthesisJob, Utterance
from tests.studies.factories import ParticipantFactory, RoundFactory, StudyFactory
from webhooks.models import WebhookDelivery, WebhookEndpoint

NOW = datetime(2030, 3, 5, 23, 30, tzinfo=UTC)  # Tuesday: 18:30 in New York, already Wednesday 00:30 in Berlin


def call(round_, host, start, status=BookingStatus.BOOKED, name="Ada") -> Booking:
    person = ParticipantFactory(name=name)
    return Booking.objects.create(round=round_, host=host, participant=person, start=start,
                                  end=start + timedelta(minutes=30), status=status)  # fmt: skip


@pytest.fixture
def programme(world):
    """A live async round with 2 of 10 completed, three calls around midnight UTC, a held call without its
    transcript, a pending suggestion, an insight with no roadmap link and one with, and a failed delivery."""
    with schema_context(world.acme.schema_name), time_machine.travel(NOW, tick=False):
        HostSchedule.objects.create(user=world.viewer, timezone="America/New_York")
        HostSchedule.objects.create(user=world.researcher, timezone="Europe/Berlin")
        study = StudyFactory(title="Onboarding funnel")
        wide = RoundFactory(study=study, order=1, kind="async", purpose="Wide net", target_participants=10,
                            status=RoundStatus.LIVE, live_at=NOW - timedelta(days=3))  # fmt: skip
        link = InterviewLink.objects.create(round=wide, kind="open")
        for done in (True, True, False):
            Session.objects.create(link=link, round=wide, status=SessionStatus.COMPLETED if done else "in_progress",
                                   completed_at=NOW - timedelta(days=1) if done else None)  # fmt: skip
        calls = RoundFactory(study=study, order=2, kind="sync", purpose="Deep dives", target_participants=4)
        call(calls, world.owner, datetime(2030, 3, 5, 21, 0, tzinfo=UTC), name="Tuesday afternoon NY")
        call(calls, world.owner, datetime(2030, 3, 5, 23, 45, tzinfo=UTC), name="Around midnight")
        call(calls, world.owner, datetime(2030, 3, 6, 8, 0, tzinfo=UTC), name="Wednesday morning Berlin")
        call(calls, world.owner, datetime(2030, 3, 4, 9, 0, tzinfo=UTC), BookingStatus.COMPLETED, name="Held Monday")
        transcript = Transcript.objects.create(kind="async", round=wide, title="t", occurred_at=NOW)
        utterance = Utterance.objects.create(transcript=transcript, order=1, speaker_role="participant", text="Slow.")
        job = SynthesisJob.objects.create(kind="autotag", study=study)
        Suggestion.objects.create(job=job, utterance=utterance, start=0, end=4, text="Slow")
        Insight.objects.create(statement="Setup takes a week for most teams")
        linked = Insight.objects.create(statement="Linked already")
        EvidenceLink.objects.create(item=RoadmapItem.objects.create(title="Faster setup"), insight=linked)
        endpoint = WebhookEndpoint.objects.create(url="https://hooks.example.com/parley")
        WebhookDelivery.objects.create(endpoint=endpoint, event="booking.created", payload={}, status="failed")
        yield world


def section(text: str, key: str) -> str:
    start = text.index(f'id="overview-{key}"')
    return text[start : text.index("</section>", start)]


def home(client_for, user) -> str:
    with time_machine.travel(NOW, tick=False):  # signed in "now", or the session would have expired by 2030
        response = client_for(user).get("/")
    assert response.status_code == 200
    return response.text


def test_a_viewer_in_new_york_sees_their_today(client_for, programme):
    text = home(client_for, programme.viewer)
    assert "America/New_York" in text
    today = section(text, "calls")
    assert "16:00 · Tuesday afternoon NY" in today and "18:45 · Around midnight" in today
    assert "Wednesday morning Berlin" not in today
    assert "2 today and 4 this week (Mon 4 Mar to Sun 10 Mar)" in today
    to_mark = section(text, "calls_to_mark")
    assert "Tue 5 Mar, 16:00 · Tuesday afternoon NY" in to_mark and "Around midnight" not in to_mark


def test_a_researcher_in_berlin_sees_their_today(client_for, programme):
    text = home(client_for, programme.researcher)
    assert "Europe/Berlin" in text
    today = section(text, "calls")
    assert "00:45 · Around midnight" in today and "09:00 · Wednesday morning Berlin" in today
    assert "Tuesday afternoon NY" not in today  # yesterday in Berlin
    assert "Tue 5 Mar, 22:00 · Tuesday afternoon NY" in section(text, "calls_to_mark")


def test_every_line_links_to_its_place(client_for, programme):
    text = home(client_for, programme.owner)  # not a host: the workspace's zone
    assert "(UTC)" in text
    with schema_context(programme.acme.schema_name):
        study = StudyFactory._meta.model.objects.get(title="Onboarding funnel")
        held = Booking.objects.get(participant__name="Held Monday")
        insight = Insight.objects.get(statement__startswith="Setup takes")
        job = SynthesisJob.objects.get()
        endpoint = WebhookEndpoint.objects.get()
        wide = study.rounds.get(order=1)
    live = section(text, "live_rounds")
    assert f'href="/studies/{study.pk}/"' in live and "2 of 10 completed (async)" in live
    assert "Deep dives" not in live  # planned, not live
    assert f'href="/bookings/{held.pk}/"' in section(text, "calls_without_transcript")
    new = section(text, "new_interviews")
    assert f'href="/rounds/{wide.pk}/interviews/"' in new and "2 new async interviews" in new
    assert f'href="/bookings/{held.pk}/"' not in new and "1 new call" in new
    assert f'href="/synthesis/suggestions/?job={job.pk}"' in section(text, "pending_suggestions")
    unlinked = section(text, "insights_without_roadmap")
    assert f'href="/insights/{insight.pk}/"' in unlinked and "Linked already" not in unlinked
    assert f'href="/settings/webhooks/{endpoint.pk}/"' in section(text, "failed_deliveries")


@pytest.mark.parametrize("role", ["researcher", "pm", "viewer"])
def test_every_member_reads_it_and_only_owners_see_webhooks(client_for, programme, role):
    text = home(client_for, getattr(programme, role))
    assert 'id="overview-live_rounds"' in text and 'id="overview-failed_deliveries"' not in text


def test_empty_sections_say_so(client_for, world):
    text = home(client_for, world.viewer)
    assert "No round is live." in text and "The inbox is empty." in text and "Every past call is marked." in text


def test_outsiders_get_404(client_for, world):
    assert client_for(world.outsider).get("/", HTTP_HOST="acme.localhost").status_code == 404


def test_a_fixed_query_budget_with_1_and_50_rows(client_for, world, django_assert_max_num_queries):
    def add(n: int, offset: int):
        with schema_context(world.acme.schema_name), time_machine.travel(NOW, tick=False):
            for i in range(n):
                study = StudyFactory()
                live = RoundFactory(study=study, kind="async", status=RoundStatus.LIVE, live_at=NOW)
                link = InterviewLink.objects.create(round=live, kind="open")
                Session.objects.create(link=link, round=live, status=SessionStatus.COMPLETED, completed_at=NOW)
                calls = RoundFactory(study=study, kind="sync")
                call(calls, world.owner, NOW - timedelta(days=1, hours=offset + i))
                call(calls, world.owner, NOW + timedelta(minutes=30 * (offset + i) + 5))
                Insight.objects.create(statement=f"Insight {offset + i}")

    with time_machine.travel(NOW, tick=False):
        client = client_for(world.owner)
    add(1, 0)
    with time_machine.travel(NOW, tick=False), django_assert_max_num_queries(50) as one:
        assert client.get("/").status_code == 200
    add(49, 1)
    with time_machine.travel(NOW, tick=False), django_assert_max_num_queries(50) as fifty:
        text = client.get("/").text
    assert "and 40 more" in section(text, "live_rounds")
    assert len(one.captured_queries) == len(fifty.captured_queries)
