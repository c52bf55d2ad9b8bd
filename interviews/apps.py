from django.apps import AppConfig


class InterviewsConfig(AppConfig):
    name = "interviews"

    def ready(self):
        # Erasure and access requests reach this app's rows about a participant (studies.privacy.registry).
        from interviews import privacy, public_cache  # noqa: F401
        from interviews.booking import availability
        from interviews.booking import overview as calls
        from interviews.booking.presets import booking_preset_apply, booking_preset_content
        from interviews.booking.selectors import guide_usage as calls_on_guide
        from interviews.booking.selectors import round_pipeline_counts as sync_counts
        from interviews.booking.timeline import sync_timeline
        from interviews.links import overview as sessions
        from interviews.links.selectors import guide_usage as sessions_on_guide
        from interviews.links.selectors import round_pipeline_counts as async_counts
        from interviews.links.timeline import async_timeline
        from interviews.models import BookingRules, InterviewLink, LLMSettings
        from interviews.optout.services import recipient_context
        from outbox.services import register_recipient_context
        from studies.guides.usage import register_guide_usage
        from studies.models import Round, Screener, Study
        from studies.participants.registry import register_timeline_source
        from studies.programme.pipeline import register_round_counter
        from studies.study_templates.parts import RoundPart, register_round_part
        from workspaces.overview import register_section, register_zone_finder

        # The study page's pipeline, the workspace overview and the participant page (lower apps) show our numbers.
        availability.connect()  # a booking page's cached free times go when what they depend on changes
        # A participant page's cached link, booking rules or interviewer settings go when they change.
        public_cache.connect(InterviewLink, BookingRules, LLMSettings, Round, Study, Screener)
        register_round_counter("async", async_counts)
        register_round_counter("sync", sync_counts)
        register_zone_finder("host", calls.host_zone)
        register_section("calls", calls.calls, order=20)
        register_section("new_interviews", sessions.new_interviews, order=50)
        # The guide page and its confirmation of a live change count who is on which version.
        register_guide_usage("sessions", sessions_on_guide)
        register_guide_usage("calls", calls_on_guide)
        # The participant page's timeline: their async interviews, then their hand-offs, bookings and calls.
        register_timeline_source(async_timeline)
        register_timeline_source(sync_timeline)
        # A study template keeps each sync round's booking rules preset (studies.study_templates).
        register_round_part(RoundPart(key="booking_preset", label="booking rules", content=booking_preset_content,
                                      apply=booking_preset_apply))  # fmt: skip
        # Every email to a participant ends with their opt-out link.
        register_recipient_context(recipient_context)
        _portfolio()


def _portfolio() -> None:
    """Completes, calls, no-shows and the interviewer's health on the research-ops portfolio (workspaces.portfolio)."""
    from interviews import portfolio
    from interviews.models import Booking, IncentiveEntry, Message, Session
    from workspaces.portfolio import registry

    registry.register_columns(*portfolio.COLUMNS)
    for flag in portfolio.FLAGS:
        registry.register_flag(flag)
    registry.register_contributor("interviews", portfolio.contribution)
    registry.register_models(Session, Booking, Message, IncentiveEntry)
