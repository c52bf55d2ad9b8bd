"""Synthesis job pages: start a job, watch its progress (htmx polling), cancel it; the suggestions inbox, its bulk
accepts and their undo; themes.

Every form posts to a plain URL and redirects (or re-renders with the error), so the pages work without JavaScript;
with htmx the progress section polls itself every 2 s while the job is queued or running, and a decided suggestion
is swapped in place.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.http import require_POST

from studies.models import Round, Study
from studies.pages import add_errors, or_404
from synthesis.jobs import bulk, selectors, services
from synthesis.jobs.autotag import DEFAULT_THRESHOLD
from synthesis.jobs.cluster import MAX_THEMES
from synthesis.models import PAIN_RUBRIC, JobKind, Suggestion, SynthesisJob, Theme
from workspaces.access import WRITE_RESEARCH, require_role

JOBS_PAGE_SIZE = 25
SUGGESTIONS_PAGE_SIZE = 50


class JobStartForm(forms.Form):
    kind = forms.ChoiceField(choices=JobKind.choices, initial=JobKind.AUTOTAG)
    study = forms.ModelChoiceField(queryset=Study.objects.order_by("title"), empty_label="Pick a study")
    round = forms.ModelChoiceField(
        queryset=Round.objects.select_related("study").order_by("study__title", "order"), required=False,
        empty_label="Every round of the study",
    )  # fmt: skip
    threshold = forms.FloatField(
        required=False, min_value=0.05, max_value=0.95, initial=DEFAULT_THRESHOLD,
        help_text="Auto-tagging: how similar a sentence must be to a tag's quotes (lower suggests more).",
    )  # fmt: skip
    source = forms.ChoiceField(
        choices=[("highlights", "Highlights"), ("answers", "Uncoded answers")], required=False, initial="highlights",
        help_text="Clustering: what to group into themes.",
    )  # fmt: skip
    themes = forms.IntegerField(
        required=False, min_value=2, max_value=MAX_THEMES, help_text="Clustering: leave empty to let the job choose."
    )

    def options(self) -> dict:
        data = self.cleaned_data
        if data["kind"] == JobKind.AUTOTAG:
            return {"threshold": data["threshold"]} if data.get("threshold") is not None else {}
        options = {"source": data.get("source") or "highlights"}
        if data.get("themes"):
            options["themes"] = data["themes"]
        return options


def _id(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


def _can_write(request) -> bool:
    return request.membership.role in WRITE_RESEARCH


def _job_or_404(job_id: int) -> SynthesisJob:
    return or_404(selectors.job_detail(job_id))


def _jobs_page(request: HttpRequest, form: JobStartForm, status: int = 200) -> HttpResponse:
    study = _id(request.GET.get("study"))
    page = Paginator(selectors.jobs_list(study=study), JOBS_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"form": form, "page": page, "jobs": page.object_list, "can_write": _can_write(request), "study": study}
    return render(request, "synthesis/jobs/list.html", context, status=status)


def job_list(request: HttpRequest) -> HttpResponse:
    initial = {}
    if study := _id(request.GET.get("study")):
        initial["study"] = study
    if round_ := _id(request.GET.get("round")):
        initial["round"] = round_
    if request.GET.get("kind") in JobKind.values:
        initial["kind"] = request.GET["kind"]
    return _jobs_page(request, JobStartForm(initial=initial))


@require_POST
def job_start(request: HttpRequest) -> HttpResponse:
    require_role(request, WRITE_RESEARCH)
    form = JobStartForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            job = services.job_start(
                kind=data["kind"], study=data["study"], round=data["round"], options=form.options(), actor=request.user
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            # No flash message: the progress section says "queued" itself, and stops saying it when the job moves on.
            return redirect("synthesis_jobs:detail", job.pk)
    return _jobs_page(request, form, status=400)


def _detail_context(request, job: SynthesisJob) -> dict:
    return {
        "job": job,
        "active": job.status in services.ACTIVE,
        "can_write": _can_write(request),
        "stats": sorted(job.stats.items()),
    }


def job_detail(request: HttpRequest, job_id: int) -> HttpResponse:
    job = _job_or_404(job_id)
    if request.htmx:
        return render(request, "synthesis/jobs/detail.html#progress", _detail_context(request, job))
    context = _detail_context(request, job)
    if job.kind == JobKind.AUTOTAG:
        context["bulks"] = bulk.recent_bulk_acceptances(job=job)
    return render(request, "synthesis/jobs/detail.html", context)


@require_POST
def job_cancel(request: HttpRequest, job_id: int) -> HttpResponse:
    require_role(request, WRITE_RESEARCH)
    job = _job_or_404(job_id)
    try:
        services.job_cancel(job=job, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "Cancelled: the job stops after its current batch; what it made is kept.")
    if request.htmx:
        return render(request, "synthesis/jobs/detail.html#progress", _detail_context(request, _job_or_404(job_id)))
    return redirect("synthesis_jobs:detail", job_id)


# Suggestions ----------------------------------------------------------------------------------------------------------


def _inbox_url(job: int | None) -> str:
    url = reverse("synthesis_jobs:suggestions")
    return f"{url}?job={job}" if job else url


def suggestion_inbox(
    request: HttpRequest, *, errors: list[str] | None = None, status: int = 200, confirm_above: dict | None = None
) -> HttpResponse:
    job = _id(request.GET.get("job") or request.POST.get("job"))
    suggestions = selectors.suggestions_list(job=job)
    page = Paginator(suggestions, SUGGESTIONS_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "suggestions": page.object_list,
        "job": job,
        "jobs": selectors.jobs_list(kind=JobKind.AUTOTAG)[:50],
        "can_write": _can_write(request),
        "rubric": PAIN_RUBRIC.items(),
        "errors": errors or [],
        "min_score": request.POST.get("min_score", ""),
        "confirm_above": confirm_above,
        "bulks": bulk.recent_bulk_acceptances(job=job),
    }
    return render(request, "synthesis/jobs/suggestions.html", context, status=status)


def _suggestion_or_404(suggestion_id: int) -> Suggestion:
    return or_404(selectors.suggestions_list(status="").filter(pk=suggestion_id).first())


def _decided(request: HttpRequest, suggestion_id: int, error: ValidationError | None = None) -> HttpResponse:
    if request.htmx:
        context = {
            "s": _suggestion_or_404(suggestion_id),
            "can_write": True,
            "s_errors": error.messages if error else [],
        }
        return render(request, "synthesis/jobs/suggestions.html#suggestion", context, status=400 if error else 200)
    if error:
        messages.error(request, " ".join(error.messages))
    return redirect(_inbox_url(_id(request.POST.get("job"))))


@require_POST
def suggestion_accept(request: HttpRequest, suggestion_id: int) -> HttpResponse:
    require_role(request, WRITE_RESEARCH)
    suggestion = _suggestion_or_404(suggestion_id)
    try:
        services.suggestion_accept(suggestion=suggestion, actor=request.user)
    except ValidationError as error:
        return _decided(request, suggestion_id, error)
    return _decided(request, suggestion_id)


@require_POST
def suggestion_reject(request: HttpRequest, suggestion_id: int) -> HttpResponse:
    require_role(request, WRITE_RESEARCH)
    suggestion = _suggestion_or_404(suggestion_id)
    try:
        services.suggestion_reject(suggestion=suggestion, actor=request.user)
    except ValidationError as error:
        return _decided(request, suggestion_id, error)
    return _decided(request, suggestion_id)


@require_POST
def suggestions_bulk(request: HttpRequest) -> HttpResponse:
    """The inbox's checkboxes with "Accept selected" / "Reject selected", or "Accept all scoring at least X"."""
    require_role(request, WRITE_RESEARCH)
    job = _id(request.POST.get("job"))
    try:
        if request.POST.get("action") == "accept_above":
            try:
                min_score = float(request.POST.get("min_score", ""))
            except ValueError:
                raise ValidationError({"min_score": "Give a score from 0 to 1, e.g. 0.4."}) from None
            if request.POST.get("confirm") != "1":
                # One click must not turn a hundred suggestions into highlights: say how many, and ask.
                if not 0 <= min_score <= 1:
                    raise ValidationError({"min_score": "Give a score from 0 to 1, e.g. 0.4."})
                count = services.suggestions_pending(job=job, min_score=min_score).count()
                return suggestion_inbox(request, confirm_above={"min_score": min_score, "count": count})
            result = services.suggestions_accept_above(min_score=min_score, job=job, actor=request.user)
        else:
            ids = [int(pk) for pk in request.POST.getlist("ids") if pk.isdigit()]
            result = services.suggestions_decide(
                ids=ids, action=request.POST.get("action", ""), actor=request.user, job=job
            )
    except ValidationError as error:
        return suggestion_inbox(request, errors=error.messages, status=400)
    verb = "Accepted" if result["action"] == "accept" else "Rejected"
    noun = "suggestion" if result["count"] == 1 else "suggestions"
    follow = ""
    if result["bulk_acceptance"]:
        follow = " They are highlights now; “Undo” under Recent bulk accepts takes them back for 24 hours."
    messages.success(request, f"{verb} {result['count']} {noun}.{follow}")
    return redirect(_inbox_url(job))


def _bulk_or_404(bulk_id: int):
    return or_404(bulk.bulk_acceptance_detail(bulk_id))


def bulk_detail(request: HttpRequest, bulk_id: int) -> HttpResponse:
    """One bulk accept: which suggestions became which highlights, and its undo (or why undo is no longer possible).
    The page is the undo's confirmation: it says what will be deleted before the button does it."""
    record = _bulk_or_404(bulk_id)
    rows = list(record.suggestions.all())
    highlights = [s.highlight for s in rows if s.highlight_id]
    context = {
        "bulk": record,
        "rows": rows,
        "highlights": len(highlights),
        "worked_on": sum(1 for h in highlights if h.pain is not None or h.note),
        "can_write": _can_write(request),
    }
    return render(request, "synthesis/jobs/bulk.html", context)


@require_POST
def bulk_undo(request: HttpRequest, bulk_id: int) -> HttpResponse:
    require_role(request, WRITE_RESEARCH)
    record = _bulk_or_404(bulk_id)
    try:
        count = bulk.bulk_acceptance_undo(bulk=record, actor=request.user)
    except bulk.UndoRefused as refused:
        messages.error(request, str(refused))
        return redirect("synthesis_jobs:bulk", record.pk)
    noun = "suggestion is" if count == 1 else "suggestions are"
    messages.success(request, f"Undone: its highlights are deleted and {count} {noun} pending again.")
    return redirect(_inbox_url(record.job_id))


# Themes ------------------------------------------------------------------------------------------------------------


def job_themes(request: HttpRequest, job_id: int) -> HttpResponse:
    job = _job_or_404(job_id)
    context = {"job": job, "themes": selectors.themes_with_quotes(job), "can_write": _can_write(request)}
    return render(request, "synthesis/jobs/themes.html", context)


def insight_url(insight) -> str:
    """The insight's page; the transcripts list until the insights pages exist."""
    try:
        return reverse("insights:detail", args=[insight.pk])
    except NoReverseMatch:
        return reverse("coding:transcripts")


@require_POST
def theme_insight(request: HttpRequest, theme_id: int) -> HttpResponse:
    require_role(request, WRITE_RESEARCH)
    theme = or_404(Theme.objects.filter(pk=theme_id).first())
    try:
        insight = services.theme_make_insight(
            theme=theme, actor=request.user, statement=request.POST.get("statement", "").strip()
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("synthesis_jobs:themes", theme.job_id)
    messages.success(request, f"The theme “{theme.label}” is an insight now, with its quotes as evidence.")
    return redirect(insight_url(insight))
