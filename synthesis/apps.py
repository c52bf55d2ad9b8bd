from django.apps import AppConfig


class SynthesisConfig(AppConfig):
    name = "synthesis"

    def ready(self):
        from studies.participants.registry import register_interview_annotator
        from synthesis.briefs.selectors import annotate_interviews

        # The participant page (studies) says how much of each interview is coded.
        register_interview_annotator(annotate_interviews)
