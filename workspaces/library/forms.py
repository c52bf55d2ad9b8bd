"""The two library forms every kind's page carries: save this workspace's part under a title, and choose an item of
one kind to copy."""

from django import forms

from workspaces.library.selectors import library_choices
from workspaces.models import LibraryItem


class LibraryPublishForm(forms.Form):
    title = forms.CharField(max_length=200, label="Save to the library as")


class LibraryItemChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: LibraryItem) -> str:
        return f"{obj.title} ({obj.description})" if obj.description else obj.title


class LibraryCopyForm(forms.Form):
    """A select of the library's items of `kind`; an unknown id or an item of another kind is a form error."""

    def __init__(self, *args, kind: str, label: str, **kwargs):
        super().__init__(*args, **kwargs)
        message = f"Choose a {label.lower()} from the library."
        self.fields["item"] = LibraryItemChoice(
            queryset=library_choices(kind=kind), label=label, empty_label=None,
            error_messages={"required": message, "invalid_choice": message},
        )  # fmt: skip
