from django import forms

from studies.models import Governance, Participant


class ParticipantForm(forms.ModelForm):
    class Meta:
        model = Participant
        fields = ["name", "email", "timezone", "locale", "consent_to_contact", "do_not_contact"]


class ImportForm(forms.Form):
    file = forms.FileField(required=False, help_text="CSV with an email column; other columns become attributes.")
    csv_text = forms.CharField(required=False, widget=forms.HiddenInput)

    def clean(self):
        data = super().clean()
        upload = data.get("file")
        if upload:
            if upload.size > 5 * 1024 * 1024:
                raise forms.ValidationError({"file": "The file is larger than 5 MB: split it."})
            data["csv"] = upload.read()
        elif data.get("csv_text"):
            data["csv"] = data["csv_text"]
        else:
            raise forms.ValidationError({"file": "Choose a CSV file."})
        return data


class GovernanceForm(forms.ModelForm):
    class Meta:
        model = Governance
        fields = [
            "min_days_between_invitations", "max_interviews_per_90_days", "retention_days", "retention_keep_highlights",
            "recording_retention_days",
        ]  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["recording_retention_days"].required = False  # left empty: the 90-day default

    def clean_recording_retention_days(self):
        value = self.cleaned_data.get("recording_retention_days")
        return value or Governance._meta.get_field("recording_retention_days").default
