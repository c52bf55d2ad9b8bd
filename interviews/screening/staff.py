"""The researcher's recruitment page of a round: its screener (questions, rules, ending), its quotas with the fill
of each cell, and the people screened, with the review queue of a booking page in review mode."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from interviews.booking.services import ContactRefused
from interviews.screening import services
from interviews.screening.forms import QuestionForm, QuotaForm, RejectForm, RuleForm, ScreenerForm
from studies.models import Quota, Round, Screener, ScreenerQuestion, ScreenerResponse, ScreenerRule, ScreeningStatus
from studies.pages import add_errors
from studies.recruitment import services as recruitment
from studies.recruitment.selectors import quota_fill, screener_for
from workspaces.access import WRITE_RESEARCH, require_role

SCREENINGS_SHOWN = 100


def _round(round_id) -> Round:
    round_ = Round.objects.select_related("study").filter(pk=round_id).first()
    if round_ is None:
        raise Http404
    return round_


def _page(request, round_: Round, *, status: int = 200, **forms) -> HttpResponse:
    screener = screener_for(round_)
    screenings = list(
        ScreenerResponse.objects.filter(round=round_).select_related("participant", "routed_to", "reviewed_by")[
            :SCREENINGS_SHOWN
        ]
    )
    context = {
        "round": round_,
        "study": round_.study,
        "screener": screener,
        "fill": quota_fill(round_),
        "quotas": {q.pk: q for q in Quota.objects.filter(round=round_)},
        "screenings": screenings,
        "waiting": [s for s in screenings if s.status == ScreeningStatus.PENDING_REVIEW],
        "entry": services.open_link(round_) if round_.kind == "async" else services.booking_rules(round_),
        "can_write": request.membership.role in WRITE_RESEARCH,
        "screener_form": forms.get("screener_form") or ScreenerForm(instance=screener),
        "question_form": forms.get("question_form") or QuestionForm(),
        "rule_form": forms.get("rule_form") or RuleForm(screener=screener),
        "quota_form": forms.get("quota_form") or QuotaForm(),
        "reject_form": RejectForm(),
    }
    return render(request, "interviews/screening/round.html", context, status=status)


def recruitment_page(request: HttpRequest, round_id: int) -> HttpResponse:
    return _page(request, _round(round_id))


def _done(round_: Round) -> HttpResponse:
    return redirect("interviews:recruitment", round_id=round_.pk)


@require_POST
def screener_save(request: HttpRequest, round_id: int) -> HttpResponse:
    require_role(request, WRITE_RESEARCH)
    round_ = _round(round_id)
    form = ScreenerForm(request.POST, instance=Screener.objects.filter(round=round_).first())
    if not form.is_valid():
        return _page(request, round_, status=400, screener_form=form)
    recruitment.screener_save(round=round_, actor=request.user, **form.cleaned_data)
    messages.success(request, "Screener saved.")
    return _done(round_)


@require_POST
def question_add(request: HttpRequest, round_id: int) -> HttpResponse:
    require_role(request, WRITE_RESEARCH)
    round_ = _round(round_id)
    form = QuestionForm(request.POST)
    if form.is_valid():
        screener = Screener.objects.filter(round=round_).first() or recruitment.screener_save(
            round=round_, actor=request.user
        )
        try:
            recruitment.screener_question_add(screener=screener, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            return _done(round_)
    return _page(request, round_, status=400, question_form=form)


@require_POST
def rule_add(request: HttpRequest, round_id: int) -> HttpResponse:
    require_role(request, WRITE_RESEARCH)
    round_ = _round(round_id)
    screener = Screener.objects.filter(round=round_).first()
    if screener is None:
        raise Http404
    form = RuleForm(request.POST, screener=screener)
    if form.is_valid():
        try:
            recruitment.screener_rule_add(screener=screener, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            return _done(round_)
    return _page(request, round_, status=400, rule_form=form)


@require_POST
def quota_save(request: HttpRequest, round_id: int) -> HttpResponse:
    require_role(request, WRITE_RESEARCH)
    round_ = _round(round_id)
    form = QuotaForm(request.POST)
    if form.is_valid():
        try:
            recruitment.quota_save(round=round_, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            return _done(round_)
    return _page(request, round_, status=400, quota_form=form)


@require_POST
def item_delete(request: HttpRequest, round_id: int, kind: str, item_id: int) -> HttpResponse:
    """Delete a question (with its rules), a rule or a quota cell of this round."""
    require_role(request, WRITE_RESEARCH)
    round_ = _round(round_id)
    if kind == "question":
        item = ScreenerQuestion.objects.filter(pk=item_id, screener__round=round_).first()
        if item is not None:
            recruitment.screener_question_delete(question=item, actor=request.user)
    elif kind == "rule":
        item = ScreenerRule.objects.filter(pk=item_id, screener__round=round_).first()
        if item is not None:
            recruitment.screener_rule_delete(rule=item, actor=request.user)
    elif kind == "quota":
        item = Quota.objects.filter(pk=item_id, round=round_).first()
        if item is not None:
            recruitment.quota_delete(quota=item, actor=request.user)
    else:
        raise Http404
    if item is None:
        raise Http404
    return _done(round_)


@require_POST
def review(request: HttpRequest, round_id: int, screening_id: int) -> HttpResponse:
    """Approve (the booking link goes out through the contact rules) or reject (an optional kind note)."""
    require_role(request, WRITE_RESEARCH)
    round_ = _round(round_id)
    screening = ScreenerResponse.objects.filter(pk=screening_id, round=round_).select_related("participant").first()
    if screening is None:
        raise Http404
    try:
        if request.POST.get("decision") == "approve":
            services.screening_approve(response=screening, actor=request.user)
            messages.success(request, f"Approved: {screening.participant.email} has their booking link.")
        else:
            form = RejectForm(request.POST)
            note = form.cleaned_data["note"] if form.is_valid() else ""
            services.screening_reject(response=screening, actor=request.user, note=note)
            messages.success(request, "Rejected" + (": your note is on its way." if note else "."))
    except ContactRefused as refused:
        messages.error(request, f"Not approved: {refused.decision.reason}")
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return _done(round_)
