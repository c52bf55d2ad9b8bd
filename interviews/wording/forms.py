"""The email wording form: for each kind a subject (the built-in one shown as its placeholder) and an opening
paragraph. Placeholders and lengths are checked by the service, which names the field."""

from django import forms

from interviews.models.wording import OPENING_MAX_LENGTH, SUBJECT_MAX_LENGTH
from interviews.wording.selectors import WordingRow
from interviews.wording.services import field_name

OPENING_PLACEHOLDER = "Empty: the built-in paragraph (see the preview)"


class EmailWordingForm(forms.Form):
    def __init__(self, *args, rows: list[WordingRow], **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = rows
        for row in rows:
            self.fields[field_name(row.kind, "subject")] = forms.CharField(
                required=False, max_length=SUBJECT_MAX_LENGTH, initial=row.subject, label="Subject",
                widget=forms.TextInput(attrs={"placeholder": row.builtin_subject}),
            )  # fmt: skip
            self.fields[field_name(row.kind, "opening")] = forms.CharField(
                required=False, max_length=OPENING_MAX_LENGTH, initial=row.opening, label="Opening paragraph",
                strip=False, widget=forms.Textarea(attrs={"rows": 3, "placeholder": OPENING_PLACEHOLDER}),
            )  # fmt: skip

    def wordings(self) -> dict[str, dict]:
        """The cleaned values as the service takes them: {kind: {"subject", "opening"}}."""
        return {
            row.kind: {part: self.cleaned_data.get(field_name(row.kind, part), "") for part in ("subject", "opening")}
            for row in self.rows
        }

    def sections(self):
        """Per kind: its row and its two bound fields, for the template."""
        return [
            (row, self[field_name(row.kind, "subject")], self[field_name(row.kind, "opening")]) for row in self.rows
        ]
