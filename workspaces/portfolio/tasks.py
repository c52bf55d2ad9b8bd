"""Celery tasks of the portfolio. tenant-schemas-celery runs `refresh_summary` in the schema that enqueued it."""

from django.db import connection

from config.celery import app
from workspaces.portfolio.services import summaries_reconcile, summary_recompute, summary_refresh_started


@app.task
def refresh_summary() -> None:
    """The debounced recompute of one workspace's portfolio row, asked for by a commit inside it."""
    summary_refresh_started(connection.schema_name)
    summary_recompute()


@app.task
def reconcile_all_workspaces() -> None:
    """Beat runs this in `public`: every row recomputed, whatever events were missed."""
    summaries_reconcile()
