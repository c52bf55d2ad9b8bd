"""The members page: owners invite (tests/workspaces/test_invitations.py), change roles and remove; everyone else
reads or gets nothing. A new workspace's first owner is a member at once and chooses a password."""

import re

import pytest
from django.core import mail

from outbox.models import Email
from outbox.services import email_deliver
from workspaces.models import Invitation, Membership, Role, User


def test_members_page_lists_members_for_a_viewer_without_controls(client_for, world):
    response = client_for(world.viewer).get("/members/")
    assert response.status_code == 200
    assert "owner@acme.test" in response.text and "pm@acme.test" in response.text
    assert "owner@globex.test" not in response.text
    assert "Send invitation" not in response.text


def test_a_new_workspaces_owner_chooses_a_password_and_lands_in_the_workspace(client_for, world):
    from workspaces.services import workspace_create

    workspace_create(slug="initech", name="Initech", owner_email="Bill@Initech.test", actor=world.staff)
    # Sent from the public host, where the workspace was made.
    email_deliver(email_id=Email.objects.get(to="bill@initech.test", template="workspace-ready").pk)
    assert mail.outbox[-1].subject == "Your workspace Initech is ready on Parley"
    link = re.search(r"http://initech\.localhost:8000(/welcome/\S+/)", mail.outbox[-1].body).group(1)

    newcomer = client_for(host="initech.localhost")
    page = newcomer.get(link, follow=True)
    assert "Welcome to Initech" in page.text
    set_password_url = page.redirect_chain[-1][0]
    response = newcomer.post(
        set_password_url, {"new_password1": "a-long-new-passphrase", "new_password2": "a-long-new-passphrase"}
    )
    assert response.status_code == 302 and response.url == "/"
    assert newcomer.get("/").status_code == 200
    assert User.objects.get(email="bill@initech.test").check_password("a-long-new-passphrase")


def test_inviting_an_existing_member_is_a_form_error(client_for, world):
    response = client_for(world.owner).post("/members/invite/", {"email": "pm@acme.test", "role": "viewer"})
    assert response.status_code == 400
    assert "already a member" in response.text
    assert Membership.objects.get(workspace=world.acme, user=world.pm).role == Role.PM


def test_invite_with_a_bad_email_is_a_form_error(client_for, world):
    response = client_for(world.owner).post("/members/invite/", {"email": "not-an-email", "role": "viewer"})
    assert response.status_code == 400
    assert "Enter a valid email address" in response.text
    assert not User.objects.filter(email="not-an-email").exists()


def test_owner_changes_a_role_with_htmx(client_for, world):
    member = Membership.objects.get(workspace=world.acme, user=world.pm)
    response = client_for(world.owner).post(
        f"/members/{member.pk}/role/", {"role": "researcher"}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    assert response.text.lstrip().startswith(f'<tr id="member-{member.pk}"')
    member.refresh_from_db()
    assert member.role == Role.RESEARCHER


def test_the_last_owner_cannot_step_down(client_for, world):
    owner = Membership.objects.get(workspace=world.acme, user=world.owner)
    response = client_for(world.owner).post(f"/members/{owner.pk}/role/", {"role": "viewer"}, follow=True)
    assert "at least one owner" in response.text
    owner.refresh_from_db()
    assert owner.role == Role.OWNER


def test_owner_removes_a_member(client_for, world):
    member = Membership.objects.get(workspace=world.acme, user=world.viewer)
    response = client_for(world.owner).post(f"/members/{member.pk}/remove/")
    assert response.status_code == 302
    assert not Membership.objects.filter(pk=member.pk).exists()
    assert client_for(world.viewer).get("/").status_code == 404


@pytest.mark.parametrize("persona", ["viewer", "pm", "researcher"])
def test_non_owners_cannot_manage_members(client_for, world, persona):
    client = client_for(getattr(world, persona))
    member = Membership.objects.get(workspace=world.acme, user=world.viewer)
    assert client.post("/members/invite/", {"email": "x@example.com", "role": "owner"}).status_code == 403
    assert client.post(f"/members/{member.pk}/role/", {"role": "owner"}).status_code == 403
    assert client.post(f"/members/{member.pk}/remove/").status_code == 403
    member.refresh_from_db()
    assert member.role == Role.VIEWER
    assert not User.objects.filter(email="x@example.com").exists()
    assert not Invitation.objects.filter(email="x@example.com").exists()


def test_outsider_cannot_touch_members(client_for, world):
    member = Membership.objects.get(workspace=world.acme, user=world.viewer)
    client = client_for(world.outsider)
    assert client.post("/members/invite/", {"email": "x@example.com", "role": "owner"}).status_code == 404
    assert client.post(f"/members/{member.pk}/remove/").status_code == 404
    assert Membership.objects.filter(pk=member.pk).exists()


def test_another_workspaces_membership_is_404_even_for_an_owner(client_for, world):
    theirs = Membership.objects.get(workspace=world.globex, user=world.outsider)
    assert client_for(world.owner).post(f"/members/{theirs.pk}/remove/").status_code == 404
    assert Membership.objects.filter(pk=theirs.pk).exists()


def test_members_page_query_budget(client_for, world, django_assert_max_num_queries):
    for i in range(15):
        user = User.objects.create_user(email=f"bulk{i}@acme.test")
        Membership.objects.create(user=user, workspace=world.acme, role=Role.VIEWER)
    client = client_for(world.owner)
    # 8 queries, each after a `SET search_path` of django-tenants.
    with django_assert_max_num_queries(16):
        response = client.get("/members/")
    assert response.text.count("bulk") >= 15
