"""Applying the planner's recommendation to a study: its method, programme model and rounds."""

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from studies.models import GuideQuestion, Round, RoundStatus, Study
from studies.planner.rules import PlannerInput, recommend
from workspaces.models import User


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
