"""The email wording page (settings): every member reads each email's wording and preview; owners and researchers
write it, preview a draft, and save it to or copy it from the library. Plain POST forms, no JavaScript needed."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from interviews.wording import services
from interviews.wording.forms import EmailWordingForm
from interviews.wording.selectors import email_wording_rows
from interviews.wording.text import PLACEHOLDERS
from studies.pages import add_errors, library_copy, library_publish
from workspaces.access import WRITE_RESEARCH, require_role
from workspaces.library.forms import LibraryCopyForm, LibraryPublishForm
from workspaces.library.selectors import can_publish
from workspaces.models import LibraryKind

COPY_LABEL = "Library wording"


def _page(request, *, form=None, drafts=None, publish_form=None, copy_form=None, status=200) -> HttpResponse:
    rows = email_wording_rows(workspace_name=request.tenant.name, drafts=drafts)
    can_write = request.membership.role in WRITE_RESEARCH
    if can_write and form is None:
        form = EmailWordingForm(rows=rows)
    elif form is not None:
        form.rows = rows  # the previews of the draft, the fields as posted
    context = {
        "rows": rows,
        "form": form,
        "can_write": can_write,
        "placeholders": PLACEHOLDERS,
        "can_publish": can_write and can_publish(request.user),
        "publish_form": publish_form or LibraryPublishForm(),
        "copy_form": copy_form or LibraryCopyForm(kind=LibraryKind.EMAIL, label=COPY_LABEL),
        "customised": sum(1 for row in rows if row.subject or row.opening),
    }
    return render(request, "interviews/wording/settings.html", context, status=status)


def email_wording(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return _page(request)
    require_role(request, WRITE_RESEARCH)
    form = EmailWordingForm(request.POST, rows=email_wording_rows(workspace_name=request.tenant.name))
    if form.is_valid():
        try:
            if request.POST.get("action") == "preview":
                drafts = services.email_wording_check(wordings=form.wordings())
                return _page(request, form=form, drafts=drafts)
            changed = services.email_wording_save(wordings=form.wordings(), actor=request.user)
        except ValidationError as error:
            add_errors(form, error)
        else:
            emails = f"{changed} email{'s' if changed != 1 else ''}"
            messages.success(request, f"Saved the email wording ({emails} changed). Emails sent from now on use it.")
            return redirect("interviews:emails")
    return _page(request, form=form, status=400)


@require_POST
def email_wording_publish(request: HttpRequest) -> HttpResponse:
    """Save this workspace's wording to the library (owners and researchers whom staff allow to publish)."""
    return library_publish(
        request, publish=lambda title: services.email_wording_publish(title=title, actor=request.user),
        done="interviews:emails", failed=lambda form: _page(request, publish_form=form, status=400),
    )  # fmt: skip


@require_POST
def email_wording_from_library(request: HttpRequest) -> HttpResponse:
    """Copy a library set of wording: the emails it words take its wording, the others keep theirs."""

    def copy(item) -> str:
        kinds = services.email_wording_copy_from_library(item=item, actor=request.user)
        emails = f"{len(kinds)} email{'s' if len(kinds) != 1 else ''}"
        return f"Copied “{item.title}”: it words {emails} now; the others are unchanged."

    return library_copy(
        request,
        kind=LibraryKind.EMAIL,
        label=COPY_LABEL,
        copy=copy,
        done="interviews:emails",
        failed=lambda form: _page(request, copy_form=form, status=400),
    )
