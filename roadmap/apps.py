from django.apps import AppConfig


class RoadmapConfig(AppConfig):
    name = "roadmap"

    def ready(self):
        # Erasure and access requests reach this app's rows about a participant (studies.privacy.registry).
        from roadmap import privacy, search  # noqa: F401
        from roadmap.overview import insights_without_roadmap
        from roadmap.selectors import highlights_as_evidence, study_roadmap_counts
        from roadmap.timeline import notices_timeline
        from studies.participants.registry import register_timeline_source
        from studies.programme.pipeline import register_study_counter
        from synthesis.jobs.bulk import register_highlight_use
        from workspaces.overview import register_section

        register_study_counter("roadmap", study_roadmap_counts)
        register_section("insights_without_roadmap", insights_without_roadmap, order=70)
        # Undoing a bulk accept never deletes a highlight an item's evidence links to.
        register_highlight_use("roadmap", ("supports a roadmap item", "support a roadmap item"), highlights_as_evidence)
        # The participant page's timeline: when they heard back that an item shipped.
        register_timeline_source(notices_timeline)
        _portfolio()


def _portfolio() -> None:
    """Items shipped this quarter on the research-ops portfolio (workspaces.portfolio)."""
    from roadmap import portfolio
    from roadmap.models import RoadmapItem
    from workspaces.portfolio import registry

    registry.register_columns(*portfolio.COLUMNS)
    registry.register_contributor("roadmap", portfolio.contribution)
    registry.register_models(RoadmapItem)
