from django.apps import AppConfig


class StudiesConfig(AppConfig):
    name = "studies"

    def ready(self):
        # Erasure and access requests reach this app's rows about a participant (studies.privacy.registry).
        from studies.privacy import selectors, services  # noqa: F401
        from studies.programme.overview import live_rounds
        from workspaces.overview import register_section

        register_section("live_rounds", live_rounds, order=10)
        _portfolio()


def _portfolio() -> None:
    """Studies, live rounds and contacts on the research-ops portfolio (workspaces.portfolio)."""
    from studies import portfolio
    from studies.models import ContactEvent, Governance, Round, Study
    from workspaces.portfolio import registry

    registry.register_columns(*portfolio.COLUMNS)
    registry.register_flag(portfolio.OVER_CAP)
    registry.register_contributor("studies", portfolio.contribution)
    registry.register_models(Study, Round, ContactEvent, Governance)
