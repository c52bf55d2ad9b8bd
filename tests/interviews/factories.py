import factory

from interviews.models import InterviewLink, LinkKind
from tests.studies.factories import QuestionFactory, RoundFactory


class LinkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InterviewLink

    round = factory.SubFactory(RoundFactory, kind="async")
    kind = LinkKind.OPEN


def async_round_with_guide(questions: int = 3, follow_ups: int = 0, **round_fields):
    """An async round whose guide has `questions` questions allowing `follow_ups` probes each."""
    round_ = RoundFactory(kind="async", **round_fields)
    for i in range(questions):
        QuestionFactory(round=round_, order=i + 1, max_follow_ups=follow_ups,
                        text=f"Tell me about step {i + 1} of getting started.")  # fmt: skip
    return round_


def sync_round_with_rules(*, hosts=(), hours=None, tz="UTC", **rule_fields):
    """A sync round with booking rules and `hosts` (users, in order). Each host gets a schedule in `tz`; with
    `hours` ("09:00", "17:00"), those hours Monday to Friday."""
    from interviews.models import BookingRules, HostSchedule, WeeklyHours

    round_ = RoundFactory(kind="sync", purpose="Deep dives")
    rules = BookingRules.objects.create(round=round_, **rule_fields)
    for user in hosts:
        schedule, _ = HostSchedule.objects.get_or_create(user=user, defaults={"timezone": tz})
        if hours:
            WeeklyHours.objects.bulk_create(
                WeeklyHours(schedule=schedule, weekday=day, start=hours[0], end=hours[1]) for day in range(5)
            )
        rules.hosts.add(user)
    return rules
