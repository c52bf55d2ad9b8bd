"""Bulk acceptances of suggestions, and their undo: the record, the rule for when undo is still possible, the undo.

Undo is possible for 24 hours after a bulk accept, as long as none of its highlights is used: backing an insight,
grouped in a theme, or linked to a roadmap item (later apps register their uses here from `AppConfig.ready()`,
since synthesis cannot import them). Evidence is never taken away silently: remove the highlight from where it is
used first. Undo deletes the highlights (with the notes, pain and tags added to them since) and returns their
suggestions to pending, all or nothing; tags the acceptance created stay in the codebook.
"""

from collections.abc import Callable, Iterable
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.formats import date_format

from synthesis.models import BulkAcceptance, Highlight, Suggestion, SuggestionStatus, SynthesisJob
from workspaces.models import User

UNDO_WINDOW = timedelta(hours=24)

UseFinder = Callable[[list[int]], set[int]]  # highlight ids -> those of them in use
_USES: dict[str, tuple[tuple[str, str], UseFinder]] = {}


def register_highlight_use(name: str, label: tuple[str, str], finder: UseFinder) -> None:
    """`label` completes "N of its highlights ...", singular and plural ("backs an insight", "back an insight");
    registering a name twice replaces it."""
    _USES[name] = (label, finder)


def _in_insights(ids: list[int]) -> set[int]:
    return set(Highlight.objects.filter(pk__in=ids, insights__isnull=False).values_list("pk", flat=True))


def _in_themes(ids: list[int]) -> set[int]:
    return set(Highlight.objects.filter(pk__in=ids, themes__isnull=False).values_list("pk", flat=True))


register_highlight_use("insights", ("backs an insight", "back an insight"), _in_insights)
register_highlight_use("themes", ("is in a clustering theme", "are in a clustering theme"), _in_themes)


def highlights_in_use(ids: Iterable[int]) -> dict[tuple[str, str], set[int]]:
    """{label: the ids in that use}, one query per kind of use whatever the number of highlights."""
    ids = list(ids)
    if not ids:
        return {}
    found = {label: finder(ids) for label, finder in _USES.values()}
    return {label: used for label, used in found.items() if used}


class UndoRefused(Exception):
    """Undo is no longer possible; the message says why, `code` names it for the API."""

    def __init__(self, message: str, code: str):
        super().__init__(message)
        self.code = code


def _when(moment: datetime) -> str:
    return date_format(timezone.localtime(moment), "j M, H:i")


def undo_blocker(bulk: BulkAcceptance, highlight_ids: set[int], in_use: dict, *, now=None) -> tuple[str, str]:
    """(why undo is no longer possible, its code), or ("", "") while it is."""
    now = now or timezone.now()
    if bulk.undone_at:
        who = f" by {bulk.undone_by.display_name}" if bulk.undone_by else ""
        return f"Undone {_when(bulk.undone_at)}{who}.", "already_undone"
    if now >= bulk.created_at + UNDO_WINDOW:
        reason = "Undo is possible for 24 hours after a bulk accept; delete a highlight by hand on its transcript."
        return reason, "undo_expired"
    counts = [(len(highlight_ids & used), label) for label, used in in_use.items() if highlight_ids & used]
    if counts:
        uses = " and ".join(f"{n} {label[0] if n == 1 else label[1]}" for n, label in counts)
        reason = (
            f"Undo is no longer possible: of its highlights, {uses}. Undo never takes evidence away: remove them "
            "from there first, or delete highlights one by one on their transcripts."
        )
        return reason, "highlights_in_use"
    return "", ""


def bulk_acceptance_record(
    *, suggestions: list[Suggestion], actor: User | None, job: int | None = None, min_score: float | None = None
) -> BulkAcceptance:
    """Called inside the bulk accept's transaction, once its suggestions are highlights."""
    bulk = BulkAcceptance.objects.create(job_id=job, min_score=min_score, count=len(suggestions), created_by=actor)
    bulk.suggestions.set(suggestions)
    return bulk


@transaction.atomic
def bulk_acceptance_undo(*, bulk: BulkAcceptance, actor: User | None) -> int:
    """Delete the highlights a bulk accept made and put its suggestions back to pending, all or none; returns how
    many suggestions are pending again. Raises UndoRefused when undo is no longer possible."""
    locked = BulkAcceptance.objects.select_for_update(of=("self",)).select_related("undone_by").get(pk=bulk.pk)
    suggestions = list(
        Suggestion.objects.select_for_update(of=("self",)).filter(bulk_acceptances=locked,
                                                                 status=SuggestionStatus.ACCEPTED)
    )  # fmt: skip
    ids = [s.highlight_id for s in suggestions if s.highlight_id]
    # Locked before the check: nobody can add one of them to an insight between the check and the delete.
    locked_ids = set(Highlight.objects.select_for_update().filter(pk__in=ids).values_list("pk", flat=True))
    reason, code = undo_blocker(locked, locked_ids, highlights_in_use(locked_ids))
    if reason:
        raise UndoRefused(reason, code)
    Highlight.objects.filter(pk__in=locked_ids).delete()
    Suggestion.objects.filter(pk__in=[s.pk for s in suggestions]).update(
        status=SuggestionStatus.PENDING, highlight=None, decided_by=None, decided_at=None
    )
    locked.undone_at, locked.undone_by = timezone.now(), actor
    locked.save(update_fields=["undone_at", "undone_by"])
    bulk.undone_at, bulk.undone_by = locked.undone_at, actor
    return len(suggestions)


# Reads ------------------------------------------------------------------------------------------------------------


def bulk_acceptances(*, job: int | None = None) -> QuerySet[BulkAcceptance]:
    """Newest first, with who made and undid them and their suggestions' highlight ids (two queries)."""
    bulks = BulkAcceptance.objects.select_related("created_by", "undone_by", "job").prefetch_related(
        Prefetch("suggestions", queryset=Suggestion.objects.only("pk", "highlight_id", "status", "job_id"))
    )
    if job is not None:
        bulks = bulks.filter(pk__in=BulkAcceptance.objects.filter(suggestions__job_id=job).values("pk"))
    return bulks.order_by("-created_at", "-pk")


def with_undo_state(bulks: Iterable[BulkAcceptance], *, now=None) -> list[BulkAcceptance]:
    """Sets `highlight_ids`, `undo_blocked` (why not, or ""), `undo_code` and `undo_until` on each: one query per
    kind of highlight use, whatever the number of bulk acceptances."""
    bulks = list(bulks)
    for bulk in bulks:
        bulk.highlight_ids = {s.highlight_id for s in bulk.suggestions.all() if s.highlight_id}
    live = [b for b in bulks if not b.undone_at and (now or timezone.now()) < b.created_at + UNDO_WINDOW]
    in_use = highlights_in_use({pk for b in live for pk in b.highlight_ids})
    for bulk in bulks:
        bulk.undo_blocked, bulk.undo_code = undo_blocker(bulk, bulk.highlight_ids, in_use, now=now)
        bulk.undo_until = bulk.created_at + UNDO_WINDOW
    return bulks


def recent_bulk_acceptances(*, job: SynthesisJob | int | None = None, limit: int = 5) -> list[BulkAcceptance]:
    """The last few bulk accepts for the inbox and a job's page, with whether each may still be undone."""
    job_id = job.pk if isinstance(job, SynthesisJob) else job
    return with_undo_state(bulk_acceptances(job=job_id)[:limit])


def bulk_acceptance_detail(bulk_id) -> BulkAcceptance | None:
    """One bulk accept with its suggestions, their highlights, tags and transcripts (fixed queries)."""
    suggestions = Suggestion.objects.select_related("highlight", "utterance__transcript").prefetch_related(
        "highlight__tags"
    )
    bulk = (
        BulkAcceptance.objects.select_related("created_by", "undone_by", "job")
        .prefetch_related(Prefetch("suggestions", queryset=suggestions.order_by(*Suggestion._meta.ordering)))
        .filter(pk=bulk_id)
        .first()
    )
    return with_undo_state([bulk])[0] if bulk else None
