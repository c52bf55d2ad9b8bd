from django.apps import AppConfig


class InterviewsConfig(AppConfig):
    name = "interviews"

    def ready(self):
        from interviews.booking import overview as calls
        from interviews.booking.selectors import round_pipeline_counts as sync_counts
        from interviews.booking.timeline import sync_timeline
        from interviews.links import overview as sessions
        from interviews.links.selectors import round_pipeline_counts as async_counts
        from interviews.links.timeline import async_timeline
        from studies.participants.registry import register_timeline_source
        from studies.programme.pipeline import register_round_counter
        from workspaces.overview import register_section, register_zone_finder

        # The study page's pipeline, the workspace overview and the participant page (lower apps) show our numbers.
        register_round_counter("async", async_counts)
        register_round_counter("sync", sync_counts)
        register_zone_finder("host", calls.host_zone)
        register_section("calls", calls.calls, order=20)
        register_section("new_interviews", sessions.new_interviews, order=50)
        # The participant page's timeline: their async interviews, then their hand-offs, bookings and calls.
        register_timeline_source(async_timeline)
        register_timeline_source(sync_timeline)
