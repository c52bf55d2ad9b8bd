"""The round page's forms: a new open link, and invitations to chosen participants."""

from django import forms


class LinkForm(forms.Form):
    label = forms.CharField(max_length=120, required=False, help_text="For you, e.g. “In-app banner”.")
    max_responses = forms.IntegerField(min_value=1, required=False, label="Response limit")
    opens_at = forms.DateTimeField(required=False, widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    closes_at = forms.DateTimeField(required=False, widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))

    def clean(self):
        data = super().clean()
        if data.get("opens_at") and data.get("closes_at") and data["closes_at"] <= data["opens_at"]:
            self.add_error("closes_at", "The link must close after it opens.")
        return data


class InviteForm(forms.Form):
    participants = forms.TypedMultipleChoiceField(coerce=int, choices=[], error_messages={
        "required": "Select at least one participant."})  # fmt: skip
    event = forms.SlugField(required=False, help_text="Why now, e.g. onboarding_completed.")
    send_email = forms.BooleanField(required=False, initial=True, label="Email them the link")

    def __init__(self, *args, choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["participants"].choices = choices


class EpisodeForm(forms.Form):
    """“Plan next deep dives”: a sync round that draws on this always-on round's answers since the last one."""

    purpose = forms.CharField(max_length=200, initial="Deep dives", help_text="e.g. “Q3 deep dives”.")
    target_participants = forms.IntegerField(min_value=1, max_value=500, initial=8, label="Calls wanted")
    starts_on = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    ends_on = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self):
        data = super().clean()
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", "The deep dives cannot end before they start.")
        return data
