"""A participant's privacy requests on the staff pages: erasure (after a confirmation naming what goes) and the
download of everything held about them."""

import json

from django.contrib import messages
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header

from studies.models import Participant
from studies.pages import or_404
from studies.privacy.selectors import participant_export
from studies.privacy.services import participant_erase, participant_erasure_counts
from workspaces.access import WRITE_RESEARCH, require_role


def _participant(request: HttpRequest, participant_id: int) -> Participant:
    require_role(request, WRITE_RESEARCH)
    return or_404(Participant.objects.filter(pk=participant_id).first())


def participant_erase_page(request: HttpRequest, participant_id: int) -> HttpResponse:
    participant = _participant(request, participant_id)
    if request.method == "POST":
        if request.POST.get("confirm") == "erase":
            erasure = participant_erase(participant=participant, actor=request.user, via="page")
            messages.success(request, f"The participant and everything about them are erased (record {erasure.id}).")
            return redirect("studies:participants")
        error = "Tick the box to confirm: erasure cannot be undone."
    else:
        error = ""
    counts = [(kind.replace("_", " "), n) for kind, n in participant_erasure_counts(participant).items()]
    context = {"participant": participant, "counts": counts, "error": error}
    return render(request, "studies/privacy/erase.html", context, status=400 if error else 200)


def participant_export_download(request: HttpRequest, participant_id: int) -> HttpResponse:
    participant = _participant(request, participant_id)
    document = json.dumps(
        participant_export(participant, actor=request.user), cls=DjangoJSONEncoder, indent=2, ensure_ascii=False
    )
    return HttpResponse(
        document,
        content_type="application/json; charset=utf-8",
        headers={"Content-Disposition": content_disposition_header(True, f"participant-{participant.pk}.json")},
    )
