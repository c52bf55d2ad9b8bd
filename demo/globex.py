"""Demo data for globex, the second client: a small running study of its own, so the portfolio shows two different
clients. Its async round went live two weeks ago, three dispatchers answered in the first days and nobody since:
the portfolio flags it as stalled, which is what a research-ops lead should notice and open."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from interviews.links import services
from interviews.models import LinkKind, Message, MessageKind, Session, Transcript
from studies.guides.services import question_add
from studies.models import ContactEvent, Goal, Participant, Round, RoundKind, Study
from studies.programme.services import round_add, study_create

GLOBEX_STUDY = "How dispatchers hand over a shift"

QUESTIONS = [
    (
        "Tell me about the last time you handed over your shift to the next dispatcher.",
        "How the handover really happens, step by step, not how the manual says it should.",
        "Ask what they wrote down, what they said out loud and what they assumed the next person knew.",
    ),
    (
        "What went wrong the last time something was missed at a handover?",
        "The cost of a missed handover: late trucks, angry customers, double bookings.",
        "Ask who found out, how long it took and what they did to fix it.",
    ),
    (
        "Walk me through how you find out which loads are at risk when you start a shift.",
        "Where the information lives today (screens, notes, chat) and how long it takes to trust it.",
        "Ask which screen they open first and what they check twice.",
    ),
]

# Three dispatchers, in their own words: each answer follows the interviewer's turn it replies to.
ANSWERS = {
    "Mariana Costa": [
        "Last Thursday at 6 I handed over to Luis. I read him the open loads off my notepad and we looked at the "
        "map together for maybe five minutes because the phones kept ringing.",
        "I told him about the reefer that was late out of Fresno but not that the customer had already called "
        "twice. He found out when they called a third time, angry.",
        "Two loads for the same dock were booked at 7. Luis caught it at 6:50 and moved one, but the driver "
        "waited an hour and we paid detention.",
        "It took him the whole morning to calm that customer down, and the detention came out of our margin.",
        "First the exceptions screen, then our team chat, because people post things there that never make it "
        "into the system.",
        "I check the ETAs twice. The system says on time until the truck is already an hour late.",
    ],
    "Dev Patel": [
        "We do it on a call at 10 pm. I share my screen, go through the board by customer, and whatever is red "
        "I say out loud. There is no written note unless something is really bad.",
        "A driver told me his hours were running out and I forgot to say it. The night shift planned him for a "
        "5 am pickup he could not legally do.",
        "The customer found out before we did. The pickup slipped to the afternoon and the store ran out of stock.",
        "The chat first. Then I sort the board by pickup time and look for anything without a driver.",
        "Anything with a note from the day shift. The notes are short and I never know if they are still true.",
    ],
    "Ruth Okafor": [
        "Honestly it is a sticky note on Sam's monitor and a quick chat in the kitchen. On busy days there is "
        "no handover at all, he just reads the board.",
        "We double booked a driver on two loads because the change was in my head and not in the system.",
        "One load went out four hours late. I spent the next morning apologising to a customer we had just won.",
        "I open the board and the email inbox side by side and compare them, which takes about twenty minutes.",
        "Whether the appointments in the system match what the docks confirmed by email. Half the time they do not.",
    ],
}


def seed_globex(*, actor) -> None:
    """Create the shift handover study with its live async round and three completed interviews (idempotent)."""
    if Study.objects.filter(title=GLOBEX_STUDY).exists():
        return
    now = timezone.now()
    study = study_create(
        title=GLOBEX_STUDY,
        goal=Goal.UNDERSTANDING_WORKFLOWS,
        actor=actor,
        research_questions=[
            "What gets lost when one dispatcher hands over to the next?",
            "What does a missed handover cost, and who notices first?",
        ],
        public_title="Your shift handovers",
        public_description="Ten minutes about how you hand over a dispatch shift: what works and what slips.",
        incentive_amount=Decimal("20.00"),
        incentive_description="A $20 gift card",
    )
    round_ = round_add(study=study, kind=RoundKind.ASYNC, purpose="Handover stories from dispatchers",
                       target_participants=12, actor=actor)  # fmt: skip
    for text, intent, probing in QUESTIONS:
        question_add(round=round_, text=text, intent=intent, probing=probing, actor=actor)
    link = services.link_create(round=round_, actor=actor, kind=LinkKind.OPEN, label="Dispatcher newsletter")
    for index, (name, answers) in enumerate(ANSWERS.items()):
        first, last = name.split(" ", 1)
        person = Participant.objects.create(
            name=name, email=f"{first.lower()}.{last.lower()}@globex-logistics.example", timezone="America/Chicago",
            attributes={"role": "dispatcher", "site": ("Dallas", "Memphis", "Reno")[index]},
        )  # fmt: skip
        session = services.session_start(link=link, hidden={})
        _answer(session, answers)
        _backdate(session, person, at=now - timedelta(days=13 - index, hours=3))
    Round.objects.filter(pk=round_.pk).update(live_at=now - timedelta(days=14))


def _answer(session: Session, answers: list[str]) -> None:
    """Answer each interviewer turn (guide questions and the offline interviewer's probes) until it closes."""
    for turn, text in enumerate(answers, start=1):
        services.answer_submit(session=session, text=text, client_token=f"demo-globex-{turn}")
        reply = services.interviewer_reply(session=session)
        if reply is None or reply.kind == MessageKind.CLOSE:
            break
    session.refresh_from_db()
    if session.completed_at is None:
        services.session_complete(session=session)


def _backdate(session: Session, person: Participant, *, at) -> None:
    """Move the interview to when the dispatcher took it, a minute or so per turn; it belongs to them now."""
    messages = list(Message.objects.filter(session=session).order_by("order"))
    for message in messages:
        Message.objects.filter(pk=message.pk).update(created_at=at + timedelta(minutes=message.order))
    end = at + timedelta(minutes=len(messages) + 1)
    Session.objects.filter(pk=session.pk).update(
        participant=person, started_at=at, last_activity_at=end, completed_at=end
    )
    title = f"{session.round.study.title} · {person.name}"
    Transcript.objects.filter(session=session).update(participant=person, occurred_at=end, title=title)
    ContactEvent.objects.create(participant=person, kind="interview", channel=RoundKind.ASYNC,
                                round=session.round, occurred_at=end, note=f"Async session {session.pk}")  # fmt: skip
