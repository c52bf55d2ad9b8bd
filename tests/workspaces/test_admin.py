"""The public admin is for staff; a workspace's admin is for that workspace's owners and shows only its data."""

import pytest
from django_tenants.utils import schema_context

from outbox.models import Email
from workspaces.models import User

PUBLIC_MODELS = ("workspace", "membership", "invitation", "apikey", "user")
PUBLIC_ADMIN_PAGES = ["/admin/", *(f"/admin/workspaces/{m}/" for m in PUBLIC_MODELS)]


@pytest.mark.parametrize("path", [*PUBLIC_ADMIN_PAGES, "/admin/workspaces/domain/", "/admin/outbox/email/"])
def test_public_admin_pages_for_a_superuser(client_for, world, path):
    world.staff.is_superuser = True
    world.staff.save()
    assert client_for(world.staff, host="localhost").get(path).status_code == 200


def test_public_admin_deactivates_accounts_and_never_deletes_them(client_for, world):
    world.staff.is_superuser = True
    world.staff.save()
    client = client_for(world.staff, host="localhost")
    response = client.post(f"/admin/workspaces/user/{world.researcher.pk}/delete/", {"post": "yes"})
    assert response.status_code == 403
    page = client.get(f"/admin/workspaces/user/{world.researcher.pk}/change/").text
    assert "/delete/" not in page and 'name="is_active"' in page
    assert User.objects.filter(pk=world.researcher.pk).exists()


def test_public_admin_refuses_non_staff(client_for, world):
    response = client_for(world.owner, host="localhost").get("/admin/workspaces/workspace/")
    assert response.status_code == 302 and "/admin/login/" in response.url


def test_workspace_admin_for_owner_shows_only_this_workspaces_emails(client_for, world):
    with schema_context(world.acme.schema_name):
        Email.objects.create(template="t", to="acme-only@example.com", subject="acme mail", body_text="b")
    with schema_context(world.globex.schema_name):
        Email.objects.create(template="t", to="globex-only@example.com", subject="globex mail", body_text="b")
    response = client_for(world.owner).get("/admin/outbox/email/")
    assert response.status_code == 200
    assert "acme-only@example.com" in response.text and "globex-only@example.com" not in response.text
    assert client_for(world.owner).get("/admin/").status_code == 200


@pytest.mark.parametrize("persona", ["researcher", "pm", "viewer"])
def test_workspace_admin_refuses_other_roles(client_for, world, persona):
    response = client_for(getattr(world, persona)).get("/admin/outbox/email/")
    assert response.status_code == 302 and "/admin/login/" in response.url


def test_workspace_admin_hides_public_tables(client_for, world):
    assert client_for(world.owner).get("/admin/workspaces/user/").status_code == 404


@pytest.mark.parametrize("model", ["study", "round", "participant", "contactevent", "governance"])
def test_workspace_admin_lists_study_planning_tables(client_for, world, model):
    assert client_for(world.owner).get(f"/admin/studies/{model}/").status_code == 200
    assert client_for(world.outsider).get(f"/admin/studies/{model}/").status_code == 404
