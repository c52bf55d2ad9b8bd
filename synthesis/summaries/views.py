"""Starting a summary job from a page (owners and researchers): an interview, a round, or a study with its rounds
and interviews. The job's page shows its progress; the summaries appear on their pages when it is done."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from interviews.models import Transcript
from studies.models import Round, Study
from synthesis.summaries import services
from workspaces.access import WRITE_RESEARCH, require_role


def _pk(value) -> int | None:
    return int(value) if str(value or "").isdigit() else None


@require_POST
def summaries_start(request: HttpRequest) -> HttpResponse:
    require_role(request, WRITE_RESEARCH)
    transcript = round = study = None
    if pk := _pk(request.POST.get("transcript")):
        transcript = Transcript.objects.select_related("round__study").filter(pk=pk).first()
        study = transcript.round.study if transcript else None
    elif pk := _pk(request.POST.get("round")):
        round = Round.objects.select_related("study").filter(pk=pk).first()
        study = round.study if round else None
    elif pk := _pk(request.POST.get("study")):
        study = Study.objects.filter(pk=pk).first()
    if study is None:
        raise Http404("Nothing to summarise here.")
    try:
        job = services.summaries_start(study=study, round=round, transcript=transcript, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("studies:detail", study.pk)
    messages.success(request, f"Summarising in the background: job #{job.pk}.")
    return redirect("synthesis_jobs:detail", job.pk)
