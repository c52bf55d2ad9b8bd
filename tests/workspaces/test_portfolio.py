"""The research-ops portfolio: every number of a workspace's row against a workspace built for it, the health flags
with their rules, the page's isolation (three workspaces, three people), sorting, filtering, CSV, links into the
workspace and a query budget that does not grow with the number of workspaces."""

import csv
import io
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import schema_context

from interviews.models import (
    Booking,
    BookingStatus,
    IncentiveEntry,
    InterviewLink,
    Message,
    Session,
    SessionStatus,
    Transcript,
)
from roadmap.models import ItemStatus, RoadmapItem
from studies.models import ContactEvent, ContactKind, Governance, RoundStatus, StudyStatus
from synthesis.models import Insight, Suggestion, SynthesisJob, Utterance
from tests.queries import reads
from tests.studies.factories import ParticipantFactory, RoundFactory, StudyFactory
from webhooks.models import WebhookDelivery, WebhookEndpoint
from workspaces.models import Domain, Membership, Role, User, Workspace, WorkspaceSummary
from workspaces.portfolio.services import summary_recompute

NOW = datetime(2030, 5, 15, 12, 0, tzinfo=UTC)  # a Wednesday in the second quarter
PUBLIC = "localhost"


def _session(round_, link, *, completed=None, started=None, status=SessionStatus.COMPLETED):
    session = Session.objects.create(link=link, round=round_, status=status, completed_at=completed)
    if started:
        Session.objects.filter(pk=session.pk).update(started_at=started)
    return session


def _call(round_, host, start, status=BookingStatus.BOOKED):
    return Booking.objects.create(
        round=round_, host=host, participant=ParticipantFactory(), start=start, end=start + timedelta(minutes=30),
        status=status,
    )  # fmt: skip


@pytest.fixture
def built(world):
    """Acme with a known programme at NOW: every figure of its row has one expected value, every flag is raised."""
    with schema_context(world.acme.schema_name), time_machine.travel(NOW, tick=False):
        StudyFactory(status=StudyStatus.RUNNING)
        StudyFactory(status=StudyStatus.SYNTHESIZING)
        StudyFactory(status=StudyStatus.DRAFT)
        done = StudyFactory(status=StudyStatus.DONE)
        live = RoundFactory(study=done, kind="async", purpose="Wide net", status=RoundStatus.LIVE,
                            live_at=NOW - timedelta(days=20))  # fmt: skip
        RoundFactory(study=done, kind="async", purpose="Closed", status=RoundStatus.CLOSED)
        link = InterviewLink.objects.create(round=live, kind="open")
        # Completes: 9 and 10 days ago (30 d and older weeks), 40 days ago (outside 30 d); none in 7 days: stalled.
        for days in (9, 10, 40):
            _session(live, link, completed=NOW - timedelta(days=days), started=NOW - timedelta(days=days, hours=1))
        # Started in 30 days and not completed: completion 2 of 3 in the window.
        _session(live, link, status=SessionStatus.IN_PROGRESS, started=NOW - timedelta(days=2))
        calls = RoundFactory(study=done, kind="sync", purpose="Deep dives")
        for days, status in ((3, BookingStatus.NO_SHOW), (4, BookingStatus.COMPLETED), (5, BookingStatus.COMPLETED),
                             (40, BookingStatus.NO_SHOW)):  # fmt: skip
            _call(calls, world.owner, NOW - timedelta(days=days, hours=1), status)
        _call(calls, world.researcher, NOW + timedelta(hours=2))  # this week, hosted by a member
        gone = User.objects.create_user(email="left@acme.test", password="x")
        _call(calls, gone, NOW + timedelta(hours=30))  # this week, host no longer a member: unhosted
        _call(calls, world.owner, NOW + timedelta(days=10), BookingStatus.BOOKED)  # next week
        _call(calls, world.owner, NOW + timedelta(hours=3), BookingStatus.CANCELLED)  # cancelled: not counted
        Governance.objects.create(pk=1, max_interviews_per_90_days=2)
        a, b, c = ParticipantFactory(), ParticipantFactory(), ParticipantFactory()
        for person, days_ago in ((a, 5), (a, 20), (a, 60), (b, 10), (b, 80), (c, 100)):
            ContactEvent.objects.create(participant=person, kind=ContactKind.INTERVIEW, channel="async",
                                        occurred_at=NOW - timedelta(days=days_ago))  # fmt: skip
        ContactEvent.objects.create(participant=c, kind=ContactKind.INVITATION, channel="async",
                                    occurred_at=NOW - timedelta(days=1))  # fmt: skip
        transcript = Transcript.objects.create(kind="async", round=live, title="t", occurred_at=NOW)
        utterance = Utterance.objects.create(transcript=transcript, order=1, speaker_role="participant", text="Slow.")
        job = SynthesisJob.objects.create(kind="autotag", study=done)
        Suggestion.objects.create(job=job, utterance=utterance, start=0, end=4, text="Slow")
        Suggestion.objects.create(job=job, utterance=utterance, start=0, end=3, text="Slo", status="rejected")
        Insight.objects.create(statement="Setup takes a week")
        old = Insight.objects.create(statement="Old news")
        Insight.objects.filter(pk=old.pk).update(created_at=datetime(2030, 4, 30, tzinfo=UTC))
        RoadmapItem.objects.create(title="Faster setup", status=ItemStatus.SHIPPED, shipped_at=NOW - timedelta(days=3))
        RoadmapItem.objects.create(title="Shipped last quarter", status=ItemStatus.SHIPPED,
                                   shipped_at=datetime(2030, 3, 30, tzinfo=UTC))  # fmt: skip
        endpoint = WebhookEndpoint.objects.create(url="https://hooks.example.com/parley")
        WebhookDelivery.objects.create(endpoint=endpoint, event="booking.created", payload={}, status="failed")
        session = _session(live, link, status=SessionStatus.IN_PROGRESS, started=NOW - timedelta(days=40))
        for order, fallback in enumerate(("", "timeout", "", "")):
            Message.objects.create(session=session, order=order, role="interviewer", kind="question", text="q",
                                   backend="openai", fallback_error=fallback)  # fmt: skip
        # The ledger: owed and approved are to pay; paid this month (1 May on) counts, paid in April does not.
        for status, paid_at in (("owed", None), ("approved", None), ("paid", NOW - timedelta(days=2)),
                                ("paid", datetime(2030, 4, 28, tzinfo=UTC)), ("declined", None)):  # fmt: skip
            IncentiveEntry.objects.create(participant=a, round=live, amount=25, currency="EUR", status=status,
                                          paid_at=paid_at)  # fmt: skip
        yield world


def recompute(world, workspace=None):
    with schema_context((workspace or world.acme).schema_name), time_machine.travel(NOW, tick=False):
        return summary_recompute(now=NOW)


def test_every_number_of_the_row_matches_the_workspace_built_for_it(built):
    with CaptureQueriesContext(connection) as queries:
        summary = recompute(built)
    # One to find the workspace, the apps' fixed reads, the upsert; django-tenants' SET search_path not counted.
    assert len(reads(queries)) <= 26
    assert summary.queries <= 16
    f = summary.figures
    assert f["active_studies"] == 2  # running + synthesizing; draft and done are not active
    assert f["live_rounds"] == 1
    assert (f["completes_7d"], f["completes_30d"]) == (0, 2)
    assert f["weekly_completes"][-1] == 0 and sum(f["weekly_completes"]) == 3 and len(f["weekly_completes"]) == 12
    # 9 days before Wednesday noon is the Monday of last week, 10 days the Sunday before it.
    assert f["weekly_completes"][-3:] == [1, 1, 0]
    assert f["completion_rate"] == pytest.approx(2 / 3, abs=1e-3)
    assert f["calls_this_week"] == 2  # Mon 13 to Sun 19 May: the two calls to come; the cancelled one is not counted
    assert f["no_show_rate"] == pytest.approx(1 / 3, abs=1e-3)
    assert f["unhosted_calls_48h"] == 1
    assert f["contacted_30d"] == 3  # a (5 and 20 days), b (10), c (invitation yesterday)
    assert (f["at_cap"], f["over_cap"]) == (2, 1)  # a: 3 interviews in 90 d, b: 2; the cap is 2
    assert f["pending_suggestions"] == 1
    assert f["insights_month"] == 1
    assert f["shipped_quarter"] == 1
    assert f["failed_webhooks_7d"] == 1
    assert f["llm_fallback_rate"] == pytest.approx(0.25)
    assert (f["incentives_to_pay"], f["incentives_paid_month"]) == (2, 1)
    assert summary.last_activity_at is not None and summary.computed_at == NOW
    assert summary.links["live_rounds"].startswith("/rounds/") and summary.links["live_rounds"].endswith("/interviews/")
    assert set(summary.flags) == {
        "stalled_round", "no_shows", "unhosted_calls", "failed_webhooks", "over_cap", "llm_fallbacks"
    }  # fmt: skip
    assert "Wide net" in summary.flag_notes["stalled_round"]


def test_a_quiet_healthy_workspace_raises_no_flag(world):
    summary = recompute(world, world.globex)
    assert summary.flags == []
    assert summary.figures["live_rounds"] == 0 and summary.figures.get("no_show_rate") is None


def test_the_recompute_reads_a_fixed_number_of_queries_whatever_the_rows(built):
    few = recompute(built).queries
    with schema_context(built.acme.schema_name), time_machine.travel(NOW, tick=False):
        live = RoundFactory(kind="async", status=RoundStatus.LIVE, live_at=NOW - timedelta(days=30))
        link = InterviewLink.objects.create(round=live, kind="open")
        for i in range(30):
            _session(live, link, completed=NOW - timedelta(days=i % 20))
            _call(live, built.owner, NOW - timedelta(days=400 + i), BookingStatus.COMPLETED)
    assert recompute(built).queries == few


# The page ----------------------------------------------------------------------------------------------------


def _bare_workspace(slug: str, name: str) -> Workspace:
    """A workspace row with a host but no schema: the page reads only public rows, so none is needed."""
    workspace = Workspace.objects.bulk_create([Workspace(schema_name=slug, slug=slug, name=name)])[0]
    Domain.objects.create(domain=f"{slug}.localhost", tenant=workspace, is_primary=True)
    return workspace


def _summary(workspace, **figures) -> WorkspaceSummary:
    flags = figures.pop("flags", [])
    figures = {k: v for k, v in figures.items() if v is not None}
    values = {"figures": figures, "flags": flags, "computed_at": NOW, "last_activity_at": NOW - timedelta(hours=1)}
    # A worker of another test may have committed a row for acme already: replace it within this test.
    return WorkspaceSummary.objects.update_or_create(workspace=workspace, defaults=values)[0]


@pytest.fixture
def three(world):
    """Acme, globex and initech with rows; the acme owner, the globex owner and a consultant in globex + initech."""
    initech = _bare_workspace("initech", "Initech")
    consultant = User.objects.create_user(email="consultant@example.test", password="x")
    Membership.objects.create(user=consultant, workspace=world.globex, role=Role.RESEARCHER)
    Membership.objects.create(user=consultant, workspace=initech, role=Role.OWNER)
    _summary(world.acme, live_rounds=3, completes_7d=11, no_show_rate=0.25, flags=["no_shows"])
    _summary(world.globex, live_rounds=1, completes_7d=4, no_show_rate=0.05)
    _summary(initech, live_rounds=0, completes_7d=0, no_show_rate=None)
    return world, initech, consultant


def page(client_for, user, query="") -> str:
    response = client_for(user, host=PUBLIC).get("/" + query)
    assert response.status_code == 200
    return response.text


def test_each_person_sees_only_the_workspaces_they_belong_to(client_for, three):
    world, _initech, consultant = three
    acme_owner = page(client_for, world.owner)
    assert "Acme Corp" in acme_owner and "Globex" not in acme_owner and "Initech" not in acme_owner
    globex_owner = page(client_for, world.outsider)
    assert "Globex" in globex_owner and "Acme Corp" not in globex_owner and "Initech" not in globex_owner
    both = page(client_for, consultant)
    assert "Globex" in both and "Initech" in both and "Acme Corp" not in both
    staff = page(client_for, world.staff)
    assert all(name in staff for name in ("Acme Corp", "Globex", "Initech")) and "not a member" in staff
    assert "/go/acme/" not in staff  # staff see the row but open a workspace only as a member


def test_the_csv_holds_the_same_rows_as_the_page(client_for, three):
    world, _, consultant = three
    response = client_for(consultant, host=PUBLIC).get("/portfolio.csv")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert [r["workspace"] for r in rows] == ["Globex", "Initech"]
    assert rows[0]["Live rounds"] == "1" and rows[0]["your role"] == "researcher"
    outsider_rows = client_for(world.outsider, host=PUBLIC).get("/portfolio.csv")
    assert b"Initech" not in b"".join(outsider_rows.streaming_content)


def test_sort_by_any_column_and_filter_by_flag_and_threshold(client_for, three):
    world, _initech, _consultant = three
    Membership.objects.create(user=world.staff, workspace=world.acme, role=Role.VIEWER)

    def order(query):
        text = page(client_for, world.staff, query)
        names = ["Acme Corp", "Globex", "Initech"]
        return sorted((n for n in names if n in text), key=text.index)

    assert order("?sort=completes_7d&dir=desc") == ["Acme Corp", "Globex", "Initech"]
    assert order("?sort=completes_7d&dir=asc") == ["Initech", "Globex", "Acme Corp"]
    assert order("?sort=no_show_rate&dir=asc") == ["Globex", "Acme Corp", "Initech"]  # no data last
    assert order("?sort=name&dir=desc") == ["Initech", "Globex", "Acme Corp"]
    assert order("?flag=no_shows") == ["Acme Corp"]
    assert order("?flag=any") == ["Acme Corp"]
    assert order("?column=live_rounds&min=1") == ["Acme Corp", "Globex"]
    assert order("?q=glob") == ["Globex"]
    assert order("?sort=nonsense&dir=sideways&page=x&flag=nope&min=abc") == ["Acme Corp", "Globex", "Initech"]


def test_cells_link_into_the_workspace_through_the_hand_off(client_for, built):
    recompute(built)
    text = page(client_for, built.owner)
    live_round = WorkspaceSummary.objects.get(workspace=built.acme).links["live_rounds"]
    assert f'href="/go/acme/?next={live_round.replace("/", "%2F")}"' in text
    assert 'href="/go/acme/?next=%2Finsights%2F"' in text
    assert "<svg" in text and "Async completes per week" in text
    assert "A round has been live for 7 days or more" in text  # the rule in words


def test_the_page_reads_a_fixed_number_of_queries_whatever_the_workspaces(client_for, world, django_assert_num_queries):
    client = client_for(world.staff, host=PUBLIC)
    client.get("/")  # the session's first read
    queries_seen = []

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/?sort=completes_7d").status_code == 200
        queries_seen[:] = [sql[:120] for sql in reads(queries)]
        return len(queries_seen)

    before = count()
    for i in range(40):
        _summary(_bare_workspace(f"client{i}", f"Client {i}"), completes_7d=i, weekly_completes=[i] * 12)
    # The host's domain, the session, the user and the one query of rows (django-tenants' SET search_path aside).
    assert count() == before <= 4, queries_seen


def test_sign_in_on_the_public_host_lands_on_the_portfolio(client_for, world):
    assert client_for(None, host=PUBLIC).get("/").status_code == 302
