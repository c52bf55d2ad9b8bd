"""`/api/v1/workspace/`, `/api/v1/members/`, and how keys and sessions are scoped to their workspace."""

import pytest
from django.utils import timezone

from tests.conftest import GLOBEX_HOST
from workspaces.models import ApiKey, Membership, Role, User
from workspaces.services import api_key_create, api_key_revoke


def test_workspace_endpoint_with_a_key_returns_the_workspace_and_the_keys_role(api_for):
    response = api_for(role=Role.PM).get("/api/v1/workspace/")
    assert response.status_code == 200
    assert response.json() == {"slug": "acme", "name": "Acme Corp", "url": "http://acme.localhost:8000/", "role": "pm"}


def test_workspace_endpoint_with_a_session_uses_the_membership_role(api_for, world):
    response = api_for(user=world.viewer).get("/api/v1/workspace/")
    assert response.status_code == 200 and response.json()["role"] == "viewer"


def test_a_key_of_another_workspace_gets_404(api_for, world):
    client = api_for(role=Role.OWNER, workspace=world.acme, host=GLOBEX_HOST)
    assert client.get("/api/v1/workspace/").status_code == 404
    assert client.get("/api/v1/members/").status_code == 404


def test_a_session_of_an_outsider_gets_404(api_for, world):
    assert api_for(user=world.outsider).get("/api/v1/workspace/").status_code == 404
    assert api_for(user=world.outsider).get("/api/v1/members/").status_code == 404


@pytest.mark.parametrize(
    "header", ["Bearer not-a-key", "Bearer prl_" + "x" * 43, "Bearer", "Bearer a b", "Token prl_abc"]
)
def test_unknown_or_malformed_keys_get_401(db, header):
    from rest_framework.test import APIClient

    response = APIClient(HTTP_HOST="acme.localhost").get("/api/v1/workspace/", HTTP_AUTHORIZATION=header)
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
    assert "detail" in response.json()


def test_no_credentials_get_401(db):
    from rest_framework.test import APIClient

    assert APIClient(HTTP_HOST="acme.localhost").get("/api/v1/workspace/").status_code == 401


def test_a_revoked_key_gets_401(world, db):
    from rest_framework.test import APIClient

    api_key, secret = api_key_create(workspace=world.acme, name="old", role=Role.OWNER, actor=None)
    client = APIClient(HTTP_HOST="acme.localhost", HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert client.get("/api/v1/workspace/").status_code == 200
    api_key_revoke(api_key=api_key, actor=None)
    assert client.get("/api/v1/workspace/").status_code == 401


def test_keys_are_stored_hashed_and_record_last_use(world, db):
    from rest_framework.test import APIClient

    api_key, secret = api_key_create(workspace=world.acme, name="ci", role=Role.VIEWER, actor=None)
    assert secret not in {api_key.key_hash, api_key.prefix} and len(secret) >= 40
    assert not ApiKey.objects.filter(key_hash__contains=secret[4:]).exists()
    assert api_key.last_used_at is None
    APIClient(HTTP_HOST="acme.localhost", HTTP_AUTHORIZATION=f"Bearer {secret}").get("/api/v1/workspace/")
    api_key.refresh_from_db()
    assert api_key.last_used_at is not None and (timezone.now() - api_key.last_used_at).total_seconds() < 5


def test_members_list_has_only_this_workspace_and_a_query_budget(api_for, world, django_assert_max_num_queries):
    for i in range(20):
        Membership.objects.create(
            user=User.objects.create_user(email=f"many{i}@acme.test"), workspace=world.acme, role=Role.VIEWER
        )
    client = api_for(role=Role.VIEWER)
    # django-tenants sets the search_path before each query, so 5 queries count as 10 here.
    with django_assert_max_num_queries(10):
        response = client.get("/api/v1/members/?page_size=100")
    emails = {m["email"] for m in response.json()["results"]}
    assert "owner@acme.test" in emails and "owner@globex.test" not in emails
    assert response.json()["count"] == 24


def test_adding_an_existing_member_is_400(api_for):
    response = api_for(role=Role.OWNER).post("/api/v1/members/", {"email": "pm@acme.test", "role": "viewer"})
    assert response.status_code == 400 and "already a member" in response.json()["email"][0]


def test_owner_changes_a_role_and_removes_a_member(api_for, world):
    client = api_for(role=Role.OWNER)
    member = Membership.objects.get(workspace=world.acme, user=world.viewer)
    response = client.patch(f"/api/v1/members/{member.pk}/", {"role": "researcher"}, format="json")
    assert response.status_code == 200 and response.json()["role"] == "researcher"
    assert client.delete(f"/api/v1/members/{member.pk}/").status_code == 204
    assert not Membership.objects.filter(pk=member.pk).exists()


def test_the_last_owner_cannot_be_removed_through_the_api(api_for, world):
    owner = Membership.objects.get(workspace=world.acme, user=world.owner)
    response = api_for(role=Role.OWNER).delete(f"/api/v1/members/{owner.pk}/")
    assert response.status_code == 400 and "owner" in response.json()["role"][0]


@pytest.mark.parametrize("role", [Role.VIEWER, Role.PM, Role.RESEARCHER])
def test_non_owner_keys_cannot_change_members(api_for, world, role):
    client = api_for(role=role)
    member = Membership.objects.get(workspace=world.acme, user=world.viewer)
    assert client.post("/api/v1/members/", {"email": "x@example.com", "role": "owner"}).status_code == 403
    assert client.patch(f"/api/v1/members/{member.pk}/", {"role": "owner"}).status_code == 403
    assert client.delete(f"/api/v1/members/{member.pk}/").status_code == 403
    member.refresh_from_db()
    assert member.role == Role.VIEWER


def test_another_workspaces_member_is_404(api_for, world):
    theirs = Membership.objects.get(workspace=world.globex, user=world.outsider)
    client = api_for(role=Role.OWNER)
    assert client.get(f"/api/v1/members/{theirs.pk}/").status_code == 404
    assert client.delete(f"/api/v1/members/{theirs.pk}/").status_code == 404
    assert Membership.objects.filter(pk=theirs.pk).exists()


def test_session_writes_need_csrf(world, db):
    from rest_framework.test import APIClient

    client = APIClient(HTTP_HOST="acme.localhost", enforce_csrf_checks=True)
    client.force_login(world.owner)
    response = client.post("/api/v1/members/", {"email": "csrf@example.com", "role": "viewer"})
    assert response.status_code == 403 and "CSRF" in response.json()["detail"]


def test_openapi_lists_the_endpoints_and_bearer_auth(api_for):
    response = api_for().get("/api/schema/?format=json")
    assert response.status_code == 200
    schema = response.json()
    assert {"/api/v1/workspace/", "/api/v1/members/", "/api/v1/members/{id}/"} <= set(schema["paths"])
    assert schema["components"]["securitySchemes"]["ApiKey"]["scheme"] == "bearer"


@pytest.mark.parametrize("accept", ["text/html", "application/json"])
def test_swagger_ui_is_served_without_a_cdn(client_for, accept):
    response = client_for().get("/api/docs/", headers={"Accept": accept})
    assert response.status_code == 200
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/" in response.text
    assert "cdn" not in response.text.lower()
