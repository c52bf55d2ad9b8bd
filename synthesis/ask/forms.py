from django import forms

from studies.models import Study
from synthesis.ask.services import QUESTION_MAX_LENGTH


class AskForm(forms.Form):
    question = forms.CharField(
        label="Your question",
        max_length=QUESTION_MAX_LENGTH,
        widget=forms.TextInput(
            attrs={"placeholder": "What do enterprise customers say about calendar sync?", "autocomplete": "off"}
        ),
    )
    scope = forms.ChoiceField(label="Across", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        studies = [(str(pk), title) for pk, title in Study.objects.values_list("pk", "title")]
        self.fields["scope"].choices = [("workspace", "The whole workspace"), *studies]

    def clean_scope(self):
        return scope_study(self.cleaned_data.get("scope") or "workspace")


def scope_study(scope) -> Study | None:
    """ "workspace" (or nothing) is the whole workspace; a study id is that study; anything else is a field error."""
    if scope in (None, "", "workspace"):
        return None
    study = Study.objects.filter(pk=scope).first() if str(scope).isdigit() else None
    if study is None:
        raise forms.ValidationError('Give "workspace" or the id of a study of this workspace.')
    return study
