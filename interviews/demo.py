"""Demo data for async interviews: an open link on the churn study's first round and 20 completed sessions."""

import random

from interviews import services
from interviews.models import InterviewLink, LinkKind, Session
from studies.models import Participant, Study

ANSWERS = [
    "We signed up because our old tool kept losing notes, but the import failed twice and I gave up for a week.",
    "Honestly it was fine at first. Then my team never accepted the invites, so I was using it alone.",
    "I was frustrated that the calendar sync only worked with Google. Half of our team is on Outlook.",
    "Last Tuesday I spent an hour trying to set up permissions and still couldn't share a project with a client.",
    "It usually works, but things get slow when we have more than 200 items in a board.",
    "The price jumped when we added the fourth seat. That was the moment my manager asked why we pay for it.",
    "We moved back to spreadsheets. They are ugly, but everyone already knows how to use them.",
    "I loved the templates, they saved me a lot of time in the first days.",
    "Our onboarding call was cancelled twice and nobody rescheduled it, so we never learned the advanced features.",
    "It depends on the week. When deadlines hit, nobody opens a new tool.",
    "The mobile app logged me out every day, which was annoying when I was on site with customers.",
    "If reporting had worked for our finance team, we would have stayed. They needed a CSV every Friday.",
    "I don't know, it just didn't stick.",
    "We tried it for a client project in March; after the project ended there was no reason to come back.",
    "Support answered quickly, that part was great, but the fix for the export bug took three weeks.",
    "I was worried about security because our legal team asked where the data is stored and I had no answer.",
    "Nothing really, it was more about timing.",
    "Our CTO chose another tool that integrates with Jira, so we had to switch.",
]


def seed_interviews(*, sessions: int = 20) -> None:
    """Idempotent: skipped when the churn study's first round already has sessions."""
    study = Study.objects.filter(title__startswith="Why teams churn").first()
    if study is None:
        return
    first = study.rounds.filter(kind="async").order_by("order").first()
    if first is None or Session.objects.filter(round=first).exists():
        return
    services.link_create(round=first, actor=None, kind=LinkKind.OPEN, label="Always-on: in-app banner")
    rng = random.Random(11)
    people = list(Participant.objects.filter(do_not_contact=False).order_by("email")[:sessions])
    for person in people:
        event = rng.choice(["subscription_cancelled", "onboarding_completed"])
        link = InterviewLink.objects.create(round=first, kind=LinkKind.PERSONAL, participant=person, event=event)
        session = services.session_start(link=link, hidden={})
        for turn in range(40):  # bounded: a guide of 5 questions with 2 probes each needs at most 15 answers
            services.answer_submit(session=session, text=rng.choice(ANSWERS), client_token=f"demo-{turn}")
            services.interviewer_reply(session=session)
            session.refresh_from_db()
            if session.status == "completed":
                break
