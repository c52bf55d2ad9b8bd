"""Every write to discussion guides: questions, their order, copies across rounds, and goal templates."""

from django.core.exceptions import ValidationError
from django.db import transaction

from studies.edits import move, next_order, renumber, set_fields
from studies.guides.templates import TEMPLATES
from studies.models import GuideQuestion, Round
from workspaces.models import User

QUESTION_FIELDS = frozenset({"text", "intent", "probing", "max_follow_ups", "estimated_minutes"})


@transaction.atomic
def question_add(*, round: Round, text: str, actor: User | None, **fields) -> GuideQuestion:
    Round.objects.select_for_update().get(pk=round.pk)
    question = GuideQuestion(round=round, order=next_order(round.questions.all()), text=text.strip())
    set_fields(question, fields, QUESTION_FIELDS)
    question.full_clean()
    question.save()
    return question


@transaction.atomic
def question_update(*, question: GuideQuestion, actor: User | None, **fields) -> GuideQuestion:
    set_fields(question, fields, QUESTION_FIELDS)
    question.full_clean()
    question.save()
    return question


@transaction.atomic
def question_delete(*, question: GuideQuestion, actor: User | None) -> None:
    round_id = question.round_id
    question.delete()
    renumber(list(GuideQuestion.objects.filter(round_id=round_id).select_for_update().order_by("order")))


@transaction.atomic
def question_move(*, question: GuideQuestion, direction: str, actor: User | None) -> None:
    move(question, GuideQuestion.objects.filter(round_id=question.round_id), direction)


@transaction.atomic
def questions_reorder(*, round: Round, question_ids: list[int], actor: User | None) -> list[GuideQuestion]:
    """Put the round's questions in the given order; the list must name each of them exactly once."""
    questions = {q.pk: q for q in round.questions.select_for_update()}
    if sorted(question_ids) != sorted(questions):
        raise ValidationError({"order": "List every question of this round exactly once."})
    ordered = [questions[pk] for pk in question_ids]
    renumber(ordered)
    return ordered


def _append_questions(round: Round, questions) -> list[GuideQuestion]:
    Round.objects.select_for_update().get(pk=round.pk)
    start = next_order(round.questions.all())
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
