"""The library on the public host: what every workspace can copy from, for owners and researchers anywhere."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from workspaces.library.selectors import can_publish, can_read_library, library_items


@login_required
def library(request: HttpRequest) -> HttpResponse:
    if not can_read_library(request.user):
        raise Http404("No library for you here.")
    context = {"items": library_items(), "can_publish": can_publish(request.user)}
    return render(request, "workspaces/library.html", context)
