"""The incentive ledger's totals on pages of apps below interviews (the study page): studies cannot import the
ledger, so its template includes this tag instead (a template names a tag, never a module)."""

from django import template

from interviews.incentives.selectors import budget_warning, incentive_totals

register = template.Library()


@register.inclusion_tag("interviews/incentives/_study_totals.html")
def study_incentives(study):
    """Owed, approved, paid and declined per currency, spent per month, and the budget warning (three queries)."""
    return {"study": study, "totals": incentive_totals(study_id=study.pk), "warning": budget_warning(study)}
