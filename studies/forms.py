from django import forms

from studies.models import Goal, GuideQuestion, Participant, Round, Study
from studies.planner import PlannerInput, Seniority, TimezoneSpread

DATE_WIDGETS = {
    "starts_on": forms.DateInput(attrs={"type": "date"}),
    "ends_on": forms.DateInput(attrs={"type": "date"}),
}


class StudyForm(forms.ModelForm):
    research_questions = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text="One per line: what must this study answer?",
    )

    class Meta:
        model = Study
        fields = [
            "title", "goal", "research_questions", "method", "programme_model", "starts_on", "ends_on",
            "incentive_amount", "incentive_currency", "incentive_description",
        ]  # fmt: skip
        help_texts = {"method": "The planner proposes one; you can override it here."}
        widgets = DATE_WIDGETS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["research_questions"] = "\n".join(self.instance.research_questions)

    def clean_research_questions(self):
        return [line.strip() for line in self.cleaned_data["research_questions"].splitlines() if line.strip()]


class PlannerForm(forms.Form):
    goal = forms.ChoiceField(choices=Goal.choices)
    participants = forms.IntegerField(min_value=1, max_value=100_000, initial=20, label="Participants wanted")
    timezone_spread = forms.ChoiceField(choices=TimezoneSpread.choices, label="Time zones")
    seniority = forms.ChoiceField(choices=Seniority.choices, initial=Seniority.PROFESSIONALS)
    sensitive = forms.BooleanField(required=False, label="Sensitive topic")
    observe_product_use = forms.BooleanField(required=False, label="Need to watch them use the product")
    budget = forms.DecimalField(required=False, min_value=0, max_digits=12, decimal_places=2, label="Budget (USD)")
    deadline_days = forms.IntegerField(required=False, min_value=1, max_value=3650, label="Deadline (days)")

    def planner_input(self) -> PlannerInput:
        return PlannerInput(**self.cleaned_data)


class RoundForm(forms.ModelForm):
    hidden_fields = forms.CharField(
        required=False,
        label="Hidden fields",
        help_text="Async: link parameters kept on each session, comma-separated (e.g. plan, event).",
    )

    class Meta:
        model = Round
        fields = [
            "kind", "purpose", "target_participants", "starts_on", "ends_on", "status", "time_budget_minutes",
            "hidden_fields", "reminder_after_days", "incentive_amount", "incentive_currency", "incentive_description",
        ]  # fmt: skip
        widgets = DATE_WIDGETS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["hidden_fields"] = ", ".join(self.instance.hidden_fields)

    def clean_hidden_fields(self):
        names = [name.strip() for name in self.cleaned_data["hidden_fields"].split(",") if name.strip()]
        bad = [name for name in names if not name.isidentifier()]
        if bad:
            raise forms.ValidationError(f"Use letters, digits and _ only: {', '.join(bad)}.")
        return names


class QuestionForm(forms.ModelForm):
    class Meta:
        model = GuideQuestion
        fields = ["text", "intent", "probing", "max_follow_ups", "estimated_minutes"]
        widgets = {"text": forms.Textarea(attrs={"rows": 2}), "probing": forms.Textarea(attrs={"rows": 2})}


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
