from django import forms

from studies.models import Round, Study

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
            "title", "public_title", "public_description", "goal", "research_questions", "method",
            "programme_model", "starts_on", "ends_on", "incentive_amount", "incentive_currency",
            "incentive_description",
        ]  # fmt: skip
        help_texts = {"method": "The planner proposes one; you can override it here."}
        widgets = {**DATE_WIDGETS, "public_description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["research_questions"] = "\n".join(self.instance.research_questions)

    def clean_research_questions(self):
        return [line.strip() for line in self.cleaned_data["research_questions"].splitlines() if line.strip()]


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
        if not self.instance.pk:
            del self.fields["status"]  # a new round is planned; activity makes it live
        else:
            self.fields["status"].help_text = "Closing stops new interviews; a round goes live by itself."
        if self.instance.pk and not self.is_bound:
            self.initial["hidden_fields"] = ", ".join(self.instance.hidden_fields)

    def clean_hidden_fields(self):
        names = [name.strip() for name in self.cleaned_data["hidden_fields"].split(",") if name.strip()]
        bad = [name for name in names if not name.isidentifier()]
        if bad:
            raise forms.ValidationError(f"Use letters, digits and _ only: {', '.join(bad)}.")
        return names
