"""An async round answered by several people, one of whom books a call on the next sync round (current schema)."""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from interviews.links.services import session_complete
from interviews.models import Booking, InterviewLink, LinkKind, Message, MessageKind, Role, Session
from studies.models import GuideQuestion, Participant, Round
from synthesis.codebook import services as codebook
from synthesis.coding import services as coding
from tests.studies.factories import ParticipantFactory, RoundFactory, StudyFactory

EXPORT_STORY = "Last Tuesday the export to Excel failed twice, so I rebuilt the report by hand and sent it late."
SUPPORT = "My manager had to call support."
PORTAL_PAIN = "We are blocked every month because the client portal cannot show our charts."
CLIENT_TRUST = "Honestly the clients stop trusting our numbers when that happens."
OTHERS_SAY = "We fix the numbers in a spreadsheet by hand before anyone notices."
TIME_BUDGET = (
    "Time budget: 6 min used and 1.5 min of questions left leave no room for a 0.75-min follow-up within 8 min"
)

ASYNC_GUIDE = [
    "Tell me about the last time you exported your monthly report.",
    "Tell me how your team shares reports with clients.",
    "Tell me what happens when a report turns out to be wrong.",
]
SYNC_GUIDE = [
    ("Walk me through how you prepare a report for a client.", "How reports are made"),
    ("Tell me about the client portal and how your clients read your charts.", "Sharing with clients"),
    ("Tell me about a time a report had wrong numbers in it.", "Errors and trust"),
]


@dataclass
class BriefWorld:
    async_round: Round
    sync_round: Round
    person: Participant
    session: Session
    booking: Booking
    answers: dict[str, Message]
    questions: list[GuideQuestion]
    sync_questions: list[GuideQuestion]


def _session(round_: Round, person: Participant, turns: list[tuple[str, str, int, str, str]]) -> Session:
    """A completed session from (role, kind, question index, text, policy reason) turns; closes and transcribes."""
    link = InterviewLink.objects.create(round=round_, kind=LinkKind.PERSONAL, participant=person)
    session = Session.objects.create(link=link, round=round_, participant=person)
    guide = list(round_.questions.order_by("order"))
    for order, (role, kind, index, text, reason) in enumerate(turns, start=1):
        Message.objects.create(
            session=session, order=order, role=role, kind=kind, text=text, question=guide[index],
            backend="policy" if reason else ("" if role == Role.PARTICIPANT else "offline"), reason=reason,
        )  # fmt: skip
    session_complete(session=session)
    session.refresh_from_db()
    return session


def interview(round_, person, answers: list[str], *, probe_first=True, budget_after: int | None = 1):
    """Turns: each guide question, its answer; a probe and second answer on the first; the time budget blocks the
    follow-up after answer `budget_after` (0-based)."""
    turns = []
    for i, answer in enumerate(answers):
        index = i  # answer i answers guide question i
        turns.append((Role.INTERVIEWER, MessageKind.QUESTION, index, f"Question {index + 1}", ""))
        turns.append((Role.PARTICIPANT, MessageKind.ANSWER, index, answer, ""))
        if i == 0 and probe_first:
            turns.append((Role.INTERVIEWER, MessageKind.PROBE, index, "You mentioned “the export”. What happened next?",
                          ""))  # fmt: skip
            turns.append((Role.PARTICIPANT, MessageKind.ANSWER, index, SUPPORT, ""))
    # The interviewer's turn after each answer is the next question: mark the one the time budget forced.
    if budget_after is not None:
        answer_positions = [n for n, t in enumerate(turns) if t[0] == Role.PARTICIPANT]
        blocked = answer_positions[budget_after + (1 if probe_first else 0)] + 1
        if blocked < len(turns):
            role, kind, index, text, _ = turns[blocked]
            turns[blocked] = (role, kind, index, text, TIME_BUDGET + ": moved on.")
    turns.append((Role.INTERVIEWER, MessageKind.CLOSE, turns[-1][2], "That's all my questions.", ""))
    # Guide questions asked in the message texts are the guide's own words.
    guide = list(round_.questions.order_by("order"))
    return _session(
        round_, person,
        [(r, k, i, guide[i].text if k == MessageKind.QUESTION else t, why) for r, k, i, t, why in turns],
    )  # fmt: skip


def build(actor, *, extra_answers: int = 0, host=None, others: int = 3) -> BriefWorld:
    study = StudyFactory(title="Reporting")
    async_round = RoundFactory(study=study, kind="async", order=1, purpose="Wide net", time_budget_minutes=8)
    guide = ASYNC_GUIDE + [f"Tell me about report habit number {n}." for n in range(extra_answers)]
    questions = [
        GuideQuestion.objects.create(round=async_round, order=i + 1, text=text, max_follow_ups=2)
        for i, text in enumerate(guide)
    ]
    sync_round = RoundFactory(study=study, kind="sync", order=2, purpose="Deep dives")
    sync_questions = [
        GuideQuestion.objects.create(round=sync_round, order=i + 1, text=text, intent=intent)
        for i, (text, intent) in enumerate(SYNC_GUIDE)
    ]
    person = ParticipantFactory(name="Mia Jones", email="mia@example.com", attributes={"segment": "smb"})
    answers = [EXPORT_STORY, PORTAL_PAIN, CLIENT_TRUST] + [
        f"For habit {n} I open the dashboard on day {n} and copy {n + 2} charts into slides."
        for n in range(extra_answers)
    ]
    session = interview(async_round, person, answers)
    trust = codebook.tag_create(name="Client trust", description="", actor=actor)
    manual = codebook.tag_create(name="Manual fixes", description="", actor=actor)
    by_text = {m.text: m for m in session.messages.filter(role=Role.PARTICIPANT)}
    utterances = {u.text: u for u in session.transcript.utterances.all()}
    pain = coding.highlight_create(utterance=utterances[PORTAL_PAIN], start=0, end=len(PORTAL_PAIN), actor=actor,
                                   pain=5)  # fmt: skip
    coding.highlight_create(utterance=utterances[CLIENT_TRUST], start=0, end=len(CLIENT_TRUST), actor=actor,
                            tags=[trust])  # fmt: skip
    for n in range(others):
        other = ParticipantFactory()
        other_session = interview(async_round, other, [f"Other {n} exported it on Monday.", f"We email PDFs {n}.",
                                                       OTHERS_SAY], probe_first=False, budget_after=None)  # fmt: skip
        utterance = other_session.transcript.utterances.get(text=OTHERS_SAY)
        coding.highlight_create(utterance=utterance, start=0, end=len(OTHERS_SAY), actor=actor, tags=[manual])
    start = datetime(2030, 3, 5, 9, 0, tzinfo=UTC)
    booking = Booking.objects.create(round=sync_round, host=host or actor, participant=person, start=start,
                                     end=start + timedelta(minutes=45))  # fmt: skip
    assert pain.pain == 5
    return BriefWorld(
        async_round=async_round, sync_round=sync_round, person=person, session=session, booking=booking,
        answers=by_text, questions=questions, sync_questions=sync_questions,
    )  # fmt: skip
