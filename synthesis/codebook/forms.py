"""The codebook pages' forms. Tags are chosen from selects labelled by their paths, rendered in Python because a
codebook can hold thousands of tags."""

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from synthesis.codebook.refiqda import MAX_BYTES
from synthesis.codebook.services import DEFAULT_COLOUR, NAME_MAX_LENGTH, Codebook, TagNode


class TagSelect(forms.Select):
    """A <select> whose options are rendered in Python: through the option template, the three selects of a tag's
    page took seconds for a codebook of a few thousand tags."""

    def render(self, name, value, attrs=None, renderer=None):
        selected = set(self.format_value(value))
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            ((key, mark_safe(" selected") if str(key) in selected else "", label) for key, label in self.choices),
        )
        return format_html(
            "<select{}>{}</select>", flatatt({**self.build_attrs(self.attrs, attrs), "name": name}), options
        )


class TagChoiceField(forms.TypedChoiceField):
    """A select of tags labelled by their paths; cleans to the Tag, or to None for the empty choice."""

    widget = TagSelect

    def __init__(self, *, nodes: list[TagNode], empty_label: str = "Choose a tag…", **kwargs):
        self.by_id = {node.tag.pk: node.tag for node in nodes}
        choices = [("", empty_label), *((str(node.tag.pk), node.path) for node in nodes)]
        super().__init__(choices=choices, coerce=lambda pk: self.by_id[int(pk)], **kwargs)


class ColourInput(forms.TextInput):
    input_type = "color"


class TagForm(forms.Form):
    name = forms.CharField(max_length=NAME_MAX_LENGTH)
    description = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))
    colour = forms.CharField(max_length=7, initial=DEFAULT_COLOUR, widget=ColourInput)


class TagCreateForm(TagForm):
    field_order = ["name", "parent", "description", "colour"]

    def __init__(self, *args, codebook: Codebook, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"] = TagChoiceField(
            nodes=codebook.nodes, empty_label="(top level)", required=False, empty_value=None, label="Inside"
        )
        self.order_fields(self.field_order)


class MoveForm(forms.Form):
    def __init__(self, *args, targets: list[TagNode], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"] = TagChoiceField(
            nodes=targets, empty_label="(top level)", required=False, empty_value=None, label="Move inside"
        )


class MergeForm(forms.Form):
    def __init__(self, *args, targets: list[TagNode], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"] = TagChoiceField(nodes=targets, label="Merge into")


class DeleteForm(forms.Form):
    def __init__(self, *args, targets: list[TagNode], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reassign_to"] = TagChoiceField(
            nodes=targets, required=False, empty_value=None, label="Move its highlights and sub-tags to"
        )


class ImportForm(forms.Form):
    file = forms.FileField(help_text="A REFI-QDA codebook (.qdc) or a CSV with path, description, colour columns.")

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(f"The file is larger than {MAX_BYTES // 2**20} MB: that is not a codebook.")
        return upload
