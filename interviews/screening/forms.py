"""The researcher's forms: a screener's settings, a question, a rule picked from lists, a quota cell, a review."""

from django import forms

from studies.models import (
    OPERATORS_FOR,
    Round,
    RuleOperator,
    Screener,
    ScreenerOutcome,
    ScreenerQuestion,
    ScreenerQuestionKind,
)


class ScreenerForm(forms.ModelForm):
    class Meta:
        model = Screener
        fields = ["intro", "screen_out_message", "default_outcome", "review_required"]
        widgets = {"intro": forms.Textarea(attrs={"rows": 2}), "screen_out_message": forms.Textarea(attrs={"rows": 3})}


class QuestionForm(forms.Form):
    text = forms.CharField(max_length=300, label="Question")
    kind = forms.ChoiceField(choices=ScreenerQuestionKind.choices)
    choices = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 3}), help_text="Choice questions: one choice a line."
    )
    attribute = forms.CharField(
        max_length=60, required=False, help_text="The participant attribute the answer fills, e.g. plan."
    )
    required = forms.BooleanField(required=False, initial=True)

    def clean_choices(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["choices"].splitlines() if line.strip()]


class RuleForm(forms.Form):
    """“When <question> <operator> <value>, <outcome> [to <round>]”: every part picked from a list but the value."""

    question = forms.ModelChoiceField(queryset=ScreenerQuestion.objects.none())
    operator = forms.ChoiceField(choices=RuleOperator.choices, label="Condition")
    value = forms.CharField(max_length=200, help_text="A choice of the question, a number, or words.")
    outcome = forms.ChoiceField(choices=ScreenerOutcome.choices, label="Then")
    route_to = forms.ModelChoiceField(queryset=Round.objects.none(), required=False, label="Round (routing only)")

    def __init__(self, *args, screener: Screener | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if screener is not None:
            self.fields["question"].queryset = screener.questions.all()
            self.fields["route_to"].queryset = Round.objects.filter(study=screener.round.study_id).exclude(
                pk=screener.round_id
            )
        self.operators_for = {kind: list(ops) for kind, ops in OPERATORS_FOR.items()}


class QuotaForm(forms.Form):
    attribute = forms.CharField(max_length=60, help_text="e.g. plan")
    value = forms.CharField(max_length=200, help_text="e.g. team")
    target = forms.IntegerField(min_value=0, max_value=100_000)


class RejectForm(forms.Form):
    note = forms.CharField(
        required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Optional: a kind note emailed to them. Empty: no email.",
    )  # fmt: skip
