"""The brief page and API: members read (and generate on first view), owners and researchers regenerate, outsiders
get 404; staleness after the highlights change; print layout; a fixed number of queries."""

import pytest
from django_tenants.utils import schema_context

from synthesis.briefs import services
from synthesis.coding import services as coding
from synthesis.models import Brief, Highlight
from tests.synthesis.briefs.world import PORTAL_PAIN, build


@pytest.fixture
def bw(world):
    with schema_context(world.acme.schema_name):
        yield build(world.researcher)


def test_every_member_reads_the_brief_and_outsiders_get_404(bw, world, client_for, api_for):
    url = f"/bookings/{bw.booking.pk}/brief/"
    for user in (world.owner, world.researcher, world.pm, world.viewer):
        page = client_for(user).get(url)
        assert page.status_code == 200, user
        html = page.content.decode()
        for heading in ("1. Who they are", "2. What they said", "3. Threads to pull", "4. This call's guide"):
            assert heading in html
        assert "segment: smb" in html and PORTAL_PAIN in html and "css/brief.css" in html
        assert ("Regenerate</button>" in html) == (user in (world.owner, world.researcher))
    assert client_for(world.outsider).get(url).status_code == 404
    assert client_for(world.outsider, host="globex.localhost").get(url).status_code == 404
    assert client_for(world.owner).get("/bookings/999999/brief/").status_code == 404
    # Generated once, on the first view.
    with schema_context(world.acme.schema_name):
        assert Brief.objects.filter(booking=bw.booking).count() == 1

    api = f"/api/v1/bookings/{bw.booking.pk}/brief/"
    room = "https://meet.jit.si/q7k2m9x4v8c1n5b3z6w0r2t4y8"  # a per-call room (interviews/booking/rooms.py)
    with schema_context(world.acme.schema_name):
        type(bw.booking).objects.filter(pk=bw.booking.pk).update(location=room)
    for role in ("owner", "researcher", "pm", "viewer"):
        response = api_for(role=role).get(api)
        assert response.status_code == 200, role
    body = response.json()
    assert body["room"] == room and body["start"].startswith(f"{bw.booking.start:%Y-%m-%dT%H:%M}")
    assert body["backend"] == "offline" and body["stale"] is False and body["session"] == bw.session.pk
    sections = body["sections"]
    assert set(sections) == {"who", "said", "highlights", "themes", "threads", "guide"}
    thread = sections["threads"][0]
    assert set(thread) >= {"text", "citation"} and set(thread["citation"]) == {"message", "quote"}
    assert sections["who"]["attributes"] == {"segment": "smb"}
    assert api_for(role="owner", workspace=world.globex, host="globex.localhost").get(api).status_code == 404
    assert api_for(user=world.outsider).get(api).status_code == 404


def test_no_async_interview_means_no_brief(world, client_for, api_for):
    from interviews.models import Booking
    from tests.studies.factories import ParticipantFactory, RoundFactory

    with schema_context(world.acme.schema_name):
        from datetime import UTC, datetime, timedelta

        start = datetime(2030, 3, 5, 9, tzinfo=UTC)
        booking = Booking.objects.create(round=RoundFactory(kind="sync"), host=world.owner,
                                         participant=ParticipantFactory(), start=start,
                                         end=start + timedelta(minutes=30))  # fmt: skip
    assert client_for(world.owner).get(f"/bookings/{booking.pk}/brief/").status_code == 404
    assert api_for(role="viewer").get(f"/api/v1/bookings/{booking.pk}/brief/").status_code == 404


def test_stale_after_the_highlights_change_and_only_writers_regenerate(bw, world, client_for):
    url = f"/bookings/{bw.booking.pk}/brief/"
    client_for(world.viewer).get(url)
    with schema_context(world.acme.schema_name):
        Highlight.objects.filter(transcript__session=bw.session, pain=5).update(pain=1)
    html = client_for(world.viewer).get(url).content.decode()
    assert "highlights changed after this brief was made" in html
    regenerate = url + "regenerate/"
    assert client_for(world.viewer).post(regenerate).status_code == 403
    assert client_for(world.pm).post(regenerate).status_code == 403
    assert client_for(world.outsider).post(regenerate).status_code == 404
    response = client_for(world.researcher).post(regenerate)
    assert response.status_code == 302 and response["Location"] == url
    html = client_for(world.viewer).get(url).content.decode()
    assert "highlights changed" not in html
    with schema_context(world.acme.schema_name):
        kinds = {t["kind"] for t in Brief.objects.get(booking=bw.booking).content["threads"]}
        assert "pain_without_story" not in kinds  # pain 1 now
        # A new highlight makes it stale again.
        utterance = bw.session.transcript.utterances.get(text=PORTAL_PAIN)
        coding.highlight_create(utterance=utterance, start=0, end=10, actor=None)
    assert "highlights changed" in client_for(world.viewer).get(url).content.decode()


def test_print_stylesheet_hides_the_navigation_and_breaks_between_sections(client):
    from pathlib import Path

    from django.contrib.staticfiles import finders

    css = Path(finders.find("css/brief.css")).read_text()
    media = css[css.index("@media print") :]
    assert ".sidebar" in media and ".topbar" in media and "display: none" in media
    assert "break-before: page" in media and "display: block" in media


@pytest.mark.parametrize("extra", [0, 27])
def test_brief_page_query_budget(world, client_for, django_assert_max_num_queries, extra, report):
    with schema_context(world.acme.schema_name):
        bw = build(world.researcher, extra_answers=extra)
        services.brief_generate(booking=bw.booking, actor=None)
        answers = bw.session.messages.filter(role="participant", kind="answer").count()
    client = client_for(world.viewer)
    url = f"/bookings/{bw.booking.pk}/brief/"
    client.get(url)
    with django_assert_max_num_queries(32) as captured:  # half of them SET search_path; 4 the interview summary
        assert client.get(url).status_code == 200
    report(f"brief page: {len(captured)} queries for a session of {answers} answers")
