"""The discussion guide editor of a round: questions in order, linted as they are written, and its versions.

A change to a live round's guide first shows a confirmation (how many interviews are in progress, that they keep
their version and new participants get the new one); its form posts the same fields again with
`confirm_live_edit=1`. With htmx the confirmation takes the place of the question list."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from studies.guides import selectors, services
from studies.guides.forms import QuestionForm
from studies.guides.lint import lint_guide, lint_question
from studies.guides.services import LiveEditNotConfirmed
from studies.guides.templates import templates_for_goal
from studies.models import GuideQuestion, Round, RoundStatus
from studies.pages import add_errors, or_404
from workspaces.access import WRITE_RESEARCH, require_role
from workspaces.library.selectors import can_publish as library_can_publish
from workspaces.library.selectors import library_choices, library_item

CONFIRM_FIELD = "confirm_live_edit"


def _guide_context(request, round_: Round, **extra) -> dict:
    questions = list(round_.questions.all())
    lint = lint_guide(
        [q.text for q in questions],
        kind=round_.kind,
        minutes=[float(q.estimated_minutes) for q in questions],
        time_budget=round_.time_budget_minutes,
    )
    return {
        "round": round_,
        "study": round_.study,
        "items": list(zip(questions, lint.questions, strict=True)),
        "lint": lint,
        "form": QuestionForm(),
        "can_write": request.membership.role in WRITE_RESEARCH,
        "live": round_.status == RoundStatus.LIVE,
        **extra,
    }


def _page_context(request, round_: Round, **extra) -> dict:
    versions = selectors.guide_versions(round_.pk)
    return _guide_context(
        request, round_, templates=templates_for_goal(round_.study.goal),
        library_guides=library_choices(kind="guide"),
        can_publish=library_can_publish(request.user),
        copy_sources=selectors.rounds_for_copy(exclude_round_id=round_.pk), versions=versions,
        current_version=versions[0].version if versions else None, **extra,
    )  # fmt: skip


def _guide(request, round_id) -> Round:
    return or_404(selectors.round_with_guide(round_id))


def _confirmed(request) -> bool:
    return request.POST.get(CONFIRM_FIELD) == "1"


def guide(request: HttpRequest, round_id: int) -> HttpResponse:
    round_ = _guide(request, round_id)
    return render(request, "studies/guides/guide.html", _page_context(request, round_))


def _confirm_live_edit(request, refusal: LiveEditNotConfirmed) -> HttpResponse:
    """Ask before changing a live guide: the same form again, every field kept, plus the confirmation."""
    fields = [
        (name, value)
        for name, values in request.POST.lists()
        if name not in ("csrfmiddlewaretoken", CONFIRM_FIELD)
        for value in values
    ]
    round_ = refusal.round
    context = {"round": round_, "study": round_.study, "refusal": refusal, "fields": fields, "action": request.path,
               "confirm_field": CONFIRM_FIELD}  # fmt: skip
    template = "studies/guides/confirm_live_edit.html"
    return render(request, f"{template}#confirm" if request.htmx else template, context)


def _saved(request, round_id) -> None:
    """After a confirmed change to a live guide, say which version it made."""
    if _confirmed(request) and (version := selectors.latest_version(round_id)):
        messages.success(request, f"Saved as guide v{version.number}: new participants get it; interviews in "
                                  "progress keep the version they started with.")  # fmt: skip


def _after_change(request, round_id) -> HttpResponse:
    _saved(request, round_id)
    if request.htmx:
        return render(
            request, "studies/guides/guide.html#questions", _guide_context(request, _guide(request, round_id))
        )
    return redirect("studies:guide", round_id)


@require_POST
def question_add(request: HttpRequest, round_id: int) -> HttpResponse:
    require_role(request, WRITE_RESEARCH)
    round_ = _guide(request, round_id)
    form = QuestionForm(request.POST)
    if form.is_valid():
        data = dict(form.cleaned_data)
        try:
            services.question_add(round=round_, text=data.pop("text"), actor=request.user,
                                  confirm_live_edit=_confirmed(request), **data)  # fmt: skip
        except LiveEditNotConfirmed as refusal:
            return _confirm_live_edit(request, refusal)
        except ValidationError as error:
            add_errors(form, error)
        else:
            _saved(request, round_.pk)
            return redirect("studies:guide", round_.pk)
    return render(request, "studies/guides/guide.html", _page_context(request, round_, form=form), status=400)


def _question_or_404(question_id) -> GuideQuestion:
    return or_404(GuideQuestion.objects.select_related("round__study").filter(pk=question_id).first())


def question_edit(request: HttpRequest, question_id: int) -> HttpResponse:
    require_role(request, WRITE_RESEARCH)
    question = _question_or_404(question_id)
    form = QuestionForm(request.POST or None, instance=question)
    if request.method == "POST" and form.is_valid():
        try:
            services.question_update(question=question, actor=request.user, confirm_live_edit=_confirmed(request),
                                     **form.cleaned_data)  # fmt: skip
        except LiveEditNotConfirmed as refusal:
            return _confirm_live_edit(request, refusal)
        except ValidationError as error:
            add_errors(form, error)
        else:
            _saved(request, question.round_id)
            return redirect("studies:guide", question.round_id)
    context = {"form": form, "question": question, "round": question.round, "study": question.round.study,
               "issues": lint_question(question.text, learned=True),
               "live": question.round.status == RoundStatus.LIVE}  # fmt: skip
    return render(request, "studies/guides/question_form.html", context, status=400 if form.errors else 200)


@require_POST
def question_move(request: HttpRequest, question_id: int) -> HttpResponse:
    require_role(request, WRITE_RESEARCH)
    question = _question_or_404(question_id)
    try:
        services.question_move(question=question, direction=request.POST.get("direction", ""), actor=request.user,
                               confirm_live_edit=_confirmed(request))  # fmt: skip
    except LiveEditNotConfirmed as refusal:
        return _confirm_live_edit(request, refusal)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    return _after_change(request, question.round_id)


@require_POST
def question_delete(request: HttpRequest, question_id: int) -> HttpResponse:
    require_role(request, WRITE_RESEARCH)
    question = _question_or_404(question_id)
    try:
        services.question_delete(question=question, actor=request.user, confirm_live_edit=_confirmed(request))
    except LiveEditNotConfirmed as refusal:
        return _confirm_live_edit(request, refusal)
    return _after_change(request, question.round_id)


@require_POST
def guide_copy(request: HttpRequest, round_id: int) -> HttpResponse:
    require_role(request, WRITE_RESEARCH)
    round_ = _guide(request, round_id)
    source_id = request.POST.get("source", "")
    source = Round.objects.filter(pk=source_id).first() if source_id.isdigit() else None
    if source is None:
        messages.error(request, "Choose a round to copy the guide from.")
        return redirect("studies:guide", round_.pk)
    try:
        copied = services.guide_copy(source=source, target=round_, actor=request.user,
                                     confirm_live_edit=_confirmed(request))  # fmt: skip
    except LiveEditNotConfirmed as refusal:
        return _confirm_live_edit(request, refusal)
    messages.success(request, f"Copied {len(copied)} questions from “{source.purpose}”.")
    _saved(request, round_.pk)
    return redirect("studies:guide", round_.pk)


@require_POST
def guide_template(request: HttpRequest, round_id: int) -> HttpResponse:
    require_role(request, WRITE_RESEARCH)
    round_ = _guide(request, round_id)
    try:
        added = services.guide_apply_template(
            round=round_, template=request.POST.get("template", ""), actor=request.user,
            confirm_live_edit=_confirmed(request),
        )  # fmt: skip
    except LiveEditNotConfirmed as refusal:
        return _confirm_live_edit(request, refusal)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, f"Added {len(added)} questions from the template. Edit them to fit your study.")
        _saved(request, round_.pk)
    return redirect("studies:guide", round_.pk)


def lint_preview(request: HttpRequest) -> HttpResponse:
    """Lint one question as it is typed (htmx); without JavaScript the guide page shows the same on save."""
    text = (request.POST.get("text") or request.GET.get("text") or "").strip()
    return render(
        request, "studies/guides/guide.html#lint-issues", {"issues": lint_question(text, learned=True) if text else []}
    )


@require_POST
def guide_publish(request: HttpRequest, round_id: int) -> HttpResponse:
    """Save this guide to the library, for every workspace (owners and researchers whom staff allow to publish)."""
    require_role(request, WRITE_RESEARCH)
    round_ = _guide(request, round_id)
    if not library_can_publish(request.user):
        raise PermissionDenied("Staff have not allowed you to publish to the library.")
    try:
        item = services.guide_publish(round=round_, title=request.POST.get("title", "").strip(), actor=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, f"Saved “{item.title}” to the library: every workspace's researchers can copy it.")
    return redirect("studies:guide", round_.pk)


@require_POST
def guide_from_library(request: HttpRequest, round_id: int) -> HttpResponse:
    """Copy a library guide into this round's guide, then lint it (the page lists what the linter found)."""
    require_role(request, WRITE_RESEARCH)
    round_ = _guide(request, round_id)
    item = library_item(request.POST.get("item", ""), kind="guide")
    if item is None:
        messages.error(request, "Choose a guide from the library.")
        return redirect("studies:guide", round_.pk)
    try:
        copied, lint = services.guide_copy_from_library(item=item, target=round_, actor=request.user,
                                                        confirm_live_edit=_confirmed(request))  # fmt: skip
    except LiveEditNotConfirmed as refusal:
        return _confirm_live_edit(request, refusal)
    flagged = sum(1 for issues in lint.questions if issues)
    note = f" The linter flags {flagged} question{'s' if flagged != 1 else ''}: see below." if flagged else ""
    warnings = (" " + " ".join(lint.warnings)) if lint.warnings else ""
    messages.success(request, f"Copied {len(copied)} questions from the library guide “{item.title}”.{note}{warnings}")
    _saved(request, round_.pk)
    return redirect("studies:guide", round_.pk)
