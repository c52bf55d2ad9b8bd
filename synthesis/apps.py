from django.apps import AppConfig


class SynthesisConfig(AppConfig):
    name = "synthesis"

    def ready(self):
        # Interviews cannot import synthesis: it sends a signal after a session completes, received here.
        from interviews.links.signals import session_completed
        from synthesis.validation.services import on_session_completed

        session_completed.connect(on_session_completed, dispatch_uid="synthesis-validation-classify")
