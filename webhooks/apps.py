from django.apps import AppConfig


class WebhooksConfig(AppConfig):
    name = "webhooks"
    verbose_name = "Webhooks"

    def ready(self):
        from webhooks.overview import failed_deliveries
        from workspaces.overview import register_section

        register_section("failed_deliveries", failed_deliveries, order=80)
        _portfolio()


def _portfolio() -> None:
    """Failed deliveries raise a flag on the research-ops portfolio (workspaces.portfolio)."""
    from webhooks import portfolio
    from webhooks.models import WebhookDelivery
    from workspaces.portfolio import registry

    registry.register_flag(portfolio.FAILED)
    registry.register_contributor("webhooks", portfolio.contribution)
    registry.register_models(WebhookDelivery)
