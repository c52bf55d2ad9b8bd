"""Figure 5: the server's time for `GET /api/v1/roadmap-items/` with 200 items and 5,000 evidence links.

In acme's schema, inside one transaction that is rolled back at the end (nothing is ever committed, so nothing
needs removing and no other process sees the rows), `build_board` writes a study with a sync and an async round,
100 participants in three plans and two regions, one interview each with five quotes (500 quotes), 50 insights of
10 quotes each, and 200 items with 25 links each (5 insights and 20 quotes: 5,000 links; through the insights an
item reaches 70 quotes, some of them twice). Then an API key of the viewer role GETs the list through Django's
test client in this process: the time is the server's own (middleware, authentication, the selector's queries,
the priorities, serialisation), with no network or gunicorn in between. The same is timed with 2 items, and the
queries of one request are counted for both: the count must not grow with the items.

`build_board` is also what tests/roadmap/test_api.py uses for its query budget.
"""

import statistics
import time
from datetime import timedelta
from decimal import Decimal

from django.db import connection, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_tenants.utils import schema_context

from bench.loadgen import percentile
from interviews.models import Transcript, Utterance
from roadmap.models import EvidenceLink, Horizon, ItemStatus, RoadmapItem, SegmentWeight
from studies.models import Participant, Round, RoundKind, Study
from synthesis.models import Highlight, Insight
from workspaces.models import Membership, Role, User, Workspace
from workspaces.services import api_key_create

WORKSPACE = "acme"
PATH = "/api/v1/roadmap-items/"
PLANS = ("free", "team", "enterprise")
QUOTE = "The export to Excel failed again, so I rebuilt the report by hand on Friday afternoon."


def build_board(*, items: int = 200, links: int = 5000, participants: int = 100, insight_size: int = 10) -> dict:
    """Write a roadmap of `items` items with `links` evidence links in bulk (about 15 queries) in the current
    schema; returns the counts."""
    per_item = links // items
    insight_links = max(1, per_item // 5)
    quote_links = per_item - insight_links
    quotes_per_interview = 5
    tag = f"bench-{time.monotonic_ns()}"
    study = Study.objects.create(title=f"{tag} roadmap evidence", goal="early_problem_discovery")
    rounds = {
        kind: Round.objects.create(
            study=study, order=order, kind=kind, purpose=f"{kind} interviews", target_participants=50
        )
        for order, kind in enumerate((RoundKind.SYNC, RoundKind.ASYNC), start=1)
    }
    people = Participant.objects.bulk_create(
        Participant(
            email=f"{tag}-{n}@example.com", name=f"Person {n}",
            attributes={"plan": PLANS[n % 3], "region": "eu" if n % 2 else "us"},
        )
        for n in range(participants)
    )  # fmt: skip
    now = timezone.now()
    transcripts = Transcript.objects.bulk_create(
        Transcript(
            kind=(kind := RoundKind.SYNC if n % 4 == 0 else RoundKind.ASYNC), round=rounds[kind], participant=person,
            title=f"Interview with {person.name}", occurred_at=now - timedelta(days=n % 60),
        )
        for n, person in enumerate(people)
    )  # fmt: skip
    utterances = Utterance.objects.bulk_create(
        Utterance(transcript=transcript, order=order, speaker_role="participant", text=QUOTE)
        for transcript in transcripts
        for order in range(1, quotes_per_interview + 1)
    )
    highlights = Highlight.objects.bulk_create(
        Highlight(
            utterance=utterance, start=4, end=10, text=QUOTE[4:10], transcript=utterance.transcript,
            participant=utterance.transcript.participant, round=utterance.transcript.round, study=study,
            pain=(n % 5) + 1 if n % 3 else None, pain_ai=(n % 4) + 2,
        )
        for n, utterance in enumerate(utterances)
    )  # fmt: skip
    insight_count = max(insight_links, len(highlights) // insight_size)
    insights = Insight.objects.bulk_create(
        Insight(statement=f"Insight {n}: exports fail.") for n in range(insight_count)
    )
    through = Insight.highlights.through
    through.objects.bulk_create(
        through(insight_id=insight.pk, highlight_id=highlights[(i * insight_size + k) % len(highlights)].pk)
        for i, insight in enumerate(insights)
        for k in range(insight_size)
    )
    statuses, horizons = ItemStatus.values, Horizon.values
    roadmap = RoadmapItem.objects.bulk_create(
        RoadmapItem(
            title=f"Item {n}", status=statuses[n % len(statuses)], horizon=horizons[n % len(horizons)],
            effort=Decimal(1 + n % 8) / 2, position=n,
        )
        for n in range(items)
    )  # fmt: skip
    EvidenceLink.objects.bulk_create(
        [
            EvidenceLink(item=item, insight=insights[(n * insight_links + k) % len(insights)], importance=(n + k) % 4)
            for n, item in enumerate(roadmap)
            for k in range(insight_links)
        ]
        + [
            EvidenceLink(item=item, highlight=highlights[(n * quote_links + k) % len(highlights)], importance=k % 4)
            for n, item in enumerate(roadmap)
            for k in range(quote_links)
        ]
    )
    SegmentWeight.objects.get_or_create(attribute="plan", value="enterprise", defaults={"weight": Decimal(3)})
    return {"items": items, "links": items * per_item, "highlights": len(highlights), "insights": len(insights)}


class _Rollback(Exception):
    pass


def _time_list(client: Client, host: str, repeat: int, path: str = PATH) -> tuple[list[float], int]:
    """Milliseconds per GET (after one untimed warm-up), and the queries of one request."""
    client.get(path, HTTP_HOST=host)
    queries = []

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        response = client.get(path, HTTP_HOST=host)
    if response.status_code != 200:
        raise RuntimeError(f"{path} answered {response.status_code}: {response.content[:200]!r}")
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        client.get(path, HTTP_HOST=host)
        times.append((time.perf_counter() - started) * 1000)
    return times, len(queries)


def measure(*, repeat: int = 20) -> dict:
    """Time the item list (API) and the board page with 2 items and with 200 items / 5,000 links; nothing is
    committed."""
    workspace = Workspace.objects.prefetch_related("domains").get(slug=WORKSPACE)
    host = workspace.domains.all()[0].domain
    figures: dict = {}
    try:
        with transaction.atomic():
            _, secret = api_key_create(workspace=workspace, name="bench roadmap", role=Role.VIEWER, actor=None)
            client = Client(HTTP_AUTHORIZATION=f"Bearer {secret}")
            # The board page as a researcher sees it (the items, their priorities and evidence counts, in HTML).
            email = f"bench-roadmap-{time.monotonic_ns()}@example.com"
            researcher = User.objects.create_user(email=email, password=None)
            Membership.objects.create(user=researcher, workspace=workspace, role=Role.RESEARCHER)
            board = Client()
            board.force_login(researcher)
            for label, items, links in (("small", 2, 50), ("large", 200, 5000)):
                with transaction.atomic(), schema_context(workspace.schema_name):
                    RoadmapItem.objects.all().delete()  # the demo's items too, inside the rolled-back transaction
                    built = build_board(items=items, links=links)
                times, queries = _time_list(client, host, repeat)
                connection.set_schema_to_public()
                board_times, board_queries = _time_list(board, host, repeat, reverse("roadmap:board"))
                connection.set_schema_to_public()
                figures |= {
                    f"roadmap_list_{label}_items": built["items"],
                    f"roadmap_list_{label}_links": built["links"],
                    f"roadmap_list_{label}_p50_ms": statistics.median(times),
                    f"roadmap_list_{label}_p95_ms": percentile(sorted(times), 0.95),
                    f"roadmap_list_{label}_queries": queries,
                    f"roadmap_board_{label}_p50_ms": statistics.median(board_times),
                    f"roadmap_board_{label}_p95_ms": percentile(sorted(board_times), 0.95),
                    f"roadmap_board_{label}_queries": board_queries,
                }
            raise _Rollback
    except _Rollback:
        pass
    return figures
