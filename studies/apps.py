from django.apps import AppConfig


class StudiesConfig(AppConfig):
    name = "studies"

    def ready(self):
        from studies.programme.overview import live_rounds
        from workspaces.overview import register_section

        register_section("live_rounds", live_rounds, order=10)
