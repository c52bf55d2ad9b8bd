"""What the staff pages of every app share: a 404 for what the workspace does not hold, a service's errors put back
on the form, and the POSTs of a page's library forms (save this part to the library, copy one from it)."""

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect

from workspaces.access import WRITE_RESEARCH, require_role
from workspaces.library.forms import LibraryCopyForm, LibraryPublishForm
from workspaces.library.selectors import can_publish
from workspaces.models import LibraryItem


def add_errors(form, error: ValidationError) -> None:
    """Put a service's ValidationError on the form: on the field it names, or at the top."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def or_404(obj):
    if obj is None:
        raise Http404
    return obj


def library_publish(request: HttpRequest, *, publish: Callable[[str], LibraryItem], done: str,
                    failed: Callable[[LibraryPublishForm], HttpResponse]) -> HttpResponse:  # fmt: skip
    """A page's "Save to library" POST: owners and researchers here whom staff allow to publish; `publish(title)`
    saves the part, then back to `done`; a refusal shows the page again (`failed`) with the form's errors."""
    require_role(request, WRITE_RESEARCH)
    if not can_publish(request.user):
        raise PermissionDenied("Staff have not allowed you to publish to the library.")
    form = LibraryPublishForm(request.POST)
    if form.is_valid():
        try:
            item = publish(form.cleaned_data["title"])
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"Saved “{item.title}” to the library: every workspace can copy it.")
            return redirect(done)
    return failed(form)


def library_copy(request: HttpRequest, *, kind: str, label: str, copy: Callable[[LibraryItem], str], done: str,
                 failed: Callable[[LibraryCopyForm], HttpResponse]) -> HttpResponse:  # fmt: skip
    """A page's "Copy from the library" POST (owners and researchers): `copy(item)` copies the chosen item of `kind`
    and says what it did, then back to `done`; an unknown item or a refusal shows the page again (`failed`)."""
    require_role(request, WRITE_RESEARCH)
    form = LibraryCopyForm(request.POST, kind=kind, label=label)
    if form.is_valid():
        try:
            note = copy(form.cleaned_data["item"])
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, note)
            return redirect(done)
    return failed(form)
