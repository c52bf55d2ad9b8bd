from django import forms

from studies.models import Goal, Study
from studies.planner.rules import PlannerInput, Seniority, TimezoneSpread


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


def planner_form(study: Study, data=None) -> PlannerForm:
    """The planner's inputs: as submitted, else as last applied to this study, else from the study's goal."""
    if data is None:
        initial = PlannerForm(initial={"goal": study.goal, **study.plan.get("inputs", {})})
        data = {name: initial[name].value() for name in initial.fields}
    return PlannerForm(data)
