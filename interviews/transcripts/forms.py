"""The transcript section's forms: the upload, and which speaker is the participant."""

from django import forms
from django.core.exceptions import ValidationError

from interviews.transcripts.parsers import MAX_BYTES, SPEAKER_MAX_LENGTH


class TranscriptUploadForm(forms.Form):
    """The upload; `_transcript.html` renders its inputs and their help by hand, for any page that includes it."""

    file = forms.FileField(error_messages={"required": "Choose the transcript file to import."})
    participant_speaker = forms.CharField(max_length=SPEAKER_MAX_LENGTH, required=False)
    replace = forms.BooleanField(required=False)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise ValidationError(f"The file is larger than {MAX_BYTES // (1024 * 1024)} MB.")
        return upload


class ParticipantSpeakerForm(forms.Form):
    speaker = forms.ChoiceField(choices=[])

    def __init__(self, *args, speakers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["speaker"].choices = [(name, name) for name in speakers]
