"""Forms of the roadmap pages: they parse and check input; the services in roadmap.services do the writing."""

from decimal import Decimal

from django import forms

from roadmap.models import Horizon, Importance, ItemStatus, RoadmapItem, SegmentWeight
from workspaces.models import User

GROUPS = {"status": "Status", "horizon": "Horizon"}
SORTS = {"priority": "Priority", "position": "Board order"}
IMPORTANCE_CHOICES = [(value, f"{value} · {label}") for value, label in Importance.choices]


def member_choices(workspace) -> list[tuple[str, str]]:
    """The workspace's members as (id, name) pairs, for owner selects."""
    users = User.objects.filter(memberships__workspace=workspace).order_by("first_name", "last_name", "email")
    return [(str(user.pk), user.display_name) for user in users]


class ItemForm(forms.ModelForm):
    """Create or edit an item; the owner is one of this workspace's members."""

    owner = forms.TypedChoiceField(required=False, coerce=int, empty_value=None, label="Owner")

    class Meta:
        model = RoadmapItem
        fields = ["title", "description", "status", "horizon", "owner", "external_url", "effort"]
        labels = {"external_url": "External link", "effort": "Effort (person-weeks)"}
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, workspace, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].choices = [("", "Nobody yet"), *member_choices(workspace)]
        if self.instance.pk and not self.is_bound:
            self.initial["owner"] = self.instance.owner_id or ""

    def _post_clean(self):
        # The service validates and saves the item; the form only parses the fields.
        pass

    def item_fields(self) -> dict:
        data = dict(self.cleaned_data)
        owner_id = data.pop("owner")
        data["owner"] = User.objects.get(pk=owner_id) if owner_id else None
        return data


class ItemEditForm(ItemForm):
    """The item page's edit form: status and horizon move with the page's own move form (which htmx keeps current)."""

    class Meta(ItemForm.Meta):
        fields = ["title", "description", "owner", "external_url", "effort"]


class MoveForm(forms.Form):
    """A card's move: a new status and/or horizon, or one step up or down its column."""

    status = forms.ChoiceField(choices=ItemStatus.choices, required=False)
    horizon = forms.ChoiceField(choices=Horizon.choices, required=False)
    direction = forms.ChoiceField(choices=[("up", "Up"), ("down", "Down")], required=False)

    def clean(self):
        data = super().clean()
        if not self.errors and not (data.get("status") or data.get("horizon") or data.get("direction")):
            raise forms.ValidationError("Choose a status, a horizon or a direction to move the item.")
        return data


class BoardFilterForm(forms.Form):
    """The board's view: grouping, filters and sort; an unknown value falls back to the default."""

    group = forms.ChoiceField(choices=list(GROUPS.items()), required=False, label="Columns by")
    segment = forms.ChoiceField(required=False, label="Segment")
    study = forms.TypedChoiceField(required=False, coerce=int, empty_value=None, label="Study")
    owner = forms.TypedChoiceField(required=False, coerce=int, empty_value=None, label="Owner")
    sort = forms.ChoiceField(choices=list(SORTS.items()), required=False, label="Sort by")

    def __init__(self, data, *, segments, studies, owners):
        super().__init__(data, label_suffix="")
        self.fields["segment"].choices = [("", "Any segment"), *((s, s) for s in segments)]
        self.fields["study"].choices = [("", "Any study"), *((str(s.pk), s.title) for s in studies)]
        self.fields["owner"].choices = [("", "Anyone"), *owners]

    def view(self) -> dict:
        """The cleaned choices, dropping any that did not validate (a stale bookmark still shows a board)."""
        self.is_valid()
        data = {name: self.cleaned_data.get(name) for name in self.fields if name not in self.errors}
        return {
            "group_by": data.get("group") or "status",
            "segment": data.get("segment") or None,
            "study": data.get("study"),
            "owner": data.get("owner"),
            "sort": data.get("sort") or "priority",
        }


class EvidenceSearchForm(forms.Form):
    kind = forms.ChoiceField(choices=[("insight", "Insights"), ("highlight", "Highlights")], required=False)
    q = forms.CharField(required=False, max_length=200, label="Search evidence")

    def query(self) -> tuple[str, str]:
        self.is_valid()
        return self.cleaned_data.get("kind") or "insight", (self.cleaned_data.get("q") or "").strip()


class EvidenceLinkForm(forms.Form):
    """Link the picked insight or highlight (`target` is "insight-12" or "highlight-34")."""

    target = forms.RegexField(
        regex=r"^(insight|highlight)-[0-9]{1,12}$",
        error_messages={"required": "Pick an insight or a highlight to link.", "invalid": "Pick from the list."},
    )
    importance = forms.TypedChoiceField(choices=IMPORTANCE_CHOICES, coerce=int, initial=Importance.MEDIUM)
    note = forms.CharField(required=False, max_length=2000, widget=forms.TextInput)

    def target_ref(self) -> tuple[str, int]:
        kind, pk = self.cleaned_data["target"].split("-")
        return kind, int(pk)


class InsightLinkForm(forms.Form):
    """From an insight's page: the item it supports, with importance and note."""

    item = forms.TypedChoiceField(coerce=int, label="Roadmap item")
    importance = forms.TypedChoiceField(choices=IMPORTANCE_CHOICES, coerce=int, initial=Importance.MEDIUM)
    note = forms.CharField(required=False, max_length=2000, widget=forms.TextInput)

    def __init__(self, *args, items, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].choices = [("", "Choose an item…"), *((str(item.pk), item.title) for item in items)]


class EvidenceUpdateForm(forms.Form):
    importance = forms.TypedChoiceField(choices=IMPORTANCE_CHOICES, coerce=int)
    note = forms.CharField(required=False, max_length=2000, widget=forms.TextInput)


class ValidationInviteForm(forms.Form):
    round = forms.TypedChoiceField(coerce=int, label="Async round")

    def __init__(self, *args, rounds, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(str(r.pk), f"{r.study.title} · round {r.order}: {r.purpose}") for r in rounds]
        self.fields["round"].choices = [("", "Choose an async round…"), *choices]


class SegmentWeightForm(forms.Form):
    attribute = forms.CharField(max_length=100, required=False)
    value = forms.CharField(max_length=200, required=False)
    weight = forms.DecimalField(
        min_value=Decimal("0.01"), max_digits=5, decimal_places=2, required=False,
        widget=forms.NumberInput(attrs={"placeholder": "1", "step": "0.01"}),
    )  # fmt: skip

    def clean(self):
        data = super().clean()
        if bool(data.get("attribute")) != bool(data.get("value")) or (
            data.get("weight") is not None and not data.get("attribute")
        ):
            raise forms.ValidationError(
                "Give an attribute and a value (and a weight, 1 if empty), or leave the row empty."
            )
        if data.get("attribute") and data.get("weight") is None:
            data["weight"] = Decimal(1)
        return data


class BaseSegmentWeightFormSet(forms.BaseFormSet):
    def clean(self):
        if any(self.errors):
            return
        seen = set()
        for form in self.forms:
            key = (form.cleaned_data.get("attribute"), form.cleaned_data.get("value"))
            if key[0] and key in seen:
                raise forms.ValidationError(f"{key[0]}={key[1]} appears twice: keep one weight per segment.")
            seen.add(key)

    def weights(self) -> list[dict]:
        return [
            {
                "attribute": f.cleaned_data["attribute"],
                "value": f.cleaned_data["value"],
                "weight": f.cleaned_data["weight"],
            }
            for f in self.forms
            if f.cleaned_data.get("attribute")
        ]


SegmentWeightFormSet = forms.formset_factory(SegmentWeightForm, formset=BaseSegmentWeightFormSet, extra=3, max_num=100)


def weights_formset(data=None) -> BaseSegmentWeightFormSet:
    initial = [{"attribute": w.attribute, "value": w.value, "weight": w.weight} for w in SegmentWeight.objects.all()]
    return SegmentWeightFormSet(data, initial=initial, prefix="weights")
