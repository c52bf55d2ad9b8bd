"""`make bench`'s booking figures run here on a small scale, so the bench code cannot rot unnoticed."""

from bench.booking import measure
from interviews.models import Booking, BookingRules
from studies.models import Participant
from workspaces.models import ApiKey, User


def test_booking_bench_measures_and_leaves_nothing(world, in_schema, report):
    users_before = User.objects.count()
    figures = measure(repeat=3, bookings=8, hosts=5)
    assert figures["booking_slots_hosts"] == 5 and figures["booking_slots_days"] == 30
    assert figures["booking_slots_found"] > 100 and figures["booking_slots_existing_bookings"] > 10
    assert figures["booking_slots_queries"] <= 6
    assert figures["booking_service_bookings"] == 8 and figures["booking_api_bookings"] == 4
    assert figures["booking_service_per_s"] > 0 and figures["booking_api_per_s"] > 0
    # Rolled back: no hosts, keys, rounds, bookings or participants stay.
    assert User.objects.count() == users_before and not ApiKey.objects.filter(name="bench booking").exists()
    with in_schema(world.acme.schema_name):
        assert not BookingRules.objects.exists() and not Booking.objects.exists() and not Participant.objects.exists()
    report(
        f"booking bench (small): slots for 5 hosts x 30 days p50 {figures['booking_slots_p50_ms']:.1f} ms"
        f" ({figures['booking_slots_found']} slots, {figures['booking_slots_queries']} queries);"
        f" {figures['booking_service_per_s']:.1f} bookings/s via the service,"
        f" {figures['booking_api_per_s']:.1f}/s via the API"
    )
