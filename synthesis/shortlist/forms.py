"""The shortlist's quota form: one attribute a line, "segment: smb 4, mid-market 4, enterprise 4"."""

import re

from django import forms

LINE_RE = re.compile(r"^\s*([A-Za-z_][\w-]*)\s*:\s*(.+)$")
ITEM_RE = re.compile(r"^(.+?)\s+(\d{1,4})$")
MAX_LINES = 10


def quotas_text(quotas: dict) -> str:
    lines = [f"{name}: " + ", ".join(f"{value} {n}" for value, n in values.items()) for name, values in quotas.items()]
    return "\n".join(lines)


class QuotaForm(forms.Form):
    quotas = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 3}), label="Quotas",
        help_text="One attribute a line, e.g. “segment: smb 4, mid-market 4, enterprise 4”. Empty for none.",
    )  # fmt: skip

    def clean_quotas(self) -> dict:
        quotas: dict[str, dict[str, int]] = {}
        lines = [line for line in self.cleaned_data["quotas"].splitlines() if line.strip()]
        if len(lines) > MAX_LINES:
            raise forms.ValidationError(f"Use at most {MAX_LINES} attributes.")
        for line in lines:
            match = LINE_RE.match(line)
            if not match:
                raise forms.ValidationError(f"“{line.strip()}”: write the attribute, a colon, then values and counts.")
            name, items = match.groups()
            values = quotas.setdefault(name, {})
            for item in filter(None, (part.strip() for part in items.split(","))):
                found = ITEM_RE.match(item)
                if not found:
                    raise forms.ValidationError(f"“{item}”: write a value then how many, e.g. “smb 4”.")
                values[found.group(1).strip()] = int(found.group(2))
        return quotas


class InviteForm(forms.Form):
    sessions = forms.TypedMultipleChoiceField(coerce=int, error_messages={
        "required": "Tick at least one person to invite.",
        "invalid_choice": "Someone you ticked is no longer on the shortlist: reload the page.",
    })  # fmt: skip

    def __init__(self, *args, choices: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sessions"].choices = [(pk, pk) for pk in choices]
