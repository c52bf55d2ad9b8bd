from django.apps import AppConfig


class RoadmapConfig(AppConfig):
    name = "roadmap"

    def ready(self):
        from roadmap.overview import insights_without_roadmap
        from roadmap.selectors import study_roadmap_counts
        from roadmap.timeline import notices_timeline
        from studies.participants.registry import register_timeline_source
        from studies.programme.pipeline import register_study_counter
        from workspaces.overview import register_section

        register_study_counter("roadmap", study_roadmap_counts)
        register_section("insights_without_roadmap", insights_without_roadmap, order=70)
        # The participant page's timeline: when they heard back that an item shipped.
        register_timeline_source(notices_timeline)
