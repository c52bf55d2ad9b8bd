"""Participants pages: search, filters, history, CSV import with preview, contact rules, roles."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django_tenants.utils import schema_context

from studies.models import ContactEvent, Governance, Participant
from tests.queries import reads
from tests.studies.factories import ParticipantFactory

CSV = (
    "email,name,timezone,segment,plan,consent\n"
    "ana@example.com,Ana,Europe/Lisbon,smb,team,yes\n"
    "bob@,Bob,UTC,smb,free,no\n"
    "cy@example.com,Cy,Mars/Base,enterprise,business,yes\n"
    "dee@example.com,Dee,Asia/Kolkata,enterprise,business,maybe\n"
    "ANA@example.com,,,,business,\n"
    "eve@example.com,Eve,America/New_York,mid-market,team,no\n"
)


def test_import_previews_then_imports_only_on_confirm(client_for, world):
    client = client_for(world.researcher)
    preview = client.post("/participants/import/", {"file": SimpleUploadedFile("p.csv", CSV.encode())})
    assert preview.status_code == 200
    for line in ("3", "4", "5"):
        assert f"<td>{line}</td>" in preview.text
    assert "Mars/Base" in preview.text and "Nothing is saved until you confirm" in preview.text
    with schema_context(world.acme.schema_name):
        assert not Participant.objects.exists()
    confirm = preview.context["confirm_form"].initial["csv_text"]
    done = client.post("/participants/import/", {"csv_text": confirm, "confirm": "1"}, follow=True)
    assert "Imported: 2 new, 0 updated, 3 rows skipped." in done.text
    with schema_context(world.acme.schema_name):
        ana = Participant.objects.get(email="ana@example.com")
        assert ana.attributes == {"segment": "smb", "plan": "business"} and ana.timezone == "Europe/Lisbon"
    with schema_context(world.globex.schema_name):
        assert not Participant.objects.exists()


def test_import_without_a_file_is_a_form_error(client_for, world):
    response = client_for(world.researcher).post("/participants/import/", {})
    assert response.status_code == 400 and "Choose a CSV file." in response.text


def test_list_search_filter_decisions_and_budget(client_for, world, django_assert_max_num_queries):
    with schema_context(world.acme.schema_name):
        quiet = ParticipantFactory(name="Quiet Quinn", do_not_contact=True, attributes={"segment": "enterprise"})
        ParticipantFactory(name="Open Olga", attributes={"segment": "smb"})
    client = client_for(world.viewer)
    with django_assert_max_num_queries(24) as one:
        page = client.get("/participants/")
    assert "Quiet Quinn" in page.text and "asked not to be contacted" in page.text
    with schema_context(world.acme.schema_name):
        ParticipantFactory.create_batch(48)
    with django_assert_max_num_queries(24) as fifty:
        client.get("/participants/")
    assert len(reads(one)) == len(reads(fifty))
    found = client.get("/participants/?q=quinn", headers={"HX-Request": "true"}).text
    assert "Quiet Quinn" in found and "Open Olga" not in found
    filtered = client.get("/participants/?attr=segment&value=enterprise").text
    assert "Quiet Quinn" in filtered and "Open Olga" not in filtered
    assert client.get(f"/participants/{quiet.pk}/").status_code == 200


def test_detail_shows_history_and_the_cooldown(client_for, world):
    with schema_context(world.acme.schema_name):
        person = ParticipantFactory(name="Hist Hana")
        ContactEvent.objects.create(participant=person, kind="invitation", channel="async", occurred_at=timezone.now())
    page = client_for(world.viewer).get(f"/participants/{person.pk}/")
    assert "Invited to an async interview" in page.text
    may_invite = page.text[page.text.index('id="may-invite"') :][:300]
    assert "<strong>No</strong>" in may_invite and "Invited less than a day ago" in may_invite


def test_add_participant_with_a_bad_timezone_and_a_duplicate_email(client_for, world):
    with schema_context(world.acme.schema_name):
        ParticipantFactory(email="taken@example.com")
    client = client_for(world.researcher)
    response = client.post(
        "/participants/new/", {"email": "TAKEN@example.com", "timezone": "Nowhere/City", "locale": "en"}
    )
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert "timezone" in errors and "already a participant" in str(errors)
    ok = client.post("/participants/new/", {"email": "New@Example.com", "timezone": "Asia/Tokyo", "locale": "ja"})
    assert ok.status_code == 302
    dup = client.post("/participants/new/", {"email": "NEW@example.com", "timezone": "UTC", "locale": "en"})
    assert dup.status_code == 400 and "already a participant" in dup.text


def test_governance_rules_owner_edits_others_read(client_for, world):
    rules = {"min_days_between_invitations": 5, "max_interviews_per_90_days": 2}
    assert client_for(world.researcher).post("/participants/rules/", rules).status_code == 403
    assert client_for(world.viewer).get("/participants/rules/").status_code == 200
    client_for(world.owner).post(
        "/participants/rules/", {"min_days_between_invitations": 5, "max_interviews_per_90_days": 2}
    )
    with schema_context(world.acme.schema_name):
        rules = Governance.current()
    assert (rules.min_days_between_invitations, rules.max_interviews_per_90_days) == (5, 2)


@pytest.mark.parametrize("persona", ["viewer", "pm"])
def test_read_only_members_cannot_import_or_add(client_for, world, persona):
    client = client_for(getattr(world, persona))
    assert client.post("/participants/import/", {"file": SimpleUploadedFile("p.csv", CSV.encode())}).status_code == 403
    assert client.post("/participants/new/", {"email": "x@example.com", "timezone": "UTC"}).status_code == 403
