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
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results.json"
sys.path[0] = str(ROOT)  # import `bench.*` and the apps from the project root, not from bench/

SECONDS = float(os.environ.get("BENCH_SECONDS", "20"))
SAMPLES = int(os.environ.get("BENCH_SAMPLES", "5"))
CLIENTS = 32
HOST = "acme.localhost"
ENDPOINTS = {"api_workspace": "/api/v1/workspace/", "bare_view": "/healthz"}


def setup_django() -> None:
    # Measure what production runs: DEBUG off (it also keeps a log of every query). No TLS on 127.0.0.1.
    os.environ["DEBUG"] = "0"
    os.environ["SECURE_SSL_REDIRECT"] = "0"
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()


def creation_figures() -> dict[str, float]:
    from bench import creation

    times = creation.measure(SAMPLES)
    figures = {"workspace_create_samples": SAMPLES, "workspace_template_migrate_ms": times.template_ms}
    for kind, values in (("migrate", times.migrate_ms), ("clone", times.clone_ms)):
        figures[f"workspace_create_{kind}_ms_median"] = statistics.median(values)
        figures[f"workspace_create_{kind}_ms_mean"] = statistics.mean(values)
        figures[f"workspace_create_{kind}_ms_min"] = min(values)
        figures[f"workspace_create_{kind}_ms_max"] = max(values)
    figures["workspace_create_clone_vs_migrate_ratio"] = (
        figures["workspace_create_clone_ms_median"] / figures["workspace_create_migrate_ms_median"]
    )
    if times.leftovers_removed:
        print(f"Removed {times.leftovers_removed} workspace(s) left behind by an interrupted earlier run.")
    return figures


def throughput_figures() -> dict[str, float]:
    from django_tenants.utils import schema_context

    from bench import throughput
    from workspaces.models import Workspace
    from workspaces.services import api_key_create, api_key_revoke

    with schema_context("public"):
        acme = Workspace.objects.get(slug="acme")
        api_key, secret = api_key_create(workspace=acme, name="bench", role="viewer", actor=None)
    headers = {"api_workspace": {"Authorization": f"Bearer {secret}"}, "bare_view": {}}
    figures: dict[str, float] = {"http_clients": CLIENTS, "http_seconds": SECONDS}
    try:
        with throughput.gunicorn() as port:
            for name, path in ENDPOINTS.items():
                throughput.expect_ok(port, HOST, path, headers[name])
            for name, path in ENDPOINTS.items():
                result = throughput.load(port, HOST, path, headers=headers[name], clients=CLIENTS, seconds=SECONDS)
                figures |= {
                    f"{name}_rps": result["rps"],
                    f"{name}_p50_ms": result["p50_ms"],
                    f"{name}_p95_ms": result["p95_ms"],
                    f"{name}_p99_ms": result["p99_ms"],
                    f"{name}_requests": result["requests"],
                    f"{name}_non_200": result["non_200"],
                    f"{name}_transport_errors": result["transport_errors"],
                    f"{name}_connections": result["connections"],
                }
                if result["non_200"] or result["transport_errors"]:
                    raise SystemExit(
                        f"GET {path}: {result['non_200']} non-200 responses {result['statuses']} and "
                        f"{result['transport_errors']} transport errors (first: {result['first_error'] or '-'})"
                    )
    finally:
        with schema_context("public"):
            api_key_revoke(api_key=api_key, actor=None)
    figures["api_vs_bare_rps_ratio"] = figures["api_workspace_rps"] / figures["bare_view_rps"]
    return figures


def print_table(figures: dict[str, float], total_s: float) -> None:
    f = figures
    rows = [
        ("Workspace creation", "median ms", "mean ms", "min ms", "max ms"),
        *(
            (
                label,
                *(f"{f[f'workspace_create_{kind}_ms_{stat}']:.0f}" for stat in ("median", "mean", "min", "max")),
            )
            for kind, label in (("migrate", "migrate (as configured)"), ("clone", "clone bench_template"))
        ),
        ("clone / migrate (medians)", f"{f['workspace_create_clone_vs_migrate_ratio']:.2f}", "", "", ""),
        None,
        ("HTTP, GET on acme.localhost", "req/s", "p50 ms", "p95 ms", "non-200"),
        *(
            (f"{path}", f"{f[f'{name}_rps']:.0f}", f"{f[f'{name}_p50_ms']:.1f}", f"{f[f'{name}_p95_ms']:.1f}",
             f"{f[f'{name}_non_200']}")
            for name, path in ENDPOINTS.items()
        ),  # fmt: skip
        ("api / bare (req/s)", f"{f['api_vs_bare_rps_ratio']:.2f}", "", "", ""),
    ]
    widths = [max(len(row[i]) for row in rows if row) for i in range(5)]
    for row in rows:
        if row is None:
            print()
            continue
        print(row[0].ljust(widths[0]), *(cell.rjust(width) for cell, width in zip(row[1:], widths[1:], strict=True)))
    print(
        f"\nNotes: {f['workspace_create_samples']} workspaces each way, taking turns; the template took"
        f" {f['workspace_template_migrate_ms']:.0f} ms to migrate (not counted).\n"
        f"  gunicorn: 2 sync workers, DEBUG=0, SECURE_SSL_REDIRECT=0; {CLIENTS} clients for {SECONDS:g}s per"
        " endpoint after a short warm-up.\n"
        "  Sync workers close the connection after every response, so clients reconnect each request"
        f" ({f['bare_view_connections']} connections for {f['bare_view_requests']} /healthz requests).\n"
        f"  On {os.cpu_count()} cores the load generator competes with gunicorn and PostgreSQL for CPU: read the"
        " req/s as a ratio between endpoints, not as capacity.\n"
        f"  Total run time {total_s:.0f}s. Figures written to {RESULTS.relative_to(ROOT)}."
    )


def main() -> None:
    started = time.perf_counter()
    setup_django()
    figures = creation_figures()
    figures |= throughput_figures()
    RESULTS.write_text(json.dumps(figures, indent=2) + "\n")
    print_table(figures, time.perf_counter() - started)


if __name__ == "__main__":
    main()
