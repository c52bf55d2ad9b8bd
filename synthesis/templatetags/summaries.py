"""`{% summary_card transcript=... %}` (or round=, study=): the summary block the session, booking, transcript and
study pages show, rendered by synthesis so that the apps below it need not import it."""

from django import template
from django.db.models import Q

from synthesis.models import Summary
from synthesis.summaries.citations import url
from synthesis.summaries.selectors import Scope, Shown, summary_shown
from workspaces.access import WRITE_RESEARCH

register = template.Library()


def _numbered(summary: Summary | None) -> tuple[list[dict], list[dict]]:
    """Points with each citation numbered and linked, and the quotes linked."""
    if summary is None:
        return [], []
    points = [
        {**p, "citations": [{**c, "url": url(c)} for c in p.get("citations", [])]}
        for p in summary.content.get("points", [])
    ]
    quotes = [{**q, "url": url(q)} for q in summary.content.get("quotes", [])]
    return points, quotes


@register.inclusion_tag("synthesis/summaries/_card.html", takes_context=True)
def summary_card(context, transcript=None, round=None, study=None):
    scope = Scope(transcript=transcript, round=round, study=study)
    rounds, own = [], None
    if study is not None:  # the study's summary and its rounds' in one query
        found = Summary.objects.filter(Q(study=study) | Q(round__study=study)).select_related("round")
        for summary in sorted(found, key=lambda s: s.round.order if s.round_id else -1):
            if summary.round_id:
                rounds.append((summary, *_numbered(summary)))
            else:
                own = summary
        shown = summary_shown(scope, own) if own else Shown(None, False)
    else:
        shown = summary_shown(scope)
    membership = context.get("membership")
    points, quotes = _numbered(shown.summary)
    return {
        "scope": scope,
        "summary": shown.summary,
        "stale": shown.stale,
        "points": points,
        "quotes": quotes,
        "rounds": rounds,
        "can_write": bool(membership and membership.role in WRITE_RESEARCH),
        "csrf_token": context.get("csrf_token"),
    }
