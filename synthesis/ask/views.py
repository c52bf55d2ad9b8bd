"""Ask pages: ask (every member; the answer is saved for the asker), read one's own answers beside their quotes,
and make an insight of an answer (owners and researchers)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from synthesis.ask import selectors, services
from synthesis.ask.forms import AskForm
from workspaces.access import WRITE_RESEARCH, require_role


def ask_page(request: HttpRequest) -> HttpResponse:
    form = AskForm(request.POST or None, initial={"question": request.GET.get("question", "")[:500]})
    if request.method == "POST" and form.is_valid():
        question = services.question_ask(
            text=form.cleaned_data["question"], study=form.cleaned_data["scope"], actor=request.user
        )
        return redirect("ask:question", question.pk)
    context = {"form": form, "questions": selectors.questions_of(request.user)}
    return render(request, "synthesis/ask/page.html", context, status=400 if form.errors else 200)


def _question(request, pk: int):
    question = selectors.question_for(request.user, pk)
    if question is None:
        raise Http404("No such question of yours.")
    return question


def question_page(request: HttpRequest, pk: int) -> HttpResponse:
    question = _question(request, pk)
    context = {
        "question": question,
        "can_write": request.membership.role in WRITE_RESEARCH,
        "statement": services.default_statement(question),
        "cited": {c["n"] for s in question.content.get("sentences", []) for c in s["citations"]},
    }
    return render(request, "synthesis/ask/question.html", context)


@require_POST
def question_insight(request: HttpRequest, pk: int) -> HttpResponse:
    require_role(request, WRITE_RESEARCH)
    question = _question(request, pk)
    try:
        insight = services.question_make_insight(
            question=question, actor=request.user, statement=request.POST.get("statement", "")
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("ask:question", question.pk)
    messages.success(request, f"Insight made with {insight.highlights.count()} quotes as evidence.")
    return redirect("insights:detail", insight.pk)
