from django.apps import AppConfig


class InterviewsConfig(AppConfig):
    name = "interviews"

    def ready(self):
        from interviews.booking.selectors import participant_calls
        from interviews.links.selectors import participant_sessions
        from studies.participants.registry import register_interview_source

        # The participant page (studies) shows their async sessions and calls side by side.
        register_interview_source(participant_sessions)
        register_interview_source(participant_calls)
