"""Importing a call's transcript into a booking: the service (speaker mapping, replace rules, nothing saved on a bad
file), the upload on the booking's page and `POST /api/v1/bookings/{id}/transcript/` (roles, outsiders)."""

import io
import itertools
import json
import re
from collections import Counter
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_tenants.utils import schema_context

from demo.studies import CHURN_STUDY
from interviews.models import Booking, BookingRules, BookingStatus, HostSchedule, Transcript, Utterance
from interviews.transcripts.parsers import MAX_BYTES
from interviews.transcripts.services import transcript_import, transcript_preview, transcript_speakers_set
from synthesis.models import Highlight
from tests.studies.factories import ParticipantFactory, RoundFactory
from workspaces.models import User

SAMPLES = Path(__file__).parent / "samples"


def sample(name: str) -> bytes:
    return (SAMPLES / name).read_bytes()


@pytest.fixture
def host(world):
    return User.objects.create_user(email="dana@acme.test", first_name="Dana", last_name="Demo")


@pytest.fixture
def acme(world):
    with schema_context(world.acme.schema_name):
        yield world.acme


SLOTS = itertools.count()


def make_booking(host, *, name="Priya Singh", email="") -> Booking:
    """A completed call of `host`, each at its own past hour (PostgreSQL refuses a host's overlapping calls)."""
    round_ = RoundFactory(kind="sync", purpose="Deep dives")
    slot = next(SLOTS)
    start = (timezone.now() - timedelta(days=2, hours=slot)).replace(microsecond=0)
    return Booking.objects.create(
        round=round_, host=host, participant=ParticipantFactory(name=name, email=email or f"person{slot}@example.com"),
        start=start,
        end=start + timedelta(minutes=45), status=BookingStatus.COMPLETED,
    )  # fmt: skip


def roles(transcript: Transcript) -> dict[str, str]:
    return dict(transcript.utterances.values_list("speaker_name", "speaker_role"))


def counts() -> tuple[int, int]:
    return Transcript.objects.count(), Utterance.objects.count()


# --- The service ---------------------------------------------------------------------------------------------------


def test_teams_file_becomes_the_bookings_sync_transcript(acme, host, world):
    booking = make_booking(host)
    transcript = transcript_import(
        booking=booking, content=sample("teams.vtt"), filename="teams.vtt", actor=world.owner
    )
    booking.refresh_from_db()
    assert booking.transcript == transcript
    assert (transcript.kind, transcript.round, transcript.participant) == ("sync", booking.round, booking.participant)
    assert transcript.occurred_at == booking.start
    assert transcript.title == f"{booking.round.study.title} · Priya Singh (call)"
    utterances = list(transcript.utterances.order_by("order"))
    assert [u.order for u in utterances] == list(range(1, 11))
    assert [(u.speaker_name, u.start_ms, u.end_ms) for u in utterances[:3]] == [
        ("Dana Demo", 3_512, 10_910), ("Marco Rossi (Guest)", 11_430, 12_790), ("Priya Singh", 13_020, 24_180),
    ]  # fmt: skip
    assert roles(transcript) == {
        "Dana Demo": "interviewer",
        "Priya Singh": "participant",
        "Marco Rossi (Guest)": "other",
    }


def test_zoom_display_name_of_first_name_only_is_the_participant(acme, host, world):
    transcript = transcript_import(booking=make_booking(host), content=sample("zoom.vtt"), filename="zoom.vtt",
                                   actor=world.owner)  # fmt: skip
    assert roles(transcript) == {"Dana Demo": "interviewer", "Priya": "participant"}
    assert transcript.utterances.get(order=6).text.startswith("So we're a team of eight at a design studio in München")


def test_participant_matched_by_email_or_as_the_one_speaker_who_is_not_the_host(acme, host, world):
    by_email = make_booking(host, name="", email="kofi.okafor@example.com")
    transcript = transcript_import(booking=by_email, content=sample("meet.vtt"), filename="m.vtt", actor=world.owner)
    assert roles(transcript) == {"Dana Demo": "interviewer", "Kofi Okafor": "participant"}
    not_named = make_booking(host, name="K. O.", email="ko@example.com")
    transcript = transcript_import(booking=not_named, content=sample("okafor.srt"), filename="o.srt", actor=world.owner)
    assert roles(transcript) == {"Dana Demo": "interviewer", "Kofi Okafor": "participant"}


def test_explicit_participant_speaker_wins_and_an_unknown_one_is_refused(acme, host, world):
    booking = make_booking(host, name="Somebody Else", email="else@example.com")
    before = counts()
    with pytest.raises(ValidationError) as caught:
        transcript_import(booking=booking, content=sample("notes.txt"), filename="notes.txt",
                          participant_speaker="Lena M.", actor=world.owner)  # fmt: skip
    assert caught.value.message_dict == {
        "participant_speaker": ["“Lena M.” does not speak in this file (speakers: “Dana Demo”, “Lena Müller”)."]
    }
    assert counts() == before
    transcript = transcript_import(booking=booking, content=sample("notes.txt"), filename="notes.txt",
                                   participant_speaker="  lena  müller ", actor=world.owner)  # fmt: skip
    assert roles(transcript) == {"Dana Demo": "interviewer", "Lena Müller": "participant"}


def test_zoom_host_named_otherwise_than_in_parley_maps_both_speakers(acme, host, world):
    # Today's Zoom file says "Dana Researcher"; Parley knows the host as Dana Demo (dana@acme.test).
    transcript = transcript_import(booking=make_booking(host), content=sample("zoom_dana_researcher.vtt"),
                                   filename="zoom.vtt", actor=world.owner)  # fmt: skip
    assert roles(transcript) == {"Dana Researcher": "interviewer", "Priya": "participant"}
    assert Counter(transcript.utterances.values_list("speaker_role", flat=True)) == {
        "interviewer": 6, "participant": 5,
    }  # fmt: skip


def test_with_strangers_the_questioner_is_the_interviewer_and_the_main_speaker_the_participant(acme, world):
    stranger_host = User.objects.create_user(email="h@acme.test", first_name="Hal", last_name="Host")
    transcript = transcript_import(booking=make_booking(stranger_host, name="Nobody", email="n@example.com"),
                                   content=sample("teams.vtt"), filename="teams.vtt", actor=world.owner)  # fmt: skip
    roles_found = roles(transcript)
    assert roles_found == {"Dana Demo": "interviewer", "Priya Singh": "participant", "Marco Rossi (Guest)": "other"}
    booking = make_booking(stranger_host, name="Nobody", email="n2@example.com")
    transcript = transcript_import(booking=booking, content=sample("three_strangers.txt"), filename="notes.txt",
                                   actor=world.owner)  # fmt: skip
    assert roles(transcript) == {"Ann": "interviewer", "Bob": "other", "Cid": "other"}  # no guess between equals


def test_preview_proposes_roles_and_saves_nothing(acme, host, world):
    booking = make_booking(host)
    before = counts()
    guesses = transcript_preview(booking=booking, content=sample("zoom_dana_researcher.vtt"), filename="z.vtt")
    assert [(g.name, g.lines, g.role) for g in guesses] == [
        ("Dana Researcher", 6, "interviewer"), ("Priya", 5, "participant"),
    ]  # fmt: skip
    assert guesses[0].scores["interviewer"]["host's name"] == 2.1 and "speaks first" in guesses[0].scores["interviewer"]
    assert guesses[1].sample.startswith("So we're a team of eight") and guesses[1].sample.endswith("…")
    assert counts() == before


def test_the_researchers_mapping_wins_and_unknown_speakers_are_refused(acme, host, world):
    booking = make_booking(host)
    before = counts()
    with pytest.raises(ValidationError) as caught:
        mapping = {"Dana R": "interviewer", "Priya Singh": "participant"}
        transcript_import(booking=booking, content=sample("teams.vtt"), filename="t.vtt", speakers=mapping,
                          actor=world.owner)  # fmt: skip
    assert caught.value.message_dict == {"speakers": [
        "“Dana R” does not speak in this file (speakers: “Dana Demo”, “Marco Rossi (Guest)”, “Priya Singh”)."
    ]}  # fmt: skip
    assert counts() == before
    transcript = transcript_import(booking=booking, content=sample("teams.vtt"), filename="t.vtt",
                                   speakers={"marco rossi (guest)": "participant", "Priya Singh": "other"},
                                   actor=world.owner)  # fmt: skip
    assert roles(transcript) == {
        "Dana Demo": "interviewer",
        "Priya Singh": "other",
        "Marco Rossi (Guest)": "participant",
    }


@pytest.mark.parametrize("name", ["bad_timestamp.vtt", "end_before_start.srt", "no_cues.vtt", "missing_timing.srt"])
def test_malformed_file_saves_nothing(acme, host, world, name):
    booking = make_booking(host)
    before = counts()
    with pytest.raises(ValidationError) as caught:
        transcript_import(booking=booking, content=sample(name), filename=name, actor=world.owner)
    assert list(caught.value.message_dict) == ["file"]
    assert counts() == before
    booking.refresh_from_db()
    assert booking.transcript is None


def test_replacing_needs_asking_and_deletes_the_old_transcript(acme, host, world):
    booking = make_booking(host)
    old = transcript_import(booking=booking, content=sample("zoom.vtt"), filename="zoom.vtt", actor=world.owner)
    with pytest.raises(ValidationError, match="already has a transcript"):
        transcript_import(booking=booking, content=sample("teams.vtt"), filename="teams.vtt", actor=world.owner)
    with pytest.raises(ValidationError, match="Line 8"):  # a bad file keeps the old transcript
        transcript_import(booking=booking, content=sample("bad_timestamp.vtt"), filename="b.vtt", replace=True,
                          actor=world.owner)  # fmt: skip
    booking.refresh_from_db()
    assert booking.transcript == old and old.utterances.count() == 11
    new = transcript_import(booking=booking, content=sample("teams.vtt"), filename="teams.vtt", replace=True,
                            actor=world.owner)  # fmt: skip
    booking.refresh_from_db()
    assert booking.transcript == new
    assert not Transcript.objects.filter(pk=old.pk).exists()
    assert not Utterance.objects.filter(transcript_id=old.pk).exists()


def test_a_transcript_with_highlights_is_never_replaced(acme, host, world):
    booking = make_booking(host)
    old = transcript_import(booking=booking, content=sample("zoom.vtt"), filename="zoom.vtt", actor=world.owner)
    utterance = old.utterances.get(order=6)
    Highlight.objects.create(utterance=utterance, start=0, end=10, text=utterance.text[:10], transcript=old,
                             round=old.round, study=old.round.study)  # fmt: skip
    with pytest.raises(ValidationError, match="has highlights from synthesis"):
        transcript_import(booking=booking, content=sample("teams.vtt"), filename="teams.vtt", replace=True,
                          actor=world.owner)  # fmt: skip
    booking.refresh_from_db()
    assert booking.transcript == old and Highlight.objects.filter(transcript=old).count() == 1


def test_changing_roles_after_the_import_keeps_highlights(acme, world):
    stranger_host = User.objects.create_user(email="h@acme.test", first_name="Hal", last_name="Host")
    booking = make_booking(stranger_host, name="Nobody", email="n@example.com")
    transcript = transcript_import(booking=booking, content=sample("teams.vtt"), filename="t.vtt", actor=world.owner)
    utterance = transcript.utterances.get(order=3)
    Highlight.objects.create(utterance=utterance, start=0, end=3, text=utterance.text[:3], transcript=transcript,
                             round=transcript.round, study=transcript.round.study)  # fmt: skip
    assert roles(transcript) == {
        "Dana Demo": "interviewer",
        "Priya Singh": "participant",
        "Marco Rossi (Guest)": "other",
    }
    swapped = {"marco rossi (guest)": "participant", "Priya Singh": "other"}
    transcript_speakers_set(transcript=transcript, speakers=swapped, actor=world.owner)
    assert roles(transcript) == {
        "Dana Demo": "interviewer",
        "Priya Singh": "other",
        "Marco Rossi (Guest)": "participant",
    }
    with pytest.raises(ValidationError, match="does not speak in this file"):
        transcript_speakers_set(transcript=transcript, speakers={"Hal Host": "interviewer"}, actor=world.owner)
    assert Highlight.objects.filter(utterance=utterance).count() == 1


def test_cancelled_or_future_calls_take_no_transcript(acme, host, world):
    cancelled = make_booking(host)
    cancelled.status = BookingStatus.CANCELLED
    cancelled.save()
    with pytest.raises(ValidationError, match="This call was cancelled"):
        transcript_import(booking=cancelled, content=sample("zoom.vtt"), filename="zoom.vtt", actor=world.owner)
    future = make_booking(host)
    future.start, future.end, future.status = future.start + timedelta(days=9), future.end + timedelta(days=9), "booked"
    future.save()
    with pytest.raises(ValidationError, match="has not taken place yet"):
        transcript_import(booking=future, content=sample("zoom.vtt"), filename="zoom.vtt", actor=world.owner)
    assert not Transcript.objects.exists()


# --- The page ------------------------------------------------------------------------------------------------------


def page_url(booking) -> str:
    return reverse("interviews:booking-transcript", args=[booking.pk])


def detail_url(booking) -> str:
    return reverse("booking:detail", args=[booking.pk])


def upload(name: str, **fields) -> dict:
    return {"file": SimpleUploadedFile(name, sample(name)), **fields}


def preview_fields(html: str) -> dict:
    """The confirmation a preview page would post as it is: the carried file and each proposed role."""
    fields = {"action": "confirm", "upload": re.search(r'name="upload" value="([^"]+)"', html).group(1)}
    if 'name="replace" value="True"' in html:
        fields["replace"] = "True"
    for select in re.finditer(r'<select name="(role_\d+)"[^>]*>(.*?)</select>', html, re.S):
        fields[select.group(1)] = re.search(r'<option value="(\w+)" selected>', select.group(2)).group(1)
    return fields


def import_on_page(client, booking, name: str, **fields):
    """Upload, read the preview, confirm it as proposed: what a researcher who agrees with the proposal does."""
    preview = client.post(page_url(booking), upload(name, **fields))
    assert preview.status_code == 200, preview.content.decode()[:2000]
    return client.post(page_url(booking), preview_fields(preview.content.decode()))


def test_researcher_uploads_checks_the_speakers_and_reads_the_utterances(client_for, world, host):
    with schema_context(world.acme.schema_name):
        booking = make_booking(host)
        before = counts()
    client = client_for(world.researcher)
    assert client.get(page_url(booking))["Location"] == detail_url(booking) + "#transcript"
    page = client.get(detail_url(booking))
    assert page.status_code == 200
    assert b'enctype="multipart/form-data"' in page.content and b"Check speakers and import" in page.content
    preview = client.post(page_url(booking), upload("teams.vtt"))
    html = preview.content.decode()
    assert preview.status_code == 200 and "Check who is who before importing" in html
    assert '<th scope="row">Marco Rossi (Guest)</th>' in html and "<q>Sorry, can I ask which calendar?</q>" in html
    assert '<label class="visually-hidden" for="id_role_1">Role of Marco Rossi (Guest)</label>' in html
    assert "host&#x27;s name 3.0" in html  # the signals behind each proposal
    with schema_context(world.acme.schema_name):
        assert counts() == before  # a preview saves nothing
    response = client.post(page_url(booking), preview_fields(html))
    assert response.status_code == 302 and response["Location"] == detail_url(booking) + "#transcript"
    page = client.get(response["Location"])
    html = page.content.decode()
    assert "Transcript imported: 10 utterances." in html
    assert "Mostly that nobody else on the team accepted the invites." in html
    assert "00:13" in html and "01:02" in html  # Priya's first turn at 13 s, the last at 1 min 2 s
    with schema_context(world.acme.schema_name):
        booking.refresh_from_db()
        assert reverse("coding:transcript", args=[booking.transcript_id]) in html
        assert roles(booking.transcript)["Dana Demo"] == "interviewer"


def test_roles_changed_on_the_preview_are_the_ones_saved(client_for, world, host):
    with schema_context(world.acme.schema_name):
        booking = make_booking(host)
    client = client_for(world.owner)
    preview = client.post(page_url(booking), upload("zoom_dana_researcher.vtt"))
    html = preview.content.decode()
    assert re.search(r'<select name="role_0"[^>]*>.*?<option value="interviewer" selected>', html, re.S)
    fields = preview_fields(html)
    assert (fields["role_0"], fields["role_1"]) == ("interviewer", "participant")
    bad = client.post(page_url(booking), {**fields, "role_1": "boss"})
    assert bad.status_code == 400 and "Select a valid choice." in bad.content.decode()
    tampered = client.post(page_url(booking), {**fields, "upload": fields["upload"][:-3] + "abc"})
    assert tampered.status_code == 400 and "This preview has expired or was changed" in tampered.content.decode()
    with schema_context(world.acme.schema_name):
        assert not Transcript.objects.filter(booking=booking).exists()
    assert client.post(page_url(booking), {**fields, "role_0": "other"}).status_code == 302
    with schema_context(world.acme.schema_name):
        booking.refresh_from_db()
        assert roles(booking.transcript) == {"Dana Researcher": "other", "Priya": "participant"}


def test_a_file_too_big_to_carry_through_the_preview_is_imported_with_the_proposed_roles(
    client_for, world, host, monkeypatch
):
    from interviews.transcripts import views

    monkeypatch.setattr(views, "PREVIEW_MAX_CHARS", 100)  # the signed file would not fit Django's form-field limit
    with schema_context(world.acme.schema_name):
        booking = make_booking(host)
    client = client_for(world.owner)
    response = client.post(page_url(booking), upload("zoom_dana_researcher.vtt"))
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "Transcript imported: 11 utterances. Check each speaker&#x27;s role below." in page
    with schema_context(world.acme.schema_name):
        booking.refresh_from_db()
        assert roles(booking.transcript) == {"Dana Researcher": "interviewer", "Priya": "participant"}


def test_bad_file_on_the_page_shows_the_line_and_saves_nothing(client_for, world, host):
    with schema_context(world.acme.schema_name):
        booking = make_booking(host)
        before = counts()
    response = client_for(world.owner).post(page_url(booking), upload("bad_timestamp.vtt"))
    assert response.status_code == 400
    html = response.content.decode()
    assert "Nothing was imported." in html and "Line 8: “00:00:5.000” is not a timestamp" in html
    missing = client_for(world.owner).post(page_url(booking), {"participant_speaker": "Priya"})
    assert missing.status_code == 400 and "Choose the transcript file to import." in missing.content.decode()
    big = SimpleUploadedFile("big.vtt", b"WEBVTT\n\n" + b"x" * MAX_BYTES)
    too_big = client_for(world.owner).post(page_url(booking), {"file": big})
    assert too_big.status_code == 400 and "The file is larger than 5 MB." in too_big.content.decode()
    with schema_context(world.acme.schema_name):
        assert counts() == before


def test_replacing_on_the_page(client_for, world, host):
    with schema_context(world.acme.schema_name):
        booking = make_booking(host)
    client = client_for(world.owner)
    assert import_on_page(client, booking, "zoom.vtt").status_code == 302
    refused = client.post(page_url(booking), upload("teams.vtt"))
    assert refused.status_code == 400 and "already has a transcript" in refused.content.decode()
    page = client.get(detail_url(booking)).content.decode()
    assert "Replace it with another file" in page and 'name="replace" value="on"' in page
    assert import_on_page(client, booking, "teams.vtt", replace="on").status_code == 302
    with schema_context(world.acme.schema_name):
        booking.refresh_from_db()
        assert booking.transcript.utterances.count() == 10


def test_page_asks_who_the_participant_is_when_no_speaker_matches(client_for, world):
    with schema_context(world.acme.schema_name):
        stranger_host = User.objects.create_user(email="h@acme.test", first_name="Hal", last_name="Host")
        booking = make_booking(stranger_host, name="Nobody", email="n@example.com")
    client = client_for(world.researcher)
    assert import_on_page(client, booking, "three_strangers.txt").status_code == 302
    page = client.get(detail_url(booking)).content.decode()
    assert "No speaker was recognised as Nobody" in page and '<label for="id_role_2">Cid</label>' in page
    refused = client.post(page_url(booking), {"action": "speakers", "role_0": "interviewer", "role_2": "boss"})
    assert refused.status_code == 400 and "Choose a role for every speaker." in refused.content.decode()
    chosen = {"action": "speakers", "role_0": "interviewer", "role_1": "other", "role_2": "participant"}
    assert client_for(world.viewer).post(page_url(booking), chosen).status_code == 403
    assert client.post(page_url(booking), chosen).status_code == 302
    page = client.get(detail_url(booking)).content.decode()
    assert "No speaker was recognised" not in page
    with schema_context(world.acme.schema_name):
        booking.refresh_from_db()
        assert roles(booking.transcript) == {"Ann": "interviewer", "Bob": "other", "Cid": "participant"}


@pytest.mark.parametrize("role", ["pm", "viewer"])
def test_read_only_members_see_the_transcript_but_cannot_upload(client_for, world, host, role):
    with schema_context(world.acme.schema_name):
        booking = make_booking(host)
        before = counts()
    client = client_for(getattr(world, role))
    page = client.get(detail_url(booking))
    assert page.status_code == 200 and b"No transcript yet." in page.content and b'type="file"' not in page.content
    assert client.post(page_url(booking), upload("teams.vtt")).status_code == 403
    with schema_context(world.acme.schema_name):
        assert counts() == before


def test_outsider_gets_404(client_for, world, host):
    with schema_context(world.acme.schema_name):
        booking = make_booking(host)
        before = counts()
    client = client_for(world.outsider)
    assert client.get(page_url(booking)).status_code == 404
    assert client.post(page_url(booking), upload("teams.vtt")).status_code == 404
    assert client.post(page_url(booking), {"action": "confirm", "upload": "x", "role_0": "other"}).status_code == 404
    assert (
        client_for(world.owner).get(reverse("interviews:booking-transcript", args=[booking.pk + 999])).status_code
        == 404
    )
    with schema_context(world.acme.schema_name):
        assert counts() == before


def test_booking_page_query_count_does_not_grow_with_the_transcript(
    client_for, world, host, django_assert_max_num_queries, report
):
    with schema_context(world.acme.schema_name):
        short = make_booking(host)
        long = make_booking(host)
        transcript_import(booking=short, content=sample("meet.vtt"), filename="m.vtt", actor=world.owner)
        many = "WEBVTT\n\n" + "".join(
            f"00:{i // 60:02d}:{i % 60:02d}.000 --> 00:{i // 60:02d}:{i % 60:02d}.900\n<v {'AB'[i % 2]}>Turn {i}.\n\n"
            for i in range(300)
        )
        transcript_import(booking=long, content=many.encode(), filename="many.vtt", actor=world.owner)
    client = client_for(world.researcher)
    client.get(detail_url(short))  # warm the session and the workspace lookups
    with django_assert_max_num_queries(40) as short_queries:
        assert client.get(detail_url(short)).status_code == 200
    with django_assert_max_num_queries(len(short_queries)):
        response = client.get(detail_url(long))
    assert response.content.decode().count('class="transcript-line ') == 300
    report(f"booking page with a transcript: {len(short_queries)} queries for 4 utterances and for 300")


# --- The API -------------------------------------------------------------------------------------------------------


@pytest.fixture
def multipart_by_default(monkeypatch):
    """The upload is a multipart form; the API's other tests send JSON by default (config/settings.py)."""
    from rest_framework.test import APIRequestFactory

    monkeypatch.setattr(APIRequestFactory, "default_format", "multipart")


def api_url(booking) -> str:
    return f"/api/v1/bookings/{booking.pk}/transcript/"


def test_api_imports_a_file(multipart_by_default, api_for, world, host):
    with schema_context(world.acme.schema_name):
        booking = make_booking(host)
    response = api_for(role="researcher").post(
        api_url(booking), upload("okafor.srt", participant_speaker="Kofi Okafor")
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["utterances"] == 6 and body["booking"] == booking.pk
    assert body["speakers"] == {"Dana Demo": "interviewer", "Kofi Okafor": "participant"}
    with schema_context(world.acme.schema_name):
        booking.refresh_from_db()
        assert booking.transcript_id == body["transcript"]


def test_api_takes_the_speakers_mapping_and_refuses_unknown_names(multipart_by_default, api_for, world, host):
    with schema_context(world.acme.schema_name):
        booking = make_booking(host)
        before = counts()
    api = api_for(role="researcher")
    mapping = json.dumps({"Dana R": "interviewer", "Miguel": "participant"})
    unknown = api.post(api_url(booking), upload("zoom_dana_researcher.vtt", speakers=mapping))
    assert unknown.status_code == 400
    assert unknown.json() == {"speakers": [
        "“Dana R” does not speak in this file (speakers: “Dana Researcher”, “Priya”).",
        "“Miguel” does not speak in this file (speakers: “Dana Researcher”, “Priya”).",
    ]}  # fmt: skip
    not_a_dict = api.post(api_url(booking), upload("zoom.vtt", speakers='["Dana"]'))
    assert not_a_dict.status_code == 400 and list(not_a_dict.json()) == ["speakers"]
    with schema_context(world.acme.schema_name):
        assert counts() == before
    preview = api.post(api_url(booking), upload("zoom_dana_researcher.vtt", preview="true"))
    assert preview.status_code == 200
    assert [(s["name"], s["lines"], s["role"]) for s in preview.json()["speakers"]] == [
        ("Dana Researcher", 6, "interviewer"), ("Priya", 5, "participant"),
    ]  # fmt: skip
    assert preview.json()["speakers"][0]["scores"]["interviewer"]["host's name"] == 2.1
    with schema_context(world.acme.schema_name):
        assert counts() == before
    mapped = api.post(api_url(booking), upload("zoom_dana_researcher.vtt",
                                                speakers=json.dumps({"dana researcher": "other"})))  # fmt: skip
    assert mapped.status_code == 201
    assert mapped.json()["speakers"] == {"Dana Researcher": "other", "Priya": "participant"}


def test_api_bad_file_is_400_naming_the_line_and_replace_rules(multipart_by_default, api_for, world, host):
    with schema_context(world.acme.schema_name):
        booking = make_booking(host)
        before = counts()
    api = api_for(role="owner")
    response = api.post(api_url(booking), upload("end_before_start.srt"))
    assert response.status_code == 400
    assert response.json() == {"file": ["Line 6: the cue ends before it starts."]}
    with schema_context(world.acme.schema_name):
        assert counts() == before
    assert api.post(api_url(booking), upload("zoom.vtt")).status_code == 201
    again = api.post(api_url(booking), upload("teams.vtt"))
    assert again.status_code == 400 and "already has a transcript" in again.json()["file"][0]
    replaced = api.post(api_url(booking), upload("teams.vtt", replace="true"))
    assert replaced.status_code == 201 and replaced.json()["utterances"] == 10
    assert api.post(api_url(booking), {"participant_speaker": "x"}).json() == {"file": ["No file was submitted."]}
    big = SimpleUploadedFile("big.vtt", b"WEBVTT\n\n" + b"x" * MAX_BYTES)
    assert api.post(api_url(booking), {"file": big}).json() == {"file": ["The file is larger than 5 MB."]}


@pytest.mark.parametrize("role", ["pm", "viewer"])
def test_api_read_only_roles_get_403(multipart_by_default, api_for, world, host, role):
    with schema_context(world.acme.schema_name):
        booking = make_booking(host)
        before = counts()
    assert api_for(role=role).post(api_url(booking), upload("teams.vtt")).status_code == 403
    with schema_context(world.acme.schema_name):
        assert counts() == before


def test_api_outsiders_get_404(multipart_by_default, api_for, world, host):
    with schema_context(world.acme.schema_name):
        booking = make_booking(host)
        before = counts()
    assert api_for(user=world.outsider).post(api_url(booking), upload("teams.vtt")).status_code == 404
    assert api_for(role="owner", workspace=world.globex).post(api_url(booking), upload("teams.vtt")).status_code == 404
    missing = api_for(role="owner").post(f"/api/v1/bookings/{booking.pk + 999}/transcript/", upload("teams.vtt"))
    assert missing.status_code == 404
    with schema_context(world.acme.schema_name):
        assert counts() == before


# --- The demo ------------------------------------------------------------------------------------------------------


def test_demo_seed_books_calls_and_imports_a_transcript_once(world):
    call_command("seed_demo", stdout=io.StringIO())
    with schema_context(world.acme.schema_name):
        first = snapshot()
    call_command("seed_demo", stdout=io.StringIO())
    with schema_context(world.acme.schema_name):
        assert snapshot() == first
        rules = BookingRules.objects.get(round__study__title=CHURN_STUDY)
        assert rules.round.kind == "sync" and rules.is_public and rules.questions.count() == 1
        zones = dict(HostSchedule.objects.filter(user__in=rules.hosts.all()).values_list("user__email", "timezone"))
        assert zones == {"demo@parley.test": "America/New_York", "researcher@parley.test": "Europe/Berlin"}
        assert all(s.weekly_hours.filter(weekday__lt=5).count() == 10 for s in HostSchedule.objects.all())
        bookings = Booking.objects.filter(round=rules.round)
        now = timezone.now()
        assert bookings.filter(status="completed", start__lt=now).count() == 2
        assert bookings.filter(status="no_show", start__lt=now).count() == 1
        assert bookings.filter(status="booked", start__gt=now).count() == 3
        # Two held calls with transcripts: the imported Zoom file, and the host's typed notes of the second call.
        assert bookings.filter(transcript__isnull=False).count() == 2
        transcript = bookings.get(transcript__utterances__text__contains="price jumped to the next tier").transcript
        assert transcript.kind == "sync" and transcript.participant == transcript.booking.participant
        speakers = Counter(transcript.utterances.values_list("speaker_role", flat=True))
        assert 25 <= sum(speakers.values()) <= 40 and speakers["participant"] == speakers["interviewer"] == 17
        assert transcript.utterances.filter(text__contains="price jumped to the next tier").exists()


def snapshot() -> dict[str, int]:
    return {
        "schedules": HostSchedule.objects.count(),
        "rules": BookingRules.objects.count(),
        "bookings": Booking.objects.count(),
        "transcripts": Transcript.objects.filter(kind="sync").count(),
        "utterances": Utterance.objects.count(),
    }
