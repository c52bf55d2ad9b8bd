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
