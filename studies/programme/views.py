"""Studies and their programme of rounds (the study page also shows the planner, studies.planner)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from studies.models import STUDY_TRANSITIONS, Goal, Round, RoundStatus, StudyStatus
from studies.pages import add_errors, or_404
from studies.planner.forms import PlannerForm, planner_form
from studies.planner.rules import recommend
from studies.programme import selectors, services
from studies.programme.forms import RoundForm, StudyForm
from studies.programme.funnel import shortlist_round_ids
from studies.programme.pipeline import study_progress
from workspaces.access import WRITE_RESEARCH, require_role
from workspaces.library.selectors import can_publish, library_choices
from workspaces.models import LibraryKind


def study_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "") if request.GET.get("status") in StudyStatus.values else ""
    goal = request.GET.get("goal", "") if request.GET.get("goal") in Goal.values else ""
    context = {
        "studies": selectors.studies_list(status=status, goal=goal),
        "status": status,
        "goal": goal,
        "statuses": StudyStatus.choices,
        "goals": Goal.choices,
        "can_write": request.membership.role in WRITE_RESEARCH,
    }
    template = "studies/programme/list.html#results" if request.htmx else "studies/programme/list.html"
    return render(request, template, context)


def study_new(request: HttpRequest) -> HttpResponse:
    require_role(request, WRITE_RESEARCH)
    form = StudyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            study = services.study_create(title=data.pop("title"), goal=data.pop("goal"), actor=request.user, **data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "Study created. Plan its programme below.")
            return redirect("studies:detail", study.pk)
    context = {"form": form, "library_templates": library_choices(kind=LibraryKind.STUDY_TEMPLATE)}
    return render(request, "studies/programme/form.html", context, status=400 if form.errors else 200)


def detail_context(request, study, planner: PlannerForm) -> dict:
    """The study page's context; the planner's views render the same page."""
    return {
        **_programme(study),
        "planner": planner,
        "recommendation": recommend(planner.planner_input()) if planner.is_valid() else None,
        "transitions": sorted(STUDY_TRANSITIONS[study.status]),
        "can_write": request.membership.role in WRITE_RESEARCH,
        "can_publish": can_publish(request.user),
    }


def _programme(study) -> dict:
    rounds = list(study.rounds.all())
    return {
        "study": study,
        "rounds": rounds,
        "progress": study_progress(study, rounds),
        "shortlist_rounds": shortlist_round_ids(rounds),
    }


def study_detail(request: HttpRequest, study_id: int) -> HttpResponse:
    study = or_404(selectors.study_detail(study_id))
    return render(request, "studies/programme/detail.html", detail_context(request, study, planner_form(study)))


def study_edit(request: HttpRequest, study_id: int) -> HttpResponse:
    require_role(request, WRITE_RESEARCH)
    study = or_404(selectors.study_detail(study_id))
    form = StudyForm(request.POST or None, instance=study)
    if request.method == "POST" and form.is_valid():
        try:
            services.study_update(study=study, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            return redirect("studies:detail", study.pk)
    return render(
        request, "studies/programme/form.html", {"form": form, "study": study}, status=400 if form.errors else 200
    )


@require_POST
def study_status(request: HttpRequest, study_id: int) -> HttpResponse:
    require_role(request, WRITE_RESEARCH)
    study = or_404(selectors.study_detail(study_id))
    try:
        study = services.study_transition(study=study, status=request.POST.get("status", ""), actor=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, f"The study is now {study.get_status_display().lower()}.")
    return redirect("studies:detail", study.pk)


def _round_or_404(round_id) -> Round:
    return or_404(Round.objects.select_related("study").filter(pk=round_id).first())


def round_new(request: HttpRequest, study_id: int) -> HttpResponse:
    require_role(request, WRITE_RESEARCH)
    study = or_404(selectors.study_detail(study_id))
    form = RoundForm(request.POST or None, initial={"incentive_currency": study.incentive_currency})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            services.round_add(
                study=study, kind=data.pop("kind"), purpose=data.pop("purpose"),
                target_participants=data.pop("target_participants"), actor=request.user, **data,
            )  # fmt: skip
        except ValidationError as error:
            add_errors(form, error)
        else:
            return redirect("studies:detail", study.pk)
    context = {"form": form, "study": study}
    return render(request, "studies/programme/round_form.html", context, status=400 if form.errors else 200)


def round_edit(request: HttpRequest, round_id: int) -> HttpResponse:
    require_role(request, WRITE_RESEARCH)
    round_ = _round_or_404(round_id)
    form = RoundForm(request.POST or None, instance=round_)
    if request.method == "POST" and form.is_valid():
        try:
            services.round_update(round=round_, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            return redirect("studies:detail", round_.study_id)
    context = {"form": form, "study": round_.study, "round": round_}
    return render(request, "studies/programme/round_form.html", context, status=400 if form.errors else 200)


@require_POST
def round_move(request: HttpRequest, round_id: int) -> HttpResponse:
    require_role(request, WRITE_RESEARCH)
    round_ = _round_or_404(round_id)
    try:
        services.round_move(round=round_, direction=request.POST.get("direction", ""), actor=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    if request.htmx:
        context = {**_programme(selectors.study_detail(round_.study_id)), "can_write": True}
        return render(request, "studies/programme/detail.html#programme", context)
    return redirect("studies:detail", round_.study_id)


@require_POST
def round_delete(request: HttpRequest, round_id: int) -> HttpResponse:
    require_role(request, WRITE_RESEARCH)
    round_ = _round_or_404(round_id)
    services.round_delete(round=round_, actor=request.user)
    messages.success(request, f"Deleted round “{round_.purpose}”.")
    return redirect("studies:detail", round_.study_id)


@require_POST
def round_close(request: HttpRequest, round_id: int) -> HttpResponse:
    """Close by hand (or when the target is reached): no new sessions or bookings; started ones may finish."""
    require_role(request, WRITE_RESEARCH)
    round_ = services.round_close(round=_round_or_404(round_id), actor=request.user)
    messages.success(request, f"Closed round {round_.order}, “{round_.purpose}”: it takes no new interviews.")
    return redirect("studies:detail", round_.study_id)


@require_POST
def round_reopen(request: HttpRequest, round_id: int) -> HttpResponse:
    require_role(request, WRITE_RESEARCH)
    round_ = _round_or_404(round_id)
    try:
        round_ = services.round_reopen(round=round_, actor=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        state = "live" if round_.status == RoundStatus.LIVE else "planned"
        messages.success(request, f"Reopened round {round_.order}, “{round_.purpose}”: it is {state} again.")
    return redirect("studies:detail", round_.study_id)
