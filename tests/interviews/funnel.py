"""A funnel to test hand-offs with: an async round with a guide, the sync round after it, completed interviews."""

from django.utils import timezone

from interviews.links.services import session_complete
from interviews.models import (
    BookingRules,
    HostSchedule,
    InterviewLink,
    LinkKind,
    Message,
    MessageKind,
    Role,
    Session,
    WeeklyHours,
)
from tests.interviews.factories import async_round_with_guide
from tests.studies.factories import ParticipantFactory, RoundFactory

RICH = [
    "Last week we lost two hours because the export to Excel broke again; I had to ask support and re-enter 40 rows.",
    "When we onboard a new client, Jira and Slack do not talk to each other, so I copy and paste everything by hand.",
    "It is frustrating: 3 people on my team spend about 5 hours every week on this workaround.",
]
THIN = ["It is fine.", "Nothing really.", "No."]


def funnel(*, host, hours=("00:00", "23:30")):
    """(async round, sync round after it with booking rules hosted by `host`, any hour of a weekday)."""
    first = async_round_with_guide(questions=1)
    second = RoundFactory(study=first.study, kind="sync", order=first.order + 1, purpose="Deep dives")
    rules = BookingRules.objects.create(round=second, duration_minutes=30, min_notice_hours=1, horizon_days=10)
    schedule, _ = HostSchedule.objects.get_or_create(user=host, defaults={"timezone": "UTC"})
    if not schedule.weekly_hours.exists():
        WeeklyHours.objects.bulk_create(
            WeeklyHours(schedule=schedule, weekday=day, start=hours[0], end=hours[1]) for day in range(7)
        )
    rules.hosts.add(host)
    return first, second


def interview(round_, *, participant=None, answers=THIN, probes=0, opt_in=True, consent=True) -> Session:
    """A completed session of `round_`: a personal link's when `participant` is given (True: a new one), else an
    open link's; the first `probes` answers answer follow-up probes."""
    if participant is True:
        participant = ParticipantFactory(consent_to_contact=consent)
    if participant is not None:
        link = InterviewLink.objects.create(round=round_, kind=LinkKind.PERSONAL, participant=participant)
    else:
        link = InterviewLink.objects.filter(round=round_, kind=LinkKind.OPEN).first() or InterviewLink.objects.create(
            round=round_, kind=LinkKind.OPEN
        )
    session = Session.objects.create(link=link, round=round_, participant=participant, consented_at=timezone.now())
    question = round_.questions.first()
    order = 0
    for index, text in enumerate(answers):
        kind = MessageKind.PROBE if index < probes else MessageKind.QUESTION
        Message.objects.create(session=session, order=(order := order + 1), role=Role.INTERVIEWER, kind=kind,
                               text="Tell me more about that.", question=question)  # fmt: skip
        Message.objects.create(session=session, order=(order := order + 1), role=Role.PARTICIPANT,
                               kind=MessageKind.ANSWER, text=text, question=question)  # fmt: skip
    Message.objects.create(session=session, order=order + 1, role=Role.INTERVIEWER, kind=MessageKind.CLOSE,
                           text="Thank you!", question=question)  # fmt: skip
    session_complete(session=session)
    if opt_in and participant is not None:
        Session.objects.filter(pk=session.pk).update(followup_opt_in_at=timezone.now())
    session.refresh_from_db()
    return session
