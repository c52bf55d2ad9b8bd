"""Figure 10: the portfolio page at 10, 100 and 1,000 workspaces, and the recompute of one workspace's row.

Inside one transaction that is rolled back at the end (nothing is committed, nothing needs removing), `build_rows`
writes N workspace rows with a host and a full summary row each, directly in the public schema (no schema per
workspace: the page never reads one), and makes a person a member of all of them. Then `GET /` on the public host
through Django's test client in this process: the time is the server's own (middleware, session, the one query of
rows, 50 rows rendered with their sparklines); the queries of one request are counted at each size and must not
grow. The CSV export of all N rows is timed too.

The recompute: in acme's schema (also rolled back), a live async round with 500 completed interviews over 12
weeks (2 interviewer turns each), 200 calls and 500 contact events, then `summary_recompute()` timed and its
queries counted.
"""

import statistics
import time
from datetime import timedelta

from django.db import connection, transaction
from django.test import Client
from django.utils import timezone
from django_tenants.utils import schema_context

from bench.loadgen import percentile
from interviews.models import Booking, BookingStatus, InterviewLink, Message, Session, SessionStatus
from studies.models import ContactEvent, Participant, Round, RoundStatus, Study
from workspaces.models import Domain, Membership, Role, User, Workspace, WorkspaceSummary
from workspaces.portfolio.services import summary_recompute

SIZES = (10, 100, 1000)
HOST = "localhost"


class _Rollback(Exception):
    pass


def build_rows(n: int, *, member: User, tag: str) -> None:
    """N workspaces (rows only), their hosts, full summary rows and `member`'s memberships: 4 queries."""
    now = timezone.now()
    spaces = Workspace.objects.bulk_create(
        Workspace(schema_name=f"b{tag}_{i}", slug=f"b{tag}-{i}", name=f"Client {i:04d}") for i in range(n)
    )
    Domain.objects.bulk_create(Domain(domain=f"{w.slug}.{HOST}", tenant=w, is_primary=True) for w in spaces)
    WorkspaceSummary.objects.bulk_create(
        WorkspaceSummary(
            workspace=w, computed_at=now, last_activity_at=now - timedelta(minutes=i),
            figures={
                "active_studies": i % 5, "live_rounds": i % 3, "completes_7d": i % 40, "completes_30d": i % 120,
                "weekly_completes": [(i + k) % 17 for k in range(12)], "completion_rate": (i % 100) / 100,
                "calls_this_week": i % 9, "no_show_rate": (i % 30) / 100, "contacted_30d": i % 200,
                "at_cap": i % 4, "over_cap": i % 2, "pending_suggestions": i % 50, "insights_month": i % 7,
                "shipped_quarter": i % 3,
            },
            links={"live_rounds": f"/rounds/{i}/interviews/"},
            flags=["no_shows", "over_cap"][: i % 3], flag_notes={"no_shows": "3 of 10 calls marked in 30 days"},
        )
        for i, w in enumerate(spaces)
    )  # fmt: skip
    Membership.objects.bulk_create(Membership(user=member, workspace=w, role=Role.OWNER) for w in spaces)


def _time(client: Client, path: str, repeat: int) -> tuple[list[float], int, int]:
    """Milliseconds per GET after a warm-up, the queries of one request and its size in bytes."""
    client.get(path, HTTP_HOST=HOST)
    queries = []

    def count(execute, sql, params, many, context):
        if not sql.startswith("SET search_path"):
            queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        response = client.get(path, HTTP_HOST=HOST)
        body = b"".join(response.streaming_content) if response.streaming else response.content
    if response.status_code != 200:
        raise RuntimeError(f"{path} answered {response.status_code}")
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        response = client.get(path, HTTP_HOST=HOST)
        if response.streaming:
            b"".join(response.streaming_content)
        times.append((time.perf_counter() - started) * 1000)
    return times, len(queries), len(body)


def _interviews(now) -> None:
    study = Study.objects.create(title="bench portfolio", goal="early_problem_discovery", status="running")
    live = Round.objects.create(study=study, order=1, kind="async", purpose="bench", target_participants=500,
                                status=RoundStatus.LIVE, live_at=now - timedelta(days=90))  # fmt: skip
    calls = Round.objects.create(study=study, order=2, kind="sync", purpose="bench calls", target_participants=200)
    link = InterviewLink.objects.create(round=live, kind="open")
    people = Participant.objects.bulk_create(
        Participant(email=f"bench-portfolio-{i}@example.com", name=f"Person {i}") for i in range(500)
    )
    sessions = Session.objects.bulk_create(
        Session(
            link=link,
            round=live,
            participant=p,
            status=SessionStatus.COMPLETED,
            completed_at=now - timedelta(hours=i * 4),
        )
        for i, p in enumerate(people)
    )
    Message.objects.bulk_create(
        Message(session=s, order=k, role="interviewer", kind="question", text="Tell me about it.", backend="offline")
        for s in sessions
        for k in (0, 2)
    )
    # A host of its own: the workspace's people may have calls at these times (the demo's do), and a host's calls
    # cannot overlap.
    host = User.objects.create_user(email=f"bench-portfolio-host-{now.timestamp():.0f}@example.com", password=None)
    Booking.objects.bulk_create(
        Booking(
            round=calls,
            host=host,
            participant=people[i],
            start=now - timedelta(hours=i * 3 + 1),
            end=now - timedelta(hours=i * 3),
            status=(BookingStatus.NO_SHOW if i % 6 == 0 else BookingStatus.COMPLETED),
        )
        for i in range(200)
    )
    ContactEvent.objects.bulk_create(
        ContactEvent(participant=p, kind="interview", channel="async", round=live, occurred_at=s.completed_at)
        for p, s in zip(people, sessions, strict=True)
    )


def measure(*, repeat: int = 20) -> dict:
    figures: dict = {}
    tag = str(time.monotonic_ns())[-8:]
    try:
        with transaction.atomic():
            member = User.objects.create_user(email=f"bench-portfolio-{tag}@example.com", password=None)
            client = Client()
            client.force_login(member)
            built = 0
            for size in SIZES:
                build_rows(size - built, member=member, tag=f"{tag}{size}")
                built = size
                times, queries, size_bytes = _time(client, "/?sort=completes_7d&dir=desc", repeat)
                csv_times, _, _ = _time(client, "/portfolio.csv", max(3, repeat // 4))
                figures |= {
                    f"portfolio_{size}_p50_ms": statistics.median(times),
                    f"portfolio_{size}_p95_ms": percentile(sorted(times), 0.95),
                    f"portfolio_{size}_queries": queries,
                    f"portfolio_{size}_kb": size_bytes // 1024,
                    f"portfolio_{size}_csv_p50_ms": statistics.median(csv_times),
                }
            workspace = Workspace.objects.get(slug="acme")
            with schema_context(workspace.schema_name):
                now = timezone.now()
                _interviews(now)
                summary_recompute(now=now)  # warm-up
                recompute_times = []
                for _ in range(max(3, repeat // 4)):
                    started = time.perf_counter()
                    summary = summary_recompute(now=now)
                    recompute_times.append((time.perf_counter() - started) * 1000)
            connection.set_schema_to_public()
            figures |= {
                "portfolio_recompute_p50_ms": statistics.median(recompute_times),
                "portfolio_recompute_queries": summary.queries,
                "portfolio_recompute_completes_30d": summary.figures.get("completes_30d", 0),
            }
            raise _Rollback
    except _Rollback:
        pass
    return figures
