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


class SegmentFilterForm(forms.Form):
    """The panel's filters, from the list page's query string, a saved segment or the API: `filters()` is what a
    segment stores and `selectors.participants_list` reads."""

    q = forms.CharField(required=False, max_length=200, label="Search")
    attr = forms.CharField(required=False, max_length=100, label="Attribute")
    value = forms.CharField(required=False, max_length=200, label="is")
    interviewed_within_days = forms.IntegerField(
        required=False, min_value=1, max_value=3650, label="Took part in the last (days)"
    )
    not_interviewed_days = forms.IntegerField(
        required=False, min_value=1, max_value=3650, label="Not taken part in the last (days)"
    )
    not_contacted_days = forms.IntegerField(
        required=False, min_value=1, max_value=3650, label="Not contacted in the last (days)"
    )
    rounds_min = forms.IntegerField(required=False, min_value=0, max_value=1000, label="Rounds taken, at least")
    rounds_max = forms.IntegerField(required=False, min_value=0, max_value=1000, label="Rounds taken, at most")
    rating_min = forms.IntegerField(required=False, min_value=1, max_value=5, label="Rated at least (1-5)")
    contactable = forms.BooleanField(required=False, label="Leave out who asked not to be contacted")

    def clean(self):
        data = super().clean()
        if bool(data.get("attr")) != bool(data.get("value")):
            field = "value" if data.get("attr") else "attr"
            self.add_error(field, "Pick an attribute and the value it should have.")
        low, high = data.get("rounds_min"), data.get("rounds_max")
        if low is not None and high is not None and low > high:
            self.add_error("rounds_max", "At most must not be below at least.")
        return data

    def filters(self) -> dict:
        """The filters that are set, as stored on a Segment (an attribute pair becomes `attributes`)."""
        # `is not False`, not `in (None, "", False)`: 0 rounds is a filter, and 0 == False.
        data = {k: v for k, v in self.cleaned_data.items() if v is not None and v != "" and v is not False}
        attr, value = data.pop("attr", ""), data.pop("value", "")
        if attr and value:
            data["attributes"] = {attr: value}
        return data

    @classmethod
    def initial_from(cls, filters: dict) -> dict:
        """A stored segment's filters as this form's data (to show them or to re-check them)."""
        data = {k: v for k, v in filters.items() if k != "attributes"}
        for attr, value in (filters.get("attributes") or {}).items():
            data.update(attr=attr, value=value)
        return data


class SegmentForm(forms.Form):
    name = forms.CharField(max_length=120, label="Segment name")


class RatingForm(forms.Form):
    rating = forms.TypedChoiceField(
        choices=[(n, str(n)) for n in range(1, 6)], coerce=int, label="How did the call go? (1-5)"
    )
    note = forms.CharField(required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}),
                           label="Note for the team")  # fmt: skip
