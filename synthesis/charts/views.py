"""The charts page: tag frequency by segment, the distribution of pain scores and the saturation curve, drawn as SVG
with a data table beside each chart, every bar a link to the quotes behind it (the quotes page). Every member reads
both; they are routed as `insights:charts` and `insights:chart_quotes`."""

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from synthesis.charts import layout, selectors
from synthesis.coding.services import tag_paths
from synthesis.insights.views import transcript_link, url_maker
from synthesis.models import PAIN_RUBRIC

QUOTES_PAGE_SIZE = 50


def _int(value, default: int, low: int, high: int) -> int:
    try:
        return max(low, min(high, int(value)))
    except (TypeError, ValueError):
        return default


def _id(value) -> int | None:
    return int(value) if isinstance(value, str) and value.isdigit() else None


def _scope(request: HttpRequest) -> selectors.Scope:
    return selectors.Scope(study=_id(request.GET.get("study")), round=_id(request.GET.get("round")))


def _quotes_url(scope: selectors.Scope, **params) -> str:
    """The quotes page for a bar: the chart's scope and what the bar counts."""
    query = [(name, value) for name, value in (("study", scope.study), ("round", scope.round)) if value]
    for name, value in params.items():
        query += [(name, v) for v in value] if isinstance(value, list | tuple) else [(name, value)]
    return reverse("insights:chart_quotes") + "?" + urlencode(query)


def charts_page(request: HttpRequest) -> HttpResponse:
    scope = _scope(request)
    names = selectors.attribute_names()
    attribute = request.GET.get("attribute", "")
    if attribute not in names:
        attribute = "segment" if "segment" in names else (names[0] if names else "")
    top = _int(request.GET.get("top"), selectors.DEFAULT_TOP, 1, 40)
    window = _int(request.GET.get("window"), selectors.DEFAULT_WINDOW, 1, 50)
    frequency = selectors.tag_frequency_by_segment(attribute=attribute, scope=scope, top=top) if attribute else None
    pain = selectors.pain_distribution(scope=scope)
    saturation = selectors.saturation(scope=scope, window=window)
    transcript_url = url_maker("coding:transcript")

    def frequency_link(row, segment):
        values = frequency.folded.get(segment, [segment])
        return _quotes_url(scope, tag=row.tag_id, attribute=attribute, value=values)

    def saturation_link(point):
        return _quotes_url(scope, transcript=point.transcript_id, tag=list(point.new_tag_ids))

    context = {
        "scope": scope,
        "attribute": attribute,
        "attributes": names,
        "top": top,
        "window": window,
        "frequency": frequency,
        "frequency_chart": (
            layout.tag_frequency_chart(frequency, link=frequency_link) if frequency and frequency.rows else None
        ),
        "pain": pain,
        "pain_chart": layout.pain_chart(pain, link=lambda level, by: _quotes_url(scope, pain=level, by=by)),
        "saturation": saturation,
        "saturation_chart": layout.saturation_chart(saturation, link=saturation_link) if saturation.points else None,
        "saturation_rows": layout.saturation_rows(saturation.points, transcript_url),
        **selectors.scope_choices(),
    }
    return render(request, "synthesis/charts/page.html", context)


def chart_quotes(request: HttpRequest) -> HttpResponse:
    """The quotes behind a bar of the charts page, or any such filter typed by hand: by scope, tags, a participant
    attribute's values, a pain score by people or the AI, an interview."""
    scope = _scope(request)
    tags = tuple(pk for pk in map(_id, request.GET.getlist("tag")) if pk is not None)
    attribute = request.GET.get("attribute", "")
    values = tuple(v for v in request.GET.getlist("value") if v) if attribute else ()
    pain = _id(request.GET.get("pain"))
    pain = pain if pain in PAIN_RUBRIC else None
    by = "ai" if request.GET.get("by") == "ai" else "people"
    quote_filter = selectors.QuoteFilter(
        scope=scope, tags=tags, attribute=attribute, values=values, pain=pain, pain_by=by,
        transcript=_id(request.GET.get("transcript")),
    )  # fmt: skip
    page = Paginator(selectors.chart_quotes(quote_filter), QUOTES_PAGE_SIZE).get_page(request.GET.get("page"))
    quotes = list(page.object_list)
    paths = tag_paths()
    context = {
        "page": page,
        "quotes": [(h, transcript_link(h), [paths.get(t.pk, t.name) for t in h.tags.all()]) for h in quotes],
        "filter": quote_filter,
        "tag_names": [paths.get(pk, "?") for pk in tags],
        "charts_query": urlencode([(k, v) for k, v in (("study", scope.study), ("round", scope.round)) if v]),
        "page_query": urlencode([(k, value) for k, values in request.GET.lists() if k != "page" for value in values]),
        **selectors.scope_names(scope),
    }
    return render(request, "synthesis/charts/quotes.html", context)
