"""The charts page: tag frequency by segment, the distribution of pain scores and the saturation curve, drawn as SVG
with a data table beside each chart. Every member reads it; it is routed as `insights:charts`."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from synthesis.charts import layout, selectors
from synthesis.insights.views import url_maker


def _int(value, default: int, low: int, high: int) -> int:
    try:
        return max(low, min(high, int(value)))
    except (TypeError, ValueError):
        return default


def _id(value) -> int | None:
    return int(value) if isinstance(value, str) and value.isdigit() else None


def charts_page(request: HttpRequest) -> HttpResponse:
    scope = selectors.Scope(study=_id(request.GET.get("study")), round=_id(request.GET.get("round")))
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
    context = {
        "scope": scope,
        "attribute": attribute,
        "attributes": names,
        "top": top,
        "window": window,
        "frequency": frequency,
        "frequency_chart": layout.tag_frequency_chart(frequency) if frequency and frequency.rows else None,
        "pain": pain,
        "pain_chart": layout.pain_chart(pain),
        "saturation": saturation,
        "saturation_chart": layout.saturation_chart(saturation) if saturation.points else None,
        "saturation_rows": [(p, transcript_url(p.transcript_id)) for p in saturation.points],
        **selectors.scope_choices(),
    }
    return render(request, "synthesis/charts/page.html", context)
