"""The roadmap pages: the board, an item with its evidence and priority, the evidence pickers, sharing, segment
weights and the CSV download.

Members read; owners, PMs and researchers write items and evidence (WRITE_ROADMAP); owners and PMs set segment
weights; owners share. Every htmx form also works as a plain POST that redirects back."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header, url_has_allowed_host_and_scheme, urlencode
from django.views.decorators.http import require_POST

from roadmap import exports, selectors, services
from roadmap.forms import (
    IMPORTANCE_CHOICES,
    BoardFilterForm,
    EvidenceLinkForm,
    EvidenceSearchForm,
    EvidenceUpdateForm,
    InsightLinkForm,
    ItemEditForm,
    ItemForm,
    MoveForm,
    ValidationInviteForm,
    member_choices,
    weights_formset,
)
from roadmap.models import EvidenceLink, Horizon, ItemStatus, RoadmapItem, RoadmapShare, SegmentWeight, ShippedNotice
from roadmap.priority import CONFIDENCE_RULE
from studies.models import Participant, Round, RoundKind, Study
from studies.pages import add_errors, or_404
from synthesis.models import Highlight, Insight
from workspaces.access import MANAGE_WORKSPACE, WRITE_ROADMAP, require_role, workspace_open
from workspaces.models import Role

WEIGHT_ROLES = frozenset({Role.OWNER, Role.PM})
BOARD_FILTERS = ("group", "segment", "study", "owner", "sort")
SEGMENT_CHOICES_LIMIT = 300


def _can_write(request) -> bool:
    return request.membership.role in WRITE_ROADMAP


def _item_or_404(item_id) -> RoadmapItem:
    return or_404(RoadmapItem.objects.filter(pk=item_id).first())


def _safe_next(request, fallback: str) -> str:
    target = request.POST.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return fallback


# ---------------------------------------------------------------------------------------------------------------
# The board


def segment_choices() -> list[str]:
    """Every attribute=value pair participants carry, for the segment filter (PostgreSQL lists them itself)."""
    table = Participant._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT DISTINCT key, value FROM {table}, jsonb_each_text(attributes) ORDER BY 1, 2 LIMIT %s",
            [SEGMENT_CHOICES_LIMIT],
        )
        return [f"{key}={value}" for key, value in cursor.fetchall()]


def _board_form(request, data) -> BoardFilterForm:
    return BoardFilterForm(
        data,
        segments=segment_choices(),
        studies=Study.objects.order_by("title").only("pk", "title"),
        owners=member_choices(request.tenant),
    )


def _board_context(request, data) -> dict:
    form = _board_form(request, data)
    view = form.view()
    query = {name: data.get(name) for name in BOARD_FILTERS if data.get(name)}
    return {
        "filters": form,
        "view": view,
        "query": urlencode(query),
        "filter_values": query,
        "columns": selectors.board(**view),
        "statuses": ItemStatus.choices,
        "horizons": Horizon.choices,
        "can_write": _can_write(request),
    }


def board(request: HttpRequest) -> HttpResponse:
    context = _board_context(request, request.GET)
    template = "roadmap/board.html#board" if request.htmx else "roadmap/board.html"
    return render(request, template, context)


def item_new(request: HttpRequest) -> HttpResponse:
    require_role(request, WRITE_ROADMAP)
    # "Add" in a board column opens the form with that column's status or horizon chosen.
    initial = {name: request.GET[name] for name in ("status", "horizon") if request.GET.get(name)}
    form = ItemForm(request.POST or None, workspace=request.tenant, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            item = services.item_create(actor=request.user, **form.item_fields())
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"Added “{item.title}”. Link the evidence behind it below.")
            return redirect("roadmap:item", item.pk)
    return render(request, "roadmap/item_form.html", {"form": form}, status=400 if form.errors else 200)


def _neighbour_position(item: RoadmapItem, direction: str) -> int | None:
    """The position that puts the item one place up or down its status column, or None at its end."""
    column = RoadmapItem.objects.filter(status=item.status).order_by("position", "pk")
    if direction == "up":
        before = column.filter(Q(position__lt=item.position) | Q(position=item.position, pk__lt=item.pk)).last()
        return before.position if before else None
    after = column.filter(Q(position__gt=item.position) | Q(position=item.position, pk__gt=item.pk)).first()
    return after.position + 1 if after else None


@require_POST
def item_move_view(request: HttpRequest, item_id: int) -> HttpResponse:
    require_role(request, WRITE_ROADMAP)
    item = _item_or_404(item_id)
    form = MoveForm(request.POST)
    problem = ""
    if form.is_valid():
        data = form.cleaned_data
        changes = {"status": data["status"] or None, "horizon": data["horizon"] or None}
        if data["direction"]:
            changes["position"] = _neighbour_position(item, data["direction"])
        try:
            if any(value is not None for value in changes.values()):
                item = services.item_move(item=item, actor=request.user, **changes)
        except ValidationError as error:
            problem = " ".join(error.messages)
    else:
        problem = " ".join(message for errors in form.errors.values() for message in errors)
    from_item = request.POST.get("from") == "item"
    if request.htmx:
        if from_item:
            return _item_partial(request, item.pk, problem=problem)
        context = _board_context(request, request.POST)
        context["problem"] = problem
        return render(request, "roadmap/board.html#board", context, status=400 if problem else 200)
    if problem:
        messages.error(request, problem)
    else:
        messages.success(
            request,
            f"“{item.title}” is now {item.get_status_display().lower()}, horizon {item.get_horizon_display().lower()}.",
        )
    if from_item:
        return redirect("roadmap:item", item.pk)
    query = urlencode({name: request.POST[name] for name in BOARD_FILTERS if request.POST.get(name)})
    return redirect(reverse("roadmap:board") + (f"?{query}" if query else "") + f"#item-{item.pk}")


def export_csv(request: HttpRequest) -> StreamingHttpResponse:
    """The board's items (with its filters and sort) as CSV, one row per item with its profile and priority."""
    view = _board_form(request, request.GET).view()
    filters = {name: view[name] for name in ("segment", "study", "owner", "sort")}
    return StreamingHttpResponse(
        exports.items_csv(**filters),
        content_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": content_disposition_header(True, f"{request.tenant.slug}-roadmap.csv")},
    )


# ---------------------------------------------------------------------------------------------------------------
# One item


def _async_rounds():
    return Round.objects.select_related("study").filter(kind=RoundKind.ASYNC).order_by("study__title", "order")


def _item_context(
    request, detail, *, edit_form=None, search=None, link_form=None, problem="", invite=None, linked=False
) -> dict:
    can_write = _can_write(request)
    context = {
        "detail": detail,
        "item": detail.item,
        "can_write": can_write,
        "statuses": ItemStatus.choices,
        "horizons": Horizon.choices,
        "problem": problem,
        "invite_result": invite,
        "linked": linked,
        "confidence_rule": CONFIDENCE_RULE,
    }
    if can_write:
        search = search or EvidenceSearchForm(request.GET)
        kind, q = search.query()
        context.update(
            edit_form=edit_form or ItemEditForm(instance=detail.item, workspace=request.tenant),
            search_form=search,
            kind=kind,
            q=q,
            results=selectors.evidence_search(q, kind=kind, item=detail.item) if q else [],
            link_form=link_form or EvidenceLinkForm(),
            importances=IMPORTANCE_CHOICES,
        )
        if detail.item.status == ItemStatus.SHIPPED:
            context["invite_form"] = ValidationInviteForm(rounds=_async_rounds())
    return context


def _detail_or_404(item_id):
    detail = or_404(selectors.item_detail(item_id))
    # Who was told it shipped: the staff page names them (the shared page never does).
    detail.notices = list(ShippedNotice.objects.select_related("participant").filter(item=detail.item))
    return detail


def _item_partial(request, item_id: int, **extra) -> HttpResponse:
    """The item page's main section after an htmx change; 400 with the reason on it when the change was refused."""
    context = _item_context(request, _detail_or_404(item_id), **extra)
    return render(request, "roadmap/item.html#item", context, status=400 if extra.get("problem") else 200)


def item_detail(request: HttpRequest, item_id: int) -> HttpResponse:
    detail = _detail_or_404(item_id)
    return render(request, "roadmap/item.html", _item_context(request, detail))


@require_POST
def item_edit(request: HttpRequest, item_id: int) -> HttpResponse:
    require_role(request, WRITE_ROADMAP)
    item = _item_or_404(item_id)
    form = ItemEditForm(request.POST, instance=item, workspace=request.tenant)
    if form.is_valid():
        try:
            item = services.item_update(item=item, actor=request.user, **form.item_fields())
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"Saved “{item.title}”.")
            return redirect("roadmap:item", item.pk)
    context = _item_context(request, _detail_or_404(item_id), edit_form=form)
    context["editing"] = True
    return render(request, "roadmap/item.html", context, status=400)


@require_POST
def item_delete_view(request: HttpRequest, item_id: int) -> HttpResponse:
    require_role(request, WRITE_ROADMAP)
    item = _item_or_404(item_id)
    services.item_delete(item=item, actor=request.user)
    messages.success(request, f"Deleted “{item.title}”; its insights and quotes stay.")
    return redirect("roadmap:board")


def evidence_search_view(request: HttpRequest, item_id: int) -> HttpResponse:
    """The picker's results for the typed words; the full item page without htmx."""
    require_role(request, WRITE_ROADMAP)
    detail = _detail_or_404(item_id)
    context = _item_context(request, detail)
    template = "roadmap/item.html#results" if request.htmx else "roadmap/item.html"
    return render(request, template, context)


def _target(kind: str, pk: int) -> dict:
    model = Insight if kind == "insight" else Highlight
    target = model.objects.filter(pk=pk).first()
    if target is None:
        raise ValidationError({"target": f"That {kind} no longer exists."})
    return {kind: target}


@require_POST
def evidence_link_view(request: HttpRequest, item_id: int) -> HttpResponse:
    require_role(request, WRITE_ROADMAP)
    item = _item_or_404(item_id)
    form = EvidenceLinkForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.evidence_link(
                item=item,
                importance=data["importance"],
                note=data["note"],
                actor=request.user,
                **_target(*form.target_ref()),
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            if request.htmx:
                return _item_partial(request, item.pk, linked=True)
            messages.success(request, "Evidence linked.")
            return redirect(reverse("roadmap:item", args=[item.pk]) + "#evidence")
    search = EvidenceSearchForm(request.POST)
    context = _item_context(request, _detail_or_404(item_id), search=search, link_form=form)
    template = "roadmap/item.html#item" if request.htmx else "roadmap/item.html"
    return render(request, template, context, status=400)


def _link_or_404(link_id) -> EvidenceLink:
    return or_404(EvidenceLink.objects.select_related("item").filter(pk=link_id).first())


@require_POST
def evidence_update_view(request: HttpRequest, link_id: int) -> HttpResponse:
    require_role(request, WRITE_ROADMAP)
    link = _link_or_404(link_id)
    form = EvidenceUpdateForm(request.POST, prefix=f"link-{link.pk}")
    problem = ""
    if form.is_valid():
        try:
            services.evidence_update(link=link, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            problem = " ".join(error.messages)
    else:
        problem = "Choose an importance from 0 to 3; keep the note under 2,000 characters."
    if request.htmx:
        return _item_partial(request, link.item_id, problem=problem)
    if problem:
        messages.error(request, problem)
    return redirect(reverse("roadmap:item", args=[link.item_id]) + "#evidence")


@require_POST
def evidence_unlink_view(request: HttpRequest, link_id: int) -> HttpResponse:
    require_role(request, WRITE_ROADMAP)
    link = _link_or_404(link_id)
    item_id = link.item_id
    services.evidence_unlink(link=link, actor=request.user)
    if request.htmx:
        return _item_partial(request, item_id)
    messages.success(request, "Evidence unlinked.")
    return redirect(_safe_next(request, reverse("roadmap:item", args=[item_id]) + "#evidence"))


@require_POST
def validation_invite_view(request: HttpRequest, item_id: int) -> HttpResponse:
    require_role(request, WRITE_ROADMAP)
    item = _item_or_404(item_id)
    form = ValidationInviteForm(request.POST, rounds=_async_rounds())
    if not form.is_valid():
        problem = "Choose an async round to invite them to."
        if request.htmx:
            return _item_partial(request, item.pk, problem=problem)
        messages.error(request, problem)
        return redirect(reverse("roadmap:item", args=[item.pk]) + "#close-the-loop")
    round_ = _async_rounds().get(pk=form.cleaned_data["round"])
    try:
        result = services.validation_invite(item=item, round=round_, actor=request.user)
    except ValidationError as error:
        result, problem = None, " ".join(error.messages)
    else:
        problem = ""
    if request.htmx:
        return _item_partial(request, item.pk, problem=problem, invite=result)
    if problem:
        messages.error(request, problem)
    else:
        messages.success(request, _invite_summary(result))
        for refusal in result["refused"]:
            messages.warning(request, _refusal_text(refusal))
    return redirect(reverse("roadmap:item", args=[item.pk]) + "#close-the-loop")


def _invite_summary(result: dict) -> str:
    invited, refused = len(result["invited"]), len(result["refused"])
    text = f"Invited {invited} participant{'s' if invited != 1 else ''} to the validation round."
    return text + (f" {refused} could not be invited." if refused else "")


def _refusal_text(refusal) -> str:
    return f"{refusal.participant} was not invited: {refusal.reason}"


# ---------------------------------------------------------------------------------------------------------------
# From an insight's page


def insight_links_context(request, insight: Insight, *, form=None, problem: str = "") -> dict:
    """What `roadmap/_insight_links.html` shows: the items this insight supports and, for writers, the picker."""
    links = list(
        EvidenceLink.objects.select_related("item").filter(insight=insight).order_by("-importance", "item__title")
    )
    membership = getattr(request, "membership", None)
    context = {"insight": insight, "links": links, "problem": problem, "form": None}
    if membership is not None and membership.role in WRITE_ROADMAP:
        linked = {link.item_id for link in links}
        items = [item for item in RoadmapItem.objects.order_by("title").only("pk", "title") if item.pk not in linked]
        context.update(
            form=form or InsightLinkForm(items=items),
            importances=IMPORTANCE_CHOICES,
            next=request.POST.get("next") or request.get_full_path(),
        )
    return context


def _insight_or_404(insight_id) -> Insight:
    return or_404(Insight.objects.filter(pk=insight_id).first())


def _insight_links_response(request, insight: Insight, *, status: int = 200, **extra) -> HttpResponse:
    context = {"insight": insight, "roadmap": insight_links_context(request, insight, **extra)}
    return render(request, "roadmap/_insight_links.html", context, status=status)


def insight_links(request: HttpRequest, insight_id: int) -> HttpResponse:
    """The insight's roadmap section on its own (what the insight page includes)."""
    return _insight_links_response(request, _insight_or_404(insight_id))


@require_POST
def insight_link_view(request: HttpRequest, insight_id: int) -> HttpResponse:
    require_role(request, WRITE_ROADMAP)
    insight = _insight_or_404(insight_id)
    items = RoadmapItem.objects.order_by("title").only("pk", "title")
    form = InsightLinkForm(request.POST, items=items)
    fallback = reverse("insights:detail", args=[insight.pk])
    if form.is_valid():
        data = form.cleaned_data
        item = items.get(pk=data["item"])
        try:
            services.evidence_link(
                item=item, insight=insight, importance=data["importance"], note=data["note"], actor=request.user
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            if request.htmx:
                return _insight_links_response(request, insight)
            messages.success(request, f"Linked to “{item.title}”.")
            return redirect(_safe_next(request, fallback))
    if request.htmx:
        return _insight_links_response(request, insight, form=form, status=400)
    messages.error(request, " ".join(m for errors in form.errors.values() for m in errors))
    return redirect(_safe_next(request, fallback))


# ---------------------------------------------------------------------------------------------------------------
# Settings: share links and segment weights


def attribute_names() -> list[str]:
    """The attribute names participants carry (segment, plan, company...), for choosing what a share link shows."""
    return sorted({pair.split("=", 1)[0] for pair in segment_choices()})


def _settings_context(request, *, formset=None, problems=()) -> dict:
    role = request.membership.role
    weighted = set(SegmentWeight.objects.values_list("attribute", flat=True))
    return {
        "share_attributes": [(name, name in weighted) for name in attribute_names()]
        if role in MANAGE_WORKSPACE
        else [],
        "can_weigh": role in WEIGHT_ROLES,
        "shares": RoadmapShare.objects.select_related("created_by") if role in MANAGE_WORKSPACE else [],
        "formset": formset or weights_formset(),
        "problems": problems,
    }


def roadmap_settings(request: HttpRequest) -> HttpResponse:
    return render(request, "roadmap/settings.html", _settings_context(request))


@require_POST
def weights_save(request: HttpRequest) -> HttpResponse:
    require_role(request, WEIGHT_ROLES)
    formset = weights_formset(request.POST)
    problems = []
    if formset.is_valid():
        try:
            services.segment_weights_save(weights=formset.weights(), actor=request.user)
        except ValidationError as error:
            problems = error.messages
        else:
            messages.success(request, "Segment weights saved: priorities use them now.")
            return redirect("roadmap:configure")
    context = _settings_context(request, formset=formset, problems=problems)
    return render(request, "roadmap/settings.html", context, status=400)


@require_POST
def share_new(request: HttpRequest) -> HttpResponse:
    require_role(request, MANAGE_WORKSPACE)
    share = services.share_create(actor=request.user, attributes=request.POST.getlist("attributes"))
    messages.success(request, "Share link created: anyone with it can read the roadmap, without participants' names.")
    return redirect(reverse("roadmap:configure") + f"#share-{share.pk}")


@require_POST
def share_revoke_view(request: HttpRequest, share_id: int) -> HttpResponse:
    require_role(request, MANAGE_WORKSPACE)
    share = or_404(RoadmapShare.objects.filter(pk=share_id, revoked_at__isnull=True).first())
    services.share_revoke(share=share, actor=request.user)
    messages.success(request, "Share link revoked: it now shows nothing.")
    return redirect("roadmap:configure")


# ---------------------------------------------------------------------------------------------------------------
# The shared, read-only roadmap


@workspace_open
def shared(request: HttpRequest, token: str) -> HttpResponse:
    """The read-only roadmap behind a share link, by status (the default) or by horizon."""
    board = selectors.shared_board(token)
    if board is None:
        raise Http404("No such roadmap link.")
    by_horizon = request.GET.get("by") == "horizon"
    columns = board.columns
    if by_horizon:
        items = [item for _, _, column in board.columns for item in column]
        columns = [(value, label, [i for i in items if i.horizon == value]) for value, label in Horizon.choices]
    return render(request, "roadmap/shared.html", {"columns": columns, "by_horizon": by_horizon})
