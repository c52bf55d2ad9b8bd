from django.apps import AppConfig


class RoadmapConfig(AppConfig):
    name = "roadmap"

    def ready(self):
        # Erasure and access requests reach this app's rows about a participant (studies.privacy.registry).
        from roadmap import privacy  # noqa: F401
        from roadmap.overview import insights_without_roadmap
        from roadmap.selectors import study_roadmap_counts
        from studies.programme.pipeline import register_study_counter
        from workspaces.overview import register_section

        register_study_counter("roadmap", study_roadmap_counts)
        register_section("insights_without_roadmap", insights_without_roadmap, order=70)
