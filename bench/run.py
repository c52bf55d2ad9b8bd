"""`make bench`: print a table of Parley's performance figures and write them to bench/results.json.

1. Workspace creation, migrating a new schema (as configured) and cloning a migrated template schema.
2. Requests per second of `GET /api/v1/workspace/` (API key, DRF) and of the bare `GET /healthz` view,
   through gunicorn with 2 workers, from 32 concurrent clients.

3. Participant turns (POST an answer, get the interviewer's next message) per second with the offline
   interviewer, from 32 concurrent participants, each in an interview of its own, through the same gunicorn setup.
4. The server's own time per turn with an LLM interviewer: turn latency minus the fixed delay of a fake
   OpenAI-compatible model on 127.0.0.1, with as many participants as gunicorn has workers.
5. Sync booking: free slots of a round with 5 hosts over 30 days, and bookings per second (bench/booking.py).
7. Synthesis jobs: clustering 10,000 highlights, offline auto-tagging throughput (bench/synthesis_jobs.py).
10. Repository: search p50/p95 at 500 interviews / 50,000 utterances / 10,000 highlights with the GIN index in the
   plan, an interview's and a study's extractive summary, ask offline and beyond a 200 ms model (bench/search.py).
8. Roadmap: the server's time for the item list API and the board page with 200 items and 5,000 evidence links
   (bench/roadmap.py).
10. Portfolio: the public host's page with 10, 100 and 1,000 workspaces' summary rows (made directly, no schemas),
   its queries, the CSV export, and the recompute of one workspace's row with 500 interviews (bench/portfolio.py).
9. Chaos: 100 participants answer async interviews while Redis is stopped for 20 s, the model fails every third
   call and the Celery worker is killed once; nothing may be lost or doubled, and no response may be a 5xx
   (bench/chaos.py, also alone as `make chaos`). The bench fails if anything was.

It prints one table of headline figures (bench/report.py): each with its target, the peer it is measured against
in the same run, the ratio and whether it holds, and writes them to bench/results.json as {"figures": [...],
"machine": {...}, "details": {...}} (details: every number measured). BENCH_COMPARE names an earlier results file:
figures more than 20% worse than there are flagged. BENCH_QUICK=1 (`make bench QUICK=1`) runs a smaller version
(shorter loads, fewer workspaces, no chaos run and no synthesis jobs) in a few minutes.

Everything runs against 127.0.0.1 and the unix sockets in `.env`, and everything it creates is removed.
BENCH_SECONDS (default 20) sets how long each endpoint, and the offline interviewer, is loaded (the LLM
interviewer half as long); BENCH_SAMPLES (default 5) how many workspaces each way of creating them is timed on.
"""

import json
import os
import signal
import statistics
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results.json"
sys.path[0] = str(ROOT)  # import `bench.*` and the apps from the project root, not from bench/

QUICK = os.environ.get("BENCH_QUICK", "") not in ("", "0")
SECONDS = float(os.environ.get("BENCH_SECONDS", "4" if QUICK else "20"))
SAMPLES = int(os.environ.get("BENCH_SAMPLES", "2" if QUICK else "5"))
# Workspaces created in a row to show creation stays flat as their number grows: medians per PER_GROUP.
CREATION_RUN, PER_GROUP = (30, 10) if QUICK else (300, 100)
CREATION_TARGET_MS = 1000
CLIENTS = 32
ROUNDS = 4  # each endpoint gets SECONDS in all, in slices taking turns with the other
HOST = "acme.localhost"
ENDPOINTS = {"api_workspace": "/api/v1/workspace/", "bare_view": "/healthz"}
LOCK_ID = 0x70726C62  # any constant: every `make bench` takes the same PostgreSQL advisory lock
INTERVIEW_CLIENTS = 32
# Two participants, one per core: more would wait for the CPU behind each other's turns, and the queueing would
# count as the server's time (the crowd, below, measures many at once).
LLM_CLIENTS = 2
LLM_SECONDS = max(3.0, SECONDS / 2)
LLM_DELAY_MS = 200  # how long the fake model takes to answer each request
# The crowd: participants at once against a 2 s model, each writing an answer for `think_s` (0.5x-1.5x) first; real
# people take 30 s and more to write an answer, so this is a harsher load than 200 real participants make. With a
# Celery worker of 32 threads (docs/operations.md) about 32 model calls are in flight at once: 200 participants
# thinking 20 s keep ~18 busy; at 10 s they would need ~32 and queue.
CROWD = {"clients": 50 if QUICK else 200, "seconds": 15.0 if QUICK else 60.0, "think_s": 5.0 if QUICK else 20.0,
         "delay_s": 2.0}  # fmt: skip
CROWD_MARGIN_MS = 500
PAGES_TARGET_RATIO = 0.5  # participant pages serve at least half the bare view's requests per second
PAGE_NAMES = {"intro": "interview intro", "chat": "interview chat", "booking": "booking times"}
ROADMAP_REPEAT = 5 if QUICK else 20
SYNTHESIS_REPEAT = 3 if QUICK else 10
PORTFOLIO_REPEAT = 5 if QUICK else 20
SYNTHESIS_PAGES = {
    "codebook": "codebook",
    "insights_list": "insights list",
    "insight_detail": "an insight of 200 quotes",
    "charts": "charts (workspace)",
    "charts_study": "charts (one study)",
}


def setup_django() -> None:
    # Measure what production runs: DEBUG off (it also keeps a log of every query). No TLS on 127.0.0.1.
    os.environ["DEBUG"] = "0"
    os.environ["SECURE_SSL_REDIRECT"] = "0"
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from config import warm

    warm.ready()  # as a web or worker process gets ready (config/wsgi.py): the pages timed in this process too


@contextmanager
def bench_lock() -> Iterator[None]:
    """Let one bench run at a time: two would skew each other's figures and remove each other's workspaces
    as leftovers. The lock lives on a connection of its own, since migrations close the default one."""
    from django.db import connections

    connection = connections.create_connection("default")
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_lock(%s)", [LOCK_ID])
            if not cursor.fetchone()[0]:
                raise SystemExit("Another `make bench` is running against this database: try again when it is done.")
        yield
    finally:
        connection.close()


def creation_figures(notes: list[str]) -> dict[str, float]:
    from bench import creation

    times = creation.measure(SAMPLES, run=CREATION_RUN)
    figures = {"workspace_create_samples": SAMPLES, "workspace_create_run": CREATION_RUN}
    for kind, values in (("migrate", times.migrate_ms), ("clone", times.clone_ms), ("run", times.run_ms)):
        figures[f"workspace_create_{kind}_ms_median"] = statistics.median(values)
        figures[f"workspace_create_{kind}_ms_mean"] = statistics.mean(values)
        figures[f"workspace_create_{kind}_ms_min"] = min(values)
        figures[f"workspace_create_{kind}_ms_max"] = max(values)
        if kind != "run":
            notes.append(f"{kind} samples (ms): {', '.join(f'{value:.0f}' for value in values)}")
    medians = times.run_medians(PER_GROUP)
    for n, median in enumerate(medians):
        figures[f"workspace_create_run_group{n + 1}_ms_median"] = median
    figures["workspace_create_clone_vs_migrate_ratio"] = (
        figures["workspace_create_clone_ms_median"] / figures["workspace_create_migrate_ms_median"]
    )
    notes.append(
        f"Workspace creation: {SAMPLES} workspaces each way (copying the template schema `migrate_schemas` keeps"
        " current, and migrating a new schema, Parley's fallback), taking turns, after one untimed creation each way;"
        f" then {CREATION_RUN} copies in a row, median of each {PER_GROUP}:"
        f" {', '.join(f'{m:.0f}' for m in medians)} ms (bench/creation.py)."
    )
    if times.migrate_new:
        figures |= times.migrate_new
        notes.append(
            f"migrate_schemas with one new migration (an index on a tenant table) over"
            f" {times.migrate_new['migrate_new_workspaces']:.0f} of those workspaces, half with django-tenants'"
            " standard executor, half with its multiprocessing one (TENANT_MULTIPROCESSING_MAX_PROCESSES, 2"
            " processes); each schema checked to record it and hold the index (bench/migrations.py)."
        )
    if times.leftovers_removed:
        notes.append(f"Removed {times.leftovers_removed} workspace(s) left behind by an interrupted earlier run.")
    return figures


def throughput_figures(notes: list[str]) -> dict[str, float]:
    from django_tenants.utils import schema_context

    from bench import throughput
    from workspaces.models import Workspace
    from workspaces.services import api_key_create

    with schema_context("public"):
        acme = Workspace.objects.get(slug="acme")
        api_key, secret = api_key_create(workspace=acme, name="bench", role="viewer", actor=None)
    headers = {"api_workspace": {"Authorization": f"Bearer {secret}"}, "bare_view": {}}
    figures: dict[str, float] = {"http_clients": CLIENTS, "http_seconds": SECONDS}
    targets = {name: {"host": HOST, "path": path, "headers": headers[name]} for name, path in ENDPOINTS.items()}
    try:
        with throughput.gunicorn() as port:
            for target in targets.values():
                throughput.expect_ok(port, **target)
            results = throughput.load(port, targets, clients=CLIENTS, seconds=SECONDS, rounds=ROUNDS)
        for name, result in results.items():
            if result["non_200"] or result["transport_errors"]:
                raise SystemExit(
                    f"GET {targets[name]['path']}: {result['non_200']} non-200 responses {result['statuses']} and"
                    f" {result['transport_errors']} transport errors (first: {result['first_error'] or '-'})"
                )
            for metric in ("rps", "p50_ms", "p95_ms", "p99_ms", "requests", "non_200", "connections"):
                figures[f"{name}_{metric}"] = result[metric]
    finally:
        with schema_context("public"):
            api_key.delete()  # a bench key is no history worth keeping
    figures["api_vs_bare_rps_ratio"] = figures["api_workspace_rps"] / figures["bare_view_rps"]
    notes += [
        f"gunicorn: {throughput.WORKERS} sync workers, DEBUG=0, SECURE_SSL_REDIRECT=0. {CLIENTS} clients load each"
        f" endpoint for {SECONDS:g}s in all, in {ROUNDS} slices taking turns with the other endpoint, after a"
        " short warm-up (bench/loadgen.py, a process of its own).",
        "Clients ask for keep-alive, but sync workers close the connection after every response, so each"
        f" request opens one ({figures['bare_view_connections']} connections for"
        f" {figures['bare_view_requests']} /healthz requests). With {CLIENTS} clients on {throughput.WORKERS}"
        " workers, latency is mostly time spent queueing.",
        f"On {os.cpu_count()} cores the load generator competes with gunicorn and PostgreSQL for CPU: read"
        " req/s as a comparison between the two endpoints, not as capacity.",
    ]
    return figures


def participant_pages_figures(notes: list[str]) -> dict[str, float]:
    from bench import participant_pages

    results = participant_pages.measure(clients=CLIENTS, seconds=SECONDS, rounds=ROUNDS)
    figures: dict[str, float] = {}
    for name, result in results.items():
        for metric in ("rps", "p50_ms", "p95_ms", "requests"):
            figures[f"pages_{name}_{metric}"] = result[metric]
    notes.append(
        f"Participant pages: {CLIENTS} clients for {SECONDS:g}s per page on docs/operations.md's web processes"
        " (gunicorn gthread 4 workers x 8 threads, keep-alive), the pages taking turns with the bare view"
        f" /healthz ({figures['pages_bare_view_rps']:.0f} req/s): the interview's intro, its chat (an interview"
        " started on an open link, by its resume token) and a public booking page with one host's times"
        " (bench/participant_pages.py; data committed in acme, removed afterwards)."
    )
    return figures


def interview_figures(notes: list[str]) -> dict[str, float]:
    from bench import throughput, turns

    found = turns.measure(
        clients=INTERVIEW_CLIENTS, seconds=SECONDS, llm_clients=LLM_CLIENTS, llm_seconds=LLM_SECONDS,
        llm_delay_s=LLM_DELAY_MS / 1000, crowd=CROWD,
    )  # fmt: skip
    offline, llm, crowd = found["offline"], found["llm"], found["crowd"]
    figures: dict[str, float] = {
        "interview_offline_clients": INTERVIEW_CLIENTS,
        "interview_offline_seconds": SECONDS,
        "interview_offline_turns": offline["turns"],
        "interview_offline_turns_per_s": offline["turns_per_s"],
        "interview_offline_turn_p50_ms": offline["p50_ms"],
        "interview_offline_turn_p95_ms": offline["p95_ms"],
        "interview_offline_turn_p99_ms": offline["p99_ms"],
        "interview_offline_non_2xx": offline["non_2xx_3xx"],
        "interview_offline_sessions": offline["sessions_started"],
        "interview_offline_sessions_completed": offline["sessions_completed"],
        "interview_llm_clients": LLM_CLIENTS,
        "interview_llm_seconds": LLM_SECONDS,
        "interview_llm_delay_ms": LLM_DELAY_MS,
        "interview_llm_turns": llm["turns"],
        "interview_llm_model_turns": llm["model_turns"],
        "interview_llm_policy_turns": llm["policy_turns"],
        "interview_llm_turn_p50_ms": llm["model_turn_p50_ms"],
        "interview_llm_turn_p95_ms": llm["model_turn_p95_ms"],
        "interview_llm_turn_p99_ms": llm["model_turn_p99_ms"],
        "interview_llm_overhead_p50_ms": llm["own_p50_ms"],
        "interview_llm_overhead_p95_ms": llm["own_p95_ms"],
        "interview_llm_polls_per_turn": llm["polls_per_turn"],
        "interview_offline_turn_queries": found["offline_turn_queries"],
        "interview_llm_call_p50_ms": llm["model_call_p50_ms"],
        "interview_llm_call_p95_ms": llm["model_call_p95_ms"],
        "interview_llm_non_2xx": llm["non_2xx_3xx"],
        "crowd_clients": CROWD["clients"],
        "crowd_delay_ms": CROWD["delay_s"] * 1000,
        "crowd_turns": crowd["turns"],
        "crowd_turns_per_s": crowd["turns_per_s"],
        "crowd_model_turn_p50_ms": crowd["model_turn_p50_ms"],
        "crowd_model_turn_p95_ms": crowd["model_turn_p95_ms"],
        "crowd_own_p95_ms": crowd["own_p95_ms"],
        "crowd_polls_per_turn": crowd["polls_per_turn"],
        "crowd_errors": crowd["non_2xx_3xx"] + crowd["fallback_turns"],
        "interview_llm_fallbacks": found["fallbacks"],
    }
    notes += [
        f"Interview turns: one turn is the htmx POST of an answer (HX-Request: true, as the chat page sends it),"
        " answered 200 once the answer is committed and the interviewer's next message stored, with what the turn"
        " adds to the chat (the answer, the reply, the progress and the answer box, as the page appends them);"
        " bench/participants.py checks each response ends in a new form to answer, and the database is checked to"
        " hold every accepted answer with its reply. Each virtual participant starts its own interview on an open"
        " link (intro page, consent, chat page; its own cookies) and answers with varied sentences. The guides have"
        f" 200 questions and a 240-min budget, so no interview ends during the run ({offline['sessions_started']}"
        f" offline interviews, {offline['sessions_completed']} completed). Rate limits are raised for the server.",
        f"Offline: {INTERVIEW_CLIENTS} participants for {SECONDS:g}s after a short warm-up, on"
        f" {throughput.WORKERS} sync workers, so latency is mostly queueing. Interviews reached about"
        f" {offline['answers_ok'] / offline['sessions_started']:.0f} answers each (warm-up included); a turn"
        " renders what it adds to the chat, whatever the interview's length.",
        f"LLM: a fake OpenAI-compatible server (tests/interviews/llm_server.py, in the bench process) answers a valid"
        f" probe {LLM_DELAY_MS} ms after the request arrived; on docs/operations.md's processes (gunicorn gthread 4"
        f" workers x 8 threads, a Celery worker of 32 threads), {LLM_CLIENTS} participants (so nothing queues) for"
        f" {LLM_SECONDS:g}s. Of {llm['turns']} measured turns, {llm['model_turns']} were answered by the model and"
        f" count; {llm['policy_turns']} were the policy moving on after a question's 5 follow-ups (no model call)."
        f" Parley's time per turn: from the answer's POST to the reply stored by the worker (the database's clock),"
        f" less the model's {LLM_DELAY_MS} ms, plus the poll that brought the reply; the waits between polls are"
        f" the page's, not Parley's work: as the participant sees it a turn took p50 {llm['model_turn_p50_ms']:.0f}"
        f" ms, p95 {llm['model_turn_p95_ms']:.0f} ms, with {llm['polls_per_turn']:.1f} polls a turn. Parley's time"
        f" in parts (p50 / p95): the answer's POST {llm['post_p50_ms']:.0f} / {llm['post_p95_ms']:.0f} ms, the"
        f" worker beyond the model call (the broker included) {llm['worker_p50_ms']:.0f} /"
        f" {llm['worker_p95_ms']:.0f} ms, the poll that brought the reply {llm['last_poll_p50_ms']:.0f} /"
        f" {llm['last_poll_p95_ms']:.0f} ms. Parley timed the model call itself at p50"
        f" {llm['model_call_p50_ms']:.0f} ms, p95 {llm['model_call_p95_ms']:.0f} ms (the OpenAI client included)."
        f" Fallbacks to offline: {found['fallbacks']}; model probes the interviewer's rules replaced (the fake model"
        f" quotes blindly, a turn that counts): {found['replaced']}.",
    ]
    notes.append(
        f"Crowd: {CROWD['clients']} participants at once for {CROWD['seconds']:g}s (after a warm-up of"
        f" {2 * CROWD['think_s']:g}s) against a fake model taking {CROWD['delay_s'] * 1000:.0f} ms, on"
        " docs/operations.md's processes (gunicorn gthread 4 workers x 8 threads, a Celery worker of 32 threads);"
        f" each writes every answer for {CROWD['think_s']:g}s (0.5x-1.5x) before sending it. {crowd['turns']}"
        f" turns ({crowd['model_turns']} answered by the model, {crowd['policy_turns']} the policy moving on), p50"
        f" {crowd['model_turn_p50_ms']:.0f} ms and p95 {crowd['model_turn_p95_ms']:.0f} ms from the answer's POST"
        f" to the reply on the page, {crowd['polls_per_turn']:.1f} polls a turn; Parley's own time p95"
        f" {crowd['own_p95_ms']:.0f} ms; {crowd['fallback_turns']} fallbacks, {crowd['non_2xx_3xx']} errors."
    )
    if found["leftovers_removed"]:
        notes.append(f"Removed {found['leftovers_removed']} bench interview study(ies) left by an interrupted run.")
    if found["webhook_deliveries"]:
        notes.append(
            f"acme has webhook endpoints for interview events: {found['webhook_deliveries']} deliveries were queued"
            " to this run's own Celery queue and deleted at the end (a running beat's sweep may have sent some)."
        )
    if found["fallbacks"]:
        notes.append(f"{found['fallbacks']} turn(s) fell back to the offline interviewer: see gunicorn's warnings.")
    return figures


def roadmap_figures(notes: list[str]) -> dict[str, float]:
    from bench import roadmap

    figures = roadmap.measure(repeat=ROADMAP_REPEAT)
    notes.append(
        f"Roadmap list: GET /api/v1/roadmap-items/ (an API key) and the board page /roadmap/ (a researcher) in this"
        f" process (Django test client, no network), median and p95 of {ROADMAP_REPEAT} requests after a warm-up,"
        " with 2 items and with 200 items / 5,000 evidence links,"
        " written in acme's schema inside a transaction that is rolled back (bench/roadmap.py)."
    )
    return figures


def portfolio_figures(notes: list[str]) -> dict[str, float]:
    from bench import portfolio

    figures = portfolio.measure(repeat=PORTFOLIO_REPEAT)
    notes.append(
        f"Portfolio: GET / on the public host in this process (Django test client, no network), median and p95 of"
        f" {PORTFOLIO_REPEAT} requests after a warm-up, for a person in 10, 100 and 1,000 workspaces whose summary"
        " rows are written directly in public (pages of 50 rows); the recompute of acme's row with 500 completed"
        " interviews, 200 calls and 500 contact events. Everything inside a transaction that is rolled back"
        " (bench/portfolio.py)."
    )
    return figures


def synthesis_figures(notes: list[str]) -> dict[str, float]:
    from bench import synthesis_pages

    figures = synthesis_pages.measure(repeat=SYNTHESIS_REPEAT)
    notes.append(
        f"Synthesis pages: GET as a researcher in this process (Django test client, no network), median and p95 of"
        f" {SYNTHESIS_REPEAT} requests after a warm-up, with 500 interviews / 10,000 highlights / 60 tags / 101"
        " insights written in acme's schema inside a transaction that is rolled back; queries counted with 5 and"
        " with 500 interviews (bench/synthesis_pages.py)."
    )
    return figures


def synthesis_jobs_figures(notes: list[str]) -> dict[str, float]:
    from bench import synthesis_jobs

    figures = synthesis_jobs.measure()
    notes += [
        *synthesis_jobs.report(figures),
        "Synthesis jobs (bench/synthesis_jobs.py, in this process, rolled back): generated answers on 8 topics;"
        " clustering 500 interviews x 20 highlights, auto-tagging 500 interviews x 10 uncoded answers offline.",
    ]
    return figures


def search_figures(notes: list[str]) -> dict[str, float]:
    from bench import search

    figures = search.measure()
    notes += [
        *search.report(figures),
        "Repository (bench/search.py, in this process, rolled back): 500 interviews x 100 generated answers, 10,000"
        " highlights; search is the selector's time (every kind), summaries extractive, ask offline and with a"
        " 200 ms fake model (server time beyond it).",
    ]
    return figures


def booking_figures(notes: list[str]) -> dict[str, float]:
    from bench import booking

    figures = booking.measure(repeat=20, bookings=100)
    notes.append(
        "Booking (bench/booking.py, in this process, rolled back): slots of a sync round with 5 hosts in 5 zones over"
        f" 30 days ({figures['booking_slots_existing_bookings']} existing calls), median/p95 of 20 computations;"
        " bookings made one after another, after an untimed one, through booking_create and through"
        " POST /api/v1/bookings/ (test client). One writer at a time: the cost of a booking, not a server's capacity."
    )
    return figures


def chaos_figures(notes: list[str]) -> dict[str, float]:
    from bench import chaos

    found = chaos.measure()
    notes += chaos.report(found)
    if found["chaos_problems"]:
        print("\n".join(chaos.report(found)), file=sys.stderr)
        raise SystemExit("The chaos run lost, doubled or failed something: see above.")
    return {k: v for k, v in found.items() if isinstance(v, int | float)}


def headline(d: dict[str, float]) -> list:
    """The figures the issue names, each with its target and the peer it is measured against in this run."""
    from bench.report import figure

    found = []
    if "workspace_create_clone_ms_median" in d:
        migrate = ("migrate a new schema (same run)", d["workspace_create_migrate_ms_median"])
        found.append(figure("workspace creation, median", d["workspace_create_clone_ms_median"], "ms",
                            target=f"< {CREATION_TARGET_MS}", peer=migrate))  # fmt: skip
        groups = sorted(k for k in d if k.startswith("workspace_create_run_group"))
        first = d[groups[0]]
        for n, key in enumerate(groups):
            found.append(figure(f"workspace creation, median of workspaces {n * PER_GROUP + 1}-{(n + 1) * PER_GROUP}",
                                d[key], "ms", target=f"< {CREATION_TARGET_MS}",
                                peer=(f"workspaces 1-{PER_GROUP}", first) if n else migrate))  # fmt: skip
    if "migrate_new_standard_s_per_workspace" in d:
        standard = d["migrate_new_standard_s_per_workspace"]
        found.append(figure("migrate_schemas, one new migration, standard", standard, "s/workspace"))
        found.append(figure("migrate_schemas, one new migration, multiprocessing",
                            d["migrate_new_multiprocessing_s_per_workspace"], "s/workspace",
                            peer=("the standard executor (same run)", standard)))  # fmt: skip
    if "api_workspace_rps" in d:
        bare = ("bare Django view /healthz", d["bare_view_rps"])
        found.append(figure("API GET /api/v1/workspace/", d["api_workspace_rps"], "req/s", peer=bare, better="higher"))
    if "pages_bare_view_rps" in d:
        bare = d["pages_bare_view_rps"]
        for name in ("intro", "chat", "booking"):
            found.append(figure(f"participant page: {PAGE_NAMES[name]}, {CLIENTS} clients", d[f"pages_{name}_rps"],
                                "req/s", target=f">= {bare * PAGES_TARGET_RATIO:.0f}",
                                peer=("bare Django view, gthread (same run)", bare)))  # fmt: skip
    if "interview_offline_turns_per_s" in d:
        found.append(figure("offline interview turns, 32 clients", d["interview_offline_turns_per_s"], "turns/s",
                            better="higher"))  # fmt: skip
        found.append(figure("offline interview turn p95, 32 clients", d["interview_offline_turn_p95_ms"], "ms"))
    if "interview_offline_turn_queries" in d:
        found.append(figure("queries per offline interview turn", d["interview_offline_turn_queries"], "queries",
                            target="< 12"))  # fmt: skip
    if "interview_llm_overhead_p50_ms" in d:
        model = (f"the model's own latency ({LLM_DELAY_MS} ms)", LLM_DELAY_MS)
        found.append(figure("Parley's time per LLM turn, p50", d["interview_llm_overhead_p50_ms"], "ms",
                            target="< 20", peer=model))  # fmt: skip
        found.append(figure("Parley's time per LLM turn, p95", d["interview_llm_overhead_p95_ms"], "ms",
                            target="< 30", peer=model))  # fmt: skip
        found.append(figure("LLM turns fallen back to offline", d["interview_llm_fallbacks"], "turns", target="<= 0"))
    if "crowd_turns_per_s" in d:
        clients, delay = int(d["crowd_clients"]), d["crowd_delay_ms"]
        found.append(figure(f"LLM turns, {clients} participants at once", d["crowd_turns_per_s"], "turns/s",
                            better="higher"))  # fmt: skip
        found.append(figure(f"LLM turn as seen, p95, {clients} participants", d["crowd_model_turn_p95_ms"], "ms",
                            target=f"< {delay + CROWD_MARGIN_MS:.0f}", peer=(f"the model's delay ({delay:.0f} ms)",
                                                                              delay)))  # fmt: skip
        found.append(figure(f"LLM turn errors, {clients} participants", d["crowd_errors"], "turns", target="<= 0"))
    for name, label in SYNTHESIS_PAGES.items():
        if f"synthesis_{name}_p95_ms" in d:
            found.append(figure(f"synthesis page p95: {label}, 10,000 highlights", d[f"synthesis_{name}_p95_ms"],
                                "ms", target="< 300"))  # fmt: skip
    if "roadmap_list_large_p95_ms" in d:
        small = ("the same list with 2 items", d["roadmap_list_small_p95_ms"])
        found.append(figure("roadmap list API p95, 200 items / 5,000 links", d["roadmap_list_large_p95_ms"], "ms",
                            target="< 300", peer=small))  # fmt: skip
    if "roadmap_board_large_p95_ms" in d:
        small = ("the same board with 2 items", d["roadmap_board_small_p95_ms"])
        found.append(figure("roadmap board page p95, 200 items / 5,000 links", d["roadmap_board_large_p95_ms"], "ms",
                            target="< 300", peer=small))  # fmt: skip
    if "booking_slots_p95_ms" in d:
        found.append(figure("free slots, 5 hosts x 30 days, p95", d["booking_slots_p95_ms"], "ms"))
        found.append(figure("bookings via the API", d["booking_api_per_s"], "per s", better="higher"))
    if "jobs_autotag_utterances_per_s" in d:
        found.append(figure("offline auto-tagging", d["jobs_autotag_utterances_per_s"], "answers/s", better="higher"))
        found.append(figure("clustering 10,000 highlights (job)", d["jobs_cluster_job_s"], "s"))
    if "search_p95_ms" in d:
        found.append(figure(f"search p95, {d['search_utterances']:,.0f} utterances / {d['search_highlights']:,.0f}"
                            " highlights", d["search_p95_ms"], "ms", target="< 100",
                            peer=("search p50, same run", d["search_p50_ms"])))  # fmt: skip
        found.append(figure("search query plan uses the GIN index", d["search_plan_uses_gin"], "yes=1", target=">= 1",
                            better="higher"))  # fmt: skip
    if "portfolio_1000_p50_ms" in d:
        ten = ("10 workspaces (same run)", d["portfolio_10_p50_ms"])
        found.append(figure("portfolio page p50, 1,000 workspaces", d["portfolio_1000_p50_ms"], "ms", target="< 100",
                            peer=ten))  # fmt: skip
        found.append(figure("portfolio page queries, 1,000 workspaces", d["portfolio_1000_queries"], "queries",
                            target="<= 4", peer=("10 workspaces", d["portfolio_10_queries"])))  # fmt: skip
    return found


def stop(signum, frame) -> None:
    raise SystemExit(f"Stopped by signal {signum}: cleaning up.")


def main() -> None:
    started = time.perf_counter()
    load_before = os.getloadavg()[0]
    signal.signal(signal.SIGTERM, stop)  # `kill` too runs the clean-up in the `finally` blocks
    setup_django()
    notes: list[str] = []
    from bench.turns import unapplied_migrations

    if missing := unapplied_migrations():
        raise SystemExit(
            f"acme's schema lacks migrations ({', '.join(missing)}), and the interview figures work there: run"
            " `.venv/bin/python manage.py migrate_schemas --tenant` first."
        )
    with bench_lock():
        details = creation_figures(notes)
        details |= throughput_figures(notes)
        details |= participant_pages_figures(notes)
        details |= interview_figures(notes)
        details |= roadmap_figures(notes)
        details |= portfolio_figures(notes)
        details |= booking_figures(notes)
        details |= synthesis_figures(notes)
        details |= search_figures(notes)
        if not QUICK:
            details |= synthesis_jobs_figures(notes)
            details |= chaos_figures(notes)
    from bench import report

    figures = headline(details)
    report.write(RESULTS, figures, report.machine(load_before), details)
    flagged = []
    if compare := os.environ.get("BENCH_COMPARE"):
        flagged = report.regressions(figures, json.loads(Path(compare).read_text()))
    print(report.table(figures, {line.split(":")[0] for line in flagged}))
    if flagged:
        print(f"\nMore than 20% worse than {compare}:")
        print("\n".join(f"- {line}" for line in flagged))
    notes += [
        f"Load average (1 min) when the run started: {load_before:.1f} on {os.cpu_count()} cores. Other work on"
        " this machine lowers req/s and adds to the creation times: read the ratios to the peers.",
        f"Total run time {time.perf_counter() - started:.0f}s{' (quick run)' if QUICK else ''}; figures and details"
        f" written to {RESULTS.relative_to(ROOT)}.",
    ]
    print("\nNotes:")
    for note in notes:
        print(f"- {note}")


if __name__ == "__main__":
    main()
