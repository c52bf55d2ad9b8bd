"""Virtual participants: each starts an interview of its own on an open link and answers, turn after turn.

Standard library only, and run like bench/loadgen.py: a process of its own, the job as JSON on stdin, the findings
as JSON on stdout:

    {"port": 8000, "host": "acme.localhost", "path": "/i/<link token>/", "clients": 32, "seconds": 20,
     "warmup_seconds": 2, "record_turns": false}

A participant does what a browser on the interview page does. It GETs the intro page (the CSRF cookie), POSTs its
consent (a 302 that sets the signed cookie `parley_interview_<link id>`, which finds its session from then on) and
GETs the chat page. Then it answers as the page's htmx form does: `POST <path>answer/` with the form's fields
(`csrfmiddlewaretoken`, `client_token`, `text`) and `HX-Request: true`. One turn is one such request: the server
commits the answer, asks the interviewer, stores its next message and answers 200 with what the turn adds to the
chat, which must end in a new form to answer (with a fresh `client_token`, used for the next answer); a 200 without
one counts as a bad turn. If the interview completes (204 with HX-Redirect), the participant drops its cookies and
starts a new one.

Each participant keeps its own cookies: Set-Cookie in, Cookie out, attributes such as Secure ignored (gunicorn
serves plain HTTP here; production has TLS in front). Answers are varied sentences from ANSWERS, no two alike in
their first five words within the first 330 turns of an interview (see `answer`).

All participants start their interviews first; then come `warmup_seconds` of unrecorded turns, then the measured
window of `seconds`. Turns count when they complete within the window; those still running at its end finish
unrecorded. Latency runs from sending the
request (opening the connection included: sync workers close it after every response) to the response's last byte.
"""

import asyncio
import json
import random
import re
import sys
import time
from urllib.parse import urlencode

from bench.loadgen import REQUEST_TIMEOUT, TRANSPORT_ERRORS, percentile

FIELD = re.compile(rb'name="(csrfmiddlewaretoken|client_token)" value="([^"]*)"')
POLLER = re.compile(rb'class="poller" hx-get="([^"]*)" hx-trigger="load delay:(\d+)ms"')


async def until_replied(request, headers: dict, response: tuple, timing: dict | None = None) -> tuple:
    """The response the page ends with after an answer: while it shows the interviewer typing (a worker asks the
    model), ask the poller's address when the page would (its `load delay`); a poller (in the answer's response or a
    poll's) means still typing, a reply comes with the answer box. `timing` gets the polls' count and the last one's
    time (ms)."""
    status, response_headers, body = response
    while status == 200 and (poller := POLLER.search(body)):
        await asyncio.sleep(int(poller.group(2)) / 1000)
        asked = time.perf_counter()
        status, response_headers, body = await request("GET", poller.group(1).decode(), None, headers)
        if timing is not None:
            timing["polls"] = timing.get("polls", 0) + 1
            timing["last_poll_ms"] = (time.perf_counter() - asked) * 1000
    return status, response_headers, body


OPENERS = ("", "Well,", "Hmm,", "So,", "For me,", "At work,", "In our team,", "To be fair,", "Right now,",
           "I think", "Day to day,")  # fmt: skip
BODIES = (
    "Last week the export to Excel failed twice, so I rebuilt the report by hand.",
    "I usually just copy the numbers into a spreadsheet and fix them there.",
    "It was frustrating because the invoice totals never matched what the bank showed.",
    "Not really, nothing comes to mind.",
    "We run about 40 invoices a month through QuickBooks, then export a CSV to Google Sheets, and finally post a"
    " summary in Slack.",
    "The onboarding emails were fine, I guess.",
    "My manager asked for a weekly report and it took me most of Friday afternoon.",
    "I love that reminders show up right before the meeting.",
    "Things mostly work, but search is slow when a project gets big.",
    "Our team switched from Trello to Jira in March and lost half the comments.",
    "I don't know, I haven't used that part much.",
    "When the sync drops my changes I have to redo everything from memory.",
    "Pricing is confusing: there are three plans and none fits a team of six.",
    "A couple of weeks ago a customer sent the same ticket three times because nobody answered.",
    "Every morning I check the dashboard, and again before I leave.",
    "It depends on the client, some want PDFs and some want a shared folder.",
    "The mobile app crashes whenever I attach a photo.",
    "I was relieved when the import finally handled our old data.",
    "We tried a workaround with Zapier but it broke after an update.",
    "Setting up permissions took ages and I am still not sure they are right.",
    "Nobody on my team reads the notifications anymore, there are too many.",
    "Yesterday I spent an hour looking for a file that was in the wrong folder.",
    "The calendar view is the only part I open every day.",
    "Our finance lead worries that the numbers in the app are out of date.",
    "Exports are slow and I wait around ten minutes for the big ones.",
    "I started using the templates after a colleague showed me, and now I reuse them for every project.",
    "Sharing a board with clients feels risky because they can see internal notes.",
    "Nothing special, it does what it says.",
    "The first time I used it I could not find where the settings were.",
    "Support answered within a day and fixed the billing mistake.",
)


def answer(participant: int, turn: int) -> str:
    """The participant's answer on its `turn`-th turn. 11 openers and 30 bodies (coprime counts) give 330 distinct
    pairs in a row, so an interview repeats no answer for 330 turns: the LLM bench's fake model quotes an answer's
    first five words, and a probe repeated within an interview would be refused as invalid."""
    opener = OPENERS[(turn + participant) % len(OPENERS)]
    body = BODIES[(turn + 7 * participant) % len(BODIES)]
    if opener and not body.startswith(("I ", "I'")):
        body = body[0].lower() + body[1:]
    return f"{opener} {body}".strip()


class Browser:
    """One participant's HTTP/1.1 connection (reopened when the server closes it) and cookie jar."""

    def __init__(self, port: int, host: str):
        self.port = port
        self.host = host
        self.cookies: dict[str, str] = {}
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None
        self.connections = 0

    async def request(
        self, method: str, path: str, form: dict | None = None, headers: dict | None = None
    ) -> tuple[int, dict[str, str], bytes]:
        """Send one request and read the whole response: (status, headers with lowercased names, body). A kept-alive
        connection the server closed while idle (gthread workers do after a few seconds) gets nothing back at all:
        as browsers do, the request goes again on a new connection."""
        reused = self.writer is not None
        try:
            return await self._send(method, path, form, headers)
        except (asyncio.IncompleteReadError, ConnectionResetError, BrokenPipeError) as exc:
            if not reused or getattr(exc, "partial", b""):
                raise
            self.close()
            return await self._send(method, path, form, headers)

    async def _send(self, method: str, path: str, form: dict | None, headers: dict | None) -> tuple:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection("127.0.0.1", self.port)
            self.connections += 1
        body = urlencode(form).encode() if form is not None else b""
        head = {"Host": self.host, "Connection": "keep-alive", "Accept": "text/html", "User-Agent": "parley-bench"}
        if self.cookies:
            head["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        if form is not None:
            head["Content-Type"] = "application/x-www-form-urlencoded"
            head["Content-Length"] = str(len(body))
        head.update(headers or {})
        lines = [f"{method} {path} HTTP/1.1", *(f"{name}: {value}" for name, value in head.items()), "", ""]
        self.writer.write("\r\n".join(lines).encode("latin-1") + body)
        await self.writer.drain()
        raw = await self.reader.readuntil(b"\r\n\r\n")
        status_line, *header_lines = raw.decode("latin-1").split("\r\n")
        status = int(status_line.split(" ", 2)[1])
        response_headers: dict[str, str] = {}
        for line in header_lines:
            name, sep, value = line.partition(":")
            if not sep:
                continue
            name, value = name.strip().lower(), value.strip()
            if name == "set-cookie":
                self._keep(value)
            response_headers[name] = value
        closing = response_headers.get("connection", "").lower() == "close"
        if "content-length" in response_headers:
            content = await self.reader.readexactly(int(response_headers["content-length"]))
        elif status == 204 or status == 304 or 100 <= status < 200:
            content = b""  # no content by definition (RFC 9110), with or without a Content-Length: 0
        elif closing:
            content = await self.reader.read()
        else:
            raise ValueError(f"response without Content-Length (status {status})")
        if closing:
            self.close()
        return status, response_headers, content

    def _keep(self, set_cookie: str) -> None:
        pair, *attributes = set_cookie.split(";")
        name, _, value = pair.strip().partition("=")
        if any(a.strip().lower().replace(" ", "") == "max-age=0" for a in attributes):
            self.cookies.pop(name, None)
        else:
            self.cookies[name] = value

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None


class Tally:
    """What all participants' turns came to."""

    def __init__(self):
        self.latencies: list[float] = []
        self.statuses: dict[int, int] = {}
        # [client_token, latency ms, status, POST's wall clock, last poll ms, polls, POST ms] of each measured turn
        self.records: list[list] = []
        self.answers_ok = 0  # 2xx answers, warm-up included: the answers the database must hold
        self.sessions_started = 0
        self.sessions_completed = 0
        self.bad_turns = 0
        self.failed_answers = 0  # answered neither 200 nor 204, warm-up included
        self.transport_errors = 0
        self.setup_errors = 0
        self.connections = 0
        self.first_error = ""

    def error(self, kind: str, message: str) -> None:
        setattr(self, kind, getattr(self, kind) + 1)
        self.first_error = self.first_error or message

    def summary(self, seconds: float) -> dict:
        latencies = sorted(self.latencies)
        ok = sum(count for status, count in self.statuses.items() if 200 <= status < 400)
        return {
            "turns": len(latencies),
            "elapsed_s": seconds,
            "turns_per_s": len(latencies) / seconds,
            "p50_ms": percentile(latencies, 0.50) * 1000,
            "p95_ms": percentile(latencies, 0.95) * 1000,
            "p99_ms": percentile(latencies, 0.99) * 1000,
            "non_2xx_3xx": len(latencies) - ok,
            "statuses": {str(status): count for status, count in sorted(self.statuses.items())},
            "answers_ok": self.answers_ok,
            "sessions_started": self.sessions_started,
            "sessions_completed": self.sessions_completed,
            "bad_turns": self.bad_turns,
            "failed_answers": self.failed_answers,
            "transport_errors": self.transport_errors,
            "setup_errors": self.setup_errors,
            "first_error": self.first_error,
            "connections": self.connections,
            "records": self.records,
        }


class Participant:
    def __init__(self, number: int, job: dict, tally: Tally):
        self.number = number
        self.path = job["path"]
        self.browser = Browser(job["port"], job["host"])
        self.tally = tally
        self.record_turns = job.get("record_turns", False)
        self.think_seconds = job.get("think_seconds", 0.0)
        self.rng = random.Random(number)
        self.form: dict[str, str] = {}  # the hidden fields of the form to answer next
        self.turn = 0

    async def start(self) -> bool:
        """Open the link as a new visitor, consent and load the chat; False (and an error tallied) if that fails."""
        self.browser.cookies.clear()
        self.turn = 0
        steps = (
            ("GET", self.path, None, 200),
            ("POST", self.path, {"consent": "1"}, 302),
            ("GET", self.path, None, 200),
        )
        for method, path, form, expected in steps:
            if form is not None:
                form = {"csrfmiddlewaretoken": self.form.get("csrfmiddlewaretoken", ""), **form}
            try:
                status, _, body = await asyncio.wait_for(self.browser.request(method, path, form), REQUEST_TIMEOUT)
            except TRANSPORT_ERRORS as exc:
                self.browser.close()
                self.tally.error("setup_errors", f"{method} {path}: {type(exc).__name__}: {exc}")
                return False
            if status != expected:
                self.tally.error("setup_errors", f"{method} {path} answered {status}, not {expected}: {body[:300]!r}")
                return False
            self.form = {name.decode(): value.decode() for name, value in FIELD.findall(body)}
        if "client_token" not in self.form:
            self.tally.error("setup_errors", f"the chat page at {self.path} has no answer form")
            return False
        self.tally.sessions_started += 1
        return True

    async def run(self, measure_from: float, deadline: float, *, started: bool) -> None:
        """Answer turn after turn until `deadline`; record the turns that complete in [measure_from, deadline].
        With `think_seconds`, each answer is written for that long first (0.5x to 1.5x, the same for a rerun)."""
        while time.perf_counter() < deadline:
            if not started:
                started = await self.start()
                if not started:
                    await asyncio.sleep(0.5)  # a failing server is not hammered; the bench fails on any error
                continue
            if self.think_seconds:
                await asyncio.sleep(self.rng.uniform(0.5, 1.5) * self.think_seconds)
                if time.perf_counter() >= deadline:
                    break
            client_token = self.form["client_token"]
            form = {**self.form, "text": answer(self.number, self.turn)}
            headers = {
                "HX-Request": "true",
                "HX-Target": "chat",
                "HX-Current-URL": f"http://{self.browser.host}{self.path}",
            }
            sent, sent_at, timing = time.perf_counter(), time.time(), {}
            try:
                status, response_headers, body = await asyncio.wait_for(
                    self.browser.request("POST", f"{self.path}answer/", form, headers), REQUEST_TIMEOUT
                )
                timing["post_ms"] = (time.perf_counter() - sent) * 1000
                # A turn lasts until the reply shows: with a model, the POST returns at once and the page polls.
                status, response_headers, body = await asyncio.wait_for(
                    until_replied(self.browser.request, headers, (status, response_headers, body), timing),
                    REQUEST_TIMEOUT,
                )
            except TRANSPORT_ERRORS as exc:
                self.browser.close()
                self.tally.error("transport_errors", f"{type(exc).__name__}: {exc}")
                continue
            done = time.perf_counter()
            self.turn += 1
            if 200 <= status < 300:
                self.tally.answers_ok += 1
            if measure_from <= done <= deadline:
                self.tally.latencies.append(done - sent)
                self.tally.statuses[status] = self.tally.statuses.get(status, 0) + 1
                if self.record_turns:
                    # The wall clock of the POST's start, to set against the reply's creation in the database.
                    self.tally.records.append([client_token, (done - sent) * 1000, status, sent_at,
                                               timing.get("last_poll_ms", 0.0), timing.get("polls", 0),
                                               timing["post_ms"]])  # fmt: skip
            if status == 204 and "hx-redirect" in response_headers:
                self.tally.sessions_completed += 1
                started = False  # the interview is over: start another one
                continue
            if status != 200:
                self.tally.error("failed_answers", f"answer: {status}: {body[:300]!r}")
                continue  # the same form again
            fields = {name.decode(): value.decode() for name, value in FIELD.findall(body)}
            if not fields.get("client_token") or fields["client_token"] == client_token:
                self.tally.error("bad_turns", f"answer: 200 without a new form to answer: {body[-300:]!r}")
                started = False
                continue
            self.form = fields
        self.browser.close()
        self.tally.connections += self.browser.connections


async def run(job: dict) -> dict:
    tally = Tally()
    participants = [Participant(number, job, tally) for number in range(job["clients"])]
    # Everyone has started an interview before the clock runs: the window holds turns, not intro pages.
    started = await asyncio.gather(*(participant.start() for participant in participants))
    measure_from = time.perf_counter() + job.get("warmup_seconds", 0)
    deadline = measure_from + job["seconds"]
    await asyncio.gather(
        *(
            participant.run(measure_from, deadline, started=ok)
            for participant, ok in zip(participants, started, strict=True)
        )
    )
    return tally.summary(job["seconds"])


def main() -> None:
    job = json.load(sys.stdin)
    print(json.dumps(asyncio.run(run(job))))


if __name__ == "__main__":
    main()
