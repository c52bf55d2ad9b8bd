"""A small OpenAI-compatible chat server on the loopback interface, for the interviewer's tests.

It answers `POST /v1/chat/completions` the way the test asks, per mode:
"good" (a chat completion whose content is a JSON turn: a probe quoting the latest answer's first clause, or
`content` if set), "error" (HTTP 500 with an OpenAI-style error body), "hang" (answers `hang_seconds` after the
request arrived, released at once by `reset` or `stop`), "invalid" (`content` if set, otherwise text that is not
JSON; with `raw`, that whole body as an HTML page instead of a chat completion, like a misconfigured proxy).
With `fail_every=N`, every Nth request (the 3rd, 6th, ... for 3) answers like "error" whatever the mode: a model
server that fails now and then, as `make chaos` uses it.
Every request is recorded in `requests`: its parsed body and its headers, names lowercased.
"""

import json
import re
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

MODES = ("good", "error", "hang", "invalid")


PLAIN_PROBES = ("Can you tell me more?", "What happened next?", "Can you give me an example?",
                "How did that affect your work?")  # fmt: skip


def probe_for(body: dict) -> dict:
    """A turn that always probes: it quotes the first clause of the participant's latest answer that has three to
    ten words, three of them longer than three letters (whatever the answer is, a refusal included; an opener such
    as "In our team," is passed over), else asks for more (in words that change from one answer to the next)."""
    prompt = "\n".join(str(m.get("content", "")) for m in body.get("messages", []))
    answers = re.findall(r"^Participant: (.*)$", prompt, re.M)
    clauses = [part.strip() for part in re.split(r"[,.;:!?]", answers[-1])] if answers else []
    clause = next((c for c in clauses if 3 <= len(c.split()) <= 10 and sum(len(w) > 3 for w in c.split()) >= 3), "")
    quoted = bool(clause)
    plain = PLAIN_PROBES[len(answers) % len(PLAIN_PROBES)]  # never the same twice in a row
    text = f"You mentioned “{clause}”. Can you tell me more about that?" if quoted else plain
    return {"action": "probe", "text": text, "reason": "The answer names something worth hearing more about."}


class _Handler(BaseHTTPRequestHandler):
    server: "_Server"

    def log_message(self, format, *args):  # keep test output clean
        pass

    def do_POST(self):
        arrived = time.monotonic()
        fake = self.server.fake
        length = int(self.headers.get("Content-Length") or 0)
        data = self.rfile.read(length)
        if self.path.rstrip("/") != "/v1/chat/completions":
            return self._send(404, {"error": {"message": f"No route {self.path}", "type": "invalid_request_error"}})
        try:
            body = json.loads(data or b"{}")
        except ValueError:
            return self._send(400, {"error": {"message": "Body is not JSON.", "type": "invalid_request_error"}})
        mode, content, raw, release = fake.record(body, {k.lower(): v for k, v in self.headers.items()})
        if mode == "error":
            return self._send(500, {"error": {"message": "The server had an error.", "type": "server_error"}})
        if raw is not None:
            return self._send(
                200, raw, content_type="text/html", hang=release if mode == "hang" else None, arrived=arrived
            )
        if content is None:
            content = json.dumps(probe_for(body)) if mode in ("good", "hang") else "Sure! What happened next?"
        completion = {
            "id": f"chatcmpl-test-{len(fake.requests)}",
            "object": "chat.completion",
            "created": int(time.time()),
            "model": body.get("model", "test-model"),
            "choices": [
                {
                    "index": 0,
                    "message": {"role": "assistant", "content": content, "refusal": None},
                    "finish_reason": "stop",
                    "logprobs": None,
                }
            ],
            "usage": {"prompt_tokens": 321, "completion_tokens": 42, "total_tokens": 363},
        }
        self._send(200, completion, hang=release if mode == "hang" else None, arrived=arrived)

    def _send(self, status: int, payload: dict | str, content_type: str = "application/json", *, hang=None,
              arrived: float = 0.0):  # fmt: skip
        """Send the response; with `hang` (the release event), `hang_seconds` after the request `arrived`, the
        response built first: a model of that latency answers that long after it was asked, and the bench counts
        everything else as Parley's time."""
        data = (payload if isinstance(payload, str) else json.dumps(payload)).encode()
        if hang is not None:
            hang.wait(max(0.0, self.server.fake.hang_seconds - (time.monotonic() - arrived)))
        try:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up waiting, as the hang tests intend


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 256  # the bench's crowd connects by the hundred; the default 5 would drop and delay them
    fake: "FakeLLM"


class FakeLLM:
    """The server and its per-test settings; `base_url` is what an OpenAI client takes."""

    def __init__(self, hang_seconds: float = 5.0, fail_every: int = 0):
        self.hang_seconds = hang_seconds
        self.fail_every = fail_every
        self.failed = 0
        self.requests: list[dict] = []
        self._lock = threading.Lock()
        self._mode, self._content, self._raw = "good", None, None
        self._release = threading.Event()
        self._httpd = _Server(("127.0.0.1", 0), _Handler)
        self._httpd.fake = self
        self._thread = threading.Thread(target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    @property
    def base_url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}/v1"

    def start(self) -> "FakeLLM":
        self._thread.start()
        return self

    def stop(self) -> None:
        self._release.set()
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)

    def set(self, mode: str, content: str | None = None, raw: str | None = None) -> None:
        """Answer the next requests in `mode`, with `content` as the model's message (or `raw` as the body)."""
        if mode not in MODES:
            raise ValueError(f"mode must be one of {MODES}, not {mode!r}")
        with self._lock:
            self._mode, self._content, self._raw = mode, content, raw

    def reset(self) -> None:
        """Back to "good", requests forgotten, and any hanging request released."""
        with self._lock:
            self._release.set()
            self._release = threading.Event()
            self._mode, self._content, self._raw = "good", None, None
            self.requests.clear()

    def record(self, body: dict, headers: dict) -> tuple[str, str | None, str | None, threading.Event]:
        with self._lock:
            self.requests.append({"body": body, "headers": headers})
            if self.fail_every and len(self.requests) % self.fail_every == 0:
                self.failed += 1
                return "error", None, None, self._release
            return self._mode, self._content, self._raw, self._release

    def prompt(self, index: int = -1) -> str:
        """All message contents of one recorded request, joined."""
        return "\n".join(str(m.get("content", "")) for m in self.requests[index]["body"]["messages"])
