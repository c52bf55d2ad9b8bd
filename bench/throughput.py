"""Figure 2: requests per second of the API next to a bare Django view, through gunicorn on 127.0.0.1.

gunicorn runs as it would in production (2 sync workers, DEBUG off); only the HTTPS redirect is off, since
there is no TLS here. The load comes from `bench.loadgen` in a process of its own.
"""

import http.client
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GUNICORN = ROOT / ".venv" / "bin" / "gunicorn"
WORKERS = 2
STARTUP_TIMEOUT = 120.0  # seconds for gunicorn to answer its first request (slow on a busy machine)


def server_environment(extra: dict[str, str] | None = None) -> dict[str, str]:
    """This process's environment (with `.env` already loaded into it) as production would set it, plus `extra`."""
    return {**os.environ, "DEBUG": "0", "SECURE_SSL_REDIRECT": "0", **(extra or {})}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# The web process of docs/operations.md (the README's production processes): threads, which keep connections open.
PRODUCTION_ARGS = ["--worker-class", "gthread", "--workers", "4", "--threads", "8"]


@contextmanager
def gunicorn(env: dict[str, str] | None = None, *, production: bool = False) -> Iterator[int]:
    """Run gunicorn on a free port of 127.0.0.1 and yield the port; stop it however the block ends. `env` adds to
    (or overrides) the server's environment; `production` runs docs/operations.md's gthread workers instead of
    WORKERS sync ones."""
    port = free_port()
    workers = PRODUCTION_ARGS if production else ["--workers", str(WORKERS)]
    command = [
        str(GUNICORN), "config.wsgi:application", *workers,
        "--bind", f"127.0.0.1:{port}", "--log-level", "warning",
    ]  # fmt: skip
    with tempfile.TemporaryFile(mode="w+") as log:
        server = subprocess.Popen(command, cwd=ROOT, env=server_environment(env), stdout=log, stderr=log)
        try:
            _wait_until_up(server, port)
            yield port
        except BaseException:
            log.seek(0)
            sys.stderr.write(f"gunicorn's log:\n{log.read()[-5000:]}\n")
            raise
        finally:
            server.terminate()
            try:
                server.wait(timeout=15)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()


def _wait_until_up(server: subprocess.Popen, port: int) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn exited with status {server.returncode}")
        try:
            fetch(port, "localhost", "/healthz")
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not answer on 127.0.0.1:{port} within {STARTUP_TIMEOUT:.0f}s")


def fetch(port: int, host: str, path: str, headers: dict[str, str] | None = None) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.request("GET", path, headers={"Host": host, **(headers or {})})
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def expect_ok(port: int, host: str, path: str, headers: dict[str, str] | None = None) -> bytes:
    """Fail loudly unless the endpoint answers 200 (a redirect or 404 would make the figures meaningless)."""
    status, body = fetch(port, host, path, headers)
    if status != 200:
        raise RuntimeError(f"GET {path} on {host} answered {status}, not 200: {body[:300]!r}")
    return body


def load(port: int, targets: dict[str, dict], *, clients: int, seconds: float, rounds: int) -> dict[str, dict]:
    """Run `bench.loadgen` against the targets ({name: {"host", "path", "headers"}}); return its findings."""
    warmup = min(2.0, seconds / 5)
    job = {
        "port": port, "targets": targets, "clients": clients,
        "seconds": seconds, "rounds": rounds, "warmup_seconds": warmup,
    }  # fmt: skip
    done = subprocess.run(
        [sys.executable, "-m", "bench.loadgen"],
        cwd=ROOT,
        input=json.dumps(job),
        capture_output=True,
        text=True,
        timeout=(seconds + warmup) * len(targets) + 60,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"the load generator failed:\n{done.stderr}")
    return json.loads(done.stdout)
