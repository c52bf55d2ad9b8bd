"""The planner on the study page: preview a recommendation as the inputs change, then apply it as rounds."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from studies.pages import or_404
from studies.planner.forms import planner_form
from studies.planner.services import study_apply_plan
from studies.programme.selectors import study_detail
from studies.programme.views import detail_context
from workspaces.access import WRITE_RESEARCH, require_role


def planner_preview(request: HttpRequest, study_id: int) -> HttpResponse:
    """The recommendation for the submitted inputs, saving nothing; htmx swaps it in as the inputs change."""
    study = or_404(study_detail(study_id))
    context = detail_context(request, study, planner_form(study, request.POST))
    template = "studies/programme/detail.html#recommendation" if request.htmx else "studies/programme/detail.html"
    return render(request, template, context, status=200 if context["recommendation"] else 400)


@require_POST
def planner_apply(request: HttpRequest, study_id: int) -> HttpResponse:
    require_role(request, WRITE_RESEARCH)
    study = or_404(study_detail(study_id))
    form = planner_form(study, request.POST)
    if not form.is_valid():
        return render(request, "studies/programme/detail.html", detail_context(request, study, form), status=400)
    try:
        rounds = study_apply_plan(study=study, data=form.planner_input(), actor=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, f"Plan applied: {len(rounds)} round{'s' if len(rounds) != 1 else ''} created.")
    return redirect("studies:detail", study.pk)
