from django.apps import AppConfig


class InterviewsConfig(AppConfig):
    name = "interviews"

    def ready(self):
        # Erasure and access requests reach this app's rows about a participant (studies.privacy.registry).
        from interviews import privacy  # noqa: F401
        from interviews.booking import overview as calls
        from interviews.booking.selectors import participant_calls
        from interviews.booking.selectors import round_pipeline_counts as sync_counts
        from interviews.links import overview as sessions
        from interviews.links.selectors import participant_sessions
        from interviews.links.selectors import round_pipeline_counts as async_counts
        from studies.participants.registry import register_interview_source
        from studies.programme.pipeline import register_round_counter
        from workspaces.overview import register_section, register_zone_finder

        # The study page's pipeline, the workspace overview and the participant page (lower apps) show our numbers.
        register_round_counter("async", async_counts)
        register_round_counter("sync", sync_counts)
        register_zone_finder("host", calls.host_zone)
        register_section("calls", calls.calls, order=20)
        register_section("new_interviews", sessions.new_interviews, order=50)
        # The participant page shows their async sessions and calls side by side.
        register_interview_source(participant_sessions)
        register_interview_source(participant_calls)
