"""The Celery app. tenant-schemas-celery sends the enqueuing schema with every task and enters it in the worker."""

import os
from pathlib import Path

from celery.signals import task_postrun, task_prerun, worker_init
from tenant_schemas_celery.app import CeleryApp

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = CeleryApp("parley")
app.config_from_object("django.conf:settings", namespace="CELERY")


def task_packages() -> list[str]:
    """Every app, and every capability folder inside one (`interviews/booking/`...), since tasks live beside the
    capability they serve."""
    from django.apps import apps

    packages = []
    for config in apps.get_app_configs():
        packages.append(config.name)
        for folder in sorted(Path(config.path).iterdir()):
            if (folder / "__init__.py").exists() and (folder / "tasks.py").exists():
                packages.append(f"{config.name}.{folder.name}")
    return packages


app.autodiscover_tasks(task_packages)


@worker_init.connect
def _ready(**kwargs) -> None:
    """The worker calls the interviewer for every LLM turn: its learned readers are loaded before the first task,
    and what the worker has loaded is set aside from the garbage collector (config/warm.py)."""
    from config import warm

    warm.ready()


@task_prerun.connect
@task_postrun.connect
def _close_old_connections(task=None, **kwargs) -> None:
    """Before and after each task a worker runs, as Django does around each request: close this thread's connections
    that are unusable (a health check runs before the next query) or past CONN_MAX_AGE; a good one is kept for the
    next task (settings.CELERY_DB_REUSE_MAX keeps Celery from closing them all). A task run in process (`apply`)
    shares its caller's connection, perhaps inside a transaction: it is left alone, as Celery's fixup leaves it."""
    from django.db import close_old_connections

    if task is not None and not getattr(task.request, "is_eager", False):
        close_old_connections()
