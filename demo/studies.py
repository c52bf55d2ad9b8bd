"""Demo data for study planning: a funnel study on acme and 30 participants to try the pages at once."""

import random
from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from studies.guides.services import guide_apply_template
from studies.models import ContactEvent, ContactKind, Goal, Participant, RoundKind, Study
from studies.planner.rules import PlannerInput
from studies.planner.services import study_apply_plan
from studies.programme.services import study_create

CHURN_STUDY = "Why teams churn in their first month"
TIMEZONES = [
    "America/New_York", "America/Los_Angeles", "America/Sao_Paulo", "Europe/London", "Europe/Berlin",
    "Europe/Madrid", "Africa/Lagos", "Asia/Kolkata", "Asia/Singapore", "Asia/Tokyo", "Australia/Sydney",
]  # fmt: skip
FIRST = ["Ana", "Ben", "Chen", "Dara", "Eli", "Fatima", "Gus", "Hana", "Ivan", "Jo", "Kofi", "Lena", "Mateo", "Nia",
         "Omar", "Priya", "Quinn", "Rosa", "Sami", "Tara", "Uma", "Vik", "Wen", "Xavi", "Yara", "Zoe", "Ade", "Bo",
         "Cleo", "Dev"]  # fmt: skip
SEGMENTS = ["smb", "mid-market", "enterprise"]
PLANS = ["free", "team", "business"]
ROLES = ["founder", "ops lead", "engineering manager", "designer", "support lead"]


def seed_studies(*, actor) -> None:
    """Create the churn funnel study and the participants unless they exist (idempotent)."""
    if not Participant.objects.exists():
        _participants()
    if Study.objects.filter(title=CHURN_STUDY).exists():
        return
    study = study_create(
        title=CHURN_STUDY,
        goal=Goal.MEASURING_PAIN_INTENSITY,
        actor=actor,
        research_questions=[
            "What makes new teams stop using the product in their first month?",
            "How painful is each of those problems, for which segments?",
            "Which problems would have kept them if solved?",
        ],
        incentive_amount=Decimal("15.00"),
        incentive_description="A $15 gift card for the async interview; $75 for a live call.",
    )
    plan = PlannerInput(goal=Goal.MEASURING_PAIN_INTENSITY, participants=200, timezone_spread="global",
                        budget=Decimal("6000"), deadline_days=45)  # fmt: skip
    rounds = study_apply_plan(study=study, data=plan, actor=actor)
    templates = {RoundKind.ASYNC: ["churn", "pain_intensity"], RoundKind.SYNC: ["problem_discovery"]}
    for position, round_ in enumerate(rounds):
        kind_templates = templates[round_.kind]
        guide_apply_template(round=round_, template=kind_templates[position % len(kind_templates)], actor=actor)
    _history(rounds[0])


def _participants() -> None:
    rng = random.Random(7)  # the same demo every time
    Participant.objects.bulk_create(
        Participant(
            name=f"{first} {rng.choice(['Silva', 'Okafor', 'Müller', 'Tanaka', 'Smith', 'Garcia', 'Singh', 'Kim'])}",
            email=f"{first.lower()}.{i}@example.com",
            timezone=TIMEZONES[i % len(TIMEZONES)],
            locale=rng.choice(["en", "en", "de", "es", "pt", "ja"]),
            attributes={
                "segment": rng.choice(SEGMENTS),
                "plan": rng.choice(PLANS),
                "role": rng.choice(ROLES),
                "company": f"{first} & Co",
            },
            consent_to_contact=i % 5 != 0,
            do_not_contact=i == 29,
        )
        for i, first in enumerate(FIRST)
    )


def _history(first_round) -> None:
    """A few past contacts, so the history, cooldown and cap are visible."""
    now = timezone.now()
    people = list(Participant.objects.order_by("email")[:6])
    events = []
    for i, person in enumerate(people):
        events.append(ContactEvent(participant=person, kind=ContactKind.INVITATION, channel=RoundKind.ASYNC,
                                   round=first_round, occurred_at=now - timedelta(days=3 + 9 * i)))  # fmt: skip
        if i % 2 == 0:
            events.append(ContactEvent(participant=person, kind=ContactKind.INTERVIEW, channel=RoundKind.ASYNC,
                                       round=first_round, occurred_at=now - timedelta(days=2 + 9 * i)))  # fmt: skip
    ContactEvent.objects.bulk_create(events)
