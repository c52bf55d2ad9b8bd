"""The incentive ledger's staff page: filter, bulk approve / decline / mark paid, export for payout, totals and
budget warnings; and a no-show's incentive granted by hand."""

import csv

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from interviews.incentives import selectors, services
from interviews.models import Booking, IncentiveStatus
from studies.models import Round
from workspaces.access import WRITE_RESEARCH, require_role

PAGE_ROWS = 500


def _filters(request) -> dict:
    status = request.GET.get("status", "")
    round_id, study_id = request.GET.get("round", ""), request.GET.get("study", "")
    return {
        "status": status if status in IncentiveStatus.values else "",
        "round_id": int(round_id) if round_id.isdigit() else None,
        "study_id": int(study_id) if study_id.isdigit() else None,
    }


def ledger(request: HttpRequest) -> HttpResponse:
    filters = _filters(request)
    rows = list(selectors.incentives(**filters)[:PAGE_ROWS])
    context = {
        "rows": rows,
        "filters": filters,
        "statuses": IncentiveStatus.choices,
        "rounds": Round.objects.select_related("study").order_by("study__title", "order"),
        "totals": selectors.incentive_totals(round_id=filters["round_id"], study_id=filters["study_id"]),
        "warnings": selectors.budget_warnings(),
        "can_write": request.membership.role in WRITE_RESEARCH,
        "query": request.GET.urlencode(),
    }
    return render(request, "interviews/incentives/ledger.html", context)


@require_POST
def bulk(request: HttpRequest) -> HttpResponse:
    """Approve, decline or mark paid the ticked incentives in one go."""
    require_role(request, WRITE_RESEARCH)
    ids = [int(pk) for pk in request.POST.getlist("ids") if pk.isdigit()]
    status = request.POST.get("to", "")
    if not ids:
        messages.error(request, "Tick the incentives first.")
    else:
        try:
            moved, refused = services.incentives_transition(
                ids=ids, status=status, actor=request.user, reference=request.POST.get("reference", "")
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, f"{len(moved)} incentive{'s' if len(moved) != 1 else ''} now {status}.")
            if refused:
                messages.warning(request, f"{len(refused)} not changed: " + "; ".join(sorted(set(refused.values()))))
    back = request.POST.get("back", "")
    return redirect(f"/incentives/?{back}" if back else "interviews:incentives")


def export(request: HttpRequest) -> HttpResponse:
    """CSV shaped for payout services: email, name, amount, currency, reference (approved ones by default)."""
    filters = _filters(request)
    filters["status"] = filters["status"] or IncentiveStatus.APPROVED
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="incentives-{filters["status"]}.csv"'
    writer = csv.writer(response)
    writer.writerow(["email", "name", "amount", "currency", "reference"])
    for entry in selectors.incentives(**filters).iterator(chunk_size=500):
        name = entry.participant.name
        # A name starting with = + - @ would run as a formula in a spreadsheet: quote it as text.
        safe = f"'{name}" if name[:1] in ("=", "+", "-", "@") else name
        writer.writerow([entry.participant.email, safe, f"{entry.amount:.2f}", entry.currency,
                         services.payout_reference(entry)])  # fmt: skip
    return response


@require_POST
def no_show_grant(request: HttpRequest, booking_id: int) -> HttpResponse:
    require_role(request, WRITE_RESEARCH)
    booking = Booking.objects.select_related("round__study", "participant").filter(pk=booking_id).first()
    if booking is None:
        raise Http404
    try:
        entry = services.incentive_for_no_show(booking=booking, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "Incentive owed." if entry else "This round offers no incentive amount.")
    return redirect("booking:detail", booking_id=booking.pk)
