"""Keeping each workspace's portfolio row current: recompute it inside the workspace's schema, ask for that after
a commit that changed something it counts (debounced), and reconcile every row from beat."""

import logging
from datetime import datetime

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models.signals import post_delete, post_save
from django.utils import timezone
from django_tenants.utils import get_public_schema_name, schema_context

from workspaces.models import Workspace, WorkspaceSummary
from workspaces.portfolio import registry

logger = logging.getLogger(__name__)

# A recompute waits this long for a row locked by another transaction, then gives up: beat reconciles it later.
LOCK_TIMEOUT_MS = 2000


class _QueryCounter:
    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        if not sql.startswith("SET search_path"):  # django-tenants' own, before each query in schema_context
            self.count += 1
        return execute(sql, params, many, context)


def summary_compute(*, now: datetime | None = None) -> registry.Contribution:
    """Every app's figures for the workspace whose schema is active, and the flags they raise."""
    now = now or timezone.now()
    total = registry.Contribution()
    for contributor in registry.contributors():
        part = contributor(now)
        total.figures.update(part.figures)
        total.links.update(part.links)
        total.notes.update(part.notes)
        if part.last_activity_at and (total.last_activity_at is None or part.last_activity_at > total.last_activity_at):
            total.last_activity_at = part.last_activity_at
    return total


def summary_recompute(*, now: datetime | None = None) -> WorkspaceSummary:
    """Recompute the portfolio row of the workspace whose schema is active (a task or `schema_context`)."""
    workspace_id = Workspace.objects.filter(schema_name=connection.schema_name).values_list("pk", flat=True).get()
    counter = _QueryCounter()
    with connection.execute_wrapper(counter):
        found = summary_compute(now=now)
    raised = [flag.key for flag in registry.flags() if flag.test(found.figures)]
    values = {
        # No figure rather than null: a missing key sorts last either way, a JSON null would sort first.
        "figures": {key: value for key, value in found.figures.items() if value is not None},
        "links": found.links,
        "flags": raised,
        "flag_notes": {key: found.notes[key] for key in raised if key in found.notes},
        "last_activity_at": found.last_activity_at,
        "computed_at": now or timezone.now(),
        "queries": min(counter.count, 32767),
    }
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(f"SET LOCAL lock_timeout = {LOCK_TIMEOUT_MS}")
        summary, _ = WorkspaceSummary.objects.update_or_create(workspace_id=workspace_id, defaults=values)
    return summary


# Asking for a recompute -------------------------------------------------------------------------------------------


def _debounce_key(schema_name: str) -> str:
    return f"portfolio-refresh:{schema_name}"


def summary_refresh_soon(schema_name: str) -> None:
    """Enqueue one recompute of this workspace within the debounce window, however many commits ask for it.

    The task also clears the window's key before it reads, so a commit during a recompute asks for the next one. When
    Redis (cache or broker) is down nothing is lost: the figures live in the workspace and beat reconciles them.
    """
    from workspaces.portfolio.tasks import refresh_summary

    delay = settings.PARLEY_PORTFOLIO_DEBOUNCE_SECONDS
    try:
        # The window lasts as long as the countdown: a commit that finds it open committed before the task reads.
        if not cache.add(_debounce_key(schema_name), 1, timeout=max(delay, 1)):
            return
        with schema_context(schema_name):
            refresh_summary.apply_async(countdown=delay)
    except Exception:
        logger.warning("cache or broker unavailable: %s's portfolio row waits for beat", schema_name, exc_info=True)


def summary_refresh_started(schema_name: str) -> None:
    try:
        cache.delete(_debounce_key(schema_name))
    except Exception:
        logger.warning("cache unavailable while refreshing %s's portfolio row", schema_name, exc_info=True)


def _changed(sender, **kwargs) -> None:
    schema_name = connection.schema_name
    if schema_name == get_public_schema_name():
        return
    # One request per transaction and workspace, however many rows it saves.
    for _, func, _ in connection.run_on_commit:
        if getattr(func, "portfolio_schema", None) == schema_name:
            return

    def refresh():
        summary_refresh_soon(schema_name)

    refresh.portfolio_schema = schema_name
    transaction.on_commit(refresh)


def _listen(model: type) -> None:
    uid = f"portfolio-{model._meta.label}"
    post_save.connect(_changed, sender=model, dispatch_uid=f"{uid}-save", weak=False)
    post_delete.connect(_changed, sender=model, dispatch_uid=f"{uid}-delete", weak=False)


registry.on_model_registered(_listen)


def summaries_reconcile(*, now: datetime | None = None) -> int:
    """Recompute every workspace's row (beat): windows such as "7 days" move without any event."""
    done = 0
    schemas = Workspace.objects.exclude(schema_name=get_public_schema_name()).values_list("schema_name", flat=True)
    for schema_name in schemas:
        try:
            with schema_context(schema_name):
                summary_recompute(now=now)
            done += 1
        except Exception:
            logger.exception("could not recompute %s's portfolio row", schema_name)
    return done
