"""The library section of a sync round's booking page: save its rules as a preset, or copy a preset into them."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from interviews.booking import presets
from studies.models import Round, RoundKind
from workspaces.access import WRITE_RESEARCH, require_role
from workspaces.library.selectors import can_publish, library_item
from workspaces.models import LibraryKind


def _round(round_id: int) -> Round:
    round_ = Round.objects.select_related("study").filter(pk=round_id).first()
    if round_ is None:
        raise Http404
    return round_


def _back(round_: Round) -> HttpResponse:
    """The booking page's library section, or the study page for an async round (it has no booking page)."""
    if round_.kind != RoundKind.SYNC:
        return redirect("studies:detail", round_.study_id)
    return redirect(reverse("booking:round", args=[round_.pk]) + "#library")


def _refusal(error: ValidationError) -> str:
    """The refusal with each field in the page's words ("Duration: Ensure this value is...")."""
    if not hasattr(error, "error_dict"):
        return " ".join(error.messages)
    named = {"round": "", "item": "", "__all__": "", "label": "Question when booking: ",
             "choices": "Choices of a question when booking: "}  # fmt: skip
    return " ".join(
        (f"{presets.SETTINGS[field][0]}: " if field in presets.SETTINGS else named.get(field, f"{field}: ")) + message
        for field, messages_ in error.message_dict.items()
        for message in messages_
    )


@require_POST
def preset_publish(request: HttpRequest, round_id: int) -> HttpResponse:
    """Save this round's booking rules to the library (owners and researchers whom staff allow to publish)."""
    require_role(request, WRITE_RESEARCH)
    round_ = _round(round_id)
    if not can_publish(request.user):
        raise PermissionDenied("Staff have not allowed you to publish to the library.")
    try:
        item = presets.booking_preset_publish(round=round_, title=request.POST.get("title", "").strip(),
                                              actor=request.user)  # fmt: skip
    except ValidationError as error:
        messages.error(request, _refusal(error))
    else:
        messages.success(request, f"Saved “{item.title}” to the library: every workspace's researchers can copy "
                                  "these rules. Hosts, location and the booking address stayed here.")  # fmt: skip
    return _back(round_)


@require_POST
def preset_copy(request: HttpRequest, round_id: int) -> HttpResponse:
    """Copy a library preset over this round's booking rules, and say what changed."""
    require_role(request, WRITE_RESEARCH)
    round_ = _round(round_id)
    item = library_item(request.POST.get("item", ""), kind=LibraryKind.BOOKING_PRESET)
    if item is None:
        messages.error(request, "Choose a booking rules preset from the library.")
        return _back(round_)
    try:
        changes = presets.booking_preset_copy(item=item, round=round_, actor=request.user)
    except ValidationError as error:
        messages.error(request, f"The preset “{item.title}” was not copied: {_refusal(error)}")
        return _back(round_)
    if changes:
        messages.success(request, f"Copied the preset “{item.title}”. Changed: {'; '.join(changes)}. Hosts, "
                                  "location and the booking address are as they were.")  # fmt: skip
    else:
        messages.success(request, f"This round already follows the preset “{item.title}”: nothing changed.")
    return _back(round_)
