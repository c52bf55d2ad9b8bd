"""Participants: list with search and attribute filters, history, CSV import, and the contact rules."""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from studies.models import ChangeSource, Governance, Round, RoundStatus, Segment
from studies.pages import add_errors, or_404
from studies.participants import selectors
from studies.participants.contact_rules import contact_decisions, contact_status
from studies.participants.forms import GovernanceForm, ImportForm, ParticipantForm, SegmentFilterForm, SegmentForm
from studies.participants.importing import participants_import, participants_preview
from studies.participants.registry import consent_record, participant_timeline
from studies.participants.services import governance_save, participant_save, segment_delete, segment_save
from workspaces.access import MANAGE_WORKSPACE, WRITE_RESEARCH, require_role


def _rows(request, participants):
    page = Paginator(participants, 50).get_page(request.GET.get("page"))
    rows = list(page.object_list)
    decisions = contact_decisions(rows)
    for participant in rows:
        participant.decision = decisions[participant.pk]
    return page, rows


def participant_list(request: HttpRequest) -> HttpResponse:
    """The panel, filtered (search, attribute, activity, last contacted, rounds taken, rating); the filters can be
    saved as a segment."""
    form = SegmentFilterForm(request.GET or None)
    filters = form.filters() if form.is_valid() else {}
    page, rows = _rows(request, selectors.participants_list(filters=filters))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "page": page,
        "rows": rows,
        "form": form,
        "filtered": bool(filters),
        "query": query.urlencode(),
        "attribute_keys": selectors.participant_attribute_keys(),
        "segments": selectors.segments_list(),
        "segment_form": SegmentForm(),
        "can_write": request.membership.role in WRITE_RESEARCH,
    }
    template = "studies/participants/list.html#results" if request.htmx else "studies/participants/list.html"
    return render(request, template, context, status=400 if form.errors else 200)


@require_POST
def segment_new(request: HttpRequest) -> HttpResponse:
    """Save the list's present filters (sent along as the form's hidden fields) under a name."""
    require_role(request, WRITE_RESEARCH)
    filter_form, form = SegmentFilterForm(request.POST), SegmentForm(request.POST)
    if filter_form.is_valid() and form.is_valid():
        try:
            segment = segment_save(
                segment=None, name=form.cleaned_data["name"], filters=filter_form.filters(), actor=request.user
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"Segment “{segment.name}” saved.")
            return redirect("studies:segment", segment.pk)
    for field, errors in filter_form.errors.items():
        form.add_error(None, f"{filter_form.fields[field].label if field in filter_form.fields else ''}: "
                             + " ".join(errors))  # fmt: skip
    return render(request, "studies/participants/segment_new.html", {"form": form}, status=400)


def segment_detail(request: HttpRequest, segment_id: int) -> HttpResponse:
    """Who is in the segment now, and the one action that invites them all to a round (interviews.panel)."""
    segment = or_404(selectors.segments_list().filter(pk=segment_id).first())
    page, rows = _rows(request, selectors.segment_members(segment))
    context = {
        "segment": segment,
        "page": page,
        "rows": rows,
        "filters": SegmentFilterForm(SegmentFilterForm.initial_from(segment.filters)),
        "list_query": urlencode(SegmentFilterForm.initial_from(segment.filters)),
        "rounds": Round.objects.exclude(status=RoundStatus.CLOSED).select_related("study").order_by("study__title",
                                                                                                    "order"),
        "can_write": request.membership.role in WRITE_RESEARCH,
    }  # fmt: skip
    return render(request, "studies/participants/segment.html", context)


@require_POST
def segment_remove(request: HttpRequest, segment_id: int) -> HttpResponse:
    require_role(request, WRITE_RESEARCH)
    segment = or_404(Segment.objects.filter(pk=segment_id).first())
    segment_delete(segment=segment, actor=request.user)
    messages.success(request, f"Segment “{segment.name}” deleted; its people stay in the panel.")
    return redirect("studies:participants")


def participant_detail(request: HttpRequest, participant_id: int) -> HttpResponse:
    participant = or_404(selectors.participant_detail(participant_id))
    opt_in = consent_record(participant, source=ChangeSource.OPT_IN)
    timeline = participant_timeline(participant)
    context = {
        "participant": participant,
        "status": contact_status(participant, opted_in_at=opt_in.at if opt_in else None),
        "consent": consent_record(participant),
        "do_not_contact": consent_record(participant, "do_not_contact"),
        "can_write": request.membership.role in WRITE_RESEARCH,
        "timeline": timeline,
        "no_shows": [entry for entry in timeline if entry.kind == "no_show"],
        "ratings": selectors.participant_ratings(participant),
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
