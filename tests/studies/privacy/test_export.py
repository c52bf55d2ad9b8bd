"""An access request: everything held about a participant as one JSON document, from the page and the API."""

import json

import pytest
from django_tenants.utils import schema_context

from tests.studies.privacy.people import EMAIL, NAME, participant_with_everything
from workspaces.models import Role

SECTIONS = {
    "participant": 1, "contact_history": 2, "emails": 2, "async_sessions": 2, "async_messages": 4, "bookings": 1,
    "transcripts": 2, "utterances": 2, "highlights": 2, "validation_answers": 1, "shipped_notices": 1,
}  # fmt: skip


def _check(document: dict) -> None:
    assert {section: len(document[section]) for section in SECTIONS} == SECTIONS
    assert document["participant"][0]["name"] == NAME and document["participant"][0]["email"] == EMAIL
    assert document["participant"][0]["attributes"] == {"segment": "enterprise"}
    answers = [m["text"] for m in document["async_messages"] if m["role"] == "participant"]
    assert f"I am {NAME} and the import took me three days." in answers
    assert "Started, never finished." in answers  # the open-link session she left her address on
    assert document["bookings"][0]["answers"] == {"role": f"{NAME}, head of ops"}
    assert {e["subject"] for e in document["emails"]} == {"Your call is booked", f"New call: {NAME}"}
    assert document["shipped_notices"][0]["item__title"] == "Faster imports"
    assert "Bob Keeper" not in json.dumps(document)


def test_export_page_downloads_everything(client_for, world):
    with schema_context(world.acme.schema_name):
        zelda = participant_with_everything(world).zelda
    page = client_for(world.researcher).get(f"/participants/{zelda.pk}/")
    assert f'href="/participants/{zelda.pk}/export/"' in page.content.decode()
    response = client_for(world.researcher).get(f"/participants/{zelda.pk}/export/")
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="participant-{zelda.pk}.json"'
    _check(json.loads(response.content))


def test_export_api_answers_everything(api_for, world):
    with schema_context(world.acme.schema_name):
        zelda = participant_with_everything(world).zelda
    response = api_for(role=Role.OWNER).get(f"/api/v1/participants/{zelda.pk}/export/")
    assert response.status_code == 200
    _check(response.json())


@pytest.mark.parametrize("role", [Role.VIEWER, Role.PM])
def test_read_only_roles_cannot_export(api_for, client_for, world, role):
    with schema_context(world.acme.schema_name):
        zelda = participant_with_everything(world).zelda
    user = world.viewer if role == Role.VIEWER else world.pm
    assert client_for(user).get(f"/participants/{zelda.pk}/export/").status_code == 403
    assert api_for(role=role).get(f"/api/v1/participants/{zelda.pk}/export/").status_code == 403


def test_outsider_gets_404_on_export(api_for, client_for, world):
    with schema_context(world.acme.schema_name):
        zelda = participant_with_everything(world).zelda
    assert client_for(world.outsider).get(f"/participants/{zelda.pk}/export/").status_code == 404
    globex_key = api_for(role=Role.OWNER, workspace=world.globex)
    assert globex_key.get(f"/api/v1/participants/{zelda.pk}/export/").status_code == 404
