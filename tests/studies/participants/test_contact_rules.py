"""Contact governance: who the workspace may contact now, why not, and from when."""

from datetime import UTC, datetime, timedelta

import factory
import pytest
import time_machine
from django.core.exceptions import ValidationError
from django_tenants.utils import schema_context

from studies.models import ContactEvent, Governance, Participant, Round, Study
from studies.participants.contact_rules import contact_decision, contact_decisions, contact_record

NOW = datetime(2026, 12, 1, 10, 0, tzinfo=UTC)


class ParticipantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participant

    name = factory.Sequence(lambda n: f"Person {n}")
    email = factory.Sequence(lambda n: f"person{n}@example.com")
    consent_to_contact = True


def _contact(participant, kind, channel, days_ago, **extra):
    return contact_record(
        participant=participant, kind=kind, channel=channel, at=NOW - timedelta(days=days_ago), **extra
    )


@pytest.fixture
def acme(world):
    with schema_context(world.acme.schema_name):
        Governance.objects.get_or_create(pk=1)  # the defaults: 30 days between invitations, 3 per 90 days
        yield world.acme


def test_someone_never_contacted_may_be_contacted(acme):
    decision = contact_decision(ParticipantFactory(), at=NOW)
    assert decision.allowed and decision.code == "" and decision.reason == "" and decision.next_possible_at is None


def test_do_not_contact_always_refuses_even_with_consent_and_no_history(acme):
    ana = ParticipantFactory(name="Ana", do_not_contact=True, consent_to_contact=True)
    decision = contact_decision(ana, at=NOW)
    assert not decision.allowed
    assert (decision.code, decision.reason, decision.next_possible_at) == (
        "do_not_contact",
        "Ana asked not to be contacted.",
        None,
    )


def test_do_not_contact_is_checked_before_consent_cap_and_cooldown(acme):
    ana = ParticipantFactory(name="Ana", do_not_contact=True, consent_to_contact=False)
    for days_ago in (1, 2, 3):
        _contact(ana, "interview", "sync", days_ago)
    _contact(ana, "invitation", "sync", 1)
    assert contact_decision(ana, at=NOW, require_consent=True).code == "do_not_contact"


def test_consent_is_required_only_when_asked(acme):
    bo = ParticipantFactory(name="", email="bo@example.com", consent_to_contact=False)
    assert contact_decision(bo, at=NOW).allowed
    decision = contact_decision(bo, at=NOW, require_consent=True)
    assert (decision.allowed, decision.code) == (False, "no_consent")
    assert decision.reason == "bo@example.com has not agreed to be contacted."
    assert decision.next_possible_at is None


def test_cooldown_refuses_within_the_workspace_wait_and_says_until_when(acme):
    ana = ParticipantFactory(name="Ana")
    invited = _contact(ana, "invitation", "async", 12)
    decision = contact_decision(ana, at=NOW)
    assert (decision.allowed, decision.code) == (False, "cooldown")
    assert decision.next_possible_at == invited.occurred_at + timedelta(days=30)
    assert decision.reason == (
        "Invited 12 days ago; this workspace waits 30 days between invitations (next possible on 2026-12-19)."
    )


def test_cooldown_boundary_exactly_the_wait_later_is_allowed(acme):
    ana = ParticipantFactory()
    invited_at = NOW - timedelta(days=30)
    contact_record(participant=ana, kind="invitation", channel="sync", at=invited_at)
    assert contact_decision(ana, at=NOW).allowed
    just_before = contact_decision(ana, at=NOW - timedelta(seconds=1))
    assert just_before.code == "cooldown" and just_before.next_possible_at == NOW
    assert "Invited 29 days ago" in just_before.reason


def test_cooldown_reads_the_latest_invitation_across_sync_and_async(acme):
    ana = ParticipantFactory()
    _contact(ana, "invitation", "sync", 40)
    _contact(ana, "invitation", "async", 5)
    decision = contact_decision(ana, at=NOW)
    assert decision.code == "cooldown"
    assert decision.next_possible_at == NOW + timedelta(days=25)


def test_interviews_do_not_start_a_cooldown_and_invitations_do_not_count_towards_the_cap(acme):
    ana = ParticipantFactory()
    _contact(ana, "interview", "sync", 1)
    assert contact_decision(ana, at=NOW).allowed
    Governance.objects.filter(pk=1).update(min_days_between_invitations=0, max_interviews_per_90_days=1)
    bo = ParticipantFactory()
    for days_ago in (1, 2, 3):
        _contact(bo, "invitation", "async", days_ago)
    assert contact_decision(bo, at=NOW).allowed


def test_cooldown_follows_the_workspace_setting(acme):
    Governance.objects.filter(pk=1).update(min_days_between_invitations=7)
    ana = ParticipantFactory()
    _contact(ana, "invitation", "sync", 7)
    assert contact_decision(ana, at=NOW).allowed
    _contact(ana, "invitation", "sync", 6)
    decision = contact_decision(ana, at=NOW)
    assert decision.code == "cooldown" and "waits 7 days" in decision.reason
    Governance.objects.filter(pk=1).update(min_days_between_invitations=0)
    assert contact_decision(ana, at=NOW).allowed


def test_cap_counts_sync_and_async_interviews_together(acme):
    ana = ParticipantFactory()
    _contact(ana, "interview", "sync", 80)
    _contact(ana, "interview", "async", 50)
    assert contact_decision(ana, at=NOW).allowed
    _contact(ana, "interview", "async", 10)
    decision = contact_decision(ana, at=NOW)
    assert (decision.allowed, decision.code) == (False, "cap")
    # The oldest of the three leaves the 90-day window 80 days ago + 90 days = in 10 days.
    assert decision.next_possible_at == NOW + timedelta(days=10)
    assert decision.reason == (
        "Already interviewed 3 times in the last 90 days (the limit is 3); next possible on 2026-12-11."
    )


def test_cap_window_boundary_an_interview_exactly_90_days_ago_no_longer_counts(acme):
    ana = ParticipantFactory()
    for days_ago in (90, 20, 10):
        _contact(ana, "interview", "sync", days_ago)
    assert contact_decision(ana, at=NOW).allowed
    assert contact_decision(ana, at=NOW - timedelta(seconds=1)).code == "cap"


def test_cap_is_checked_before_cooldown_and_next_date_waits_for_both(acme):
    Governance.objects.filter(pk=1).update(max_interviews_per_90_days=1)
    ana = ParticipantFactory()
    _contact(ana, "interview", "async", 85)  # the cap lifts in 5 days
    _contact(ana, "invitation", "sync", 2)  # the cooldown lifts in 28 days
    decision = contact_decision(ana, at=NOW)
    assert decision.code == "cap"
    assert decision.reason.startswith("Already interviewed once in the last 90 days (the limit is 1)")
    assert decision.next_possible_at == NOW + timedelta(days=28)


def test_history_after_the_moment_asked_about_is_ignored(acme):
    ana = ParticipantFactory()
    _contact(ana, "invitation", "sync", 0)
    assert contact_decision(ana, at=NOW - timedelta(days=1)).allowed
    assert contact_decision(ana, at=NOW).code == "cooldown"


def test_without_at_the_decision_is_about_now(acme):
    ana = ParticipantFactory()
    with time_machine.travel("2026-11-01 10:00Z", tick=False):
        contact_record(participant=ana, kind="invitation", channel="async")
        assert contact_decision(ana).code == "cooldown"
    with time_machine.travel("2026-12-01 09:59Z", tick=False):
        assert contact_decision(ana).code == "cooldown"
    with time_machine.travel("2026-12-01 10:00Z", tick=False):
        assert contact_decision(ana).allowed


def test_a_naive_datetime_is_refused(acme):
    with pytest.raises(ValueError, match="timezone-aware"):
        contact_decision(ParticipantFactory(), at=datetime(2026, 12, 1, 10, 0))


def test_contact_record_validates_and_stores_the_event(acme):
    ana = ParticipantFactory()
    study = Study.objects.create(title="Onboarding", goal="usability_testing")
    sync_round = Round.objects.create(study=study, order=1, kind="sync", purpose="Calls", target_participants=5)
    event = contact_record(participant=ana, kind="interview", channel="sync", round=sync_round, at=NOW, note=" ok ")
    stored = ContactEvent.objects.get()
    assert (stored.pk, stored.round, stored.occurred_at, stored.note) == (event.pk, sync_round, NOW, "ok")
    with pytest.raises(ValidationError) as error:
        contact_record(participant=ana, kind="coffee", channel="sync")
    assert "kind" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        contact_record(participant=ana, kind="interview", channel="phone")
    assert "channel" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        contact_record(participant=ana, kind="interview", channel="async", round=sync_round)
    assert error.value.message_dict["channel"] == ["This round is sync, not async."]
    with pytest.raises(ValidationError) as error:
        contact_record(participant=ana, kind="interview", channel="sync", note="x" * 301)
    assert "note" in error.value.message_dict
    assert ContactEvent.objects.count() == 1


def test_decisions_for_a_list_key_by_participant_and_match_the_single_decision(acme):
    free, invited, capped, blocked = ParticipantFactory.create_batch(4)
    blocked.do_not_contact = True
    blocked.save()
    _contact(invited, "invitation", "async", 3)
    for days_ago in (1, 2, 3):
        _contact(capped, "interview", "async", days_ago)
    decisions = contact_decisions(Participant.objects.all(), at=NOW)
    codes = {pk: decision.code for pk, decision in decisions.items()}
    assert codes == {free.pk: "", invited.pk: "cooldown", capped.pk: "cap", blocked.pk: "do_not_contact"}
    for participant in (free, invited, capped, blocked):
        assert decisions[participant.pk] == contact_decision(participant, at=NOW)


@pytest.mark.parametrize("size", [1, 50])
def test_decisions_for_a_list_take_a_fixed_number_of_queries(acme, django_assert_max_num_queries, size):
    participants = ParticipantFactory.create_batch(size)
    for participant in participants:
        _contact(participant, "invitation", "sync", 3)
        _contact(participant, "interview", "async", 3)
        _contact(participant, "interview", "sync", 2)
    participants = list(Participant.objects.all())
    # Two reads (the rules, the history), each preceded by django-tenants' `SET search_path`.
    with django_assert_max_num_queries(4):
        decisions = contact_decisions(participants, at=NOW)
    assert len(decisions) == size and all(d.code == "cooldown" for d in decisions.values())


def test_history_and_rules_stay_in_their_workspace(world):
    with schema_context(world.acme.schema_name):
        Governance.objects.update_or_create(pk=1, defaults={"max_interviews_per_90_days": 1})
        ana = ParticipantFactory(email="ana@example.com")
        _contact(ana, "interview", "sync", 5)
        assert contact_decision(ana, at=NOW).code == "cap"
    with schema_context(world.globex.schema_name):
        assert Governance.current().max_interviews_per_90_days == 3
        assert not ContactEvent.objects.exists()
        namesake = ParticipantFactory(email="ana@example.com")
        _contact(namesake, "interview", "sync", 5)
        _contact(namesake, "interview", "sync", 4)
        # Primary keys repeat across schemas: the decision must read this workspace's history only.
        assert contact_decision(namesake, at=NOW).allowed
