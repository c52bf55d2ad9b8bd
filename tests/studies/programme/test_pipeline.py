"""The study page's pipeline: each round's counts and rates from interviews, synthesis and the roadmap (through
the registry in studies.programme.pipeline), target progress apart from rates, and a fixed query budget."""

from datetime import UTC, datetime, timedelta

import pytest
from django_tenants.utils import schema_context

from interviews.models import (
    Booking,
    BookingInvite,
    BookingStatus,
    Handoff,
    InterviewLink,
    LinkKind,
    Session,
    SessionStatus,
    Transcript,
    Utterance,
)
from roadmap.models import EvidenceLink, RoadmapItem
from studies.models import RoundStatus, StudyStatus
from studies.programme.pipeline import study_progress
from synthesis.models import Highlight, Insight
from tests.studies.factories import ParticipantFactory, RoundFactory, StudyFactory

START = datetime(2030, 1, 7, 9, 0, tzinfo=UTC)


def transcript(round_, person, *, coded: bool) -> Transcript:
    record = Transcript.objects.create(kind=round_.kind, round=round_, participant=person, title="t", occurred_at=START)
    utterance = Utterance.objects.create(transcript=record, order=1, speaker_role="participant", text="It hurts.")
    if coded:
        Highlight.objects.create(utterance=utterance, start=0, end=8, text="It hurts", transcript=record,
                                 participant=person, round=round_, study=round_.study)  # fmt: skip
    return record


def async_fixture(round_, to_round, *, invited=4, started=3, completed=2):
    """`invited` personal links, `started` of them with a session, `completed` of those completed."""
    sessions = []
    for i in range(invited):
        person = ParticipantFactory()
        link = InterviewLink.objects.create(round=round_, kind=LinkKind.PERSONAL, participant=person)
        if i < started:
            done = i < completed
            sessions.append(Session.objects.create(
                link=link, round=round_, participant=person,
                status=SessionStatus.COMPLETED if done else SessionStatus.IN_PROGRESS,
                completed_at=START if done else None,
            ))  # fmt: skip
    return sessions


def sync_booking(round_, host, n, status, *, invite=False) -> Booking:
    person = ParticipantFactory()
    start = START + timedelta(hours=n)
    booking = Booking.objects.create(round=round_, host=host, participant=person, start=start,
                                     end=start + timedelta(minutes=30), status=status)  # fmt: skip
    if invite:
        BookingInvite.objects.create(round=round_, participant=person, sent_at=START, booking=booking)
    return booking


@pytest.fixture
def funnel(world):
    with schema_context(world.acme.schema_name):
        study = StudyFactory(status=StudyStatus.RUNNING)
        wide = RoundFactory(study=study, order=1, kind="async", target_participants=10, status=RoundStatus.LIVE)
        calls = RoundFactory(study=study, order=2, kind="sync", target_participants=3, status=RoundStatus.LIVE)
        sessions = async_fixture(wide, calls)
        done = [s for s in sessions if s.status == SessionStatus.COMPLETED]
        Handoff.objects.create(from_round=wide, to_round=calls, session=done[0], participant=done[0].participant)
        # Sync: 4 invited (2 of them booked), a public booking, 2 held (one transcribed), 1 no-show, 1 cancelled.
        held = sync_booking(calls, world.owner, 1, BookingStatus.COMPLETED, invite=True)
        sync_booking(calls, world.owner, 2, BookingStatus.COMPLETED, invite=True)
        sync_booking(calls, world.owner, 3, BookingStatus.NO_SHOW)
        sync_booking(calls, world.owner, 4, BookingStatus.CANCELLED)
        for _ in range(2):
            BookingInvite.objects.create(round=calls, participant=ParticipantFactory(), sent_at=START)
        BookingInvite.objects.create(round=calls, participant=ParticipantFactory())  # never sent: not invited
        # Transcripts: both async interviews and the transcribed call; two of the three carry a highlight.
        first = transcript(wide, done[0].participant, coded=True)
        transcript(wide, done[1].participant, coded=False)
        held.transcript = transcript(calls, held.participant, coded=True)
        held.save(update_fields=["transcript"])
        quoting = Insight.objects.create(statement="Imports hurt")
        quoting.highlights.add(first.highlights.get())
        unrelated = Insight.objects.create(statement="Unrelated")
        item = RoadmapItem.objects.create(title="Better imports")
        EvidenceLink.objects.create(item=item, insight=quoting)
        EvidenceLink.objects.create(item=item, highlight=held.transcript.highlights.get())
        EvidenceLink.objects.create(item=RoadmapItem.objects.create(title="Other"), insight=unrelated)
        yield study, wide, calls


def stages(pipeline) -> dict:
    return {s.key: (s.count, s.rate) for s in pipeline.stages}


def test_the_numbers_are_exactly_right(world, funnel):
    study, wide, calls = funnel
    with schema_context(world.acme.schema_name):
        progress = study_progress(study, [wide, calls])
    async_, sync = progress.rounds
    assert stages(async_) == {
        "invited": (4, None), "started": (3, None), "completed": (2, 67), "completed_invited": (2, 50),
        "shortlisted": (1, 50),
    }  # fmt: skip
    assert (async_.done, async_.target, async_.target_reached) == (2, 10, False)
    assert stages(sync) == {
        "invited": (4, None), "booked": (3, 50), "held": (2, 67), "no_show": (1, 33), "transcribed": (1, 50),
    }  # fmt: skip
    assert (sync.done, sync.target, sync.target_reached) == (2, 3, False)
    assert (progress.transcripts, progress.coded, progress.coded_share) == (3, 2, 67)
    assert (progress.insights, progress.roadmap_links, progress.roadmap_items) == (1, 2, 1)


def test_the_study_page_shows_the_pipeline_and_offers_to_close_at_target(client_for, world, funnel):
    study, _, calls = funnel
    page = client_for(world.viewer).get(f"/studies/{study.pk}/")
    assert page.status_code == 200
    text = " ".join(page.text.split())
    assert 'Completed <strong>2</strong> <span class="rate">(67% of started)</span>' in text
    assert 'Completed (invited) <strong>2</strong> <span class="rate">(50% of invited)</span>' in text
    assert "<strong>2 of 10</strong> wanted completed" in text and "<strong>2 of 3</strong> wanted held" in text
    assert "2 of 3 transcripts with a highlight" in text and "Target reached" not in text
    with schema_context(world.acme.schema_name):
        calls.target_participants = 2
        calls.save()
    assert "Target reached" not in client_for(world.viewer).get(f"/studies/{study.pk}/").text  # read-only
    researcher = client_for(world.researcher).get(f"/studies/{study.pk}/").text
    assert researcher.count("Target reached: close this round") == 1
    assert f'action="/rounds/{calls.pk}/close/"' in researcher


def test_outsiders_get_404_on_the_study_page(client_for, world, funnel):
    study, _, _ = funnel
    assert client_for(world.outsider).get(f"/studies/{study.pk}/").status_code == 404


def test_the_study_page_has_a_fixed_query_budget(client_for, world, django_assert_max_num_queries):
    with schema_context(world.acme.schema_name):
        study = StudyFactory()
        wide = RoundFactory(study=study, order=1, kind="async")
        calls = RoundFactory(study=study, order=2, kind="sync")

    def add(n: int, offset: int):
        with schema_context(world.acme.schema_name):
            sessions = async_fixture(wide, calls, invited=n, started=n, completed=n)
            for i, session in enumerate(sessions):
                sync_booking(calls, world.owner, offset + i, BookingStatus.COMPLETED, invite=True)
                transcript(wide, session.participant, coded=True)

    client = client_for(world.viewer)
    add(1, 0)
    # 2 of them the study summary card; the incentives section (interviews template tag): totals by status and by
    # month, and the budget warning.
    with django_assert_max_num_queries(38) as one:
        assert client.get(f"/studies/{study.pk}/").status_code == 200
    add(49, 100)
    with django_assert_max_num_queries(38) as fifty:
        page = client.get(f"/studies/{study.pk}/")
    assert "<strong>50</strong>" in page.text
    assert len(one.captured_queries) == len(fifty.captured_queries)
