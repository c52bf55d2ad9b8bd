"""Demo data for the programme's last steps: the hosts' briefs for the calls handed off from the wide net, and a
validation round generated from the three insights, answered by 40 people of a fresh panel and classified.

Idempotent: briefs are made where missing; the validation round only while the study's validation round has no
guide (run again, it changes nothing).
"""

import random
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone

from demo.insights_answers import ANSWERS, QUESTIONS, compose
from demo.studies import CHURN_STUDY
from interviews.links import services as links
from interviews.models import Booking, InterviewLink, LinkKind, Message, MessageKind, Session, Transcript
from studies.guides.services import question_update
from studies.models import ContactEvent, Participant, Round, RoundKind, Study
from synthesis.briefs.services import brief_generate
from synthesis.models import Brief, Insight, ValidationAnswer, ValidationQuestion
from synthesis.validation.services import session_answers_classify, validation_answer_review, validation_round_create

PANEL_SIZE = 48
SAMPLE = 40
FIRST = [
    "Aleksander", "Bea", "Caio", "Dagny", "Eamon", "Fenna", "Goran", "Hye-jin", "Ilse", "Joaquín", "Kalani", "Lior",
    "Mariam", "Niamh", "Oskar", "Paulina", "Quentin", "Rosa", "Soren", "Thandi", "Uma", "Valentin", "Wanjiru", "Xavier",
    "Yara", "Zoltan", "Agnes", "Bruno", "Cecilia", "Dmitri", "Esme", "Florin", "Gita", "Hugo", "Imani", "Jasper",
    "Kirsten", "Luis", "Malia", "Nils", "Ottilie", "Pedro", "Rania", "Stellan", "Tova", "Ugo", "Vesna", "Wilhelmina",
]  # fmt: skip
LAST = [
    "Nowak", "Achterberg", "Moreira", "Solberg", "Byrne", "Visser", "Kovač", "Yoon", "Brandt", "Ibáñez", "Kahale",
    "Ben-Ami", "Siddiqui", "Gallagher", "Lund", "Zielińska", "Mercier", "Delgado", "Kjær", "Mokoena", "Pillai",
    "Roux", "Kamau", "Ferreira", "Haddad", "Szabó", "Lindgren", "Costa", "Amato", "Volkov", "Pryce", "Ionescu",
    "Raman", "Lefèvre", "Okonkwo", "de Wit", "Berg", "Navarro", "Fonoti", "Eriksen", "Weiss", "Alves", "Mansour",
    "Holm", "Sandberg", "Rinaldi", "Petrović", "Van Dijk",
]  # fmt: skip
COMPANIES = [
    ("Harbourline Freight", "mid-market"), ("Quill & Co", "smb"), ("Brightwater Dental", "smb"),
    ("Orbit Analytics", "mid-market"), ("Tallis Insurance", "enterprise"), ("Fernhill Schools", "mid-market"),
    ("Copper Kettle Cafés", "smb"), ("Northgate Logistics", "enterprise"), ("Lumen Labs", "smb"),
    ("Saltmarsh Architects", "smb"), ("Vireo Health", "enterprise"), ("Pinecrest Realty", "smb"),
]  # fmt: skip
ROLES = ["operations lead", "project manager", "office manager", "team lead", "finance manager", "founder",
         "programme manager", "account director"]  # fmt: skip
ZONES = ["Europe/Warsaw", "America/Chicago", "Europe/Lisbon", "Asia/Seoul", "Europe/Dublin", "Africa/Nairobi",
         "America/Toronto", "Australia/Perth", "Europe/Madrid", "America/Denver", "Asia/Kolkata",
         "Europe/Oslo"]  # fmt: skip
PLANS = {"smb": "team", "mid-market": "business", "enterprise": "business"}


def seed_programme(*, actor) -> None:
    study = Study.objects.filter(title=CHURN_STUDY).first()
    if study is None:
        return
    _briefs(study, actor)
    _validation(study, actor)


def _briefs(study: Study, actor) -> None:
    """The host's brief for every call whose participant took the async interview (the offline backend)."""
    bookings = Booking.objects.filter(round__study=study, brief__isnull=True, participant__sessions__status="completed")
    for booking in bookings.distinct():
        brief_generate(booking=booking, actor=actor)
    Brief.objects.filter(booking__round__study=study).update(created_at=timezone.now() - timedelta(days=1))


def _panel() -> list[Participant]:
    """A panel that has not been contacted yet: people the validation round may invite at once."""
    people = []
    for index in range(PANEL_SIZE):
        first, last = FIRST[index], LAST[(index * 7) % len(LAST)]
        company, segment = COMPANIES[index % len(COMPANIES)]
        domain = "".join(c for c in company.lower() if c.isalnum())
        email = f"{first.lower().replace('-', '')}.{last.split()[-1].lower()}@{domain}.example"
        email = email.encode("ascii", "ignore").decode()
        attributes = {"segment": segment, "plan": PLANS[segment], "company": company, "role": ROLES[index % len(ROLES)],
                      "team_size": ["6-20", "21-100", "1-5"][index % 3]}  # fmt: skip
        person, _ = Participant.objects.get_or_create(
            email=email,
            defaults={"name": f"{first} {last}", "timezone": ZONES[index % len(ZONES)], "attributes": attributes,
                      "consent_to_contact": True},
        )  # fmt: skip
        people.append(person)
    return people


def _validation(study: Study, actor) -> None:
    placeholder = study.rounds.order_by("-order").first()
    if placeholder is None or placeholder.kind != RoundKind.ASYNC or placeholder.questions.exists():
        return
    insights = [Insight.objects.filter(statement=statement).first() for statement in ANSWERS]
    if not all(insights):
        return
    _panel()
    made = validation_round_create(insights=insights, study=study, filters={}, size=SAMPLE, actor=actor,
                                   send_email=False)  # fmt: skip
    # The researcher rewrote the drafted questions before anyone answered, as the guide page invites; the invitations
    # had made the round live, so each rewrite is confirmed and versioned (the drafts stay on record as v1).
    for validation in ValidationQuestion.objects.filter(question__round=made.round).select_related("insight"):
        question_update(question=validation.question, text=QUESTIONS[validation.insight.statement], actor=actor,
                        confirm_live_edit=True)  # fmt: skip
    now = timezone.now()
    said: set[str] = set()
    for number, person in enumerate(made.invited):
        link = InterviewLink.objects.get(round=made.round, participant=person, kind=LinkKind.PERSONAL)
        rng = random.Random(f"demo-validation-{person.email}")
        session = links.session_start(link=link, hidden={})
        meant = _answer(session, rng, said)
        _backdate(session, person, rng, now, number)
        session_answers_classify(session_id=session.pk)
        # The researcher read every verdict and corrected the machine where it misread the answer (the review the
        # insight page offers); the reviewed rows show who decided.
        for answer in ValidationAnswer.objects.filter(session=session).select_related("question"):
            if answer.verdict != meant[answer.question.question_id]:
                validation_answer_review(answer=answer, verdict=meant[answer.question.question_id], actor=actor)
    sent = now - timedelta(days=4, hours=2)  # the invitations went out four days ago: the round went live then
    InterviewLink.objects.filter(round=made.round).update(invited_at=sent)
    ContactEvent.objects.filter(round=made.round, kind="invitation").update(occurred_at=sent)
    Round.objects.filter(pk=made.round.pk).update(live_at=sent)


def _answer(session: Session, rng: random.Random, said: set[str]) -> dict[int, str]:
    """Answer each question (and any follow-up) in this person's own words, for or against the insight it tests."""
    statements = {
        v.question_id: v.insight.statement
        for v in ValidationQuestion.objects.filter(question__round=session.round).select_related("insight")
    }
    stances = {q: rng.choices(["confirms", "contradicts", "unclear"], weights=[6, 3, 1])[0] for q in statements}
    last = session.messages.get()
    for turn in range(1, 13):
        statement = statements[last.question_id]
        followup = last.kind == MessageKind.PROBE
        text = compose(statement, stances[last.question_id], rng, said, followup=followup)
        links.answer_submit(session=session, text=text, client_token=f"demo-v{turn}")
        last = links.interviewer_reply(session=session)
        if last is None or last.kind == MessageKind.CLOSE:
            break
    return stances


def _backdate(session: Session, person: Participant, rng: random.Random, now: datetime, number: int) -> None:
    """Answered over the last four days at a local hour, a minute or two per answer."""
    zone = ZoneInfo(person.timezone)
    day = now.astimezone(zone).date() - timedelta(days=rng.randint(0, 3))
    start = datetime.combine(day, time(rng.choice([8, 9, 12, 13, 17, 19, 20]), rng.randint(0, 59)), tzinfo=zone)
    start = min(start.astimezone(UTC), now - timedelta(minutes=30 + number))
    at = start
    messages = list(session.messages.order_by("order"))
    for message in messages:
        gap = (15 + 2.2 * len(message.text.split())) * rng.uniform(0.8, 1.3) if message.role == "participant" else 4
        at += timedelta(seconds=gap)
        Message.objects.filter(pk=message.pk).update(created_at=at)
    minutes = round((at - start).total_seconds() / 60, 2)
    Session.objects.filter(pk=session.pk).update(started_at=start, last_activity_at=at, consented_at=start,
                                                 completed_at=at, minutes_elapsed=minutes)  # fmt: skip
    Transcript.objects.filter(session=session).update(occurred_at=at)
    ContactEvent.objects.filter(participant=person, round=session.round, kind="interview").update(occurred_at=at)
