"""The demo's portfolio: two different clients with their numbers, globex's stalled round flagged, the viewer of
acme sees acme only, and globex's interviews read like dispatchers talking."""

import io

from django.core.management import call_command
from django_tenants.utils import schema_context

from interviews.models import Message, Session
from workspaces.models import User, WorkspaceSummary


def test_the_demo_portfolio_shows_two_clients_one_flagged(world, client_for):
    call_command("seed_demo", stdout=io.StringIO())
    acme = WorkspaceSummary.objects.get(workspace__slug="acme")
    globex = WorkspaceSummary.objects.get(workspace__slug="globex")
    assert acme.figures["completes_30d"] > 0 and acme.figures["active_studies"] >= 1
    assert globex.figures["live_rounds"] == 1 and globex.figures["completes_30d"] == 3
    assert "stalled_round" in globex.flags and "Handover stories" in globex.flag_notes["stalled_round"]
    assert acme.figures != globex.figures

    demo = User.objects.get(email="demo@parley.test")
    text = client_for(demo, host="localhost").get("/").text
    assert "Acme Corp" in text and "Globex" in text and "Stalled round" in text
    viewer = client_for(User.objects.get(email="viewer@parley.test"), host="localhost").get("/").text
    assert "Acme Corp" in viewer and "Globex" not in viewer

    with schema_context(world.globex.schema_name):
        sessions = Session.objects.filter(round__study__title="How dispatchers hand over a shift")
        assert sessions.filter(status="completed", participant__isnull=False).count() == 3
        answers = list(Message.objects.filter(session__in=sessions, role="participant").values_list("text", flat=True))
        assert len(set(answers)) == len(answers) >= 12  # every answer a person's own
