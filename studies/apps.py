from django.apps import AppConfig


class StudiesConfig(AppConfig):
    name = "studies"

    def ready(self):
        # Erasure and access requests reach this app's rows about a participant (studies.privacy.registry).
        from studies.privacy import selectors, services  # noqa: F401
        from studies.programme.overview import live_rounds
        from workspaces.overview import register_section

        register_section("live_rounds", live_rounds, order=10)
