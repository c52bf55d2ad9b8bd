"""The shortlist page of an async round: ranked people with their reasons, quotas, and "Invite to book".

Plain forms that also work without JavaScript; with htmx the invitation swaps the list section in place."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from interviews.booking.handoffs import handoff_create
from studies.models import Round, RoundKind
from studies.pages import add_errors
from synthesis.shortlist import selectors, services
from synthesis.shortlist.forms import InviteForm, QuotaForm, quotas_text
from workspaces.access import WRITE_RESEARCH, require_role

TEMPLATE = "synthesis/shortlist/shortlist.html"


def _round(round_id: int) -> Round:
    """The async round of this workspace, or 404."""
    round_ = Round.objects.select_related("study").filter(pk=round_id, kind=RoundKind.ASYNC).first()
    if round_ is None:
        raise Http404
    return round_


def _context(request, round_: Round, **extra) -> dict:
    result = selectors.shortlist(round_)
    if result.to_round is None:
        raise Http404("No sync round follows this round.")
    return {
        "round": round_,
        "study": round_.study,
        "shortlist": result,
        "can_write": request.membership.role in WRITE_RESEARCH,
        "quota_form": QuotaForm(initial={"quotas": quotas_text(round_.shortlist_quotas or {})}),
        **extra,
    }


def shortlist_page(request: HttpRequest, round_id: int) -> HttpResponse:
    return render(request, TEMPLATE, _context(request, _round(round_id)))


@require_POST
def invite(request: HttpRequest, round_id: int) -> HttpResponse:
    require_role(request, WRITE_RESEARCH)
    round_ = _round(round_id)
    before = selectors.shortlist(round_)
    if before.to_round is None:
        raise Http404
    rows = {row.session.pk: row for row in before.rows if not row.waiting}
    form = InviteForm(request.POST, choices=list(rows))
    outcome, status = None, 200
    if form.is_valid():
        sessions = [rows[pk].session for pk in form.cleaned_data["sessions"]]
        try:
            outcome = handoff_create(from_round=round_, to_round=before.to_round, sessions=sessions,
                                     actor=request.user)  # fmt: skip
        except ValidationError as error:
            add_errors(form, error)
            status = 400
    else:
        status = 400
    context = _context(request, round_, outcome=outcome, invite_form=form)
    return render(request, TEMPLATE + "#shortlist" if request.htmx else TEMPLATE, context, status=status)


@require_POST
def quotas_save(request: HttpRequest, round_id: int) -> HttpResponse:
    require_role(request, WRITE_RESEARCH)
    round_ = _round(round_id)
    form = QuotaForm(request.POST)
    if form.is_valid():
        try:
            services.shortlist_quotas_save(round=round_, quotas=form.cleaned_data["quotas"], actor=request.user)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "Quotas saved: the list fills them first.")
            return redirect("synthesis_shortlist:round", round_.pk)
    return render(request, TEMPLATE, _context(request, round_, quota_form=form), status=400)
