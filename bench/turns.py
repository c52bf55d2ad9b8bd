"""Figures 3 and 4: participants' interview turns through gunicorn, with the offline interviewer and with an LLM.

In acme's schema this module creates a study with two async rounds, each with a 200-question guide and one open
link. The guides are long enough that no interview ends during a run: every question estimates 0.5 min and the
time budget is 240 min (the most a round allows), which leaves room for ~185 follow-ups per interview before the
budget stops probing. The offline round allows 2 follow-ups per question, as guides usually do; the LLM round 5, so
that most turns reach the model (the policy moves on by itself, without asking the model, once a question has had
its follow-ups). Should an interview complete anyway, its participant starts a new one (bench/participants.py).
The guide's length does not show in a turn's cost: measured in-process, a turn took the same with 10 questions.

gunicorn runs as in figure 2 (bench/throughput.py) for the offline load, and with docs/operations.md's gthread
workers for the LLM loads (what participants meet, keep-alive included), with two changes to its environment: the
participant pages' rate limits are raised far out of reach (every virtual participant comes from 127.0.0.1), and
Celery tasks go to a queue of this run's own, deleted afterwards. Only during the LLM loads does a worker (threads,
as docs/operations.md runs it) take that queue: the model is called from it while the page polls for the reply, and
a turn is timed from the answer's POST to the poll that brings the reply.

1. Offline: `clients` participants answer for `seconds`, with the offline interviewer (acme's LLM settings say
   "offline" during the run; if acme had settings of its own, they are put aside and restored).
2. LLM: acme's LLM settings point at a fake OpenAI-compatible server in this process (tests/interviews/llm_server.py,
   standard library only) that answers every request with a valid probe a fixed delay after the request arrived.
   Fewer participants answer for a shorter time; the turns whose reply came from the model (the bench joins each
   measured turn to its reply in the database by its client token) give the latency; Parley's own time is the
   answer's POST to the reply stored, less the delay, plus the poll that brought it.
3. A crowd: many participants at once (200 in the full run) against a model that takes 2 s, on the processes of
   docs/operations.md (gunicorn's gthread workers, a Celery worker of threads), each taking a few seconds to write
   every answer as people do: turns per second, and the turn as the participant sees it against the model's delay.

Everything created here is removed afterwards, and leftovers of an interrupted run are recognised by name: the
study (its rounds, guides, links, sessions, messages and transcripts cascade with it), webhook deliveries about
it, the Celery queue, and the LLM settings (deleted, or restored from bench/.llm_settings_backup.json if acme had
its own).
"""

import json
import re
import secrets
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.db import connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.db.models import Q
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.utils.dateparse import parse_datetime
from django_tenants.utils import schema_context

from bench import creation, throughput
from bench.loadgen import percentile
from config.crypto import encrypt
from interviews import public_cache
from interviews.links.services import link_create
from interviews.models import InterviewLink, LLMBackend, LLMSettings, Message, Role, Session
from studies.models import Goal, GuideQuestion, RoundKind, Study
from studies.programme.services import round_add, study_create
from webhooks.models import WebhookDelivery
from workspaces.models import Workspace

ROOT = Path(__file__).resolve().parent.parent
WORKSPACE = "acme"
HOST = "acme.localhost"
TITLE_PREFIX = "bench-interviews-"
TITLE_PATTERN = r"^bench-interviews-[0-9a-f]{6}$"
QUESTIONS = 200
TIME_BUDGET_MINUTES = 240
QUESTION_MINUTES = Decimal("0.5")
FOLLOW_UPS = {"offline": 2, "llm": 5, "crowd": 5}
LLM_MODEL = "bench"
LLM_KEY = "bench-key"
LLM_BACKUP = ROOT / "bench" / ".llm_settings_backup.json"
# A model's probe the interviewer's rules refused (a quote of a non-answer, a repeat) is replaced by the offline
# decision: the model answered and Parley did its work, so the turn counts; the fake model quotes blindly, so some
# are. A fallback is a failed call (timeout, error, garbage).
REFUSED_BY_RULES = Q(fallback_error__startswith="The model's probe breaks the rules") | Q(
    fallback_error__startswith="The model repeated a probe"
)
UNREACHABLE = "1000000000"  # requests a minute: a rate limit no run comes near

TOPICS = (
    "the last report you put together", "how you plan your week", "the tools your team shares",
    "the last time you onboarded a colleague", "how you keep track of invoices", "your first week with the product",
    "the last export you made", "how you share files with clients", "the last time something broke",
    "how you find an old document", "the last meeting you prepared for", "how decisions get written down",
    "the last time you asked support for help", "how you set up a new project", "the last time you changed plans",
    "how you check that numbers are right", "the notifications you get in a day", "the last bill you questioned",
    "how your team hands work over", "the last time you worked from your phone", "how you review someone's work",
    "the last time you searched for something", "how you prepare for the end of the month",
    "the last feature you tried", "how you learn a new tool", "the last time you missed a deadline",
    "how you keep clients up to date", "the permissions in your workspace", "the last import you ran",
    "how you spend the first hour of your day", "the last time you compared two products",
    "how you decide what to work on next", "the last time you lost some work", "how you track time",
    "the last change your manager asked for", "how you archive finished work", "the last workaround you built",
    "how you share feedback", "the last time you paid for a tool", "how you would explain the product to a friend",
)  # fmt: skip
FORMATS = (
    "Tell me about {}.",
    "Walk me through {}.",
    "What comes to mind when you think about {}?",
    "What happened around {}?",
    "Can you describe {}?",
)


@dataclass
class Bench:
    study: Study
    links: dict[str, InterviewLink] = field(default_factory=dict)  # "offline" / "llm" -> its round's open link


def unapplied_migrations() -> list[str]:
    """Migrations acme's schema lacks. The bench works there through the ORM, whose cascades (deleting the study)
    touch every related table, so a schema behind the code would leave the bench unable to clean up."""
    schema = Workspace.objects.get(slug=WORKSPACE).schema_name
    with schema_context(schema):
        executor = MigrationExecutor(connection)
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return [f"{migration.app_label}.{migration.name}" for migration, _backwards in plan]


def measure(*, clients: int, seconds: float, llm_clients: int, llm_seconds: float, llm_delay_s: float,
            crowd: dict | None = None) -> dict:  # fmt: skip
    """The figures of the module docstring. Callers hold `bench_lock()` (bench/run.py). `crowd`: {"clients",
    "seconds", "think_s", "delay_s"} for the crowd's run (3)."""
    from tests.interviews.llm_server import FakeLLM  # standard library only; tests/ has no pytest imports here

    run_id = secrets.token_hex(3)
    queue = f"{creation.QUEUE_PREFIX}{run_id}"
    acme = Workspace.objects.get(slug=WORKSPACE)
    result: dict = {}
    with schema_context(acme.schema_name):
        result["leftovers_removed"] = _remove_leftovers()
        fake = FakeLLM(hang_seconds=llm_delay_s).start()
        fake.set("hang")  # wait `hang_seconds`, then answer a valid probe quoting the latest answer
        bench = None
        try:
            bench = _create(run_id)
            env = {
                "PARLEY_RATE_LIMIT_PER_LINK": UNREACHABLE,
                "PARLEY_RATE_LIMIT_PER_ADDRESS": UNREACHABLE,
                "CELERY_QUEUE": queue,
                "PARLEY_OUTBOUND_ALLOW": "127.0.0.1",  # the fake model server
            }
            with _interviewer() as use:
                with throughput.gunicorn(env) as port:
                    throughput.expect_ok(port, HOST, _path(bench.links["offline"]))
                    result["offline"] = _load(port, bench.links["offline"], clients, seconds, record_turns=False)
                use(fake.base_url)
                # Parley's own time as participants meet it: on docs/operations.md's processes, the model called
                # from a worker.
                with throughput.gunicorn(env, production=True) as port, worker(env):
                    result["llm"] = _load(port, bench.links["llm"], llm_clients, llm_seconds, record_turns=True)
            if crowd:
                result["crowd"] = _crowd(env, bench.links["crowd"], **crowd)
            _check_turns(bench.links["offline"], result["offline"])
            result["offline_turn_queries"] = _turn_queries(bench.links["offline"])  # its own session, after the check
            _check_turns(bench.links["llm"], result["llm"])
            result["llm"] |= _llm_turns(bench.links["llm"], result["llm"].pop("records"), llm_delay_s * 1000)
            messages = Message.objects.filter(session__round__study=bench.study)
            result["fallbacks"] = messages.exclude(fallback_error="").exclude(REFUSED_BY_RULES).count()
            result["replaced"] = messages.filter(REFUSED_BY_RULES).count()
            result["webhook_deliveries"] = _deliveries(bench.study.pk).count()
        finally:
            fake.stop()
            try:
                if bench is not None:
                    _remove(bench.study.pk)
            finally:
                creation._delete_celery_queues([queue])
    return result


def _crowd(env: dict[str, str], link: InterviewLink, *, clients: int, seconds: float, think_s: float,
           delay_s: float) -> dict:  # fmt: skip
    """Many participants at once against a slow model, on docs/operations.md's processes (gthread web workers,
    a worker of threads): each writes an answer for `think_s` (0.5x-1.5x) before sending it."""
    from tests.interviews.llm_server import FakeLLM

    fake = FakeLLM(hang_seconds=delay_s).start()
    fake.set("hang")
    try:
        with throughput.gunicorn(env, production=True) as port, _interviewer() as use, worker(env):
            use(fake.base_url)
            result = _load(port, link, clients, seconds, record_turns=True, think_seconds=think_s)
    finally:
        fake.stop()
    _check_turns(link, result)
    return result | _llm_turns(link, result.pop("records"), delay_s * 1000)


# The worker command of docs/operations.md: threads, since a reply mostly waits for the model.
WORKER_ARGS = ["-m", "celery", "-A", "config", "worker", "--pool", "threads", "--concurrency", "32",
               "--loglevel", "WARNING", "--without-gossip", "--without-mingle", "--without-heartbeat"]  # fmt: skip


@contextmanager
def worker(env: dict[str, str]) -> Iterator[subprocess.Popen]:
    """A Celery worker on the run's queue for as long as the block runs; its log is .data/bench-turns-worker.log."""
    (ROOT / ".data").mkdir(exist_ok=True)
    name = f"bench-{secrets.token_hex(3)}@%h"
    with open(ROOT / ".data" / "bench-turns-worker.log", "ab") as log:
        command = [sys.executable, *WORKER_ARGS, "-n", name]
        proc = subprocess.Popen(command, cwd=ROOT, env=throughput.server_environment(env), stdout=log,
                                stderr=subprocess.STDOUT)  # fmt: skip
        try:
            _wait_until_ready(proc, name.replace("%h", socket.gethostname()))
            yield proc
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def _wait_until_ready(proc: subprocess.Popen, name: str, timeout: float = 60.0) -> None:
    """Until the worker answers a ping: a worker still starting would make the first turns wait for it."""
    from config.celery import app

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"the Celery worker exited with status {proc.returncode} (.data/bench-turns-worker.log)")
        if app.control.ping(destination=[name], timeout=0.5):
            return
    raise RuntimeError(f"the Celery worker did not answer within {timeout:.0f}s (.data/bench-turns-worker.log)")


def _path(link: InterviewLink) -> str:
    return f"/i/{link.token}/"


@transaction.atomic
def _create(run_id: str) -> Bench:
    study = study_create(title=f"{TITLE_PREFIX}{run_id}", goal=Goal.CONTINUOUS_FEEDBACK, actor=None)
    bench = Bench(study=study)
    texts = [fmt.format(topic) for fmt in FORMATS for topic in TOPICS][:QUESTIONS]
    assert len(texts) == QUESTIONS, "add topics: the guide needs QUESTIONS questions"
    for name, follow_ups in FOLLOW_UPS.items():
        round_ = round_add(
            study=study, kind=RoundKind.ASYNC, purpose=f"Interview turns, {name} interviewer", target_participants=100,
            actor=None, time_budget_minutes=TIME_BUDGET_MINUTES,
        )  # fmt: skip
        GuideQuestion.objects.bulk_create(
            GuideQuestion(round=round_, order=order, text=text, max_follow_ups=follow_ups,
                          estimated_minutes=QUESTION_MINUTES)
            for order, text in enumerate(texts, start=1)
        )  # fmt: skip
        bench.links[name] = link_create(round=round_, actor=None, label=f"bench {name}")
    return bench


def _load(port: int, link: InterviewLink, clients: int, seconds: float, *, record_turns: bool,
          think_seconds: float = 0.0) -> dict:  # fmt: skip
    """Run `bench.participants` against the link and fail unless every request went as it should."""
    job = {
        "port": port, "host": HOST, "path": _path(link), "clients": clients, "seconds": seconds,
        # With time to think, the window opens once everyone is past their first answer: a steady state.
        "warmup_seconds": 2 * think_seconds or min(2.0, seconds / 5), "record_turns": record_turns,
        "think_seconds": think_seconds,
    }  # fmt: skip
    done = subprocess.run(
        [sys.executable, "-m", "bench.participants"],
        cwd=ROOT,
        input=json.dumps(job),
        capture_output=True,
        text=True,
        timeout=seconds + job["warmup_seconds"] + 60,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"the participants' load generator failed:\n{done.stderr}")
    result = json.loads(done.stdout)
    failures = {
        kind: result[kind]
        for kind in ("non_2xx_3xx", "failed_answers", "bad_turns", "transport_errors", "setup_errors")
        if result[kind]
    }
    if failures or not result["turns"]:
        raise SystemExit(
            f"Interview turns on {link.label}: {failures or 'no turn completed'}, statuses {result['statuses']}"
            f" (first error: {result['first_error'] or '-'})"
        )
    return result


def _check_turns(link: InterviewLink, result: dict) -> None:
    """The database must hold every answer the participants saw accepted, each with the interviewer's reply after
    it; a turn that returned 2xx without committing both would make the figures a lie."""
    sessions = Session.objects.filter(link=link)
    answers = Message.objects.filter(session__link=link, role=Role.PARTICIPANT).count()
    interviewer = Message.objects.filter(session__link=link, role=Role.INTERVIEWER).count()
    count = sessions.count()
    if count != result["sessions_started"] or answers != result["answers_ok"] or interviewer != answers + count:
        raise RuntimeError(
            f"{link.label}: the participants started {result['sessions_started']} sessions and had"
            f" {result['answers_ok']} answers accepted, but the database holds {count} sessions, {answers} answers"
            f" and {interviewer} interviewer messages (expected one per answer plus each session's first question)"
        )


def _turn_queries(link: InterviewLink) -> int:
    """The statements of an offline turn (SET search_path and savepoints included), the most of three answers in a
    new interview, made in this process through the whole request stack (tests/interviews/links/test_turn_budget.py
    holds the same budget)."""
    with override_settings(PARLEY_RATE_LIMIT_PER_LINK=int(UNREACHABLE), PARLEY_RATE_LIMIT_PER_ADDRESS=int(UNREACHABLE)):
        return _count_turn_queries(Client(HTTP_HOST=HOST), link)


def _count_turn_queries(client: Client, link: InterviewLink) -> int:
    client.post(_path(link), {"consent": "1"})
    page = client.get(_path(link)).content
    counts = []
    for turn in range(3):
        token = re.search(rb'name="client_token" value="([^"]+)"', page).group(1).decode()
        with CaptureQueriesContext(connection) as queries:
            response = client.post(f"{_path(link)}answer/", {"text": f"The export failed again, time {turn}.",
                                                            "client_token": token}, HTTP_HX_REQUEST="true")  # fmt: skip
        if response.status_code != 200:
            raise RuntimeError(f"an offline turn answered {response.status_code}")
        counts.append(len(queries))
        page = response.content
    return max(counts)


def _llm_turns(link: InterviewLink, records: list[list], delay_ms: float) -> dict:
    """Split the measured turns by who wrote the reply: the model, the policy (no model call) or a fallback. For the
    model's turns, Parley's own time: from the answer's POST to the reply stored (the database's clock, the same
    machine's), less the model's delay, plus the poll that brought it; what the page waits between polls is not
    Parley's work, and shows in the turn as the participant sees it."""
    by_token = {record[0]: record for record in records}
    answers = Message.objects.filter(session__link=link, role=Role.PARTICIPANT, client_token__in=by_token)
    keys = {(session_id, order + 1): token for session_id, order, token in answers.values_list(
        "session_id", "order", "client_token")}  # fmt: skip
    replies = Message.objects.filter(session__link=link, role=Role.INTERVIEWER).values_list(
        "session_id", "order", "backend", "fallback_error", "latency_ms", "created_at"
    )
    refused = ("The model's probe breaks the rules", "The model repeated a probe")
    model, own, model_call, polls, policy, fallback = [], [], [], [], 0, 0
    posts, last_polls, worker = [], [], []  # the parts of Parley's own time
    for session_id, order, backend, fallback_error, call_ms, created_at in replies:
        token = keys.get((session_id, order))
        if token is None:
            continue  # the first question, or the reply to a warm-up turn
        _token, latency, _status, sent_at, last_poll_ms, poll_count, post_ms = by_token[token]
        if fallback_error and not fallback_error.startswith(refused):
            fallback += 1
        elif backend == "openai" or fallback_error:
            model.append(latency)
            own.append((created_at.timestamp() - sent_at) * 1000 - delay_ms + last_poll_ms)
            polls.append(poll_count)
            posts.append(post_ms)
            last_polls.append(last_poll_ms)
            if backend == "openai":  # a replaced probe's reply carries the offline decision's time
                model_call.append(call_ms)
                # From the POST's answer through the broker to the stored reply, less the model call.
                worker.append((created_at.timestamp() - sent_at) * 1000 - post_ms - call_ms)
        else:
            policy += 1
    if len(model) + policy + fallback != len(records):
        raise RuntimeError(f"{len(records)} measured LLM turns, but {len(model) + policy + fallback} found replies")
    for values in (model, own, model_call, posts, last_polls, worker):
        values.sort()
    return {
        "model_turns": len(model),
        "policy_turns": policy,
        "fallback_turns": fallback,
        "model_turn_p50_ms": percentile(model, 0.50),
        "model_turn_p95_ms": percentile(model, 0.95),
        "model_turn_p99_ms": percentile(model, 0.99),
        "own_p50_ms": percentile(own, 0.50),
        "own_p95_ms": percentile(own, 0.95),
        "polls_per_turn": sum(polls) / len(polls) if polls else 0.0,
        "post_p50_ms": percentile(posts, 0.50),
        "post_p95_ms": percentile(posts, 0.95),
        "last_poll_p50_ms": percentile(last_polls, 0.50),
        "last_poll_p95_ms": percentile(last_polls, 0.95),
        "worker_p50_ms": percentile(worker, 0.50),
        "worker_p95_ms": percentile(worker, 0.95),
        "model_call_p50_ms": percentile(model_call, 0.50),
        "model_call_p95_ms": percentile(model_call, 0.95),
    }


@contextmanager
def _interviewer() -> Iterator:
    """Yield `use(base_url)`, which makes acme's interviewer the offline one (None) or the OpenAI-compatible server
    at `base_url`; starts offline. The LLMSettings row says so either way (backend "offline" wins over any
    OPENAI_API_KEY in the environment). Whatever acme had before is put back afterwards; until then a copy of a
    pre-existing row waits in LLM_BACKUP, for the leftover clean-up of a run that gets killed."""
    saved = LLMSettings.objects.filter(pk=1).values().first()
    if saved is not None:
        LLM_BACKUP.write_text(json.dumps(saved, default=str))
        LLM_BACKUP.chmod(0o600)

    def use(base_url: str | None) -> None:
        backend = LLMBackend.OPENAI if base_url else LLMBackend.OFFLINE
        LLMSettings.objects.update_or_create(
            pk=1,
            defaults={"backend": backend, "base_url": base_url or "", "model": LLM_MODEL,
                      "api_key_encrypted": encrypt(LLM_KEY) if base_url else ""},
        )  # fmt: skip

    try:
        use(None)
        yield use
    finally:
        _restore_llm_settings(saved)


def _restore_llm_settings(saved: dict | None) -> None:
    with transaction.atomic():
        if saved is None:
            LLMSettings.objects.filter(pk=1).delete()
        else:
            values = {k: v for k, v in saved.items() if k != "id"}
            values["updated_at"] = parse_datetime(str(values["updated_at"]))
            # .update() keeps the row's own updated_at (save() would stamp it now).
            if not LLMSettings.objects.filter(pk=1).update(**values):
                LLMSettings.objects.create(pk=1, **values)
                LLMSettings.objects.filter(pk=1).update(updated_at=values["updated_at"])
        public_cache.public_pages_changed()  # .update() sends no signal: the cached settings go all the same
    LLM_BACKUP.unlink(missing_ok=True)


def _deliveries(*study_ids: int):
    return WebhookDelivery.objects.filter(payload__data__study__in=list(study_ids))


def _remove(*study_ids: int) -> None:
    _deliveries(*study_ids).delete()
    Study.objects.filter(pk__in=study_ids).delete()


def _remove_leftovers() -> int:
    """Remove what a killed earlier run left behind in acme's schema. Returns how many studies that was."""
    study_ids = list(Study.objects.filter(title__regex=TITLE_PATTERN).values_list("pk", flat=True))
    _remove(*study_ids)
    ours = Q(base_url="") | Q(base_url__startswith="http://127.0.0.1:")
    if LLMSettings.objects.filter(ours, pk=1, model=LLM_MODEL).exists():
        _restore_llm_settings(json.loads(LLM_BACKUP.read_text()) if LLM_BACKUP.exists() else None)
    LLM_BACKUP.unlink(missing_ok=True)  # if the row is not the bench's, the backup is of the row as it is
    return len(study_ids)
