"""Demo data for recruitment and incentives: the wide net's screener and plan quotas, strangers screened in and out
through it, and a ledger that holds owed, approved and paid incentives (the interviews and calls made them owed)."""

from decimal import Decimal

from django.utils import timezone

from demo.studies import CHURN_STUDY
from interviews.incentives.services import incentives_transition
from interviews.models import Booking, BookingStatus, IncentiveEntry, IncentiveStatus
from studies.models import RoundKind, Screener, Segment, Study
from studies.participants.services import participant_rate, segment_save
from studies.recruitment import services

# People who found the in-app banner this week: name, email, plan, people on the team, role, keep answers.
STRANGERS = [
    ("Inès Moreau", "ines.moreau@atelier-lune.fr", "Team", "9", "Operations lead", False),
    ("Tomasz Zieliński", "t.zielinski@kraktrans.pl", "Business", "60", "Head of delivery", False),
    ("Aiko Tanaka", "aiko@tanaka-design.jp", "Free", "3", "Founder", False),
    ("Rafael Souza", "rafael.souza@pontoverde.com.br", "Team", "14", "Product manager", False),
    ("Grace Okafor", "grace.okafor@lagosloop.ng", "Free", "1", "Freelance designer", True),  # a team of one
    ("Jonas Berg", "jonas.berg@student.uu.se", "Free", "4", "Student project lead", False),  # a student
    ("Maya Patel", "maya@brightlane.io", "Business", "25", "Program manager", False),
]


def seed_recruitment(*, actor) -> None:
    """Put a three-question screener and plan quotas on the churn study's wide-net round, screen a few strangers,
    and move part of the ledger along. Idempotent: skipped when the round has a screener."""
    study = Study.objects.filter(title=CHURN_STUDY).first()
    wide_net = study.rounds.filter(kind=RoundKind.ASYNC).order_by("order").first() if study else None
    if wide_net is None or Screener.objects.filter(round=wide_net).exists():
        return
    screener = services.screener_save(
        round=wide_net, actor=actor,
        intro="Three quick questions so we talk to the right mix of teams. It takes under a minute.",
        screen_out_message=(
            "Thank you for taking the time! We are talking to teams of a different shape this time, so we will not "
            "ask you to take part now. We may be in touch about a later study if you said we could."
        ),
    )  # fmt: skip
    plan = services.screener_question_add(
        screener=screener, actor=actor, text="Which Acme plan is your team on?", kind="single",
        choices=["Free", "Team", "Business"], attribute="plan",
    )  # fmt: skip
    size = services.screener_question_add(screener=screener, actor=actor, kind="number", attribute="team_size",
                                          text="How many people use Acme on your team?")  # fmt: skip
    role = services.screener_question_add(screener=screener, actor=actor, kind="text", attribute="role",
                                          text="What is your role?")  # fmt: skip
    services.screener_rule_add(screener=screener, actor=actor, question=role, operator="contains", value="student",
                               outcome="reject")  # fmt: skip
    services.screener_rule_add(screener=screener, actor=actor, question=size, operator="lt", value="2",
                               outcome="reject")  # fmt: skip
    for value, target in (("free", 20), ("team", 20), ("business", 10)):
        services.quota_save(round=wide_net, attribute="plan", value=value, target=target, actor=actor)
    for name, email, plan_answer, people, role_answer, keep in STRANGERS:
        services.screening_submit(
            round=wide_net, email=email, name=name, keep_answers=keep,
            answers={f"q{plan.pk}": plan_answer, f"q{size.pk}": people, f"q{role.pk}": role_answer},
        )  # fmt: skip
    _ledger(study, actor=actor)
    _panel(actor=actor)


def _ledger(study: Study, *, actor) -> None:
    """Last month's incentives approved and paid through the payout service; the oldest of this month's approved."""
    entries = list(
        IncentiveEntry.objects.filter(round__study=study, status=IncentiveStatus.OWED).order_by("created_at")
    )
    if not entries:
        return
    third = max(1, len(entries) // 3)
    paid, approved = entries[:third], entries[third : 2 * third]
    incentives_transition(ids=[e.pk for e in paid + approved], status=IncentiveStatus.APPROVED, actor=actor)
    month = timezone.now().strftime("%Y-%m")
    incentives_transition(ids=[e.pk for e in paid], status=IncentiveStatus.PAID, actor=actor,
                          reference=f"tremendous-batch-{month}-01")  # fmt: skip
    if study.incentive_budget is None:
        study.incentive_budget = Decimal("1500.00")
        study.save(update_fields=["incentive_budget"])


# How the held calls went, in the host's words: for the team, never shown to the participant.
CALL_NOTES = [
    (5, "Walked me through their Friday reporting step by step and shared the spreadsheet they use instead."),
    (4, "Thoughtful, a little rushed at the end; happy to be asked again about the billing changes."),
]


def _panel(*, actor) -> None:
    """Rate the held calls and save the segments a researcher comes back to."""
    held = Booking.objects.filter(status=BookingStatus.COMPLETED).select_related("participant", "round")
    for booking, (rating, note) in zip(held.order_by("start"), CALL_NOTES, strict=False):
        participant_rate(participant=booking.participant, round=booking.round, rating=rating, note=note, actor=actor)
    segments = [
        ("Team plan, quiet for two months", {"attributes": {"plan": "team"}, "not_contacted_days": 60,
                                             "contactable": True}),
        ("Good talkers for a follow-up", {"rating_min": 4, "contactable": True}),
        ("Never interviewed yet", {"rounds_max": 0, "contactable": True}),
    ]  # fmt: skip
    for name, filters in segments:
        if not Segment.objects.filter(name__iexact=name).exists():
            segment_save(segment=None, name=name, filters=filters, actor=actor)
