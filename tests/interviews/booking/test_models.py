"""The database itself refuses two overlapping calls of one host (the backstop of the booking service)."""

from datetime import UTC, datetime, timedelta

import pytest
from django.db import IntegrityError, transaction

from interviews.models import Booking, BookingStatus
from tests.interviews.factories import sync_round_with_rules
from tests.studies.factories import ParticipantFactory

T0 = datetime(2030, 3, 4, 15, 0, tzinfo=UTC)


def _book(rules, host, start, minutes=45, **extra):
    return Booking.objects.create(
        round=rules.round, host=host, participant=ParticipantFactory(), start=start,
        end=start + timedelta(minutes=minutes), **extra,
    )  # fmt: skip


def test_overlapping_bookings_of_one_host_are_refused(world, in_schema):
    with in_schema(world.acme.schema_name):
        rules = sync_round_with_rules(hosts=[world.owner, world.researcher])
        _book(rules, world.owner, T0)
        with pytest.raises(IntegrityError, match="booking_no_host_overlap"), transaction.atomic():
            _book(rules, world.owner, T0 + timedelta(minutes=30))
        # Back to back is fine: ranges are half-open.
        _book(rules, world.owner, T0 + timedelta(minutes=45))
        # Another host at the same time is fine.
        _book(rules, world.researcher, T0)
        assert Booking.objects.count() == 3


def test_cancelled_and_no_show_bookings_free_the_time(world, in_schema):
    with in_schema(world.acme.schema_name):
        rules = sync_round_with_rules(hosts=[world.owner])
        _book(rules, world.owner, T0, status=BookingStatus.CANCELLED)
        _book(rules, world.owner, T0, status=BookingStatus.NO_SHOW)
        _book(rules, world.owner, T0)
        with pytest.raises(IntegrityError), transaction.atomic():
            _book(rules, world.owner, T0, status=BookingStatus.COMPLETED)
        # Reviving a cancelled one onto a taken time is refused too.
        cancelled = Booking.objects.get(status=BookingStatus.CANCELLED)
        cancelled.status = BookingStatus.BOOKED
        with pytest.raises(IntegrityError), transaction.atomic():
            cancelled.save()


def test_full_clean_reports_an_overlap_as_taken(world, in_schema):
    # What the admin's forms run: the exclusion constraint validates without django.contrib.postgres installed.
    from django.core.exceptions import ValidationError

    with in_schema(world.acme.schema_name):
        rules = sync_round_with_rules(hosts=[world.owner])
        _book(rules, world.owner, T0)
        overlapping = Booking(round=rules.round, host=world.owner, participant=ParticipantFactory(),
                              start=T0 + timedelta(minutes=15), end=T0 + timedelta(minutes=60))  # fmt: skip
        with pytest.raises(ValidationError, match="That time was just taken"):
            overlapping.full_clean()
        overlapping.start = T0 + timedelta(minutes=45)
        overlapping.full_clean()


@pytest.mark.parametrize("model", ["hostschedule", "bookingrules", "booking", "bookinginvite"])
def test_workspace_admin_lists_and_opens_booking_tables(client_for, world, in_schema, model):
    with in_schema(world.acme.schema_name):
        rules = sync_round_with_rules(hosts=[world.owner])
        booking = _book(rules, world.owner, T0)
        from interviews.models import BookingInvite, HostSchedule

        invite = BookingInvite.objects.create(round=rules.round, participant=booking.participant)
        pk = {"hostschedule": HostSchedule.objects.get(user=world.owner).pk, "bookingrules": rules.pk,
              "booking": booking.pk, "bookinginvite": invite.pk}[model]  # fmt: skip
    owner = client_for(world.owner)
    listed = owner.get(f"/admin/interviews/{model}/")
    assert listed.status_code == 200
    change = owner.get(f"/admin/interviews/{model}/{pk}/change/")
    assert change.status_code == 200
    # Host choices are this workspace's members, never another workspace's people.
    assert world.outsider.email not in change.text
    assert client_for(world.outsider).get(f"/admin/interviews/{model}/").status_code == 404
