"""Reads for the guide editor and its versions, each with a fixed number of queries whatever the number of questions,
versions or interviews."""

from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from studies.guides.usage import guide_usage
from studies.guides.versions import Change, diff
from studies.models import GuideQuestion, GuideVersion, Round
from studies.programme.selectors import rounds_with_guides


def round_with_guide(round_id) -> Round | None:
    return (
        Round.objects.select_related("study")
        .prefetch_related(Prefetch("questions", queryset=GuideQuestion.objects.order_by("order")))
        .filter(pk=round_id)
        .first()
    )


def rounds_for_copy(*, exclude_round_id) -> QuerySet[Round]:
    """Rounds with a guide to copy from, across every study of the workspace."""
    return rounds_with_guides().select_related("study").filter(question_count__gt=0).exclude(pk=exclude_round_id)


@dataclass
class VersionRow:
    """One version of a live round's guide, with what changed from the one before and how many interviews took it."""

    version: GuideVersion
    changes: list[Change]
    sessions: int


def guide_versions(round_id) -> list[VersionRow]:
    """The round's guide versions, newest first, each compared with the one before (two queries, plus the usage
    counters')."""
    versions = list(GuideVersion.objects.filter(round_id=round_id).select_related("created_by").order_by("number"))
    counts = guide_usage(round_id).by_version if versions else {}
    rows, previous = [], None
    for version in versions:
        changes = diff(previous.questions, version.questions) if previous is not None else []
        rows.append(VersionRow(version=version, changes=changes, sessions=counts.get(version.pk, 0)))
        previous = version
    return rows[::-1]


def latest_version(round_id) -> GuideVersion | None:
    return GuideVersion.objects.filter(round_id=round_id).select_related("created_by").order_by("-number").first()


def version_at(round_id, when) -> GuideVersion | None:
    """The version in force at `when` (a call's start): the last one made by then, or by now for a call ahead."""
    versions = GuideVersion.objects.filter(round_id=round_id, created_at__lte=min(when, timezone.now()))
    return versions.select_related("created_by").order_by("-number").first()
