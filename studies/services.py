"""Every write to studies, their rounds and discussion guides."""

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max

from studies.guide_templates import TEMPLATES
from studies.models import STUDY_TRANSITIONS, GuideQuestion, Participant, Round, RoundStatus, Study
from studies.planner import PlannerInput, recommend
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
QUESTION_FIELDS = frozenset({"text", "intent", "probing", "max_follow_ups", "estimated_minutes"})
PARTICIPANT_FIELDS = frozenset(
    {"name", "email", "timezone", "locale", "attributes", "consent_to_contact", "do_not_contact"}
)


def _set_fields(obj, fields: dict, allowed: frozenset) -> None:
    unknown = set(fields) - allowed
    if unknown:
        raise ValidationError(dict.fromkeys(unknown, "This field cannot be set here."))
    for name, value in fields.items():
        setattr(obj, name, value.strip() if isinstance(value, str) else value)


def _clean_questions(questions) -> list[str]:
    if isinstance(questions, str):
        questions = questions.splitlines()
    return [q.strip() for q in questions or [] if isinstance(q, str) and q.strip()]


@transaction.atomic
def study_create(*, title: str, goal: str, actor: User | None, **fields) -> Study:
    fields.setdefault("owner", actor)
    study = Study(title=title.strip(), goal=goal)
    _set_fields(study, fields, STUDY_FIELDS)
    study.research_questions = _clean_questions(study.research_questions)
    study.full_clean()
    study.save()
    return study


@transaction.atomic
def study_update(*, study: Study, actor: User | None, **fields) -> Study:
    _set_fields(study, fields, STUDY_FIELDS)
    if "research_questions" in fields:
        study.research_questions = _clean_questions(study.research_questions)
    study.full_clean()
    study.save()
    return study


@transaction.atomic
def study_transition(*, study: Study, status: str, actor: User | None) -> Study:
    """Move the study along draft -> recruiting -> fielding -> synthesizing -> done, one allowed step at a time."""
    study = Study.objects.select_for_update().get(pk=study.pk)
    if status not in STUDY_TRANSITIONS.get(study.status, ()):
        allowed = ", ".join(sorted(STUDY_TRANSITIONS.get(study.status, ()))) or "none: the study is done"
        raise ValidationError({"status": f"A {study.status} study cannot become {status}. Allowed: {allowed}."})
    study.status = status
    study.save(update_fields=["status", "updated_at"])
    return study


@transaction.atomic
def study_apply_plan(*, study: Study, data: PlannerInput, actor: User | None) -> list[Round]:
    """Replace the study's rounds with the planner's; refused once a round has a guide or has started."""
    study = Study.objects.select_for_update().get(pk=study.pk)
    rounds = study.rounds.all()
    if rounds.exclude(status=RoundStatus.PLANNED).exists() or GuideQuestion.objects.filter(round__study=study).exists():
        raise ValidationError(
            {"plan": "This study's rounds already have guides or have started: edit the rounds instead."}
        )
    recommendation = recommend(data)
    rounds.delete()
    created = Round.objects.bulk_create(
        Round(
            study=study,
            order=position,
            kind=planned.kind,
            purpose=planned.purpose,
            target_participants=planned.target,
            time_budget_minutes=planned.time_budget_minutes,
            incentive_amount=study.incentive_amount,
            incentive_currency=study.incentive_currency,
            incentive_description=study.incentive_description,
        )
        for position, planned in enumerate(recommendation.rounds, start=1)
    )
    study.method = recommendation.method
    study.programme_model = recommendation.model
    study.plan = {"inputs": _jsonable(data.__dict__), "recommendation": recommendation.as_dict()}
    study.save(update_fields=["method", "programme_model", "plan", "updated_at"])
    return created


def _jsonable(values: dict) -> dict:
    return {k: str(v) if isinstance(v, Decimal | date) else v for k, v in values.items()}


def _next_order(queryset) -> int:
    return (queryset.aggregate(last=Max("order"))["last"] or 0) + 1


@transaction.atomic
def round_add(
    *, study: Study, kind: str, purpose: str, target_participants: int, actor: User | None, **fields
) -> Round:
    Study.objects.select_for_update().get(pk=study.pk)  # one writer numbers the rounds at a time
    round_ = Round(study=study, order=_next_order(study.rounds.all()), kind=kind, purpose=purpose.strip())
    round_.target_participants = target_participants
    _set_fields(round_, fields, ROUND_FIELDS)
    round_.full_clean()
    round_.save()
    return round_


@transaction.atomic
def round_update(*, round: Round, actor: User | None, **fields) -> Round:
    _set_fields(round, fields, ROUND_FIELDS)
    round.full_clean()
    round.save()
    return round


def _move(item, siblings, direction: str) -> None:
    if direction not in ("up", "down"):
        raise ValidationError({"direction": "Move “up” or “down”."})
    ordered = list(siblings.select_for_update().order_by("order"))
    index = next(i for i, sibling in enumerate(ordered) if sibling.pk == item.pk)
    other = index - 1 if direction == "up" else index + 1
    if not 0 <= other < len(ordered):
        return
    ordered[index], ordered[other] = ordered[other], ordered[index]
    _renumber(ordered)


def _renumber(ordered: list) -> None:
    # The unique (parent, order) constraints are deferred, so positions may collide until commit.
    for position, item in enumerate(ordered, start=1):
        item.order = position
    if ordered:
        type(ordered[0]).objects.bulk_update(ordered, ["order"])


@transaction.atomic
def round_move(*, round: Round, direction: str, actor: User | None) -> None:
    _move(round, Round.objects.filter(study_id=round.study_id), direction)


@transaction.atomic
def round_delete(*, round: Round, actor: User | None) -> None:
    study_id = round.study_id
    round.delete()
    _renumber(list(Round.objects.filter(study_id=study_id).select_for_update().order_by("order")))


@transaction.atomic
def question_add(*, round: Round, text: str, actor: User | None, **fields) -> GuideQuestion:
    Round.objects.select_for_update().get(pk=round.pk)
    question = GuideQuestion(round=round, order=_next_order(round.questions.all()), text=text.strip())
    _set_fields(question, fields, QUESTION_FIELDS)
    question.full_clean()
    question.save()
    return question


@transaction.atomic
def question_update(*, question: GuideQuestion, actor: User | None, **fields) -> GuideQuestion:
    _set_fields(question, fields, QUESTION_FIELDS)
    question.full_clean()
    question.save()
    return question


@transaction.atomic
def question_delete(*, question: GuideQuestion, actor: User | None) -> None:
    round_id = question.round_id
    question.delete()
    _renumber(list(GuideQuestion.objects.filter(round_id=round_id).select_for_update().order_by("order")))


@transaction.atomic
def question_move(*, question: GuideQuestion, direction: str, actor: User | None) -> None:
    _move(question, GuideQuestion.objects.filter(round_id=question.round_id), direction)


@transaction.atomic
def questions_reorder(*, round: Round, question_ids: list[int], actor: User | None) -> list[GuideQuestion]:
    """Put the round's questions in the given order; the list must name each of them exactly once."""
    questions = {q.pk: q for q in round.questions.select_for_update()}
    if sorted(question_ids) != sorted(questions):
        raise ValidationError({"order": "List every question of this round exactly once."})
    ordered = [questions[pk] for pk in question_ids]
    _renumber(ordered)
    return ordered


def _append_questions(round: Round, questions) -> list[GuideQuestion]:
    Round.objects.select_for_update().get(pk=round.pk)
    start = _next_order(round.questions.all())
    copies = [
        GuideQuestion(round=round, order=start + i, **{name: getattr(q, name) for name in QUESTION_FIELDS})
        for i, q in enumerate(questions)
    ]
    return GuideQuestion.objects.bulk_create(copies)


@transaction.atomic
def guide_copy(*, source: Round, target: Round, actor: User | None) -> list[GuideQuestion]:
    """Append a copy of `source`'s questions to `target`'s guide (duplicating a guide across rounds or studies)."""
    return _append_questions(target, source.questions.order_by("order"))


@transaction.atomic
def guide_apply_template(*, round: Round, template: str, actor: User | None) -> list[GuideQuestion]:
    """Append the questions of a goal template (win/loss, churn, onboarding...) to the round's guide."""
    if template not in TEMPLATES:
        raise ValidationError({"template": f"No guide template “{template}”."})
    return _append_questions(round, TEMPLATES[template].questions)


@transaction.atomic
def participant_save(*, participant: Participant | None, actor: User | None, **fields) -> Participant:
    """Create a participant (participant=None) or change one; emails are unique per workspace, ignoring case.

    The CSV import writes in bulk instead (studies.importing)."""
    participant = participant or Participant()
    _set_fields(participant, fields, PARTICIPANT_FIELDS)
    participant.email = participant.email.lower()
    if Participant.objects.filter(email__iexact=participant.email).exclude(pk=participant.pk).exists():
        raise ValidationError({"email": f"{participant.email} is already a participant in this workspace."})
    participant.full_clean()
    participant.save()
    return participant
