"""A real HTTP receiver on 127.0.0.1 that records what Parley sends and answers as each test tells it to."""

import threading
import time
from collections import deque
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django_tenants.utils import schema_context

MAX_DELAY_SECONDS = 2.0  # a slow answer is for timeout tests; never hold a test for long


@dataclass(frozen=True)
class Received:
    path: str
    headers: dict[str, str]
    body: bytes


class Receiver:
    def __init__(self):
        self.requests: list[Received] = []
        self.arrived = threading.Event()
        self._answers: deque[tuple[int, str, float, dict]] = deque()
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self._server.receiver = self
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_port}/hooks/parley"

    def answer(self, status: int, body: str = "", *, delay: float = 0.0, headers: dict | None = None) -> None:
        """Queue the answer to the next request; with none queued it answers 200 "ok"."""
        self._answers.append((status, body, min(delay, MAX_DELAY_SECONDS), headers or {}))

    def _next(self, received: Received) -> tuple[int, str, float, dict]:
        with self._lock:
            self.requests.append(received)
            self.arrived.set()
            return self._answers.popleft() if self._answers else (200, "ok", 0.0, {})

    def start(self) -> "Receiver":
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)


class _Handler(BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        received = Received(path=self.path, headers=dict(self.headers.items()), body=body)
        status, text, delay, headers = self.server.receiver._next(received)
        time.sleep(delay)
        try:
            self.send_response(status)
            for name, value in {"Content-Type": "text/plain; charset=utf-8", **headers}.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(text.encode())
        except OSError:
            pass  # the client gave up (a timeout test)

    def log_message(self, format, *args):
        pass


@pytest.fixture
def receiver():
    server = Receiver().start()
    yield server
    server.stop()


@pytest.fixture
def acme(world):
    """Run the test body's ORM calls in acme's schema."""
    with schema_context(world.acme.schema_name):
        yield world.acme
