from django.apps import AppConfig
from django.core import checks
from django.core.exceptions import ImproperlyConfigured


class WorkspacesConfig(AppConfig):
    name = "workspaces"
    verbose_name = "Workspaces"

    def ready(self):
        from workspaces import schema  # noqa: F401  (registers the OpenAPI auth extension)
        from workspaces.handoff import signals  # noqa: F401  (signing out anywhere signs out everywhere)
        from workspaces.json_types import keep_json_types
        from workspaces.portfolio import services  # noqa: F401  (listens to the models apps register)

        keep_json_types()

        checks.register(_outbound_allow_list)


def _outbound_allow_list(app_configs, **kwargs):
    """A mistyped PARLEY_OUTBOUND_ALLOW stops `manage.py check` and start-up, not the first webhook."""
    from workspaces.outbound import allow_listed

    try:
        allow_listed("http://127.0.0.1/")
    except ImproperlyConfigured as error:
        return [checks.Error(str(error), id="parley.E001")]
    return []
