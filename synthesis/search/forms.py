"""The search box and its filters, read the same way by the page and the API: a bad value is a field error."""

from django import forms
from django.db import connection

from studies.models import Round, RoundKind, Study
from synthesis.coding.services import tag_paths
from synthesis.models import PAIN_RUBRIC, Tag
from synthesis.search.kinds import kinds
from synthesis.search.selectors import PEOPLE_ROLES, Filters

QUERY_MAX_LENGTH = 200
ATTRIBUTE_CHOICES_MAX = 200


def attribute_choices() -> list[tuple[str, str]]:
    """The segment attributes interviewed participants have, as "key:value" choices (one query)."""
    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT DISTINCT a.key, a.value FROM studies_participant p, jsonb_each_text(p.attributes) a
               WHERE EXISTS (SELECT 1 FROM interviews_transcript t WHERE t.participant_id = p.id)
               ORDER BY 1, 2 LIMIT %s""",
            [ATTRIBUTE_CHOICES_MAX],
        )
        return [(f"{key}:{value}", f"{key}: {value}") for key, value in cursor.fetchall()]


class SearchForm(forms.Form):
    q = forms.CharField(
        label="Search",
        max_length=QUERY_MAX_LENGTH,
        required=False,
        strip=True,
        help_text='Words find their other forms (calendar, calendars); "quote a phrase"; -word leaves it out.',
    )
    kind = forms.ChoiceField(label="Only", required=False)
    study = forms.TypedChoiceField(label="Study", required=False, coerce=int, empty_value=None)
    round = forms.TypedChoiceField(label="Round", required=False, coerce=int, empty_value=None)
    method = forms.ChoiceField(label="Interviews", required=False, choices=[("", "Sync and async"), *RoundKind.choices])
    tag = forms.TypedChoiceField(label="Tag", required=False, coerce=int, empty_value=None)
    attribute = forms.CharField(label="Segment", required=False, max_length=200, help_text="An attribute: segment:smb")
    pain = forms.TypedChoiceField(
        label="Pain at least",
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", "Any"), *((str(n), f"{n} · {text}") for n, text in PAIN_RUBRIC.items())],
    )
    since = forms.DateField(label="From", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(label="To", required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, data=None, *, role: str = "", with_choices: bool = True):
        super().__init__(data)
        self.fields["kind"].choices = [("", "Everything")] + [
            (k.name, k.label) for k in kinds() if role in PEOPLE_ROLES or not k.people_only
        ]
        self.attribute_options = attribute_choices() if with_choices else []
        if with_choices:  # the page's lists; the API takes ids and checks them against the same tables
            self.fields["study"].choices = [("", "Any"), *Study.objects.values_list("pk", "title")]
            rounds = Round.objects.select_related("study").order_by("study__title", "order")
            self.fields["round"].choices = [
                ("", "Any"),
                *((r.pk, f"{r.study.title} · {r.order}: {r.purpose}") for r in rounds),
            ]
            paths = tag_paths()
            self.fields["tag"].choices = [("", "Any"), *sorted(paths.items(), key=lambda item: item[1].lower())]
        else:
            for name in ("study", "round", "tag"):
                self.fields[name] = forms.IntegerField(label=self.fields[name].label, required=False, min_value=1)

    def clean_study(self):
        return self._existing(Study, "study", "No such study in this workspace.")

    def clean_round(self):
        return self._existing(Round, "round", "No such round in this workspace.")

    def clean_tag(self):
        return self._existing(Tag, "tag", "No such tag in this workspace.")

    def _existing(self, model, name: str, message: str):
        value = self.cleaned_data.get(name)
        if value is not None and not model.objects.filter(pk=value).exists():
            raise forms.ValidationError(message)
        return value

    def clean_attribute(self):
        value = self.cleaned_data["attribute"].strip()
        if not value:
            return None
        key, sep, wanted = value.partition(":")
        if not sep or not key.strip() or not wanted.strip():
            raise forms.ValidationError("Give an attribute and its value, like segment:enterprise.")
        return key.strip(), wanted.strip()

    def clean(self):
        data = super().clean()
        if data.get("since") and data.get("until") and data["until"] < data["since"]:
            self.add_error("until", "The end date is before the start date.")
        return data

    def filters(self) -> Filters:
        data = self.cleaned_data
        names = ("study", "round", "method", "tag", "attribute", "pain", "since", "until")
        return Filters(**{name: data.get(name) or (None if name != "method" else "") for name in names})
