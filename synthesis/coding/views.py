"""The coding pages: the transcripts to code, and one transcript's utterances with their highlights, tags and pain.

Every change answers htmx with the changed utterance (`transcript.html#utterance`) and a plain form post with a
redirect back to that utterance, or the page with the error on it."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.http import require_POST

from interviews.models import Transcript, Utterance
from studies.models import RoundKind
from studies.pages import or_404
from synthesis.coding import services as coding
from synthesis.insights.services import insight_choices
from synthesis.models import PAIN_RUBRIC, Highlight
from workspaces.access import WRITE_RESEARCH, require_role

PAGE_SIZE = 50
# The select shows "4 · Severe"; the rubric beside the transcript spells each level out.
PAIN_CHOICES = [(value, text.split(":")[0]) for value, text in PAIN_RUBRIC.items()]


class HighlightForm(forms.Form):
    """A selection (start and end, filled in by coding.js) or, without JavaScript, a quote to find."""

    utterance = forms.IntegerField(min_value=1)
    start = forms.IntegerField(required=False)
    end = forms.IntegerField(required=False)
    quote = forms.CharField(required=False, max_length=20_000, strip=False)

    def span(self, text: str) -> tuple[int, int]:
        start, end = self.cleaned_data.get("start"), self.cleaned_data.get("end")
        if start is not None and end is not None:
            return start, end
        return coding.span_of_quote(text, self.cleaned_data.get("quote", ""))


def _id(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


def _can_write(request) -> bool:
    return request.membership.role in WRITE_RESEARCH


def transcript_list(request: HttpRequest) -> HttpResponse:
    study, round_ = _id(request.GET.get("study")), _id(request.GET.get("round"))
    kind = request.GET.get("kind", "") if request.GET.get("kind") in RoundKind.values else ""
    page = Paginator(coding.transcripts_list(study=study, round=round_, kind=kind), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {
        "page": page,
        "transcripts": page.object_list,
        "study": study,
        "round": round_,
        "kind": kind,
        "kinds": RoundKind.choices,
        "agreement": coding.rounds_pain_agreement(study=study, round=round_),
        **coding.filter_choices(),
    }
    template = "synthesis/coding/transcripts.html#results" if request.htmx else "synthesis/coding/transcripts.html"
    return render(request, template, context)


def _page_context(request, transcript: Transcript, errors: dict[int, list[str]] | None = None) -> dict:
    sync = transcript.kind == RoundKind.SYNC
    utterances = [coding.prepare_for_coding(u, sync=sync) for u in transcript.utterances.all()]
    for utterance in utterances:
        utterance.errors = (errors or {}).get(utterance.pk, [])
    return {
        "transcript": transcript,
        "study": transcript.round.study,
        "utterances": utterances,
        "rubric": PAIN_RUBRIC.items(),
        "pain_choices": PAIN_CHOICES,
        "agreement": coding.round_pain_agreement(transcript.round_id),
        "tag_choices": coding.tag_choices(),
        "can_write": _can_write(request),
        "insight_choices": insight_choices() if _can_write(request) else [],  # "Add to insight" on each highlight
    }


def transcript_detail(request: HttpRequest, transcript_id: int) -> HttpResponse:
    transcript = or_404(coding.transcript_detail(transcript_id))
    return render(request, "synthesis/coding/transcript.html", _page_context(request, transcript))


def _after_change(
    request,
    *,
    transcript_id: int,
    utterance_id: int,
    error: ValidationError | None = None,
    refresh_tags: bool = False,
    created: Highlight | None = None,
) -> HttpResponse:
    problems = error.messages if error else []
    status = 400 if error else 200
    if request.htmx:
        utterance = or_404(coding.utterance_detail(utterance_id))
        coding.prepare_for_coding(utterance, sync=utterance.transcript.kind == RoundKind.SYNC)
        utterance.errors = problems
        context = {
            "u": utterance,
            "transcript": utterance.transcript,
            "pain_choices": PAIN_CHOICES,
            "can_write": True,
            "new_highlight": created.pk if created else None,  # its tag picker takes the keyboard: tag it next
            "insight_choices": insight_choices(),
        }
        html = render_to_string("synthesis/coding/transcript.html#utterance", context, request)
        if refresh_tags:  # a tag created inline joins every picker's suggestions
            oob = {"tag_choices": coding.tag_choices(), "oob": True}
            html += render_to_string("synthesis/coding/transcript.html#tag-options", oob, request)
        return HttpResponse(html, status=status)
    if error:
        transcript = or_404(coding.transcript_detail(transcript_id))
        context = _page_context(request, transcript, {utterance_id: problems})
        return render(request, "synthesis/coding/transcript.html", context, status=status)
    return redirect(reverse("coding:transcript", args=[transcript_id]) + f"#u-{utterance_id}")


def _utterance_or_404(transcript_id: int, utterance_id) -> Utterance:
    utterance = coding.utterance_detail(utterance_id) if utterance_id else None
    if utterance is None or utterance.transcript_id != transcript_id:
        raise Http404("No such utterance in this transcript.")
    return utterance


def _highlight_or_404(highlight_id: int) -> Highlight:
    return or_404(Highlight.objects.filter(pk=highlight_id).first())


@require_POST
def highlight_create(request: HttpRequest, transcript_id: int) -> HttpResponse:
    require_role(request, WRITE_RESEARCH)
    form = HighlightForm(request.POST)
    form.is_valid()
    utterance = _utterance_or_404(transcript_id, form.cleaned_data.get("utterance"))
    try:
        if form.errors:
            raise ValidationError([message for errors in form.errors.values() for message in errors])
        start, end = form.span(utterance.text)
        highlight = coding.highlight_create(utterance=utterance, start=start, end=end, actor=request.user)
    except ValidationError as error:
        return _after_change(request, transcript_id=transcript_id, utterance_id=utterance.pk, error=error)
    return _after_change(request, transcript_id=transcript_id, utterance_id=utterance.pk, created=highlight)


@require_POST
def highlight_tag(request: HttpRequest, highlight_id: int) -> HttpResponse:
    """Tag a highlight with the tag the picker names, creating it in the codebook when it is new."""
    require_role(request, WRITE_RESEARCH)
    highlight = _highlight_or_404(highlight_id)
    where = {"transcript_id": highlight.transcript_id, "utterance_id": highlight.utterance_id}
    try:
        tag = coding.tag_for_label(label=request.POST.get("tag", ""), actor=request.user)
        coding.highlight_tag(highlight=highlight, tag=tag, actor=request.user)
    except ValidationError as error:
        return _after_change(request, **where, error=error)
    return _after_change(request, **where, refresh_tags=True)


@require_POST
def highlight_untag(request: HttpRequest, highlight_id: int, tag_id: int) -> HttpResponse:
    require_role(request, WRITE_RESEARCH)
    highlight = _highlight_or_404(highlight_id)
    if tag := highlight.tags.filter(pk=tag_id).first():
        coding.highlight_untag(highlight=highlight, tag=tag, actor=request.user)
    return _after_change(request, transcript_id=highlight.transcript_id, utterance_id=highlight.utterance_id)


@require_POST
def highlight_pain(request: HttpRequest, highlight_id: int) -> HttpResponse:
    require_role(request, WRITE_RESEARCH)
    highlight = _highlight_or_404(highlight_id)
    where = {"transcript_id": highlight.transcript_id, "utterance_id": highlight.utterance_id}
    try:
        coding.highlight_set_pain(highlight=highlight, pain=request.POST.get("pain", ""), actor=request.user)
    except ValidationError as error:
        return _after_change(request, **where, error=error)
    return _after_change(request, **where)


@require_POST
def highlight_delete(request: HttpRequest, highlight_id: int) -> HttpResponse:
    require_role(request, WRITE_RESEARCH)
    highlight = _highlight_or_404(highlight_id)
    coding.highlight_delete(highlight=highlight, actor=request.user)
    if not request.htmx:
        messages.success(request, f"Deleted the highlight {highlight}.")
    return _after_change(request, transcript_id=highlight.transcript_id, utterance_id=highlight.utterance_id)
