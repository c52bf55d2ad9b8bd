from django.apps import AppConfig


class WebhooksConfig(AppConfig):
    name = "webhooks"
    verbose_name = "Webhooks"

    def ready(self):
        from webhooks.overview import failed_deliveries
        from workspaces.overview import register_section

        register_section("failed_deliveries", failed_deliveries, order=80)
