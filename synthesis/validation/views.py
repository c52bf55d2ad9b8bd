"""The validation pages: "Validate at scale" (from ticked insights on the insight list, or a study's insights via
`?study=`), a researcher's review of a verdict, and classifying answers the broker never handed to a worker.
The result itself is a section of the insight page (`synthesis/validation/_insight.html`)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from studies.models import Study
from studies.pages import add_errors, or_404
from synthesis.insights.services import insight_get
from synthesis.validation import selectors, services
from synthesis.validation.forms import ReviewForm, ValidateForm
from workspaces.access import WRITE_RESEARCH, require_role


def _ids(values) -> list[int]:
    return [int(v) for v in values if isinstance(v, str) and v.isdigit()]


def validate_new(request: HttpRequest) -> HttpResponse:
    require_role(request, WRITE_RESEARCH)
    source = request.POST if request.method == "POST" else request.GET
    selected = _ids(source.getlist("insight"))
    study_id = _ids([request.GET.get("study", "")])
    study_id = study_id[0] if study_id else None
    offered = selectors.insights_to_validate(study_id=study_id, selected=selected)
    if request.method == "POST":
        form = ValidateForm(request.POST, insights=offered)
        if form.is_valid():
            data = form.cleaned_data
            try:
                result = services.validation_round_create(
                    insights=data["insight"], study=data["study"], filters=data["filters"], size=data["size"],
                    send_email=data["send_email"], actor=request.user,
                )  # fmt: skip
            except ValidationError as error:
                add_errors(form, error)
            else:
                return render(request, "synthesis/validation/created.html", {"result": result}, status=201)
    else:
        default = Study.objects.filter(pk=study_id).first() if study_id else services.default_study(selected)
        form = ValidateForm(insights=offered, initial={"insight": selected, "study": default, "size": 50,
                                                       "send_email": True})  # fmt: skip
    context = {"form": form, "offered": offered, "study_id": study_id}
    return render(request, "synthesis/validation/new.html", context, status=400 if form.errors else 200)


@require_POST
def answer_review(request: HttpRequest, pk: int, answer_id: int) -> HttpResponse:
    actor = require_role(request, WRITE_RESEARCH).user
    insight = or_404(insight_get(pk))
    answer = or_404(selectors.answer_get(insight=insight, pk=answer_id))
    form = ReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose confirms, contradicts or unclear.")
        return redirect(reverse("insights:detail", args=[pk]) + "#validation")
    services.validation_answer_review(answer=answer, verdict=form.cleaned_data["verdict"], actor=actor)
    messages.success(request, f"Verdict set to “{form.cleaned_data['verdict']}”: your review wins over the machine's.")
    return redirect(reverse("insights:detail", args=[pk]) + f"#answer-{answer.pk}")


@require_POST
def insight_classify(request: HttpRequest, pk: int) -> HttpResponse:
    actor = require_role(request, WRITE_RESEARCH).user
    insight = or_404(insight_get(pk))
    made = services.insight_answers_classify(insight=insight, actor=actor)
    messages.success(request, f"Classified {made} answer{'s' if made != 1 else ''} that had no verdict yet.")
    return redirect(reverse("insights:detail", args=[pk]) + "#validation")
