"""The discussion guide editor of a round: questions in order, linted as they are written."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from studies.guides import selectors, services
from studies.guides.forms import QuestionForm
from studies.guides.lint import lint_guide, lint_question
from studies.guides.templates import templates_for_goal
from studies.models import GuideQuestion, Round
from studies.pages import add_errors, or_404
from workspaces.access import WRITE_RESEARCH, require_role


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
        **extra,
    }


def _guide(request, round_id) -> Round:
    return or_404(selectors.round_with_guide(round_id))


def guide(request: HttpRequest, round_id: int) -> HttpResponse:
    round_ = _guide(request, round_id)
    context = _guide_context(
        request,
        round_,
        templates=templates_for_goal(round_.study.goal),
        copy_sources=selectors.rounds_for_copy(exclude_round_id=round_.pk),
    )
    return render(request, "studies/guides/guide.html", context)


def _after_change(request, round_id) -> HttpResponse:
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
            services.question_add(round=round_, text=data.pop("text"), actor=request.user, **data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            return redirect("studies:guide", round_.pk)
    context = _guide_context(
        request, round_, form=form, templates=templates_for_goal(round_.study.goal),
        copy_sources=selectors.rounds_for_copy(exclude_round_id=round_.pk),
    )  # fmt: skip
    return render(request, "studies/guides/guide.html", context, status=400)


def _question_or_404(question_id) -> GuideQuestion:
    return or_404(GuideQuestion.objects.select_related("round__study").filter(pk=question_id).first())


def question_edit(request: HttpRequest, question_id: int) -> HttpResponse:
    require_role(request, WRITE_RESEARCH)
    question = _question_or_404(question_id)
    form = QuestionForm(request.POST or None, instance=question)
    if request.method == "POST" and form.is_valid():
        try:
            services.question_update(question=question, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            return redirect("studies:guide", question.round_id)
    context = {"form": form, "question": question, "round": question.round, "study": question.round.study,
               "issues": lint_question(question.text)}  # fmt: skip
    return render(request, "studies/guides/question_form.html", context, status=400 if form.errors else 200)


@require_POST
def question_move(request: HttpRequest, question_id: int) -> HttpResponse:
    require_role(request, WRITE_RESEARCH)
    question = _question_or_404(question_id)
    try:
        services.question_move(question=question, direction=request.POST.get("direction", ""), actor=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    return _after_change(request, question.round_id)


@require_POST
def question_delete(request: HttpRequest, question_id: int) -> HttpResponse:
    require_role(request, WRITE_RESEARCH)
    question = _question_or_404(question_id)
    services.question_delete(question=question, actor=request.user)
    return _after_change(request, question.round_id)


@require_POST
def guide_copy(request: HttpRequest, round_id: int) -> HttpResponse:
    require_role(request, WRITE_RESEARCH)
    round_ = _guide(request, round_id)
    source_id = request.POST.get("source", "")
    source = Round.objects.filter(pk=source_id).first() if source_id.isdigit() else None
    if source is None:
        messages.error(request, "Choose a round to copy the guide from.")
    else:
        copied = services.guide_copy(source=source, target=round_, actor=request.user)
        messages.success(request, f"Copied {len(copied)} questions from “{source.purpose}”.")
    return redirect("studies:guide", round_.pk)


@require_POST
def guide_template(request: HttpRequest, round_id: int) -> HttpResponse:
    require_role(request, WRITE_RESEARCH)
    round_ = _guide(request, round_id)
    try:
        added = services.guide_apply_template(
            round=round_, template=request.POST.get("template", ""), actor=request.user
        )
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, f"Added {len(added)} questions from the template. Edit them to fit your study.")
    return redirect("studies:guide", round_.pk)


def lint_preview(request: HttpRequest) -> HttpResponse:
    """Lint one question as it is typed (htmx); without JavaScript the guide page shows the same on save."""
    text = (request.POST.get("text") or request.GET.get("text") or "").strip()
    return render(request, "studies/guides/guide.html#lint-issues", {"issues": lint_question(text) if text else []})
