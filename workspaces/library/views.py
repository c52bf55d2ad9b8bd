"""The library on the public host: what every workspace can copy from, for owners and researchers anywhere."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from workspaces.library.selectors import can_publish, can_read_library, library_items, workspaces_to_copy_into
from workspaces.models import LibraryKind


@login_required
def library(request: HttpRequest) -> HttpResponse:
    if not can_read_library(request.user):
        raise Http404("No library for you here.")
    kind = request.GET.get("kind", "") if request.GET.get("kind") in LibraryKind.values else ""
    context = {
        "items": library_items(kind=kind or None),
        "kind": kind,
        "kinds": LibraryKind.choices,
        "can_publish": can_publish(request.user),
        "workspaces": list(workspaces_to_copy_into(request.user)),
    }
    return render(request, "workspaces/library.html", context)
