"""factory_boy factories for study planning (use inside the workspace's schema)."""

import factory

from studies.models import GuideQuestion, Participant, Round, RoundKind, Study


class StudyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Study

    title = factory.Sequence(lambda n: f"Study {n}")
    goal = "early_problem_discovery"
    research_questions = factory.LazyFunction(lambda: ["Why do teams leave?"])


class RoundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Round

    study = factory.SubFactory(StudyFactory)
    order = factory.Sequence(lambda n: n + 1)
    kind = RoundKind.ASYNC
    purpose = "Wide net"
    target_participants = 100


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GuideQuestion

    round = factory.SubFactory(RoundFactory)
    order = factory.Sequence(lambda n: n + 1)
    text = factory.Sequence(lambda n: f"Tell me about the last time you tried thing {n}.")


class ParticipantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participant

    email = factory.Sequence(lambda n: f"person{n}@example.com")
    name = factory.Sequence(lambda n: f"Person {n}")
    timezone = "Europe/Berlin"
    attributes = factory.LazyFunction(lambda: {"segment": "smb"})
