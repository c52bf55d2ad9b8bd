"""The chaos run (`make chaos`, and the last part of `make bench`): 100 participants answer async interviews through
gunicorn while Redis is stopped for 20 s and restarted, the model server fails every third call, and the Celery
worker is killed once (kill -9, then started again as a supervisor would). Afterwards nothing may be lost or doubled:

- every answer a participant saw accepted is in the database exactly once (by its client token), with its text;
- every answer has the interviewer's reply after it, and every interview completed;
- every email ("finish later", one per participant) reached the mail server exactly once;
- every webhook (interview.started and interview.completed per participant) reached its receiver exactly once;
- and no request answered 5xx.

Everything runs on 127.0.0.1 in a workspace of its own (`bench-chaos-<run>`, dropped at the end) so that no other
workspace's emails or webhooks are touched: a Redis of the run's own on a free port (cache and broker of gunicorn
and the worker), an SMTP sink and a webhook receiver in this process, the fake OpenAI-compatible server of the tests
with `fail_every=3`. Beat's sweeps run here, every few seconds, for this workspace's schema only (the same service
calls as `outbox.tasks.sweep_all_workspaces` and `webhooks.tasks.sweep_all_workspaces` make per schema): a real beat
would sweep every workspace on the database.

The participants are those of bench/participants.py (asyncio, one HTTP/1.1 connection and cookie jar each): intro,
consent, chat, then htmx answers until the interview completes; after their first answer each asks to "finish
later" with their email and comes back. An answer that gets a 5xx or no response is sent again with the same client
token, as the page would be submitted again: the database must still hold it once.
"""

import asyncio
import secrets
import signal
import socketserver
import subprocess
import sys
import threading
import time
from collections import Counter
from contextlib import ExitStack, contextmanager
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PARTICIPANTS = 100
QUESTIONS = ("Tell me about the last report you put together.", "Walk me through how you plan your week.",
             "What happened the last time something broke?")  # fmt: skip
FOLLOW_UPS = 1
OUTAGE_AFTER_S, OUTAGE_S = 5.0, 20.0
KILL_WORKER_AFTER_S = OUTAGE_AFTER_S + OUTAGE_S + 5.0  # once Redis is back and the worker has work again
LLM_FAIL_EVERY = 3
DRAIN_TIMEOUT_S = 180.0
SWEEP_EVERY_S = 5.0
REQUEST_TIMEOUT_S = 120.0  # 100 clients queue on 2 sync workers: a slow answer is sent again, not lost
EMAIL_DOMAIN = "chaos.bench.example.com"
SLUG_PATTERN = r"^bench-chaos-[0-9a-f]{6}$"


# The outside world: a mail server and a webhook receiver that count what they get -----------------------------


class _SmtpHandler(socketserver.StreamRequestHandler):
    """Just enough SMTP for Django's backend: EHLO, MAIL, RCPT, DATA, QUIT."""

    def handle(self):
        self.wfile.write(b"220 chaos-sink ESMTP\r\n")
        recipients = []
        while line := self.rfile.readline():
            command = line.strip().upper()
            if command.startswith((b"EHLO", b"HELO")):
                self.wfile.write(b"250 chaos-sink\r\n")
            elif command.startswith(b"RCPT TO:"):
                recipients.append(line.strip()[8:].strip(b"<> ").decode().lower())
                self.wfile.write(b"250 OK\r\n")
            elif command == b"DATA":
                self.wfile.write(b"354 End with .\r\n")
                while self.rfile.readline() not in (b".\r\n", b""):
                    pass  # the message itself is not needed: who it was for is counted
                self.server.received.extend(recipients)
                recipients = []
                self.wfile.write(b"250 OK\r\n")
            elif command == b"QUIT":
                self.wfile.write(b"221 Bye\r\n")
                return
            else:  # MAIL FROM, RSET, NOOP
                self.wfile.write(b"250 OK\r\n")


class _SmtpSink(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), _SmtpHandler)
        self.received: list[str] = []  # one recipient per message received


class _HookHandler(BaseHTTPRequestHandler):
    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self.server.received.append(self.headers.get("Parley-Delivery", ""))
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format, *args):
        pass


class _HookReceiver(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), _HookHandler)
        self.received: list[str] = []  # Parley-Delivery of each request


@contextmanager
def _serving(server):
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


# The participants --------------------------------------------------------------------------------------------


class _Tally:
    def __init__(self):
        self.statuses: Counter[int] = Counter()
        self.accepted: dict[str, str] = {}  # client token -> the answer's text, for every 2xx answer
        self.resent = 0  # answers sent again after a 5xx or no response
        self.transport_errors = 0
        self.completed = 0
        self.later = 0
        self.errors: list[str] = []  # every failed attempt (each was sent again)
        self.gave_up: list[str] = []  # participants who could not finish


async def _participant(number: int, host: str, port: int, path: str, tally: _Tally) -> None:
    from bench.participants import FIELD, Browser, answer, until_replied

    browser = Browser(port, host)

    async def send(method, url, form=None, headers=None, expect=(200,)):
        """One request, sent again (same form, same client token) after a 5xx or a dropped connection."""
        for attempt in range(20):
            try:
                status, response_headers, body = await asyncio.wait_for(
                    browser.request(method, url, form, headers), REQUEST_TIMEOUT_S
                )
            except (OSError, asyncio.IncompleteReadError, TimeoutError, ValueError) as error:
                browser.close()
                tally.transport_errors += 1
                tally.errors.append(f"{method} {url}: {type(error).__name__}: {error}")
                await asyncio.sleep(0.5)
                continue
            tally.statuses[status] += 1
            if status >= 500:
                tally.errors.append(f"{method} {url}: {status}")
                await asyncio.sleep(0.5)
                continue
            if status not in expect:
                raise RuntimeError(f"{method} {url} answered {status}: {body[:300]!r}")
            if attempt and "answer" in url:
                tally.resent += 1
            return status, response_headers, body
        raise RuntimeError(f"{method} {url}: no answer after 20 attempts")

    fields = lambda body: {k.decode(): v.decode() for k, v in FIELD.findall(body)}  # noqa: E731
    _, _, body = await send("GET", path)
    await send("POST", path, {"csrfmiddlewaretoken": fields(body)["csrfmiddlewaretoken"], "consent": "1"},
               expect=(302,))  # fmt: skip
    _, _, body = await send("GET", path)
    form, turn = fields(body), 0
    htmx = {"HX-Request": "true", "HX-Target": "chat", "HX-Current-URL": f"http://{host}{path}"}
    while True:
        text = answer(number, turn)
        status, _, body = await send("POST", f"{path}answer/", {**form, "text": text}, htmx, expect=(200, 204))
        tally.accepted[form["client_token"]] = text
        # The interviewer typing (a worker asks the model): poll as the page does, each poll resent like any request.
        status, _, body = await until_replied(lambda *args: send(*args, expect=(200, 204)), htmx, (status, {}, body))
        turn += 1
        if status == 204:
            tally.completed += 1
            break
        form = fields(body)
        if turn == 1:  # "finish later": the link by email, then straight back, as on another tab
            later = {"csrfmiddlewaretoken": form["csrfmiddlewaretoken"], "email": f"p{number}@{EMAIL_DOMAIN}"}
            await send("POST", f"{path}later/", later)
            tally.later += 1
            _, _, body = await send("GET", path)
            form = fields(body)
    browser.close()


async def _participants(host: str, port: int, path: str, tally: _Tally) -> None:
    results = await asyncio.gather(
        *(_participant(n, host, port, path, tally) for n in range(PARTICIPANTS)), return_exceptions=True
    )
    for result in results:
        if isinstance(result, BaseException):
            tally.gave_up.append(f"{type(result).__name__}: {result}")


# The run -----------------------------------------------------------------------------------------------------


def measure() -> dict:
    """Run the chaos and check the outcome; raises SystemExit when anything was lost, doubled or answered 5xx."""
    from django.conf import settings
    from django.test import override_settings
    from django_tenants.utils import schema_context

    from bench import creation, throughput
    from tests.interviews.llm_server import FakeLLM
    from tests.processes import free_port, redis_server, stop

    run_id = secrets.token_hex(3)
    slug, owner = f"bench-chaos-{run_id}", f"bench-chaos-{run_id}@example.com"
    redis_port = free_port()
    with ExitStack() as stack:
        sink = stack.enter_context(_serving(_SmtpSink()))
        hooks = stack.enter_context(_serving(_HookReceiver()))
        fake = FakeLLM(fail_every=LLM_FAIL_EVERY).start()
        stack.callback(fake.stop)
        mail = {"BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                "OPTIONS": {"host": "127.0.0.1", "port": sink.server_address[1], "timeout": 5}}  # fmt: skip
        stack.enter_context(override_settings(PARLEY_OUTBOUND_ALLOW=["127.0.0.1"], MAILERS={"default": mail}))
        with schema_context("public"):
            _remove_leftovers()
            stack.enter_context(creation._private_celery_queue(f"{creation.QUEUE_PREFIX}{run_id}"))
            workspace, link, endpoint_id = _create(slug, owner, fake.base_url, hooks)
        stack.callback(_remove, workspace, owner)
        redis = redis_server(redis_port, "bench-chaos-redis")
        redis_box = {"proc": redis}
        stack.callback(lambda: stop(redis_box["proc"]))
        env = {
            "REDIS_URL": f"redis://127.0.0.1:{redis_port}/0",
            "CELERY_QUEUE": f"parley-chaos-{run_id}",
            "CACHE_KEY_PREFIX": f"chaos-{run_id}",
            "PARLEY_OUTBOUND_ALLOW": "127.0.0.1",
            "PARLEY_RATE_LIMIT_PER_LINK": "1000000000",
            "PARLEY_RATE_LIMIT_PER_ADDRESS": "1000000000",
            "EMAIL_BACKEND": mail["BACKEND"],
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(sink.server_address[1]),
            "LOG_LEVEL": "WARNING",
        }
        worker = {"proc": _start_worker(env), "kills": 0}
        stack.callback(lambda: _stop(worker["proc"]))
        port = stack.enter_context(throughput.gunicorn(env))
        host = f"{slug}.{settings.PARLEY_BASE_DOMAIN}"
        throughput.expect_ok(port, host, f"/i/{link.token}/")

        tally, timeline = _Tally(), []
        started = time.monotonic()

        def faults():
            time.sleep(OUTAGE_AFTER_S)
            stop(redis_box["proc"])
            timeline.append(f"{time.monotonic() - started:.1f}s Redis stopped")
            time.sleep(OUTAGE_S)
            redis_box["proc"] = redis_server(redis_port, "bench-chaos-redis")
            timeline.append(f"{time.monotonic() - started:.1f}s Redis restarted (empty: no persistence)")
            time.sleep(max(0.0, KILL_WORKER_AFTER_S - (time.monotonic() - started)))
            worker["proc"].send_signal(signal.SIGKILL)
            worker["proc"].wait()
            worker["kills"] += 1
            timeline.append(f"{time.monotonic() - started:.1f}s Celery worker killed (SIGKILL)")
            worker["proc"] = _start_worker(env)
            timeline.append(f"{time.monotonic() - started:.1f}s Celery worker started again")

        chaos = threading.Thread(target=faults, daemon=True)
        chaos.start()
        asyncio.run(_participants(host, port, f"/i/{link.token}/", tally))
        participants_s = time.monotonic() - started
        chaos.join()
        drained_s = _drain(workspace.schema_name, endpoint_id, sink, hooks, started)
        figures = _check(workspace.schema_name, link, endpoint_id, tally, sink, hooks, fake)
        figures |= {"chaos_participants_s": round(participants_s, 1), "chaos_drained_s": round(drained_s, 1),
                    "chaos_worker_kills": worker["kills"]}  # fmt: skip
        figures["timeline"] = timeline
    return figures


def _create(slug: str, owner: str, llm_url: str, hooks: _HookReceiver):
    from django.db import transaction
    from django_tenants.utils import schema_context

    from config.crypto import encrypt
    from interviews.links.services import link_create
    from interviews.models import LLMBackend, LLMSettings
    from studies.models import Goal, GuideQuestion, RoundKind
    from studies.programme.services import round_add, study_create
    from webhooks.services import endpoint_create
    from workspaces.services import workspace_create

    workspace = workspace_create(slug=slug, name=f"Bench chaos {slug[-6:]}", owner_email=owner)
    with schema_context(workspace.schema_name), transaction.atomic():
        study = study_create(title="Chaos", goal=Goal.CONTINUOUS_FEEDBACK, actor=None)
        round_ = round_add(study=study, kind=RoundKind.ASYNC, purpose="Chaos", target_participants=PARTICIPANTS,
                           actor=None)  # fmt: skip
        for order, text in enumerate(QUESTIONS, start=1):
            GuideQuestion.objects.create(round=round_, order=order, text=text, max_follow_ups=FOLLOW_UPS)
        link = link_create(round=round_, actor=None, label="chaos")
        LLMSettings.objects.create(pk=1, backend=LLMBackend.OPENAI, base_url=llm_url, model="chaos",
                                   api_key_encrypted=encrypt("chaos-key"))  # fmt: skip
        url = f"http://127.0.0.1:{hooks.server_address[1]}/hooks"
        endpoint = endpoint_create(url=url, events=["interview.started", "interview.completed"], actor=None)
    return workspace, link, endpoint.pk


def _start_worker(env: dict) -> subprocess.Popen:
    from bench.throughput import server_environment

    (ROOT / ".data").mkdir(exist_ok=True)
    log = open(ROOT / ".data" / "bench-chaos-worker.log", "ab")  # noqa: SIM115  (closed with the process)
    args = [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool", "solo", "--loglevel", "WARNING",
            "--without-gossip", "--without-mingle", "--without-heartbeat"]  # fmt: skip
    return subprocess.Popen(args, cwd=ROOT, env=server_environment(env), stdout=log, stderr=subprocess.STDOUT)


def _stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def _drain(schema: str, endpoint_id: int, sink: _SmtpSink, hooks: _HookReceiver, started: float) -> float:
    """Sweep this workspace as beat would until every email and webhook is out (or the time is up)."""
    from django_tenants.utils import schema_context

    from outbox.models import Email
    from outbox.services import email_deliver_pending
    from webhooks.models import WebhookDelivery
    from webhooks.services import webhook_deliver_due

    deadline = time.monotonic() + DRAIN_TIMEOUT_S
    with schema_context(schema):
        while time.monotonic() < deadline:
            pending = (
                Email.objects.filter(status=Email.Status.PENDING).count()
                + WebhookDelivery.objects.filter(status=WebhookDelivery.Status.PENDING).count()
            )
            if not pending:
                break
            time.sleep(SWEEP_EVERY_S)
            email_deliver_pending(older_than=timedelta(seconds=SWEEP_EVERY_S))
            webhook_deliver_due()
    return time.monotonic() - started


def _check(schema, link, endpoint_id, tally: _Tally, sink: _SmtpSink, hooks: _HookReceiver, fake) -> dict:
    from django_tenants.utils import schema_context

    from interviews.models import Message, Role, Session, SessionStatus
    from outbox.models import Email
    from webhooks.models import WebhookDelivery

    with schema_context(schema):
        sessions = Session.objects.filter(link=link)
        answers = list(Message.objects.filter(session__link=link, role=Role.PARTICIPANT).values_list(
            "client_token", "text"))  # fmt: skip
        replies = Message.objects.filter(session__link=link, role=Role.INTERVIEWER).count()
        fallbacks = Message.objects.filter(session__link=link, role=Role.INTERVIEWER).exclude(fallback_error="")
        emails = list(Email.objects.values_list("to", "status"))
        deliveries = list(WebhookDelivery.objects.filter(endpoint_id=endpoint_id).values_list("pk", "status"))
        figures = {
            "chaos_participants": PARTICIPANTS,
            "chaos_sessions": sessions.count(),
            "chaos_sessions_completed": sessions.filter(status=SessionStatus.COMPLETED).count(),
            "chaos_answers_accepted": len(tally.accepted),
            "chaos_answers_stored": len(answers),
            "chaos_replies": replies,
            "chaos_llm_calls": len(fake.requests),
            "chaos_llm_failed_calls": fake.failed,
            "chaos_llm_fallbacks": fallbacks.count(),
            "chaos_emails": len(emails),
            "chaos_emails_received": len(sink.received),
            "chaos_webhooks": len(deliveries),
            "chaos_webhooks_received": len(hooks.received),
            "chaos_requests": sum(tally.statuses.values()),
            "chaos_5xx": sum(n for status, n in tally.statuses.items() if status >= 500),
            "chaos_transport_errors": tally.transport_errors,
            "chaos_resent_answers": tally.resent,
            "chaos_first_error": tally.errors[0] if tally.errors else "",
        }
    stored = Counter(token for token, _text in answers)
    texts = dict(answers)
    problems = []
    if tally.gave_up:
        problems.append(f"{len(tally.gave_up)} participants gave up, first: {tally.gave_up[0]}")
    if figures["chaos_sessions_completed"] != PARTICIPANTS or tally.completed != PARTICIPANTS:
        problems.append(f"{figures['chaos_sessions_completed']} of {PARTICIPANTS} interviews completed")
    if missing := [t for t in tally.accepted if stored[t] == 0]:
        problems.append(f"{len(missing)} accepted answers are not in the database")
    if doubled := [t for t, n in stored.items() if n > 1]:
        problems.append(f"{len(doubled)} answers are stored more than once")
    if wrong := [t for t, text in tally.accepted.items() if stored[t] and texts[t] != text]:
        problems.append(f"{len(wrong)} stored answers differ from what was sent")
    if len(answers) != len(tally.accepted):
        problems.append(f"{len(answers)} answers stored, {len(tally.accepted)} accepted")
    if replies != len(answers) + figures["chaos_sessions"]:  # the first question, then one reply per answer
        problems.append(f"{replies} interviewer messages for {len(answers)} answers in {figures['chaos_sessions']}")
    mails = Counter(sink.received)
    expected_mail = {f"p{n}@{EMAIL_DOMAIN}" for n in range(PARTICIPANTS)}
    if set(mails) != expected_mail or any(n != 1 for n in mails.values()):
        problems.append(f"emails: {len(mails)} recipients of {len(expected_mail)}, {sum(mails.values())} messages")
    if any(status != Email.Status.SENT for _to, status in emails):
        problems.append("emails not sent: " + str(Counter(status for _to, status in emails)))
    calls = Counter(hooks.received)
    if set(calls) != {str(pk) for pk, _s in deliveries} or any(n != 1 for n in calls.values()):
        problems.append(f"webhooks: {len(calls)} deliveries received of {len(deliveries)}, {len(hooks.received)} POSTs")
    if len(deliveries) != 2 * PARTICIPANTS or any(s != WebhookDelivery.Status.SUCCEEDED for _pk, s in deliveries):
        problems.append("webhook deliveries: " + str(Counter(s for _pk, s in deliveries)))
    if figures["chaos_5xx"]:
        problems.append(f"{figures['chaos_5xx']} responses were 5xx")
    figures["chaos_problems"] = problems
    return figures


def _remove(workspace, owner: str) -> None:
    from django_tenants.utils import schema_context

    from outbox.models import Email
    from workspaces.models import User

    with schema_context(workspace.schema_name):  # deleting a user sets NULL in workspace tables too
        User.objects.filter(email=owner).delete()
    # From public: after `make bench`'s other figures the connection may still be in acme's schema, and
    # django-tenants drops a schema only from its own or from public.
    with schema_context("public"):
        workspace.delete(force_drop=True)
        Email.objects.filter(to=owner).delete()


def _remove_leftovers() -> None:
    from workspaces.models import Workspace

    for workspace in Workspace.objects.filter(slug__regex=SLUG_PATTERN):
        _remove(workspace, f"{workspace.slug}@example.com")


def report(figures: dict) -> list[str]:
    f = figures
    first = f", first: {f['chaos_first_error']}" if f["chaos_first_error"] else ""
    return [
        f"Chaos: {f['chaos_participants']} participants, {f['chaos_requests']} requests in"
        f" {f['chaos_participants_s']:.0f}s; Redis stopped {OUTAGE_S:g}s, the model failed"
        f" {f['chaos_llm_failed_calls']} of {f['chaos_llm_calls']} calls, the worker was killed"
        f" {f['chaos_worker_kills']} time(s).",
        f"  answers accepted {f['chaos_answers_accepted']}, stored {f['chaos_answers_stored']} (each once),"
        f" replies {f['chaos_replies']} ({f['chaos_llm_fallbacks']} by the offline interviewer), interviews completed"
        f" {f['chaos_sessions_completed']}, answers sent again after a failure {f['chaos_resent_answers']}",
        f"  emails {f['chaos_emails']} queued, {f['chaos_emails_received']} received; webhooks {f['chaos_webhooks']}"
        f" queued, {f['chaos_webhooks_received']} received; everything out after {f['chaos_drained_s']:.0f}s",
        f"  5xx responses: {f['chaos_5xx']} (target 0); no response within {REQUEST_TIMEOUT_S:g}s:"
        f" {f['chaos_transport_errors']} (sent again){first}",
        *(f"  {line}" for line in f["timeline"]),
        *(f"  PROBLEM: {problem}" for problem in f["chaos_problems"]),
    ]


def main() -> None:
    sys.path[0] = str(ROOT)
    from bench.run import bench_lock, setup_django

    setup_django()
    with bench_lock():
        figures = measure()
    print("\n".join(report(figures)))
    if figures["chaos_problems"]:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
