from django.apps import AppConfig


class SynthesisConfig(AppConfig):
    name = "synthesis"

    def ready(self):
        # Erasure and access requests reach this app's rows about a participant (studies.privacy.registry).
        from interviews.links.signals import participant_attached, session_completed
        from studies.participants.registry import register_timeline_source
        from studies.programme.pipeline import register_round_counter, register_study_counter
        from synthesis import privacy  # noqa: F401
        from synthesis.coding.selectors import transcript_counts
        from synthesis.coding.timeline import quotes_timeline
        from synthesis.insights.selectors import study_insight_counts
        from synthesis.jobs.overview import pending_suggestions
        from synthesis.summaries import job  # noqa: F401  (the summary job's runner)
        from synthesis.validation.services import on_session_completed
        from workspaces.overview import register_section

        register_round_counter("transcripts", transcript_counts)
        register_study_counter("insights", study_insight_counts)
        register_section("pending_suggestions", pending_suggestions, order=60)
        # The participant page's timeline (studies): their quotes, how much of each interview is coded, insights.
        register_timeline_source(quotes_timeline)
        # Interviews cannot import synthesis: it sends a signal after a session completes, received here.
        session_completed.connect(on_session_completed, dispatch_uid="synthesis-validation-classify")
        participant_attached.connect(_highlights_follow_participant, dispatch_uid="synthesis.highlights_participant")
        _portfolio()


def _portfolio() -> None:
    """Suggestions and insights on the research-ops portfolio (workspaces.portfolio)."""
    from synthesis import portfolio
    from synthesis.models import Insight, Suggestion
    from workspaces.portfolio import registry

    registry.register_columns(*portfolio.COLUMNS)
    registry.register_contributor("synthesis", portfolio.contribution)
    registry.register_models(Insight, Suggestion)


def _highlights_follow_participant(sender, *, session, participant, **kwargs) -> None:
    """Highlights keep their participant denormalised: an interview that gains its participant passes it on."""
    from synthesis.models import Highlight

    Highlight.objects.filter(transcript__session=session).update(participant=participant)
