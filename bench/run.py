"""`make bench`: print a table of Parley's performance figures and write them to bench/results.json.

1. Workspace creation, migrating a new schema (as configured) and cloning a migrated template schema.
2. Requests per second of `GET /api/v1/workspace/` (API key, DRF) and of the bare `GET /healthz` view,
   through gunicorn with 2 workers, from 32 concurrent clients.

Everything runs against 127.0.0.1 and the unix sockets in `.env`, and everything it creates is removed.
BENCH_SECONDS (default 20) sets how long each endpoint is loaded; BENCH_SAMPLES (default 5) how many
workspaces each way of creating them is timed on.
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

SECONDS = float(os.environ.get("BENCH_SECONDS", "20"))
SAMPLES = int(os.environ.get("BENCH_SAMPLES", "5"))
CLIENTS = 32
ROUNDS = 4  # each endpoint gets SECONDS in all, in slices taking turns with the other
HOST = "acme.localhost"
ENDPOINTS = {"api_workspace": "/api/v1/workspace/", "bare_view": "/healthz"}
LOCK_ID = 0x70726C62  # any constant: every `make bench` takes the same PostgreSQL advisory lock


def setup_django() -> None:
    # Measure what production runs: DEBUG off (it also keeps a log of every query). No TLS on 127.0.0.1.
    os.environ["DEBUG"] = "0"
    os.environ["SECURE_SSL_REDIRECT"] = "0"
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()


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

    times = creation.measure(SAMPLES)
    figures = {"workspace_create_samples": SAMPLES, "workspace_template_migrate_ms": times.template_ms}
    for kind, values in (("migrate", times.migrate_ms), ("clone", times.clone_ms)):
        figures[f"workspace_create_{kind}_ms_median"] = statistics.median(values)
        figures[f"workspace_create_{kind}_ms_mean"] = statistics.mean(values)
        figures[f"workspace_create_{kind}_ms_min"] = min(values)
        figures[f"workspace_create_{kind}_ms_max"] = max(values)
        notes.append(f"{kind} samples (ms): {', '.join(f'{value:.0f}' for value in values)}")
    figures["workspace_create_clone_vs_migrate_ratio"] = (
        figures["workspace_create_clone_ms_median"] / figures["workspace_create_migrate_ms_median"]
    )
    notes.append(
        f"{SAMPLES} workspaces each way, taking turns, after one untimed creation each way; migrating"
        f" the template took {times.template_ms:.0f} ms (not counted)."
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


def print_table(figures: dict[str, float], notes: list[str]) -> None:
    f = figures
    rows: list[tuple[str, ...]] = [("Workspace creation", "median ms", "mean ms", "min ms", "max ms")]
    for kind, label in (("migrate", "migrate (as configured)"), ("clone", "clone a template schema")):
        stats = (f"{f[f'workspace_create_{kind}_ms_{stat}']:.0f}" for stat in ("median", "mean", "min", "max"))
        rows.append((label, *stats))
    rows += [("clone / migrate (medians)", f"{f['workspace_create_clone_vs_migrate_ratio']:.2f}", "", "", "")]
    rows += [("", "", "", "", ""), (f"HTTP GET, Host {HOST}", "req/s", "p50 ms", "p95 ms", "non-200")]
    for name, path in ENDPOINTS.items():
        rows.append(
            (path, f"{f[f'{name}_rps']:.0f}", f"{f[f'{name}_p50_ms']:.1f}", f"{f[f'{name}_p95_ms']:.1f}",
             f"{f[f'{name}_non_200']}")
        )  # fmt: skip
    rows.append(("api / bare (req/s)", f"{f['api_vs_bare_rps_ratio']:.2f}", "", "", ""))

    widths = [max(len(row[column]) for row in rows) for column in range(len(rows[0]))]
    for label, *cells in rows:
        print(label.ljust(widths[0]), *(cell.rjust(width) for cell, width in zip(cells, widths[1:], strict=True)))
    print("\nNotes:")
    for note in notes:
        print(f"- {note}")


def stop(signum, frame) -> None:
    raise SystemExit(f"Stopped by signal {signum}: cleaning up.")


def main() -> None:
    started = time.perf_counter()
    load_before = os.getloadavg()[0]
    signal.signal(signal.SIGTERM, stop)  # `kill` too runs the clean-up in the `finally` blocks
    setup_django()
    notes: list[str] = []
    with bench_lock():
        figures = creation_figures(notes)
        figures |= throughput_figures(notes)
    RESULTS.write_text(json.dumps(figures, indent=2) + "\n")
    notes += [
        f"Load average (1 min) when the run started: {load_before:.1f} on {os.cpu_count()} cores. Other work on"
        " this machine lowers req/s and adds to the creation times.",
        f"Total run time {time.perf_counter() - started:.0f}s; figures written to {RESULTS.relative_to(ROOT)}.",
    ]
    print_table(figures, notes)


if __name__ == "__main__":
    main()
