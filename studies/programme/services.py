"""Every write to studies and their rounds."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from studies.edits import move, next_order, renumber, set_fields
from studies.models import STUDY_TRANSITIONS, Round, RoundStatus, Study, StudyStatus
from workspaces.models import User

STUDY_FIELDS = frozenset(
    {
        "title", "public_title", "public_description", "goal", "research_questions", "method", "programme_model",
        "owner", "starts_on", "ends_on", "incentive_amount", "incentive_currency", "incentive_description",
    }
)  # fmt: skip
ROUND_FIELDS = frozenset(
    {
        "kind", "purpose", "target_participants", "starts_on", "ends_on", "time_budget_minutes",
        "incentive_amount", "incentive_currency", "incentive_description", "hidden_fields", "reminder_after_days",
    }
)  # fmt: skip


def _clean_questions(questions) -> list[str]:
    if isinstance(questions, str):
        questions = questions.splitlines()
    return [q.strip() for q in questions or [] if isinstance(q, str) and q.strip()]


@transaction.atomic
def study_create(*, title: str, goal: str, actor: User | None, **fields) -> Study:
    fields.setdefault("owner", actor)
    study = Study(title=title.strip(), goal=goal)
    set_fields(study, fields, STUDY_FIELDS)
    study.research_questions = _clean_questions(study.research_questions)
    study.full_clean()
    study.save()
    return study


@transaction.atomic
def study_update(*, study: Study, actor: User | None, **fields) -> Study:
    set_fields(study, fields, STUDY_FIELDS)
    if "research_questions" in fields:
        study.research_questions = _clean_questions(study.research_questions)
    study.full_clean()
    study.save()
    return study


@transaction.atomic
def study_transition(*, study: Study, status: str, actor: User | None) -> Study:
    """Move the study along draft -> recruiting -> running -> synthesizing -> done, one allowed step at a time."""
    study = Study.objects.select_for_update().get(pk=study.pk)
    if status not in STUDY_TRANSITIONS.get(study.status, ()):
        allowed = ", ".join(sorted(STUDY_TRANSITIONS.get(study.status, ()))) or "none: the study is done"
        raise ValidationError({"status": f"A {study.status} study cannot become {status}. Allowed: {allowed}."})
    study.status = status
    study.save(update_fields=["status", "updated_at"])
    return study


@transaction.atomic
def round_add(
    *, study: Study, kind: str, purpose: str, target_participants: int, actor: User | None, **fields
) -> Round:
    Study.objects.select_for_update().get(pk=study.pk)  # one writer numbers the rounds at a time
    round_ = Round(study=study, order=next_order(study.rounds.all()), kind=kind, purpose=purpose.strip())
    round_.target_participants = target_participants
    set_fields(round_, fields, ROUND_FIELDS)
    round_.full_clean()
    round_.save()
    return round_


@transaction.atomic
def round_update(*, round: Round, actor: User | None, status: str | None = None, **fields) -> Round:
    """Change a round's plan; a new `status` goes through the same steps as the close and reopen actions."""
    # A bound ModelForm has already put the new status on the instance: compare with the stored one.
    round.status = Round.objects.filter(pk=round.pk).values_list("status", flat=True).get()
    set_fields(round, fields, ROUND_FIELDS)
    round.full_clean()
    round.save()
    if status is not None and status != round.status:
        if status not in RoundStatus.values:
            raise ValidationError({"status": f"Choose one of {', '.join(RoundStatus.values)}."})
        if status == RoundStatus.CLOSED:
            round = round_close(round=round, actor=actor)
        elif round.status == RoundStatus.CLOSED:
            round = round_reopen(round=round, actor=actor, status=status)
        elif status == RoundStatus.LIVE:
            round = _round_set_live(round)
        else:  # live -> planned: a round marked live by mistake; activity makes it live again
            Round.objects.filter(pk=round.pk).update(status=RoundStatus.PLANNED, live_at=None)
            round.status, round.live_at = RoundStatus.PLANNED, None
    return round


@transaction.atomic
def round_move(*, round: Round, direction: str, actor: User | None) -> None:
    move(round, Round.objects.filter(study_id=round.study_id), direction)


@transaction.atomic
def round_delete(*, round: Round, actor: User | None) -> None:
    study_id = round.study_id
    round.delete()
    renumber(list(Round.objects.filter(study_id=study_id).select_for_update().order_by("order")))


# Where a study stands ----------------------------------------------------------------------------------------------


def round_go_live(*, round: Round) -> Round:
    """The round's first link, invitation, session or booking: a planned round becomes live (once).

    Called on every such write, so the usual case (already live or closed) costs no query; the conditional UPDATE
    makes two first bookings at once set `live_at` once."""
    if round.status != RoundStatus.PLANNED:
        return round
    with transaction.atomic():
        return _round_set_live(round)


def _round_set_live(round: Round) -> Round:
    now = timezone.now()
    if Round.objects.filter(pk=round.pk).exclude(status=RoundStatus.LIVE).update(status=RoundStatus.LIVE, live_at=now):
        round.status, round.live_at, round.closed_at = RoundStatus.LIVE, now, None
        study_follow_rounds(study_id=round.study_id)
    else:
        round.refresh_from_db(fields=["status", "live_at", "closed_at"])
    return round


@transaction.atomic
def round_close(*, round: Round, actor: User | None) -> Round:
    """Close a round by hand or at its end date: async links take no new sessions (started ones may finish),
    sync rounds take no new bookings. Closing a closed round changes nothing."""
    locked = Round.objects.select_for_update().get(pk=round.pk)
    if locked.status != RoundStatus.CLOSED:
        locked.status, locked.closed_at = RoundStatus.CLOSED, timezone.now()
        locked.save(update_fields=["status", "closed_at"])
        study_follow_rounds(study_id=locked.study_id)
    round.status, round.closed_at = locked.status, locked.closed_at
    return round


@transaction.atomic
def round_reopen(*, round: Round, actor: User | None, status: str | None = None) -> Round:
    """Open a closed round again: live if it had gone live (or `status` says live), else planned."""
    locked = Round.objects.select_for_update().get(pk=round.pk)
    if locked.status != RoundStatus.CLOSED:
        raise ValidationError({"status": "Only a closed round can be reopened."})
    if status is None:
        status = RoundStatus.LIVE if locked.live_at else RoundStatus.PLANNED
    locked.status, locked.closed_at = status, None
    if status == RoundStatus.LIVE and locked.live_at is None:
        locked.live_at = timezone.now()
    locked.save(update_fields=["status", "closed_at", "live_at"])
    if status == RoundStatus.LIVE:
        study_follow_rounds(study_id=locked.study_id)
    round.status, round.closed_at, round.live_at = locked.status, locked.closed_at, locked.live_at
    return round


def rounds_close_ended(*, today: date | None = None) -> int:
    """Close the live rounds whose end date has passed (beat runs this in every workspace); returns how many."""
    today = today or timezone.localdate()
    closed = 0
    for round_ in Round.objects.filter(status=RoundStatus.LIVE, ends_on__lt=today):
        round_close(round=round_, actor=None)
        closed += 1
    return closed


# A round becoming live makes its study running; the last round closing makes it synthesizing. A person may still
# move the study by hand (STUDY_TRANSITIONS); a study that is done stays done.
FOLLOW_LIVE_FROM = (StudyStatus.DRAFT, StudyStatus.RECRUITING, StudyStatus.SYNTHESIZING)


def study_follow_rounds(*, study_id: int) -> None:
    """Move the study with its rounds; called inside the transaction that changed a round's status."""
    study = Study.objects.select_for_update().filter(pk=study_id).first()
    if study is None:
        return
    statuses = set(Round.objects.filter(study_id=study_id).values_list("status", flat=True))
    new = study.status
    if RoundStatus.LIVE in statuses and study.status in FOLLOW_LIVE_FROM:
        new = StudyStatus.RUNNING
    elif statuses == {RoundStatus.CLOSED} and study.status == StudyStatus.RUNNING:
        new = StudyStatus.SYNTHESIZING
    if new != study.status:
        study.status = new
        study.save(update_fields=["status", "updated_at"])
