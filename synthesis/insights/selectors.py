"""Reads about insights for other apps' pages, with a fixed number of queries."""

from studies.models import Study
from synthesis.models import Insight


def study_insight_counts(study: Study) -> dict[str, int]:
    """How many insights quote this study (one of their highlights comes from it). One query."""
    return {"insights": Insight.objects.filter(highlights__study=study).distinct().count()}
