"""Membership by invitation: inviting tells nothing about the address's account and makes nobody a member; the
person accepts (signing in, or choosing a password) and only then joins. Invitations are listed, withdrawn and
expire."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from outbox.models import Email
from tests.conftest import GLOBEX_HOST, PASSWORD
from workspaces.models import Invitation, Membership, Role, User

LINK = re.compile(r"http://acme\.localhost:8000(/invitations/[^/\s]+/)")


def invitation_link(in_schema, world, email: str) -> str:
    with in_schema(world.acme.schema_name):
        body = Email.objects.filter(to=email, template="member-invite").latest("pk").body_text
    return LINK.search(body).group(1)


def test_inviting_reads_the_same_whether_or_not_the_address_has_an_account(client_for, world, in_schema):
    owner = client_for(world.owner)
    pages = {}
    for email in (world.outsider.email, "nobody@example.com"):  # Otto Outsider has an account; nobody has not
        response = owner.post("/members/invite/", {"email": email, "role": "researcher"}, follow=True)
        assert response.status_code == 200 and "Otto" not in response.text
        pages[email] = (
            re.search(r'<ul class="messages".*?</ul>', response.text, re.S).group(0).replace(email, "ADDRESS")
        )
    assert pages[world.outsider.email] == pages["nobody@example.com"]
    assert "Invitation sent to ADDRESS: they join as Researcher when they accept it." in pages["nobody@example.com"]
    # Nobody became a member, no account was made.
    assert not Membership.objects.filter(workspace=world.acme, user__email__in=[world.outsider.email]).exists()
    assert not User.objects.filter(email="nobody@example.com").exists()
    assert set(Invitation.objects.filter(workspace=world.acme).values_list("email", "role")) == {
        (world.outsider.email, "researcher"), ("nobody@example.com", "researcher")
    }  # fmt: skip
    with in_schema(world.acme.schema_name):
        emails = {e.to: e for e in Email.objects.filter(template="member-invite")}
    texts = [LINK.sub("LINK", emails[a].body_text) for a in (world.outsider.email, "nobody@example.com")]
    assert texts[0] == texts[1] and emails[world.outsider.email].subject == emails["nobody@example.com"].subject


def test_the_api_answers_the_same_whether_or_not_the_address_has_an_account(api_for, world):
    client = api_for(role=Role.OWNER)
    answers = [
        client.post("/api/v1/members/", {"email": email, "role": "pm"}, format="json")
        for email in (world.outsider.email, "nobody@example.com")
    ]
    assert [a.status_code for a in answers] == [202, 202]
    bodies = [{k: v for k, v in a.json().items() if k not in ("id", "email", "created_at", "expires_at")}
              for a in answers]  # fmt: skip
    assert bodies == [{"role": "pm", "status": "pending"}] * 2
    assert not Membership.objects.filter(workspace=world.acme, user=world.outsider).exists()
    assert not User.objects.filter(email="nobody@example.com").exists()
    listed = client.get("/api/v1/member-invitations/").json()["results"]
    assert {i["email"] for i in listed} == {world.outsider.email, "nobody@example.com"}


def test_a_new_person_accepts_by_choosing_a_password_and_lands_in_the_workspace(client_for, world, in_schema):
    client_for(world.owner).post("/members/invite/", {"email": "New.Person@Example.com", "role": "researcher"})
    link = invitation_link(in_schema, world, "new.person@example.com")

    newcomer = client_for()
    page = newcomer.get(link)
    assert page.status_code == 200 and "Join Acme Corp" in page.text and "new.person@example.com" in page.text
    short = newcomer.post(link, {"first_name": "Nia", "password": "short", "password_again": "short"})
    assert short.status_code == 400 and "too short" in short.text
    assert not User.objects.filter(email="new.person@example.com").exists()

    words = "a-long-new-passphrase"
    response = newcomer.post(
        link, {"first_name": "Nia", "last_name": "New", "password": words, "password_again": words}
    )
    assert response.status_code == 302 and response.url == "/"
    member = Membership.objects.get(workspace=world.acme, user__email="new.person@example.com")
    assert member.role == Role.RESEARCHER and member.invited_by == world.owner
    assert member.user.get_full_name() == "Nia New" and member.user.check_password(words)
    assert newcomer.get("/").status_code == 200
    assert Invitation.objects.get(email="new.person@example.com").status == "accepted"
    # The link is spent: it leads a member home, and refuses anyone else.
    assert newcomer.get(link).status_code == 302
    assert client_for().get(link).status_code == 410


def test_someone_with_an_account_signs_in_then_joins_with_one_click(client_for, world, in_schema):
    client_for(world.owner).post("/members/invite/", {"email": world.outsider.email, "role": "viewer"})
    link = invitation_link(in_schema, world, world.outsider.email)

    page = client_for().get(link)
    assert "Sign in to accept" in page.text and f"/accounts/login/?next={link}" in page.text
    otto = client_for()
    signed_in = otto.post(f"/accounts/login/?next={link}", {"username": world.outsider.email, "password": PASSWORD})
    assert signed_in.status_code == 302 and signed_in.url == link
    assert "Join Acme Corp" in otto.get(link).text
    assert not Membership.objects.filter(workspace=world.acme, user=world.outsider).exists()  # GET changes nothing
    assert otto.post(link).url == "/"
    assert Membership.objects.get(workspace=world.acme, user=world.outsider).role == Role.VIEWER


def test_another_signed_in_account_cannot_accept(client_for, world, in_schema):
    client_for(world.owner).post("/members/invite/", {"email": "someone@example.com", "role": "owner"})
    link = invitation_link(in_schema, world, "someone@example.com")
    response = client_for(world.outsider).post(link)
    assert response.status_code == 200 and "Sign out, then open this link again" in response.text
    assert not Membership.objects.filter(workspace=world.acme, user=world.outsider).exists()
    assert Invitation.objects.get(email="someone@example.com").status == "pending"


def test_an_invitation_expires_and_inviting_again_renews_it(client_for, world, in_schema):
    owner = client_for(world.owner)
    owner.post("/members/invite/", {"email": "late@example.com", "role": "pm"})
    old_link = invitation_link(in_schema, world, "late@example.com")
    with time_machine.travel(timezone.now() + timedelta(days=15)):
        gone = client_for().get(old_link)
        assert gone.status_code == 410 and "expired" in gone.text
        owner = client_for(world.owner)  # signed in afresh: a session lasts two weeks
        assert "Expired" in owner.get("/members/").text
        owner.post("/members/invite/", {"email": "late@example.com", "role": "researcher"})
        new_link = invitation_link(in_schema, world, "late@example.com")
        assert client_for().get(old_link).status_code == 404  # the old token no longer names anything
        assert client_for().get(new_link).status_code == 200
    invitation = Invitation.objects.get(email="late@example.com")
    assert invitation.role == Role.RESEARCHER and invitation.status == "pending"


def test_owners_withdraw_invitations_on_the_page_and_through_the_api(client_for, api_for, world, in_schema):
    owner = client_for(world.owner)
    for email in ("one@example.com", "two@example.com"):
        owner.post("/members/invite/", {"email": email, "role": "viewer"})
    one = Invitation.objects.get(email="one@example.com")
    two = Invitation.objects.get(email="two@example.com")
    link = invitation_link(in_schema, world, "one@example.com")

    assert owner.post(f"/members/invitations/{one.pk}/revoke/").status_code == 302
    assert client_for().get(link).status_code == 410
    assert api_for(role=Role.OWNER).delete(f"/api/v1/member-invitations/{two.pk}/").status_code == 204
    assert {i.status for i in Invitation.objects.filter(pk__in=[one.pk, two.pk])} == {"revoked"}
    listed = owner.get("/members/").text
    assert f'id="invitation-{one.pk}"' not in listed and f'id="invitation-{two.pk}"' not in listed


@pytest.mark.parametrize("persona", ["viewer", "pm", "researcher"])
def test_non_owners_see_invitations_but_cannot_invite_or_withdraw(client_for, api_for, world, persona):
    client_for(world.owner).post("/members/invite/", {"email": "wait@example.com", "role": "viewer"})
    invitation = Invitation.objects.get(email="wait@example.com")
    member = client_for(getattr(world, persona))
    assert "wait@example.com" in member.get("/members/").text
    assert member.post(f"/members/invitations/{invitation.pk}/revoke/").status_code == 403
    api = api_for(user=getattr(world, persona))
    assert api.delete(f"/api/v1/member-invitations/{invitation.pk}/").status_code == 403
    assert api.post("/api/v1/members/", {"email": "x@example.com", "role": "owner"}).status_code == 403
    assert Invitation.objects.get(pk=invitation.pk).status == "pending"
    assert not Invitation.objects.filter(email="x@example.com").exists()


def test_outsiders_get_404_for_invitations_and_their_links(client_for, api_for, world, in_schema):
    client_for(world.owner).post("/members/invite/", {"email": "wait@example.com", "role": "viewer"})
    invitation = Invitation.objects.get(email="wait@example.com")
    link = invitation_link(in_schema, world, "wait@example.com")
    outsider = client_for(world.outsider)
    assert outsider.post(f"/members/invitations/{invitation.pk}/revoke/").status_code == 404
    api = api_for(user=world.outsider)
    assert api.get(f"/api/v1/member-invitations/{invitation.pk}/").status_code == 404
    assert api.delete(f"/api/v1/member-invitations/{invitation.pk}/").status_code == 404
    # An owner of globex cannot withdraw acme's invitation from their own host either.
    globex_api = api_for(role=Role.OWNER, workspace=world.globex, host=GLOBEX_HOST)
    assert globex_api.delete(f"/api/v1/member-invitations/{invitation.pk}/").status_code == 404
    # The link works on its own workspace's host only.
    assert client_for(host=GLOBEX_HOST).get(link).status_code == 404
    assert Invitation.objects.get(pk=invitation.pk).status == "pending"


def test_inviting_a_member_or_a_bad_address_is_a_field_error(client_for, api_for, world):
    assert (
        "already a member"
        in client_for(world.owner).post("/members/invite/", {"email": world.pm.email, "role": "viewer"}).text
    )
    response = api_for(role=Role.OWNER).post("/api/v1/members/", {"email": "nope", "role": "boss"}, format="json")
    assert response.status_code == 400 and set(response.json()) == {"email", "role"}
    assert not Invitation.objects.filter(email__in=[world.pm.email, "nope"]).exists()


def test_invitation_list_query_budget(api_for, client_for, world, django_assert_max_num_queries):
    from workspaces.services import member_invite

    for i in range(15):
        member_invite(workspace=world.acme, email=f"bulk{i}@example.com", role=Role.VIEWER, actor=world.owner)
    api, page = api_for(role=Role.VIEWER), client_for(world.owner)
    with django_assert_max_num_queries(10):
        response = api.get("/api/v1/member-invitations/")
    assert response.json()["count"] == 15
    with django_assert_max_num_queries(18):
        listed = page.get("/members/")
    assert listed.text.count("bulk") >= 15
