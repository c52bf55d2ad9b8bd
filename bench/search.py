"""Figure 10: the research repository at scale — search p50/p95, the query plan, an interview summary, ask.

In acme's schema, inside one transaction that is rolled back at the end (nothing is committed, nothing needs
removing), this writes with bulk_create a study of 500 interviews (every fourth one sync) of 100 participant answers
each (50,000 utterances) from bench/synthesis_jobs.py's seeded generator of varied sentences on eight topics, and
highlights 20 answers of each interview (10,000 highlights, one or two of 8 tags, pain 1-5). PostgreSQL's triggers
fill the search vectors as the rows are written, as in production. Then, in this process:

1. Search: `synthesis.search.selectors.search` (every kind, a researcher's role, 10 hits per kind) for a mix of
   queries (a word, a stem, a phrase, an exclusion, a rare word, with and without filters), timed as the server's
   own time (the SQL and Python, no HTTP), p50 and p95 over all runs; and `GET /api/v1/search/` through Django's test
   client. `EXPLAIN` of the utterance query must use the GIN index (`interviews_utterance_search_idx`).
2. An interview summary: the extractive backend on one 100-answer interview (read, score, store), and a study of
   500 interviews (sampled to 3,000 sentences).
3. Ask: retrieve and answer offline; and with a fake OpenAI-compatible model that takes 200 ms, the server's time
   beyond the model.

Run alone with `.venv/bin/python bench/search.py`, or as part of `make bench`.
"""

import os
import random
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

if __name__ == "__main__":  # run alone: import the apps from the project root
    sys.path[0] = str(Path(__file__).resolve().parent.parent)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("DEBUG", "0")
    os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()

from django.db import connection, transaction
from django.test import Client, override_settings
from django.utils import timezone
from django_tenants.utils import schema_context

from bench.loadgen import percentile
from bench.synthesis_jobs import TOPICS, sentence
from interviews.models import Transcript, Utterance
from studies.models import Participant, Round, RoundKind, Study
from synthesis.models import Highlight, Tag
from synthesis.search.selectors import Filters, _params, _sql, kinds, search
from workspaces.models import Membership, Role, User, Workspace

WORKSPACE = "acme"
INTERVIEWS, ANSWERS, HIGHLIGHTED = 500, 100, 20
REPEAT = 5
QUERIES = [
    "export",
    "exports",
    '"custom fields"',
    "invoices -excel",
    "notification mobile",
    "salesforce",
    "webhook",
    "onboarding",
]
LLM_DELAY_S = 0.2
SEGMENTS = ("agency", "saas", "retail", "enterprise")


class _Rollback(Exception):
    pass


def build(rng: random.Random) -> dict:
    tag = f"bench-search-{time.monotonic_ns()}"
    study = Study.objects.create(title=f"{tag} repository", goal="early_problem_discovery")
    rounds = {
        kind: Round.objects.create(
            study=study, order=n, kind=kind, purpose=f"{kind} interviews", target_participants=INTERVIEWS
        )
        for n, kind in enumerate((RoundKind.SYNC, RoundKind.ASYNC), start=1)
    }
    people = Participant.objects.bulk_create(
        Participant(email=f"{tag}-{n}@example.com", name=f"Person {n}", attributes={"segment": SEGMENTS[n % 4]})
        for n in range(INTERVIEWS)
    )
    start = timezone.now() - timedelta(days=250)
    transcripts = Transcript.objects.bulk_create(
        Transcript(
            kind=(kind := RoundKind.SYNC if n % 4 == 0 else RoundKind.ASYNC),
            round=rounds[kind],
            participant=person,
            title=f"Interview {n}",
            occurred_at=start + timedelta(hours=12 * n),
        )
        for n, person in enumerate(people)
    )
    rows, topics = [], []
    for transcript in transcripts:
        for order in range(1, ANSWERS + 1):
            text, topic = sentence(rng)
            rows.append(Utterance(transcript=transcript, order=order, speaker_role="participant", text=text))
            topics.append(topic)
    started = time.perf_counter()
    utterances = Utterance.objects.bulk_create(rows, batch_size=5000)
    insert_s = time.perf_counter() - started
    tags = {name: Tag.objects.create(name=f"{tag} {name}") for name in TOPICS}
    chosen = [(u, topics[i]) for i, u in enumerate(utterances) if (i % ANSWERS) < HIGHLIGHTED]
    highlights = Highlight.objects.bulk_create(
        (
            Highlight(
                utterance=u,
                start=0,
                end=len(u.text),
                text=u.text,
                transcript=u.transcript,
                participant=u.transcript.participant,
                round=u.transcript.round,
                study=study,
                pain=(n % 5) + 1 if n % 3 else None,
            )
            for n, (u, _) in enumerate(chosen)
        ),
        batch_size=5000,
    )
    Highlight.tags.through.objects.bulk_create(
        [
            Highlight.tags.through(highlight_id=h.pk, tag_id=tags[topic].pk)
            for h, (_, topic) in zip(highlights, chosen, strict=True)
        ]
    )
    return {
        "study": study,
        "utterances": len(utterances),
        "highlights": len(highlights),
        "insert_s": insert_s,
        "transcript": transcripts[1],
        "tag": tags["Export"].pk,
    }


def _ms(fn) -> float:
    started = time.perf_counter()
    fn()
    return (time.perf_counter() - started) * 1000


def plan_uses_gin(query: str) -> bool:
    kind = next(k for k in kinds() if k.name == "utterance")
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN " + _sql(kind, Filters(), True), _params(query, Filters(), 10))
        plan = "\n".join(row[0] for row in cursor.fetchall())
    return "interviews_utterance_search_idx" in plan


def measure() -> dict:
    from synthesis.ask.services import question_ask
    from synthesis.summaries.selectors import Scope
    from synthesis.summaries.services import compose, summary_save

    workspace = Workspace.objects.prefetch_related("domains").get(slug=WORKSPACE)
    host = workspace.domains.all()[0].domain
    figures: dict = {}
    try:
        with transaction.atomic():
            user = User.objects.create_user(email=f"bench-search-{time.monotonic_ns()}@example.com", password=None)
            Membership.objects.create(user=user, workspace=workspace, role=Role.RESEARCHER)
            with schema_context(workspace.schema_name):
                connection.tenant = workspace
                started = time.perf_counter()
                built = build(random.Random(17))
                figures["search_seed_s"] = time.perf_counter() - started
                figures["search_utterances"] = built["utterances"]
                figures["search_highlights"] = built["highlights"]
                figures["search_insert_50k_utterances_s"] = built["insert_s"]
                with connection.cursor() as cursor:
                    # What autovacuum does after a bulk load: merge the GIN indexes' pending lists, refresh statistics.
                    cursor.execute(
                        "SELECT gin_clean_pending_list('interviews_utterance_search_idx'::regclass),"
                        " gin_clean_pending_list('synthesis_highlight_search_idx'::regclass)"
                    )
                    # Every table the load wrote: with the study's, rounds' or transcripts' statistics stale (a few
                    # rows), the planner chose joins that read every utterance and filtered them, 4x slower.
                    cursor.execute(
                        "ANALYZE studies_study, studies_round, studies_participant, interviews_transcript,"
                        " interviews_utterance, synthesis_tag, synthesis_highlight, synthesis_highlight_tags"
                    )
                # A word in 2-4% of the answers is served by the index; one in 12% ("export") may be read faster
                # by scanning the table, and PostgreSQL is right to choose that.
                figures["search_plan_uses_gin"] = int(plan_uses_gin("webhook"))
                figures["search_plan_common_word_uses_gin"] = int(plan_uses_gin("export"))
                filters = [
                    Filters(),
                    Filters(method="sync"),
                    Filters(tag=built["tag"], pain=3),
                    Filters(attribute=("segment", "saas")),
                ]
                times = []
                for _ in range(REPEAT):
                    for query in QUERIES:
                        for f in filters:
                            times.append(_ms(lambda q=query, f=f: search(query=q, role="researcher", filters=f)))
                times.sort()
                figures["search_p50_ms"] = statistics.median(times)
                figures["search_p95_ms"] = percentile(times, 0.95)
                figures["search_runs"] = len(times)
            client = Client()
            client.force_login(user)
            api = sorted(
                _ms(lambda q=q: client.get("/api/v1/search/", {"q": q}, HTTP_HOST=host))
                for _ in range(REPEAT)
                for q in QUERIES
            )
            figures["search_api_p50_ms"] = statistics.median(api)
            figures["search_api_p95_ms"] = percentile(api, 0.95)
            with schema_context(workspace.schema_name):
                connection.tenant = workspace
                interview = Scope(transcript=built["transcript"])
                figures["summary_interview_ms"] = statistics.median(
                    _ms(lambda: summary_save(scope=interview, fields=compose(interview, None))) for _ in range(REPEAT)
                )
                study = Scope(study=built["study"])
                figures["summary_study_500_interviews_ms"] = _ms(
                    lambda: summary_save(scope=study, fields=compose(study, None))
                )
                question = "Why do finance teams struggle with the export of custom fields?"
                figures["ask_offline_ms"] = statistics.median(
                    _ms(lambda: question_ask(text=question, study=None, actor=user)) for _ in range(REPEAT)
                )
                figures |= _ask_with_model(question, user)
            raise _Rollback
    except _Rollback:
        pass
    return figures


def _ask_with_model(question: str, user) -> dict:
    """The server's time of an ask beyond a fake model that takes 200 ms (tests/interviews/llm_server.py)."""
    import json

    from config.crypto import encrypt
    from interviews.models import LLMSettings
    from synthesis.ask.selectors import retrieve
    from synthesis.ask.services import question_ask
    from tests.interviews.llm_server import FakeLLM

    fake = FakeLLM(hang_seconds=LLM_DELAY_S).start()
    try:
        model = {"backend": "openai", "base_url": fake.base_url, "model": "bench", "api_key_encrypted": encrypt("sk-b")}
        LLMSettings.objects.update_or_create(pk=1, defaults=model)
        quote = retrieve(question=question)[0]
        answer = {"sentences": [{"text": "Exports lose custom fields.", "citations": [{"n": 1, "quote": quote.text}]}]}
        fake.set("hang", content=json.dumps(answer))
        with override_settings(PARLEY_OUTBOUND_ALLOW=["127.0.0.1"]):  # the fake model listens on 127.0.0.1
            times = sorted(_ms(lambda: question_ask(text=question, study=None, actor=user)) for _ in range(REPEAT))
    finally:
        fake.stop()
    return {
        "ask_model_total_ms": statistics.median(times),
        "ask_model_server_ms": statistics.median(times) - LLM_DELAY_S * 1000,
    }


def report(figures: dict) -> list[str]:
    common = "also" if figures["search_plan_common_word_uses_gin"] else "a table scan"
    return [
        f"Search at {figures['search_utterances']:,} utterances / {figures['search_highlights']:,} highlights: p50"
        f" {figures['search_p50_ms']:.0f} ms, p95 {figures['search_p95_ms']:.0f} ms over {figures['search_runs']}"
        f" searches (every kind, 8 queries x 4 filter sets); the API p95 {figures['search_api_p95_ms']:.0f} ms;"
        f" the utterance query's plan {'uses' if figures['search_plan_uses_gin'] else 'DOES NOT use'} the GIN index"
        f" for a word in 2.5% of the answers ({common} for one in 12%).",
    ]


if __name__ == "__main__":
    found = measure()
    for name, value in found.items():
        print(f"{name:40} {value:12.1f}" if isinstance(value, float) else f"{name:40} {value:12}")
    print(*report(found), sep="\n")
