"""The demo's async round reads like real, different people: enough interviews, nobody repeating anyone else (or
themselves), answers that fit their questions and their persona, believable timings, opt-ins with consent."""

import io
import itertools
import re
from collections import defaultdict
from datetime import timedelta
from zoneinfo import ZoneInfo

from django.core.management import call_command
from django.utils import timezone
from django_tenants.utils import schema_context

from demo.personas import PERSONAS
from demo.scripts import MIN_WORDS, VAGUE, sentences
from demo.studies import CHURN_STUDY
from interviews.models import LinkKind, Message, Session
from studies.models import Round

WHEN = re.compile(
    r"\b(?:day|days|week|weeks|month|morning|evening|monday|tuesday|wednesday|thursday|friday|moment|when|after|once"
    r"|renewal|trial|came|ran out)\b",
    re.I,
)


def _answers(session: Session) -> list[tuple[Message, Message]]:
    """(the interviewer's turn, the participant's answer to it), in order."""
    messages = list(session.messages.order_by("order"))
    return [(asked, said) for asked, said in itertools.pairwise(messages) if said.role == "participant"]


def _who(session: Session) -> str:
    return f"participant {session.participant_id}" if session.participant_id else f"anonymous {session.pk}"


def test_the_demo_round_reads_like_different_real_people(world):
    call_command("seed_demo", stdout=io.StringIO())
    with schema_context(world.acme.schema_name):
        first = Round.objects.get(study__title=CHURN_STUDY, order=1)
        sessions = list(Session.objects.filter(round=first).select_related("link", "participant"))
        completed = [s for s in sessions if s.status == "completed"]
        assert len(completed) >= 64
        assert 4 <= len(sessions) - len(completed) <= 6
        assert {s.link.kind for s in completed} == {LinkKind.PERSONAL, LinkKind.OPEN}
        # Dana sharpened question 2 of the live guide this morning: those answering today are on v2, the rest on v1.
        versions = {v.number: v for v in first.guide_versions.select_related("created_by")}
        assert sorted(versions) == [1, 2] and versions[2].created_by.email == "demo@parley.test"
        assert versions[1].created_at == first.live_at < versions[2].created_at
        on = [s.guide_version.number for s in sessions]
        assert on.count(2) == 2 and on.count(1) == len(sessions) - 2

        # No sentence of six words or more is said by two people, and nobody says a sentence twice.
        said_by: dict[str, set[str]] = defaultdict(set)
        for session in sessions:
            own = [s for _, answer in _answers(session) for s in sentences(answer.text)]
            assert len(own) == len(set(own)), f"{_who(session)} repeats themselves"
            for sentence in own:
                if len(sentence.split()) >= MIN_WORDS:
                    said_by[sentence.casefold()].add(_who(session))
        assert len(said_by) > 600
        repeated = {sentence: people for sentence, people in said_by.items() if len(people) > 1}
        assert not repeated

        # Answers fit their questions and their persona; a few are vague, as in real interviews.
        personas = {persona.email: persona for persona in PERSONAS}
        answers = [pair for session in completed for pair in _answers(session)]
        vague = sum(1 for _, answer in answers if answer.text in VAGUE)
        assert 0 < vague < len(answers) / 10
        checked = 0
        for session in completed:
            persona = personas.get(session.participant.email) if session.participant else None
            for asked, answer in _answers(session):
                if answer.text in VAGUE or asked.kind != "question":
                    continue
                if asked.text.startswith("Tell me about the moment you decided to stop"):
                    assert WHEN.search(answer.text), answer.text  # a moment: when it happened
                    checked += 1
                if asked.text.startswith("What are you using instead") and persona:
                    named = {"sheet": r"spreadsheet|sheet|excel", "nothing": r"nothing", "back": re.escape(persona.old)}
                    expected = named.get(persona.alt, re.escape(persona.alt))
                    assert re.search(expected, answer.text, re.I), (persona.name, answer.text)
                    checked += 1
        assert checked > 80

        # Timings: started over the last three weeks at a local hour people answer, 6 to 14 minutes, paced answers.
        now = timezone.now()
        for session in completed:
            assert now - timedelta(days=22) < session.started_at < now
            assert 6 <= float(session.minutes_elapsed) <= 14
            assert (
                abs((session.completed_at - session.started_at).total_seconds() / 60 - float(session.minutes_elapsed))
                < 0.02
            )
            assert session.last_activity_at == session.completed_at
            times = list(session.messages.order_by("order").values_list("created_at", flat=True))
            assert times[0] >= session.started_at and times[-1] == session.completed_at
            assert all(later - earlier >= timedelta(seconds=2) for earlier, later in itertools.pairwise(times))
            assert session.transcript.occurred_at == session.completed_at
            if session.participant:
                local = session.started_at.astimezone(ZoneInfo(session.participant.timezone))
                assert 7 <= local.hour <= 22, (session.participant.name, local)

        # Open-link respondents: about a third opted in to a follow-up and became consenting participants.
        open_done = [s for s in completed if s.link.kind == LinkKind.OPEN]
        opted = [s for s in open_done if s.followup_opt_in_at]
        assert 0.25 <= len(opted) / len(open_done) <= 0.45
        for session in opted:
            assert session.participant and session.participant.consent_to_contact
            assert session.followup_opt_in_at > session.completed_at
        assert all(s.participant is None for s in open_done if not s.followup_opt_in_at)
        before = (Session.objects.count(), Message.objects.count())
    call_command("seed_demo", stdout=io.StringIO())
    with schema_context(world.acme.schema_name):
        assert (Session.objects.count(), Message.objects.count()) == before
