from django.apps import AppConfig


class SynthesisConfig(AppConfig):
    name = "synthesis"

    def ready(self):
        from interviews.links.signals import participant_attached

        participant_attached.connect(_highlights_follow_participant, dispatch_uid="synthesis.highlights_participant")


def _highlights_follow_participant(sender, *, session, participant, **kwargs) -> None:
    """Highlights keep their participant denormalised: an interview that gains its participant passes it on."""
    from synthesis.models import Highlight

    Highlight.objects.filter(transcript__session=session).update(participant=participant)
