"""Every write to studies and their rounds."""

from django.core.exceptions import ValidationError
from django.db import transaction

from studies.edits import move, next_order, renumber, set_fields
from studies.models import STUDY_TRANSITIONS, Round, Study
from workspaces.models import User

STUDY_FIELDS = frozenset(
    {
        "title", "goal", "research_questions", "method", "programme_model", "owner", "starts_on", "ends_on",
        "incentive_amount", "incentive_currency", "incentive_description",
    }
)  # fmt: skip
ROUND_FIELDS = frozenset(
    {
        "kind", "purpose", "target_participants", "starts_on", "ends_on", "status", "time_budget_minutes",
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
def round_update(*, round: Round, actor: User | None, **fields) -> Round:
    set_fields(round, fields, ROUND_FIELDS)
    round.full_clean()
    round.save()
    return round


@transaction.atomic
def round_move(*, round: Round, direction: str, actor: User | None) -> None:
    move(round, Round.objects.filter(study_id=round.study_id), direction)


@transaction.atomic
def round_delete(*, round: Round, actor: User | None) -> None:
    study_id = round.study_id
    round.delete()
    renumber(list(Round.objects.filter(study_id=study_id).select_for_update().order_by("order")))
