"""The interviewer settings form: which backend, where, which model, and the key (never shown back)."""

from django import forms

from interviews.models import LLMBackend


class InterviewerSettingsForm(forms.Form):
    backend = forms.ChoiceField(choices=LLMBackend.choices)
    base_url = forms.URLField(required=False, label="Base URL", help_text="Empty for OpenAI; any compatible server.")
    model = forms.CharField(max_length=100, required=False, help_text="e.g. gpt-4o-mini")
    api_key = forms.CharField(
        required=False, widget=forms.PasswordInput(render_value=False), label="API key",
        help_text="Stored encrypted. Leave empty to keep the current key.",
    )  # fmt: skip
    remove_key = forms.BooleanField(required=False, label="Remove the stored key")
