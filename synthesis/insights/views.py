"""The insight pages (list, new, edit, one insight with its evidence and the picker to add more) and the exports.
Members read and export; owners and researchers write. Every form works without JavaScript; htmx only narrows what
is re-rendered (the list's results, the picker's results, the coding page's answer). The charts page has its own
capability, `synthesis.charts`, though it keeps its name `insights:charts`."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.template import TemplateDoesNotExist
from django.template.loader import get_template
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_POST

from studies.pages import add_errors, or_404
from synthesis.charts.selectors import Scope
from synthesis.insights import exports
from synthesis.insights import services as insights
from synthesis.insights.evidence import with_validation
from synthesis.insights.services import STATEMENT_MAX_LENGTH
from synthesis.models import Highlight, InsightStatus, Verdict
from synthesis.validation.selectors import insight_validation
from workspaces.access import WRITE_RESEARCH, require_role

PAGE_SIZE = 50
PICKER_SIZE = 20
ROADMAP_LINKS = "roadmap/_insight_links.html"


class InsightForm(forms.Form):
    statement = forms.CharField(
        max_length=STATEMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="One sentence the team can agree or disagree with, e.g. “Admins leave when exports need cleanup.”",
    )
    status = forms.ChoiceField(choices=InsightStatus.choices, initial=InsightStatus.DRAFT)


def _can_write(request) -> bool:
    return request.membership.role in WRITE_RESEARCH


def _roadmap_enabled() -> bool:
    """Whether the roadmap app's links template is installed (it is included on the insight page when it is)."""
    try:
        get_template(ROADMAP_LINKS)
    except TemplateDoesNotExist:
        return False
    return True


def _id(value) -> int | None:
    return int(value) if isinstance(value, str) and value.isdigit() else None


def _ids(values) -> list[str]:
    return [value for value in values if value]


def url_maker(name: str, *args):
    """A fast reverse() for many rows: `name` reversed once with a marker as its last argument."""
    marker = 2_147_483_647
    head, tail = reverse(name, args=[*args, marker]).rsplit(str(marker), 1)
    return lambda pk: f"{head}{pk}{tail}"


def transcript_link(highlight: Highlight) -> str:
    """Where a highlight sits on its transcript's coding page."""
    return reverse("coding:transcript", args=[highlight.transcript_id]) + f"#h-{highlight.pk}"


# The list -----------------------------------------------------------------------------------------------------------


def insight_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "") if request.GET.get("status") in InsightStatus.values else ""
    q = request.GET.get("q", "").strip()
    page = Paginator(insights.insights_queryset(status=status, q=q), PAGE_SIZE).get_page(request.GET.get("page"))
    counts = insights.insight_status_counts()
    context = {
        "page": page,
        "rows": insights.insights_list(insights=page.object_list),
        "status": status,
        "q": q,
        "statuses": [(value, label, counts[value]) for value, label in InsightStatus.choices],
        "counts": counts,
        "can_write": _can_write(request),
        "export_query": request.GET.urlencode(),
    }
    template = "synthesis/insights/list.html#results" if request.htmx else "synthesis/insights/list.html"
    return render(request, template, context)


def insight_new(request: HttpRequest) -> HttpResponse:
    """A new insight; `?highlight=` ids (from the coding page or a search) become its first evidence."""
    require_role(request, WRITE_RESEARCH)
    data = request.POST if request.method == "POST" else None
    form = InsightForm(data)
    highlight_ids = _ids((request.POST if data else request.GET).getlist("highlight"))
    evidence = list(insights.evidence_queryset().filter(pk__in=[pk for pk in highlight_ids if pk.isdigit()]))
    if data is not None and form.is_valid():
        try:
            insight = insights.insight_create(actor=request.user, highlights=highlight_ids, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "Insight saved. Add its evidence below.")
            return redirect("insights:detail", insight.pk)
    context = {"form": form, "evidence": evidence, "insight": None}
    return render(request, "synthesis/insights/form.html", context, status=400 if form.errors else 200)


# One insight --------------------------------------------------------------------------------------------------------


def _picker_context(insight, q: str) -> dict:
    return {
        "picker_q": q,
        "picker_results": insights.highlight_search(q=q, exclude_insight=insight, limit=PICKER_SIZE),
    }


def insight_detail(request: HttpRequest, pk: int) -> HttpResponse:
    q = request.GET.get("q", "").strip()
    if request.htmx and request.GET.get("picker"):
        insight = or_404(insights.insight_get(pk))
        context = {"insight": insight, "can_write": _can_write(request), **_picker_context(insight, q)}
        return render(request, "synthesis/insights/detail.html#picker-results", context)
    detail = or_404(insights.insight_detail(pk))
    participant_url, transcript_url = url_maker("studies:participant"), url_maker("coding:transcript")
    remove_url = url_maker("insights:remove", detail.insight.pk)
    transcripts_url = reverse("coding:transcripts")
    for quote in detail.quotes:  # four links per quote: reversed once each, not once per quote
        quote.tag_labels = sorted((detail.paths.get(tag.pk, tag.name), tag.colour) for tag in quote.tags.all())
        quote.links = {
            "participant": participant_url(quote.participant_id) if quote.participant_id else "",
            "transcript": f"{transcript_url(quote.transcript_id)}#h-{quote.pk}",
            "round": f"{transcripts_url}?round={quote.round_id}",
            "remove": remove_url(quote.pk),
        }
    can_write = _can_write(request)
    validation = insight_validation(detail.insight, attribute=request.GET.get("by", ""))
    total = validation.total
    context = {
        "insight": detail.insight,
        "profile": with_validation(detail.profile, [(total.confirms, total.contradicts, total.unclear)]),
        "quotes": detail.quotes,
        "validation": validation,
        "verdicts": Verdict.choices,
        "can_write": can_write,
        "roadmap_enabled": _roadmap_enabled(),
    }
    if can_write:
        context.update(_picker_context(detail.insight, q))
    return render(request, "synthesis/insights/detail.html", context)


def insight_edit(request: HttpRequest, pk: int) -> HttpResponse:
    require_role(request, WRITE_RESEARCH)
    insight = or_404(insights.insight_get(pk))
    initial = {"statement": insight.statement, "status": insight.status}
    form = InsightForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            insights.insight_update(insight=insight, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "Insight saved.")
            return redirect("insights:detail", insight.pk)
    context = {"form": form, "insight": insight, "evidence": []}
    return render(request, "synthesis/insights/form.html", context, status=400 if form.errors else 200)


@require_POST
def insight_delete(request: HttpRequest, pk: int) -> HttpResponse:
    require_role(request, WRITE_RESEARCH)
    insight = or_404(insights.insight_get(pk))
    insights.insight_delete(insight=insight, actor=request.user)
    messages.success(
        request, f"Deleted the insight “{insight.statement[:80]}”. Its highlights stay in their transcripts."
    )
    return redirect("insights:list")


@require_POST
def insight_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Add the highlights ticked in the picker."""
    require_role(request, WRITE_RESEARCH)
    insight = or_404(insights.insight_get(pk))
    try:
        added = insights.insight_add_highlights(
            insight=insight, highlights=_ids(request.POST.getlist("highlight")), actor=request.user
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(reverse("insights:detail", args=[pk]) + "#picker")
    messages.success(request, f"Added {added} quote{'s' if added != 1 else ''}.")
    return redirect(reverse("insights:detail", args=[pk]) + "#quotes")


@require_POST
def insight_remove(request: HttpRequest, pk: int, highlight_id: int) -> HttpResponse:
    require_role(request, WRITE_RESEARCH)
    insight = or_404(insights.insight_get(pk))
    removed = insights.insight_remove_highlights(insight=insight, highlights=[highlight_id], actor=request.user)
    if removed:
        messages.success(request, "Removed the quote from this insight; the highlight stays in its transcript.")
    return redirect(reverse("insights:detail", args=[pk]) + "#quotes")


# From the coding page -----------------------------------------------------------------------------------------------


@require_POST
def highlight_to_insight(request: HttpRequest, highlight_id: int) -> HttpResponse:
    """Add a highlight to an existing insight (`insight`) or to a new one (`statement`), from the coding page.

    htmx gets a line saying where it went (or why not); a plain post goes back to the highlight."""
    require_role(request, WRITE_RESEARCH)
    highlight = or_404(Highlight.objects.filter(pk=highlight_id).first())
    insight_id, statement = _id(request.POST.get("insight")), request.POST.get("statement", "").strip()
    insight, error, created = None, None, False
    try:
        if insight_id:
            insight = insights.insight_get(insight_id)
            if insight is None:
                raise ValidationError({"insight": "That insight no longer exists: pick another."})
            insights.insight_add_highlights(insight=insight, highlights=[highlight], actor=request.user)
        elif statement:
            insight = insights.insight_create(statement=statement, highlights=[highlight], actor=request.user)
            created = True
        else:
            raise ValidationError({"statement": "Pick an insight, or write the statement of a new one."})
    except ValidationError as problem:
        error = " ".join(problem.messages)
    if request.htmx:
        context = {"h": highlight, "insight": insight, "error": error, "created": created}
        html = render(request, "synthesis/insights/added.html", context, status=400 if error else 200)
        return html
    if error:
        messages.error(request, error)
    else:
        messages.success(request, f"Added the quote to “{insight.statement[:80]}”.")
    return redirect(transcript_link(highlight))


# Exports ------------------------------------------------------------------------------------------------------------


def _stream(request, lines, *, name: str, kind: str) -> StreamingHttpResponse:
    filename = f"{request.tenant.slug}-{name}-{timezone.localdate():%Y-%m-%d}.{kind}"
    content_type = {"csv": "text/csv", "md": "text/markdown"}[kind]
    return StreamingHttpResponse(
        lines,
        content_type=f"{content_type}; charset=utf-8",
        headers={"Content-Disposition": content_disposition_header(True, filename)},
    )


def export_highlights(request: HttpRequest) -> HttpResponse:
    scope = Scope(study=_id(request.GET.get("study")), round=_id(request.GET.get("round")))
    insight = or_404(insights.insight_get(request.GET["insight"])) if _id(request.GET.get("insight")) else None
    highlights = exports.highlights_for_export(scope=scope, insight=insight)
    lines = exports.highlights_csv(highlights, link=lambda h: request.build_absolute_uri(transcript_link(h)))
    return _stream(request, lines, name="highlights", kind="csv")


def _export_rows(request) -> tuple[list, str]:
    if pk := _id(request.GET.get("insight")):
        insight = or_404(insights.insight_get(pk))
        return exports.insight_rows([insight]), insight.statement
    status = request.GET.get("status", "") if request.GET.get("status") in InsightStatus.values else ""
    queryset = insights.insights_queryset(status=status, q=request.GET.get("q", ""))
    title = f"{request.tenant.name}: {'published ' if status == 'published' else ''}insights"
    return exports.insight_rows(queryset), title


def export_insights_markdown(request: HttpRequest) -> HttpResponse:
    rows, title = _export_rows(request)
    lines = exports.insights_markdown(
        rows, title=title, link=lambda i: request.build_absolute_uri(reverse("insights:detail", args=[i.pk]))
    )
    return _stream(request, lines, name="insights", kind="md")


def export_insights_csv(request: HttpRequest) -> HttpResponse:
    rows, _ = _export_rows(request)
    return _stream(request, exports.insights_csv(rows), name="insights", kind="csv")
