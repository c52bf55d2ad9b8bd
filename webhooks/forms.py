from django import forms

from webhooks.events import EVENTS, SUBSCRIBABLE_EVENTS


class EndpointForm(forms.Form):
    # A plain field: the service validates the address, so the page and the API give the same messages.
    url = forms.CharField(
        label="URL", max_length=2000, help_text="Where Parley POSTs events, e.g. https://example.com/parley/hooks."
    )
    description = forms.CharField(max_length=200, required=False, help_text="What receives them, for your team.")
    events = forms.MultipleChoiceField(
        choices=[(name, f"{name}: {EVENTS[name]}") for name in SUBSCRIBABLE_EVENTS],
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Tick none to receive every event, including ones added later.",
    )
    active = forms.BooleanField(required=False, initial=True, help_text="Turned off, it receives nothing.")
