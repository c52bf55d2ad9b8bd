"""The panel's actions that reach into interviews: invite a segment to a round, rate a call."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from interviews.models import Booking, BookingStatus
from interviews.panel.services import segment_invite
from studies.models import Round, Segment
from studies.participants.forms import RatingForm
from studies.participants.services import participant_rate
from workspaces.access import WRITE_RESEARCH, require_role


def _get(model, pk):
    found = model.objects.filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


@require_POST
def segment_invite_view(request: HttpRequest, segment_id: int) -> HttpResponse:
    """Invite the segment to the chosen round; the page lists who was invited and who the rules refused, and why."""
    require_role(request, WRITE_RESEARCH)
    segment = _get(Segment, segment_id)
    round_id = request.POST.get("round", "")
    round_ = Round.objects.select_related("study").filter(pk=int(round_id)).first() if round_id.isdigit() else None
    context = {"segment": segment, "round": round_}
    if round_ is None:
        context["error"] = "Pick a round to invite this segment to."
        return render(request, "interviews/panel/invited.html", context, status=400)
    try:
        context["result"] = segment_invite(segment=segment, round=round_, actor=request.user)
    except ValidationError as error:
        context["error"] = " ".join(error.messages)
        return render(request, "interviews/panel/invited.html", context, status=400)
    return render(request, "interviews/panel/invited.html", context)


@require_POST
def booking_rate(request: HttpRequest, booking_id: int) -> HttpResponse:
    """Rate a completed call (1-5 and a note for the team): it shows on the participant's page, never to them."""
    require_role(request, WRITE_RESEARCH)
    booking = Booking.objects.select_related("round", "participant").filter(pk=booking_id).first()
    if booking is None:
        raise Http404
    form = RatingForm(request.POST)
    if booking.status != BookingStatus.COMPLETED:
        messages.error(request, "Rate a call once it is marked completed.")
    elif not form.is_valid():
        messages.error(request, "Pick a rating from 1 to 5.")
    else:
        participant_rate(participant=booking.participant, round=booking.round, actor=request.user, **form.cleaned_data)
        messages.success(request, f"Rated {form.cleaned_data['rating']}/5.")
    return redirect("booking:detail", booking.pk)
