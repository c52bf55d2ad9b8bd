"""Reads for the guide editor and its versions, each with a fixed number of queries whatever the number of questions,
versions or interviews."""

import threading
from collections import OrderedDict
from dataclasses import dataclass

from django.db import connection
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


_VERSIONS: OrderedDict[tuple[int, int], GuideVersion] = OrderedDict()
_VERSIONS_LOCK = threading.Lock()
VERSIONS_KEPT = 512


def guide_version(pk: int) -> GuideVersion | None:
    """A guide version by id, kept in this process: a version never changes once made (the admin shows it read-only),
    so an interview's pages and turns need not read its questions again. Kept per workspace row (its id is never
    reused, unlike a schema name); outside a workspace's request or task it is read every time."""
    workspace = getattr(getattr(connection, "tenant", None), "pk", None)
    if workspace is None:
        return GuideVersion.objects.filter(pk=pk).first()
    key = (workspace, pk)
    with _VERSIONS_LOCK:
        if (version := _VERSIONS.get(key)) is not None:
            _VERSIONS.move_to_end(key)
            return version
    version = GuideVersion.objects.filter(pk=pk).first()
    if version is not None:
        with _VERSIONS_LOCK:
            _VERSIONS[key] = version
            while len(_VERSIONS) > VERSIONS_KEPT:
                _VERSIONS.popitem(last=False)
    return version
