"""Template tags of the roadmap pages, for the pieces other apps' pages include."""

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def insight_roadmap(context, insight) -> dict:
    """What `roadmap/_insight_links.html` shows for `insight`: the items it supports and, for writers, the picker.

    The insight page includes the template with just `insight`; the roadmap's own views pass `roadmap` ready made
    (with a bound form and its errors)."""
    from roadmap.views import insight_links_context

    ready = context.get("roadmap")
    if ready is not None and ready.get("insight") == insight:
        return ready
    return insight_links_context(context["request"], insight)


@register.filter
def number(value) -> str:
    """2, 2.5 or 2.25: as few decimals as the value needs (two at most), as the priority's explanation writes them."""
    if value is None or value == "":
        return ""
    return f"{float(value):.2f}".rstrip("0").rstrip(".")
