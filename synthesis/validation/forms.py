from django import forms
from django.core.exceptions import ValidationError

from studies.models import Study
from synthesis.models import Verdict
from synthesis.validation.services import MAX_SIZE, clean_filters


def parse_filters(text: str) -> dict[str, str]:
    """`segment=smb` per line (or separated by commas) -> {"segment": "smb"}."""
    filters = {}
    for part in text.replace(",", "\n").splitlines():
        if not part.strip():
            continue
        name, sep, value = part.partition("=")
        if not sep:
            raise ValidationError(f"Write each filter as attribute=value, e.g. segment=smb (not “{part.strip()}”).")
        filters[name.strip()] = value.strip()
    try:
        return clean_filters(filters)
    except ValidationError as error:
        raise ValidationError(error.message_dict["filters"]) from None


class ValidateForm(forms.Form):
    insight = forms.TypedMultipleChoiceField(
        coerce=int, label="Insights to validate", widget=forms.CheckboxSelectMultiple
    )
    study = forms.ModelChoiceField(
        queryset=Study.objects.order_by("title"),
        empty_label="Pick a study",
        help_text="The new async round is added to this study (by default the one most of the quotes come from).",
    )
    filters = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Who to invite: one attribute=value per line, e.g. segment=smb. Empty: anyone.",
    )
    size = forms.IntegerField(min_value=1, max_value=MAX_SIZE, initial=50, help_text="How many people to invite.")
    send_email = forms.BooleanField(
        required=False, initial=True, label="Email the invitations now",
        help_text="Untick to create the personal links only and send them after editing the guide.",
    )  # fmt: skip

    def __init__(self, *args, insights=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["insight"].choices = [(i.pk, i.statement) for i in insights]

    def clean_filters(self):
        return parse_filters(self.cleaned_data.get("filters", ""))


class ReviewForm(forms.Form):
    verdict = forms.ChoiceField(choices=Verdict.choices)
