"""The shortlist: who is on it (only people we may call), in what order, why, and with which quotas."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context

from interviews.models import BookingInvite, Handoff, Session
from studies.models import ContactKind, Round
from studies.participants.contact_rules import contact_record
from synthesis.models import Highlight, Tag
from synthesis.shortlist.selectors import shortlist
from tests.interviews.funnel import RICH, THIN, funnel, interview
from tests.studies.factories import ParticipantFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def rounds(world):
    with schema_context(world.acme.schema_name):
        yield funnel(host=world.owner)


def _ids(result):
    return [row.session.pk for row in result.rows]


def test_a_rich_painful_distinctive_contactable_interview_outranks_a_thin_one(world, rounds):
    first, _ = rounds
    with schema_context(world.acme.schema_name):
        thin = interview(first, participant=True, answers=THIN)
        rich = interview(first, participant=True, answers=RICH, probes=2)
        result = shortlist(first)
        assert _ids(result) == [rich.pk, thin.pk]
        top, bottom = result.rows
        assert top.parts["richness"] > bottom.parts["richness"] and top.parts["pain"] > bottom.parts["pain"] == 0
        assert top.parts["distinct"] >= bottom.parts["distinct"] and top.parts["contact"] == 10
        assert top.score == pytest.approx(sum(top.parts.values()), abs=0.05)
        why = " ".join(top.reasons)
        assert "last week" in why and "2 answered follow-ups" in why and "Excel" in why
        assert "Pain words (uncoded, level 4 of 5)" in why and "Opted in to a follow-up call" in why


def test_people_who_did_not_opt_in_or_asked_not_to_be_contacted_are_never_listed(world, rounds):
    first, _ = rounds
    with schema_context(world.acme.schema_name):
        anonymous = interview(first, answers=RICH)
        unconsented = interview(first, participant=True, answers=RICH, opt_in=False, consent=False)
        blocked = interview(first, participant=ParticipantFactory(consent_to_contact=True, do_not_contact=True),
                            answers=RICH)  # fmt: skip
        consented_only = interview(first, participant=True, answers=THIN, opt_in=False, consent=True)
        result = shortlist(first)
        assert _ids(result) == [consented_only.pk]
        assert {anonymous.pk, unconsented.pk, blocked.pk}.isdisjoint(_ids(result))
        assert result.left_out == {"anonymous, no follow-up opt-in": 1, "no consent to be contacted": 1,
                                   "asked not to be contacted": 1}  # fmt: skip


def test_a_cooldown_lists_the_person_lower_with_the_reason(world, rounds):
    first, _ = rounds
    with schema_context(world.acme.schema_name):
        waiting = interview(first, participant=True, answers=RICH, opt_in=False)  # consented once, did not ask
        contact_record(participant=waiting.participant, kind=ContactKind.INVITATION, channel="async", note="other")
        thin = interview(first, participant=True, answers=THIN)
        result = shortlist(first)
        assert _ids(result) == [thin.pk, waiting.pk]
        last = result.rows[-1]
        assert last.waiting and last.decision.code == "cooldown" and last.parts["contact"] < 0
        assert any(reason.startswith("Not yet: Invited less than a day ago") for reason in last.reasons)


def test_an_opt_in_lifts_the_cooldown_but_not_an_old_one(world, rounds):
    first, _ = rounds
    with schema_context(world.acme.schema_name):
        asked = interview(first, participant=True, answers=RICH)  # opted in to a follow-up call just now
        stale = interview(first, participant=True, answers=RICH)
        Session.objects.filter(pk=stale.pk).update(followup_opt_in_at=timezone.now() - timedelta(days=120))
        for session in (asked, stale):
            contact_record(participant=session.participant, kind=ContactKind.INVITATION, channel="async")
        rows = {row.session.pk: row for row in shortlist(first).rows}
        assert not rows[asked.pk].waiting and rows[asked.pk].decision.allowed
        assert rows[stale.pk].waiting and rows[stale.pk].decision.code == "cooldown"


def test_coded_pain_and_rare_tags_count(world, rounds):
    first, _ = rounds
    with schema_context(world.acme.schema_name):
        sessions = [interview(first, participant=True, answers=["We export every week."]) for _ in range(6)]
        common, rare = Tag.objects.create(name="Exports"), Tag.objects.create(name="Audit trail")
        for index, session in enumerate(sessions):
            utterance = session.transcript.utterances.get(speaker_role="participant")
            highlight = Highlight.objects.create(
                utterance=utterance, start=0, end=9, text=utterance.text[:9], transcript=session.transcript,
                participant=session.participant, round=first, study=first.study,
                pain=5 if index == 3 else None, pain_ai=2,
            )  # fmt: skip
            highlight.tags.add(common, *([rare] if index == 3 else []))
        result = shortlist(first)
        top = result.rows[0]
        assert top.session.pk == sessions[3].pk
        assert top.parts["pain"] == pytest.approx(5 / 5 * 20 + 10 / 3, abs=0.05)
        assert any("tag “Audit trail”" in r for r in top.reasons) and not any("Exports" in r for r in top.reasons)
        assert any(r.startswith("Pain 5 of 5 on 1 highlight") for r in top.reasons)


def test_quotas_fill_the_list_across_segments_first(world, rounds):
    first, _ = rounds
    with schema_context(world.acme.schema_name):
        smb = [interview(first, participant=ParticipantFactory(consent_to_contact=True, attributes={"segment": "smb"}),
                         answers=RICH) for _ in range(3)]  # fmt: skip
        enterprise = interview(
            first, participant=ParticipantFactory(consent_to_contact=True, attributes={"segment": "enterprise"}),
            answers=THIN,
        )  # fmt: skip
        Round.objects.filter(pk=first.pk).update(shortlist_quotas={"segment": {"smb": 1, "enterprise": 1}})
        first.refresh_from_db()
        result = shortlist(first)
        ids = _ids(result)
        assert set(ids[:2]) == {enterprise.pk, smb[0].pk} and set(ids[2:]) == {smb[1].pk, smb[2].pk}
        scores = [row.score for row in result.rows]
        assert scores == sorted(scores, reverse=True)
        assert {(q["value"], q["filled"], q["wanted"]) for q in result.quota_fill} == {
            ("smb", 1, 1),
            ("enterprise", 1, 1),
        }
        assert result.rows[0].reasons[0].startswith("Fills a quota place: segment = ")


def test_people_already_invited_or_booked_on_the_next_round_are_left_out(world, rounds):
    first, second = rounds
    with schema_context(world.acme.schema_name):
        invited = interview(first, participant=True, answers=RICH)
        handed = interview(first, participant=True, answers=RICH)
        fresh = interview(first, participant=True, answers=THIN)
        BookingInvite.objects.create(round=second, participant=invited.participant)
        Handoff.objects.create(from_round=first, to_round=second, session=handed, participant=handed.participant)
        result = shortlist(first)
        assert _ids(result) == [fresh.pk]
        assert result.left_out["already invited to or booked on the next round"] == 2


def test_an_episode_draws_on_answers_since_the_previous_episode_took_its_people(world, time_machine):
    from interviews.booking.handoffs import episode_plan

    with schema_context(world.acme.schema_name):
        time_machine.move_to(timezone.now() - timedelta(days=40))
        first, _ = funnel(host=world.owner)
        Round.objects.filter(study=first.study).exclude(pk=first.pk).delete()
        old = interview(first, participant=True, answers=RICH)
        one = episode_plan(source=first, purpose="Q1 deep dives", target_participants=4, starts_on=None,
                           ends_on=None, actor=world.researcher)  # fmt: skip
        assert shortlist(first).to_round == one and _ids(shortlist(first)) == [old.pk]
        BookingInvite.objects.create(round=one, participant=old.participant)
        time_machine.move_to(timezone.now() + timedelta(days=35))
        new = interview(first, participant=True, answers=THIN)
        two = episode_plan(source=first, purpose="Q2 deep dives", target_participants=4, starts_on=None,
                           ends_on=None, actor=world.researcher)  # fmt: skip
        assert two.source_round == first and two.kind == "sync" and two.order > one.order
        assert list(two.booking_rules.hosts.all()) == [world.researcher]
        result = shortlist(first)
        assert result.to_round == two and result.since is not None and _ids(result) == [new.pk]
