"""Demo data for study planning: a funnel study on acme and its participants (demo/personas.py)."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from demo.personas import PERSONAS
from studies.guides.services import guide_apply_template
from studies.models import ContactEvent, ContactKind, Goal, Participant, RoundKind, Study
from studies.planner.rules import PlannerInput
from studies.planner.services import study_apply_plan
from studies.programme.services import round_update, study_create

CHURN_STUDY = "Why teams churn in their first month"
TIMEZONES = [
    "America/New_York", "America/Los_Angeles", "America/Sao_Paulo", "Europe/London", "Europe/Berlin",
    "Europe/Madrid", "Africa/Lagos", "Asia/Kolkata", "Asia/Singapore", "Asia/Tokyo", "Australia/Sydney",
]  # fmt: skip


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
        # What participants read instead of the title above, which names the team's worry.
        public_title="Your first month with Acme",
        public_description=(
            "We are looking at how teams get started with Acme: what helped, what got in the way, and what made "
            "some stop. There are no right answers; your own experience is what we want to hear."
        ),
        incentive_amount=Decimal("15.00"),
        incentive_description="A $15 gift card",
    )
    plan = PlannerInput(goal=Goal.MEASURING_PAIN_INTENSITY, participants=200, timezone_spread="global",
                        budget=Decimal("6000"), deadline_days=45)  # fmt: skip
    rounds = study_apply_plan(study=study, data=plan, actor=actor)
    for round_ in rounds:
        if round_.kind == RoundKind.SYNC:  # a call asks more of people than a ten-minute async interview
            round_update(round=round_, actor=actor, incentive_amount=Decimal("75.00"),
                         incentive_description="A $75 gift card for a 45-minute call")  # fmt: skip
    templates = {RoundKind.ASYNC: ["churn"], RoundKind.SYNC: ["problem_discovery"]}
    # The last async round validates what the first two find: its guide comes from the insights ("Validate at
    # scale", demo/programme.py), so it is left empty here.
    for round_ in rounds[:-1] if rounds[-1].kind == RoundKind.ASYNC and len(rounds) > 1 else rounds:
        guide_apply_template(round=round_, template=templates[round_.kind][0], actor=actor)
    _history(rounds[0])


def _participants() -> None:
    """The demo personas the workspace knows before the round (open-link respondents arrive with the interviews)."""
    Participant.objects.bulk_create(
        Participant(
            name=persona.name,
            email=persona.email,
            timezone=persona.timezone,
            attributes=persona.attributes,
            consent_to_contact=persona.channel != "N" or persona.index % 3 != 0,
            do_not_contact=persona.channel == "X",
        )
        for persona in PERSONAS
        if persona.is_participant
    )


def _history(first_round) -> None:
    """A few past contacts, so the history, cooldown and cap are visible: people invited to the first round who have
    not answered yet, some of whom took part in an earlier pilot."""
    now = timezone.now()
    waiting = [persona.email for persona in PERSONAS if persona.channel == "N"]
    events = []
    for i, person in enumerate(Participant.objects.filter(email__in=waiting).order_by("email")):
        events.append(ContactEvent(participant=person, kind=ContactKind.INVITATION, channel=RoundKind.ASYNC,
                                   round=first_round, occurred_at=now - timedelta(days=3 + 3 * i)))  # fmt: skip
        if i % 2 == 0:
            events.append(ContactEvent(participant=person, kind=ContactKind.INTERVIEW, channel=RoundKind.SYNC,
                                       note="Pilot call", occurred_at=now - timedelta(days=40 + 9 * i)))  # fmt: skip
    ContactEvent.objects.bulk_create(events)
