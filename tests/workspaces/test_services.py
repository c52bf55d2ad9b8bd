"""Creating workspaces: slugs, schemas, hosts and owners; clear errors and no partial writes."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from workspaces.models import Domain, Membership, Role, User, Workspace
from workspaces.services import workspace_create
from workspaces.slugs import validate_slug


@pytest.mark.parametrize("slug", ["a", "acme2", "big-client", "x" * 40, "9lives"])
def test_good_slugs(slug):
    validate_slug(slug)


@pytest.mark.parametrize(
    ("slug", "message"),
    [
        ("", "Choose a short name"),
        ("Acme", "lowercase"),
        ("acme_co", "lowercase letters, digits and hyphens"),
        ("-acme", "starting and ending"),
        ("acme-", "starting and ending"),
        ("ac--me", "single hyphens"),
        ("ac me", "lowercase letters, digits and hyphens"),
        ("x" * 41, "at most 40"),
        ("www", "reserved"),
        ("admin", "reserved"),
        ("public", "reserved"),
    ],
)
def test_bad_slugs_say_why(slug, message):
    with pytest.raises(ValidationError) as error:
        validate_slug(slug)
    assert message in error.value.messages[0]


def _schema_exists(name: str) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM information_schema.schemata WHERE schema_name = %s", [name])
        return cursor.fetchone() is not None


def test_workspace_create_makes_schema_host_and_owner(world):
    workspace = workspace_create(slug="initech", name=" Initech ", owner_email="Bill@Initech.test", actor=world.staff)
    assert workspace.schema_name == "ws_initech" and workspace.name == "Initech"
    assert _schema_exists("ws_initech")
    assert Domain.objects.get(tenant=workspace).domain == "initech.localhost"
    owner = Membership.objects.get(workspace=workspace)
    assert owner.role == Role.OWNER and owner.user.email == "bill@initech.test" and owner.invited_by == world.staff


def test_workspace_create_with_an_existing_owner_reuses_their_account(world):
    workspace_create(slug="umbrella", name="Umbrella", owner_email=world.pm.email)
    assert User.objects.filter(email=world.pm.email).count() == 1
    assert Membership.objects.get(workspace__slug="umbrella").user == world.pm


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"slug": "acme", "name": "Again", "owner_email": "a@b.test"}, "slug"),
        ({"slug": "new-one", "name": "  ", "owner_email": "a@b.test"}, "name"),
        ({"slug": "new-one", "name": "New", "owner_email": "not an email"}, "owner_email"),
        ({"slug": "New One", "name": "New", "owner_email": "a@b.test"}, "slug"),
    ],
)
def test_workspace_create_refuses_bad_input_and_leaves_nothing_behind(world, kwargs, field):
    before = (Workspace.objects.count(), User.objects.count(), Domain.objects.count())
    with pytest.raises(ValidationError) as error:
        workspace_create(**kwargs)
    assert field in error.value.message_dict
    assert (Workspace.objects.count(), User.objects.count(), Domain.objects.count()) == before
    assert not _schema_exists("ws_new_one")


def test_new_workspace_page_is_for_staff_only(client_for, world):
    assert client_for(world.owner, host="localhost").get("/workspaces/new/").status_code == 404
    response = client_for(world.staff, host="localhost").post(
        "/workspaces/new/", {"name": "Hooli", "slug": "hooli", "owner_email": "gavin@hooli.test"}
    )
    assert response.status_code == 302
    assert Workspace.objects.filter(slug="hooli").exists()


def test_new_workspace_page_shows_slug_errors(client_for, world):
    response = client_for(world.staff, host="localhost").post(
        "/workspaces/new/", {"name": "Bad", "slug": "Bad_Slug", "owner_email": "x@bad.test"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {"slug": ["Use lowercase letters only."]}
    assert not Workspace.objects.filter(name="Bad").exists()
