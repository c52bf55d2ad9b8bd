"""The transcript section's forms: the upload, the preview's confirmation and each speaker's role."""

from django import forms
from django.core import signing
from django.core.exceptions import ValidationError

from interviews.transcripts.parsers import MAX_BYTES, SPEAKER_MAX_LENGTH
from interviews.transcripts.speakers import ROLE_LABELS

PREVIEW_MAX_AGE = 24 * 3600  # seconds a preview's carried file stays valid
PREVIEW_MAX_CHARS = 2_000_000  # the signed file must fit Django's 2.5 MB limit on form fields


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


def _salt(booking_pk: int, schema: str) -> str:
    return f"parley.transcript-preview.{schema}.{booking_pk}"


def sign_upload(*, booking_pk: int, schema: str, filename: str, content: bytes) -> str:
    """The uploaded file, carried by the preview page to its confirmation (no JavaScript, nothing stored yet)."""
    return signing.dumps({"name": filename, "text": content.decode("utf-8", "surrogateescape")},
                         salt=_salt(booking_pk, schema), compress=True)  # fmt: skip


class SpeakerRolesForm(forms.Form):
    """One role choice per speaker label; `mapping()` gives {label: role}."""

    def __init__(self, *args, speakers: list[tuple[str, str]] = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.names = [name for name, _ in speakers]
        for index, (name, role) in enumerate(speakers):
            self.fields[f"role_{index}"] = forms.ChoiceField(
                label=name, choices=list(ROLE_LABELS.items()), initial=role
            )

    def mapping(self) -> dict[str, str]:
        return {name: self.cleaned_data[f"role_{index}"] for index, name in enumerate(self.names)}

    def rows(self):
        """(name, bound field) pairs, for a table."""
        return [(name, self[f"role_{index}"]) for index, name in enumerate(self.names)]


class PreviewConfirmForm(forms.Form):
    """The preview's hidden fields: the signed file and whether it replaces the booking's transcript."""

    upload = forms.CharField(widget=forms.HiddenInput)
    replace = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, booking_pk: int, schema: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.salt = _salt(booking_pk, schema)

    def clean_upload(self) -> tuple[str, bytes]:
        try:
            data = signing.loads(self.cleaned_data["upload"], salt=self.salt, max_age=PREVIEW_MAX_AGE)
        except signing.BadSignature:
            raise ValidationError("This preview has expired or was changed: upload the file again.") from None
        return data["name"], data["text"].encode("utf-8", "surrogateescape")


class RecordingForm(forms.Form):
    """The call's recording: a file, or the address of one (a cloud recording's download link)."""

    file = forms.FileField(required=False)
    url = forms.URLField(required=False, max_length=2000, assume_scheme="https")

    def clean(self):
        data = super().clean()
        if not self.errors and bool(data.get("file")) == bool(data.get("url")):
            raise ValidationError("Choose the recording's file or give its address, one of the two.")
        return data
