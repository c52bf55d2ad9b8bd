"""A validation world made through the services: an insight quoted from two participants, a crowd to sample from,
a validation round, and completed sessions answering it."""

import uuid
from types import SimpleNamespace

from interviews.links import services as links
from interviews.models import InterviewLink, LinkKind, Message, MessageKind, Role, Session
from synthesis.insights import services as insights
from synthesis.models import ValidationAnswer
from synthesis.validation import services
from tests.studies.factories import ParticipantFactory, RoundFactory, StudyFactory
from tests.synthesis.insight_data import interview, quote

STATEMENT = "Teams churn because onboarding takes weeks."


def build(*, crowd: int = 6, segments=("smb", "enterprise")) -> SimpleNamespace:
    # Each world's people share a cohort of their own: the sample draws from this world alone, not from people other
    # tests (browser tests, real workers) committed in the same workspace.
    cohort = uuid.uuid4().hex[:12]
    study = StudyFactory(title="Onboarding")
    wide = RoundFactory(study=study, kind="async", order=1, purpose="Wide net")
    ana = ParticipantFactory(name="Ana Evidence", attributes={"segment": "smb", "cohort": cohort})
    bo = ParticipantFactory(name="Bo Evidence", attributes={"segment": "smb", "cohort": cohort})
    a = interview("It took us six weeks to get going. We nearly cancelled.", round_=wide, participant=ana)
    b = interview("Onboarding dragged on for a month.", round_=wide, participant=bo)
    insight = insights.insight_create(
        statement=STATEMENT, highlights=[quote(a, "It took us six weeks"), quote(b, "dragged on for a month")],
        actor=None,
    )  # fmt: skip
    people = [
        ParticipantFactory(name=f"Crowd {i}", attributes={"segment": segments[i % len(segments)], "cohort": cohort})
        for i in range(crowd)
    ]
    return SimpleNamespace(study=study, wide=wide, producers=(ana, bo), insight=insight, crowd=people, cohort=cohort)


def validation_round(w, *, size=None, filters=None, actor=None):
    return services.validation_round_create(
        insights=[w.insight], study=w.study, filters={"cohort": w.cohort, **(filters or {})},
        size=size or len(w.crowd), actor=actor, send_email=False,
    )  # fmt: skip


def answered_session(round_, participant, answers: list[str], *, complete: bool = True) -> Session:
    """A session of `participant` on `round_` answering each guide question in turn (then completed)."""
    link = InterviewLink.objects.filter(round=round_, participant=participant).first() or InterviewLink.objects.create(
        round=round_, kind=LinkKind.PERSONAL, participant=participant
    )
    session = Session.objects.create(link=link, round=round_, participant=participant)
    order = 0
    for question, text in zip(round_.questions.order_by("order"), answers, strict=False):
        for role, kind, body in ((Role.INTERVIEWER, MessageKind.QUESTION, question.text),
                                 (Role.PARTICIPANT, MessageKind.ANSWER, text)):  # fmt: skip
            order += 1
            Message.objects.create(session=session, order=order, role=role, kind=kind, text=body, question=question)
    if complete:
        links.session_complete(session=session)
    return session


def many_answers(round_, people, verdicts: list[str]) -> None:
    """Classified answers made directly (for page budgets): one session and message per verdict."""
    [vq] = [q.validation for q in round_.questions.all()]
    for person, verdict in zip(people, verdicts, strict=True):
        session = answered_session(round_, person, [f"My answer as {person.name}."], complete=False)
        message = session.messages.get(role=Role.PARTICIPANT)
        ValidationAnswer.objects.create(
            question=vq, session=session, message=message, participant=person, verdict=verdict,
            quote=message.text, reason="Made by the test.", backend="offline",
        )  # fmt: skip
