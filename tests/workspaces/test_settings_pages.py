"""Settings and API keys pages (owners only), and Django's password reset through the outbox."""

import re

import pytest
from django.core import mail
from django_tenants.utils import schema_context
from rest_framework.test import APIClient

from outbox.models import Email
from outbox.services import email_deliver
from workspaces.models import ApiKey, Workspace


def test_owner_creates_a_key_sees_it_once_and_it_works(client_for, world):
    client = client_for(world.owner)
    response = client.post("/settings/api-keys/", {"name": "Product events", "role": "researcher"})
    assert response.status_code == 201
    secret = re.search(r'<p class="secret">(prl_[\w-]+)</p>', response.text).group(1)
    api = APIClient(HTTP_HOST="acme.localhost", HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert api.get("/api/v1/workspace/").json()["role"] == "researcher"
    assert secret not in client.get("/settings/").text


def test_owner_revokes_a_key(client_for, world):
    client = client_for(world.owner)
    response = client.post("/settings/api-keys/", {"name": "Old", "role": "viewer"})
    secret = re.search(r"(prl_[\w-]+)", response.text).group(1)
    key = ApiKey.objects.get(workspace=world.acme, name="Old")
    assert client.post(f"/settings/api-keys/{key.pk}/revoke/").status_code == 302
    api = APIClient(HTTP_HOST="acme.localhost", HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert api.get("/api/v1/workspace/").status_code == 401
    assert "Revoked" in client.get("/settings/").text


def test_key_form_errors_are_shown(client_for, world):
    response = client_for(world.owner).post("/settings/api-keys/", {"name": "", "role": "god"})
    assert response.status_code == 400
    assert "This field is required." in response.text and "Select a valid choice" in response.text
    assert not ApiKey.objects.filter(workspace=world.acme).exists()


def test_owner_renames_the_workspace(client_for, world):
    response = client_for(world.owner).post("/settings/", {"name": "Acme Corporation"}, follow=True)
    assert "Acme Corporation" in response.text
    assert Workspace.objects.get(pk=world.acme.pk).name == "Acme Corporation"


@pytest.mark.parametrize("persona", ["viewer", "pm", "researcher"])
def test_non_owners_cannot_use_settings(client_for, world, persona):
    client = client_for(getattr(world, persona))
    assert client.get("/settings/").status_code == 403
    assert client.post("/settings/api-keys/", {"name": "x", "role": "owner"}).status_code == 403
    assert client.post("/settings/", {"name": "Hacked"}).status_code == 403
    assert not ApiKey.objects.filter(workspace=world.acme).exists()


def test_outsider_gets_404_on_settings_and_keys(client_for, world):
    client = client_for(world.outsider)
    assert client.get("/settings/").status_code == 404
    assert client.post("/settings/api-keys/", {"name": "x", "role": "owner"}).status_code == 404


def test_an_owner_cannot_revoke_another_workspaces_key(client_for, world):
    from workspaces.services import api_key_create

    theirs, _ = api_key_create(workspace=world.globex, name="globex", role="owner", actor=None)
    assert client_for(world.owner).post(f"/settings/api-keys/{theirs.pk}/revoke/").status_code == 404
    theirs.refresh_from_db()
    assert theirs.is_active


def test_password_reset_sends_a_working_link(client_for, world):
    client = client_for()
    response = client.post("/accounts/password-reset/", {"email": world.viewer.email})
    assert response.status_code == 302
    with schema_context(world.acme.schema_name):
        email = Email.objects.get(to=world.viewer.email, template="password-reset")
        email_deliver(email_id=email.pk)
    link = re.search(r"http://acme\.localhost(/accounts/reset/\S+/)", mail.outbox[-1].body).group(1)
    form = client.get(link, follow=True)
    assert "Choose a new password" in form.text
    client.post(
        form.redirect_chain[-1][0], {"new_password1": "brand-new-passphrase", "new_password2": "brand-new-passphrase"}
    )
    world.viewer.refresh_from_db()
    assert world.viewer.check_password("brand-new-passphrase")
