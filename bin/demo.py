"""Run the web server and a Celery worker (with beat) together until Ctrl-C; print where to go."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

PY = sys.executable
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from config.env import load_dotenv  # noqa: E402  (the project's own reader, after the path is set)

# The port is read as the settings read it (the environment, then .env): links and the server agree.
load_dotenv(ROOT / ".env")
HOST, PORT = "127.0.0.1", os.environ.get("PARLEY_PORT", "8000")

BANNER = f"""
  Parley is running.

    Sign in:          http://acme.localhost:{PORT}/     (and http://globex.localhost:{PORT}/)
    Your workspaces:  http://localhost:{PORT}/
    API docs:         http://acme.localhost:{PORT}/api/docs/
    Staff admin:      http://localhost:{PORT}/admin/

    demo@parley.test        / parley-demo   owner of acme and globex (and staff)
    researcher@parley.test  / parley-demo   researcher on acme (hosts calls)
    pm@parley.test          / parley-demo   PM on acme
    viewer@parley.test      / parley-demo   viewer on acme

  An API key: .venv/bin/python manage.py create_api_key acme --role researcher
  Emails are printed here (console backend). Ctrl-C stops everything.
"""


def demo_env() -> dict[str, str]:
    """The demo's own processes may read the demo's own port on loopback (Dana's calendar feed is served there); the
    operator's allow-list otherwise stays as set, and nothing is written to .env."""
    allow = [item for item in os.environ.get("PARLEY_OUTBOUND_ALLOW", "").split(",") if item.strip()]
    return {**os.environ, "PARLEY_OUTBOUND_ALLOW": ",".join([*allow, f"{HOST}:{PORT}"])}


def main() -> int:
    env = demo_env()
    procs = [
        subprocess.Popen([PY, "manage.py", "runserver", f"{HOST}:{PORT}", "--noreload"], env=env),
        subprocess.Popen(
            [PY, "-m", "celery", "-A", "config", "worker", "--beat", "--loglevel", "INFO", "--concurrency", "2",
             "--schedule", ".data/celerybeat-schedule"], env=env,
        ),
    ]  # fmt: skip
    time.sleep(2)
    print(BANNER, flush=True)

    def stop(*_):
        for proc in procs:
            if proc.poll() is None:
                proc.terminate()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    try:
        while all(proc.poll() is None for proc in procs):
            time.sleep(0.5)
    finally:
        stop()
        for proc in procs:
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
    return max(proc.returncode or 0 for proc in procs)


if __name__ == "__main__":
    sys.exit(main())
