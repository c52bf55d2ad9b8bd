"""A participant with every kind of data Parley keeps about a person, and a second one whose data must stay.

Built straight through the ORM (inside the workspace's schema): the erasure and export tests need every row kind at
once, which no single flow produces."""

from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone

from interviews.models import (
    Booking,
    BookingInvite,
    IdempotencyKey,
    InterviewLink,
    LinkKind,
    Message,
    MessageKind,
    Role,
    Session,
    Transcript,
    Utterance,
)
from outbox.models import Email
from roadmap.models import ShippedNotice
from studies.models import ContactEvent, ContactKind, Participant
from synthesis.models import (
    Brief,
    Highlight,
    Insight,
    Suggestion,
    SynthesisJob,
    ValidationAnswer,
    ValidationQuestion,
)
from tests.interviews.factories import LinkFactory
from tests.roadmap.factories import ItemFactory, link
from tests.studies.factories import ParticipantFactory, QuestionFactory, RoundFactory, StudyFactory
from tests.webhooks.factories import DeliveryFactory

NAME = "Zelda Quartermain"
EMAIL = "zelda.quartermain@example.org"


@dataclass
class Everything:
    zelda: Participant
    bob: Participant
    insight: Insight
    item: object
    bob_highlight: Highlight


def _interview(participant, round_, question, link, *, words: str, email: str = ""):
    session = Session.objects.create(link=link, round=round_, participant=participant, email=email)
    Message.objects.create(
        session=session,
        order=1,
        role=Role.INTERVIEWER,
        kind=MessageKind.QUESTION,
        text=question.text,
        question=question,
    )
    answer = Message.objects.create(
        session=session, order=2, role=Role.PARTICIPANT, kind=MessageKind.ANSWER, text=words, question=question
    )
    transcript = Transcript.objects.create(
        kind="async",
        round=round_,
        participant=participant,
        session=session,
        title=f"Async interview {session.pk}",
        occurred_at=timezone.now(),
    )
    utterance = Utterance.objects.create(
        transcript=transcript,
        order=1,
        speaker_role=Role.PARTICIPANT,
        speaker_name=participant.name if participant else "",
        text=words,
    )
    highlight = Highlight.objects.create(
        utterance=utterance,
        start=0,
        end=len(words),
        text=words,
        transcript=transcript,
        participant=participant,
        round=round_,
        study=round_.study,
        pain=4,
    )
    return session, answer, transcript, utterance, highlight


def participant_with_everything(world) -> Everything:
    zelda = ParticipantFactory(name=NAME, email=EMAIL, attributes={"segment": "enterprise"})
    bob = ParticipantFactory(name="Bob Keeper", email="bob.keeper@example.org")
    study = StudyFactory(title="Onboarding")
    async_round = RoundFactory(study=study, kind="async", order=1)
    question = QuestionFactory(round=async_round, order=1, text="Tell me about your first week.")
    personal = InterviewLink.objects.create(round=async_round, kind=LinkKind.PERSONAL, participant=zelda)
    open_link = LinkFactory(round=async_round)
    session, answer, transcript, utterance, highlight = _interview(
        zelda, async_round, question, personal, words=f"I am {NAME} and the import took me three days."
    )
    # An open-link respondent who left Zelda's address for "finish later": hers too.
    _interview(None, async_round, question, open_link, words="Started, never finished.", email=EMAIL)
    _, _, _, _, bob_highlight = _interview(bob, async_round, question, open_link, words="The import was slow for us.")
    insight = Insight.objects.create(statement="Imports are too slow for new teams.")
    insight.highlights.add(highlight, bob_highlight)
    item = ItemFactory(title="Faster imports")
    link(item, insight)
    link(item, highlight)
    ShippedNotice.objects.create(item=item, participant=zelda)

    validation_question = ValidationQuestion.objects.create(
        insight=insight, question=QuestionFactory(round=async_round, order=2, text="Was importing slow for you?")
    )
    ValidationAnswer.objects.create(
        question=validation_question,
        session=session,
        message=answer,
        participant=zelda,
        verdict="confirms",
        quote="three days",
        backend="offline",
    )
    job = SynthesisJob.objects.create(kind="autotag", study=study)
    Suggestion.objects.create(job=job, utterance=utterance, start=0, end=4, text=f"I am {NAME}")

    sync_round = RoundFactory(study=study, kind="sync", order=2, purpose="Deep dives")
    start = timezone.now() + timedelta(days=3)
    contact = ContactEvent.objects.create(
        participant=zelda,
        kind=ContactKind.INTERVIEW,
        channel="sync",
        round=sync_round,
        occurred_at=start,
        note=f"Call with {NAME}",
    )
    ContactEvent.objects.create(
        participant=zelda, kind=ContactKind.INVITATION, channel="async", round=async_round, occurred_at=timezone.now()
    )
    invite = BookingInvite.objects.create(round=sync_round, participant=zelda)
    booking = Booking.objects.create(
        round=sync_round,
        host=world.researcher,
        participant=zelda,
        start=start,
        end=start + timedelta(minutes=30),
        invite=invite,
        contact_event=contact,
        answers={"role": f"{NAME}, head of ops"},
    )
    Brief.objects.create(booking=booking, session=session, backend="offline", content={"quotes": [f"I am {NAME}"]})

    Email.objects.create(
        template="booking_confirmed", to=EMAIL, subject="Your call is booked", body_text=f"Hello {NAME}"
    )
    Email.objects.create(
        template="booking_host", to=world.researcher.email, subject=f"New call: {NAME}", body_text="See the brief."
    )
    Email.objects.create(
        template="booking_host", to=world.researcher.email, subject="New call: Bob Keeper", body_text="See the brief."
    )
    DeliveryFactory(event="booking.created", payload={"data": {"participant": {"email": EMAIL, "name": NAME}}})
    IdempotencyKey.objects.create(
        scope="invitations", key="k1", fingerprint="0" * 64, status_code=201, body={"participant": {"email": EMAIL}}
    )
    # Copies of her words: the summaries of her interview, its round and study, and a question that cites her.
    from synthesis.ask.services import question_ask
    from synthesis.summaries.selectors import Scope
    from synthesis.summaries.services import summary_generate

    for scope in (Scope(transcript=transcript), Scope(round=async_round), Scope(study=async_round.study)):
        summary_generate(scope=scope)
    question_ask(text="How long did the import take?", study=None, actor=world.pm)
    return Everything(zelda=zelda, bob=bob, insight=insight, item=item, bob_highlight=bob_highlight)
