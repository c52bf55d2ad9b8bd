"""The import page's form: the .qdpx and the round of the study its transcripts join."""

from django import forms
from django.core.exceptions import ValidationError

from synthesis.qdpx.reader import MAX_BYTES

NEW_ROUND = ""


class ProjectImportForm(forms.Form):
    file = forms.FileField(
        label="REFI-QDA project (.qdpx)",
        error_messages={"required": "Choose the .qdpx file to import."},
        help_text=f"Exported by QualCoder, MAXQDA, NVivo, ATLAS.ti or Parley; up to {MAX_BYTES // (1024 * 1024)} MB.",
    )
    round = forms.TypedChoiceField(label="Into round", required=False, coerce=int, empty_value=None)

    def __init__(self, *args, rounds=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.rounds = {round_.pk: round_ for round_ in rounds}
        self.fields["round"].choices = [(NEW_ROUND, "A new round for the imported interviews")] + [
            (round_.pk, f"Round {round_.order}: {round_.purpose} ({round_.get_kind_display()})") for round_ in rounds
        ]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise ValidationError(f"The file is larger than {MAX_BYTES // (1024 * 1024)} MB.")
        return upload

    def clean_round(self):
        pk = self.cleaned_data["round"]
        return self.rounds[pk] if pk is not None else None
