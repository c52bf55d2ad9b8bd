"""Figure 6: the server's time for the synthesis pages of a workspace with 500 interviews and 10,000 highlights.

In acme's schema, inside one transaction that is rolled back at the end (nothing is committed, nothing needs
removing, no other process sees the rows), `build_synthesis` writes with bulk_create: a study with a sync and an
async round, 500 participants (three plans, four segments, two regions), one interview each (500 transcripts, every
fourth one sync, spread over 250 days) of 20 participant utterances, one highlight per utterance (10,000), a codebook
of 6 parents x 9 children whose use grows slowly with the interviews (so the saturation curve flattens), one or
two tags per highlight, 100 insights of 20 quotes and one insight of 200 quotes; then its tables are analyzed, as
autovacuum keeps a real workspace's. A researcher (a user made for the
run) then GETs each page through Django's test client in this process: the time is the server's own (middleware,
session, the selectors' queries, template rendering), no network or gunicorn in between. The queries of one
request are counted too, and the same pages are timed on a small build (5 interviews) to show the count does not
grow with the data.

`build_synthesis` is also what tests/synthesis/test_scale.py uses for its query budgets.
"""

import statistics
import time
from datetime import timedelta

from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_tenants.utils import schema_context

from bench.loadgen import percentile
from interviews.models import Transcript, Utterance
from studies.models import Participant, Round, RoundKind, Study
from synthesis.models import Highlight, Insight, Tag
from workspaces.models import Membership, Role, User, Workspace

WORKSPACE = "acme"
PLANS = ("free", "team", "enterprise")
SEGMENTS = ("agency", "saas", "retail", "public sector")
SENTENCES = (
    "The export to Excel failed again, so I rebuilt the report by hand on Friday afternoon.",
    "Our finance lead needs a CSV every week and the numbers never match the bank.",
    "Inviting the team took three tries because the emails landed in spam.",
    "The price jumped when we added the fourth seat and my manager asked why we pay for it.",
    "Search gets slow once a project has a few hundred items in it.",
)


def build_synthesis(*, interviews: int = 500, per_interview: int = 20, parents: int = 6, children: int = 9,
                    insights: int = 100, insight_size: int = 20, big_insight: int = 200) -> dict:  # fmt: skip
    """Write the synthesis of `interviews` x `per_interview` highlights in bulk in the current schema (about 15
    queries); returns the counts and the id of the big insight."""
    tag = f"bench-{time.monotonic_ns()}"
    study = Study.objects.create(title=f"{tag} synthesis", goal="early_problem_discovery")
    rounds = {
        kind: Round.objects.create(
            study=study, order=order, kind=kind, purpose=f"{kind} interviews", target_participants=interviews
        )
        for order, kind in enumerate((RoundKind.SYNC, RoundKind.ASYNC), start=1)
    }
    people = Participant.objects.bulk_create(
        Participant(
            email=f"{tag}-{n}@example.com", name=f"Person {n}",
            attributes={"plan": PLANS[n % 3], "segment": SEGMENTS[n % 4], "region": "eu" if n % 2 else "us"},
        )
        for n in range(interviews)
    )  # fmt: skip
    start = timezone.now() - timedelta(days=interviews // 2)
    transcripts = Transcript.objects.bulk_create(
        Transcript(
            kind=(kind := RoundKind.SYNC if n % 4 == 0 else RoundKind.ASYNC), round=rounds[kind], participant=person,
            title=f"Interview {n}", occurred_at=start + timedelta(hours=12 * n),
        )
        for n, person in enumerate(people)
    )  # fmt: skip
    utterances = Utterance.objects.bulk_create(
        Utterance(
            transcript=transcript, order=order, speaker_role="participant", speaker_name=transcript.participant.name,
            text=SENTENCES[(n + order) % len(SENTENCES)],
            start_ms=order * 30_000 if transcript.kind == "sync" else None,
        )
        for n, transcript in enumerate(transcripts)
        for order in range(1, per_interview + 1)
    )  # fmt: skip
    roots = Tag.objects.bulk_create(Tag(name=f"{tag} theme {p}", colour="#3452c7") for p in range(parents))
    leaves = Tag.objects.bulk_create(
        Tag(name=f"Code {p}.{c}", parent=root, description="A code of the bench's codebook.")
        for p, root in enumerate(roots)
        for c in range(children)
    )
    highlights = Highlight.objects.bulk_create(
        Highlight(
            utterance=u, start=4, end=20, text=u.text[4:20], transcript=u.transcript,
            participant=u.transcript.participant, round=u.transcript.round, study=study,
            pain=(n % 5) + 1 if n % 3 else None, pain_ai=(n % 4) + 2 if n % 2 else None,
            pain_ai_reason="Bench." if n % 2 else "",
        )
        for n, u in enumerate(utterances)
    )  # fmt: skip
    through = Highlight.tags.through
    rows, per_transcript = [], max(1, per_interview)
    for n, highlight in enumerate(highlights):
        interview = n // per_transcript
        # The codebook in use grows with the interviews, fast at first, then not at all: a curve that saturates.
        known = min(len(leaves), 5 + interview // 4)
        first = leaves[(n * 7 + interview) % known]
        rows.append(through(highlight_id=highlight.pk, tag_id=first.pk))
        if n % 2:
            second = leaves[(n * 13 + 3) % known]
            if second.pk != first.pk:
                rows.append(through(highlight_id=highlight.pk, tag_id=second.pk))
    through.objects.bulk_create(rows)
    made = Insight.objects.bulk_create(
        Insight(statement=f"Insight {n}: exports fail finance teams.", status="published" if n % 2 else "draft")
        for n in range(insights + 1)
    )  # fmt: skip
    big = made[-1]
    evidence = Insight.highlights.through
    evidence.objects.bulk_create(
        [
            evidence(insight_id=insight.pk, highlight_id=highlights[(i * insight_size + k) % len(highlights)].pk)
            for i, insight in enumerate(made[:-1])
            for k in range(insight_size)
        ]
        + [
            evidence(insight_id=big.pk, highlight_id=highlights[(k * 37) % len(highlights)].pk)
            for k in range(min(big_insight, len(highlights)))
        ]
    )
    return {
        "interviews": len(transcripts), "highlights": len(highlights), "tags": len(roots) + len(leaves),
        "insights": len(made), "big_insight": big.pk, "big_insight_quotes": min(big_insight, len(highlights)),
        "study": study.pk,
    }  # fmt: skip


def pages(built: dict) -> dict[str, str]:
    return {
        "codebook": reverse("codebook:index"),
        "insights_list": reverse("insights:list"),
        "insight_detail": reverse("insights:detail", args=[built["big_insight"]]),
        "charts": reverse("insights:charts") + "?attribute=segment",
        "charts_study": reverse("insights:charts") + f"?study={built['study']}&attribute=plan",
    }


class _Rollback(Exception):
    pass


def _time(client: Client, host: str, path: str, repeat: int) -> tuple[list[float], int, int]:
    """Milliseconds per GET (after one untimed warm-up), the queries of one request, and its size in bytes."""
    client.get(path, HTTP_HOST=host)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, HTTP_HOST=host)
    count = len(queries)  # now: the next request's request_started signal empties the log the context reads
    if response.status_code != 200:
        raise RuntimeError(f"{path} answered {response.status_code}: {response.content[:200]!r}")
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        client.get(path, HTTP_HOST=host)
        times.append((time.perf_counter() - started) * 1000)
    return times, count, len(response.content)


def _analyze() -> None:
    """Planner statistics for the rows just written. Autovacuum analyzes a workspace's tables once a tenth of their
    rows have changed, but never sees rows of a transaction that is not committed: without this the pages are timed
    on the plans for the demo's few rows (the one-study charts' three main queries took 107 ms instead of 35). The
    statistics go with the rollback."""
    models = (Participant, Transcript, Utterance, Tag, Highlight, Highlight.tags.through, Insight,
              Insight.highlights.through)  # fmt: skip
    with connection.cursor() as cursor:
        for model in models:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")


def measure(*, repeat: int = 10) -> dict:
    """Time the codebook, insight list, a 200-quote insight and the charts with 10,000 highlights (and the queries
    with 5 interviews); nothing is committed."""
    workspace = Workspace.objects.prefetch_related("domains").get(slug=WORKSPACE)
    host = workspace.domains.all()[0].domain
    figures: dict = {}
    try:
        with transaction.atomic():
            user = User.objects.create_user(email=f"bench-synthesis-{time.monotonic_ns()}@example.com", password=None)
            Membership.objects.create(user=user, workspace=workspace, role=Role.RESEARCHER)
            client = Client()
            client.force_login(user)
            for label, size in (("small", 5), ("large", 500)):
                with schema_context(workspace.schema_name):
                    Insight.objects.all().delete()  # the demo's too, inside the rolled-back transaction
                    started = time.perf_counter()
                    built = build_synthesis(interviews=size)
                    seeded = time.perf_counter() - started
                    _analyze()
                figures[f"synthesis_{label}_interviews"] = built["interviews"]
                figures[f"synthesis_{label}_highlights"] = built["highlights"]
                figures[f"synthesis_{label}_seed_s"] = seeded
                for name, path in pages(built).items():
                    times, queries, size_bytes = _time(client, host, path, repeat if label == "large" else 2)
                    connection.set_schema_to_public()
                    figures[f"synthesis_{label}_{name}_queries"] = queries
                    if label == "large":
                        figures[f"synthesis_{name}_p50_ms"] = statistics.median(times)
                        figures[f"synthesis_{name}_p95_ms"] = percentile(sorted(times), 0.95)
                        figures[f"synthesis_{name}_kb"] = round(size_bytes / 1024)
            raise _Rollback
    except _Rollback:
        pass
    return figures
