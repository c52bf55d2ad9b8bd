"""Email wording in the library: a researcher staff allowed to publish saves acme's wording, globex's owner copies
it (the kinds in the set replace globex's, the others stay) and globex's invitations carry it; nothing of acme
travels but the subjects and paragraphs with their placeholders; roles, outsiders and bad input as everywhere."""

import json

import pytest
from django_tenants.utils import schema_context

from interviews.links import services as links
from interviews.models import EmailWording
from outbox.models import Email
from studies.models import Participant
from tests.conftest import GLOBEX_HOST
from tests.interviews.factories import async_round_with_guide
from tests.studies.factories import StudyFactory
from workspaces.models import LibraryItem

pytestmark = pytest.mark.django_db

PUBLIC = "localhost"
URL = "/settings/emails/"
LEAKS = ("Zed", "Acmeperson", "acme-customer", "Acme secret", "acme", "Acme", "/i/", "http")


def _publisher(user):
    user.library_publisher = True
    user.save(update_fields=["library_publisher"])
    return user


def _wording(schema: str) -> dict[str, tuple[str, str]]:
    with schema_context(schema):
        return {row.kind: (row.subject, row.opening) for row in EmailWording.objects.all()}


@pytest.fixture
def acme_wording(world):
    """Acme's wording of two emails, with an invitation sent to a participant under it."""
    with schema_context(world.acme.schema_name):
        EmailWording.objects.create(kind="interview-invitation", subject="Ten minutes for {study}, {first_name}?",
                                    opening="We read every answer about {round}.", updated_by=world.owner)  # fmt: skip
        EmailWording.objects.create(kind="interview-reminder", opening="A nudge, {first_name}: it closes soon.")
        round_ = async_round_with_guide(questions=1, study=StudyFactory(title="Acme secret pricing study"))
        links.invitation_create(round=round_, email="zed@acme-customer.example", name="Zed Acmeperson", actor=None)
        assert Participant.objects.filter(name="Zed Acmeperson").exists()
    return world


def test_publish_from_acme_copy_into_globex_and_nothing_else_travels(client_for, acme_wording):
    world = acme_wording
    saved = client_for(_publisher(world.researcher)).post(f"{URL}publish/", {"title": "Warm async wording"})
    assert saved.status_code == 302
    item = LibraryItem.objects.get(title="Warm async wording")
    assert item.kind == "email"
    assert item.content == {"emails": [
        {"kind": "interview-invitation", "label": "Async interview invitation",
         "subject": "Ten minutes for {study}, {first_name}?", "opening": "We read every answer about {round}."},
        {"kind": "interview-reminder", "label": "Async interview reminder", "subject": "",
         "opening": "A nudge, {first_name}: it closes soon."},
    ]}  # fmt: skip
    stored = json.dumps(item.content, ensure_ascii=False)
    for leak in LEAKS:
        assert leak not in stored, leak

    # Globex words the invitation and a call reminder its own way; the copy replaces the first only.
    with schema_context(world.globex.schema_name):
        EmailWording.objects.create(kind="interview-invitation", subject="Globex asks")
        EmailWording.objects.create(kind="booking-reminder", subject="Globex reminds")
    globex = client_for(world.outsider, host=GLOBEX_HOST)
    page = globex.post(f"{URL}library/", {"item": item.pk}, follow=True)
    assert page.status_code == 200
    assert "Copied “Warm async wording”: it words 2 emails now; the others are unchanged." in page.text
    assert _wording(world.globex.schema_name) == {
        "interview-invitation": ("Ten minutes for {study}, {first_name}?", "We read every answer about {round}."),
        "interview-reminder": ("", "A nudge, {first_name}: it closes soon."),
        "booking-reminder": ("Globex reminds", ""),
    }
    with schema_context(world.globex.schema_name):
        rows = json.dumps(list(EmailWording.objects.values()), default=str, ensure_ascii=False)
        assert not EmailWording.objects.filter(updated_by=world.owner).exists()
        assert not Participant.objects.filter(name__contains="Zed").exists()
        # Globex's own invitations now carry the wording, filled with globex's study and participant.
        round_ = async_round_with_guide(questions=1, purpose="Exports", study__public_title="Globex exports")
        links.invitation_create(round=round_, email="dee@example.com", name="Dee Globex", actor=None)
        email = Email.objects.filter(to="dee@example.com").latest("pk")
        assert email.subject == "Ten minutes for Globex exports, Dee?"
        assert "We read every answer about Exports." in email.body_text
    for leak in LEAKS:
        assert leak not in rows, leak

    library = client_for(world.outsider, host=PUBLIC).get("/library/").text
    assert "Warm async wording" in library and "Async interview reminder" in library
    assert "A nudge, {first_name}: it closes soon." in library


def test_only_publishers_who_write_here_publish(client_for, acme_wording):
    world = acme_wording
    assert client_for(world.researcher).post(f"{URL}publish/", {"title": "T"}).status_code == 403
    for member in (world.pm, world.viewer):
        assert client_for(_publisher(member)).post(f"{URL}publish/", {"title": "T"}).status_code == 403
    assert not LibraryItem.objects.exists()


def test_only_owners_and_researchers_of_the_target_copy(client_for, world):
    item = LibraryItem.objects.create(kind="email", title="Shared", content={"emails": [
        {"kind": "booking-invitation", "label": "x", "subject": "Shared subject", "opening": ""}]})  # fmt: skip
    for member in (world.pm, world.viewer):
        assert client_for(member).post(f"{URL}library/", {"item": item.pk}).status_code == 403
    assert client_for(world.researcher, host=GLOBEX_HOST).post(f"{URL}library/", {"item": item.pk}).status_code == 404
    assert client_for(world.outsider).post(f"{URL}library/", {"item": item.pk}).status_code == 404
    assert "booking-invitation" not in _wording(world.acme.schema_name)
    assert "booking-invitation" not in _wording(world.globex.schema_name)


def test_bad_choices_damaged_sets_and_empty_wording_are_form_errors(client_for, world):
    codebook = LibraryItem.objects.create(kind="codebook", title="Codes", content={"tags": []})
    damaged = LibraryItem.objects.create(kind="email", title="Damaged", content={"emails": [
        {"kind": "interview-invitation", "subject": "Fine", "opening": ""},
        {"kind": "interview-reminder", "subject": "Hi {firstname}", "opening": ""}]})  # fmt: skip
    nothing = LibraryItem.objects.create(kind="email", title="Future kinds", content={"emails": [
        {"kind": "sms-invitation", "subject": "Hi", "opening": ""}]})  # fmt: skip
    client = client_for(_publisher(world.researcher))
    for bad in ("", "abc", "999999", codebook.pk):
        page = client.post(f"{URL}library/", {"item": bad})
        assert page.status_code == 400 and "Choose a library wording from the library." in page.text, bad
    page = client.post(f"{URL}library/", {"item": damaged.pk})
    assert page.status_code == 400 and "“Damaged” cannot be copied: Unknown placeholder {firstname}" in page.text
    page = client.post(f"{URL}library/", {"item": nothing.pk})
    assert page.status_code == 400 and "holds no wording of the emails Parley sends" in page.text
    assert _wording(world.acme.schema_name) == {}  # not even "Fine"

    assert client.post(f"{URL}publish/", {"title": ""}).status_code == 400
    empty = client.post(f"{URL}publish/", {"title": "Nothing"})
    assert empty.status_code == 400 and "This workspace uses the built-in wording" in empty.text
    assert LibraryItem.objects.count() == 3
