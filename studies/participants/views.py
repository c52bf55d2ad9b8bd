"""Participants: list with search and attribute filters, history, CSV import, and the contact rules."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from studies.models import ChangeSource, Governance
from studies.pages import add_errors, or_404
from studies.participants import selectors
from studies.participants.contact_rules import contact_decisions, contact_status
from studies.participants.forms import GovernanceForm, ImportForm, ParticipantForm
from studies.participants.importing import participants_import, participants_preview
from studies.participants.registry import consent_record, participant_timeline
from studies.participants.services import governance_save, participant_save
from workspaces.access import MANAGE_WORKSPACE, WRITE_RESEARCH, require_role


def participant_list(request: HttpRequest) -> HttpResponse:
    search = request.GET.get("q", "").strip()
    key, value = request.GET.get("attr", "").strip(), request.GET.get("value", "").strip()
    attributes = {key: value} if key and value else {}
    page = Paginator(selectors.participants_list(search=search, attributes=attributes), 50).get_page(
        request.GET.get("page")
    )
    rows = list(page.object_list)
    decisions = contact_decisions(rows)
    for participant in rows:
        participant.decision = decisions[participant.pk]
    context = {
        "page": page,
        "rows": rows,
        "search": search,
        "attr": key,
        "value": value,
        "attribute_keys": selectors.participant_attribute_keys(),
        "can_write": request.membership.role in WRITE_RESEARCH,
    }
    template = "studies/participants/list.html#results" if request.htmx else "studies/participants/list.html"
    return render(request, template, context)


def participant_detail(request: HttpRequest, participant_id: int) -> HttpResponse:
    participant = or_404(selectors.participant_detail(participant_id))
    opt_in = consent_record(participant, source=ChangeSource.OPT_IN)
    context = {
        "participant": participant,
        "status": contact_status(participant, opted_in_at=opt_in.at if opt_in else None),
        "consent": consent_record(participant),
        "do_not_contact": consent_record(participant, "do_not_contact"),
        "can_write": request.membership.role in WRITE_RESEARCH,
        "timeline": participant_timeline(participant),
    }
    return render(request, "studies/participants/detail.html", context)


def participant_form(request: HttpRequest, participant_id: int | None = None) -> HttpResponse:
    require_role(request, WRITE_RESEARCH)
    participant = or_404(selectors.participant_detail(participant_id)) if participant_id else None
    form = ParticipantForm(request.POST or None, instance=participant)
    if request.method == "POST" and form.is_valid():
        try:
            participant = participant_save(participant=participant, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            return redirect("studies:participant", participant.pk)
    context = {"form": form, "participant": participant}
    return render(request, "studies/participants/form.html", context, status=400 if form.errors else 200)


def participant_import(request: HttpRequest) -> HttpResponse:
    """Upload shows a preview (nothing saved); confirming re-reads the same CSV and imports it."""
    require_role(request, WRITE_RESEARCH)
    form = ImportForm(request.POST if request.method == "POST" else None, request.FILES or None)
    context: dict = {"form": form}
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data["csv"]
        try:
            if request.POST.get("confirm"):
                result = participants_import(data=data, skip_errors=True, actor=request.user)
                messages.success(
                    request,
                    f"Imported: {result.created} new, {result.updated} updated"
                    + (f", {len(result.skipped_lines)} rows skipped." if result.skipped_lines else "."),
                )
                return redirect("studies:participants")
            preview = participants_preview(data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            text = data.decode("utf-8-sig", errors="replace") if isinstance(data, bytes) else data
            context.update(preview=preview, confirm_form=ImportForm(initial={"csv_text": text}))
    return render(request, "studies/participants/import.html", context, status=400 if form.errors else 200)


def governance(request: HttpRequest) -> HttpResponse:
    current = Governance.current()
    form = GovernanceForm(request.POST or None, instance=current)
    if request.method == "POST":
        require_role(request, MANAGE_WORKSPACE)
        if form.is_valid():
            governance_save(governance=form.save(commit=False), actor=request.user)
            messages.success(request, "Contact rules saved. They apply to sync and async invitations alike.")
            return redirect("studies:governance")
    context = {"form": form, "can_edit": request.membership.role in MANAGE_WORKSPACE}
    return render(request, "studies/participants/governance.html", context, status=400 if form.errors else 200)
