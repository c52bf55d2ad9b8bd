"""The Celery app. tenant-schemas-celery sends the enqueuing schema with every task and enters it in the worker."""

import os

from tenant_schemas_celery.app import CeleryApp

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = CeleryApp("parley")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
