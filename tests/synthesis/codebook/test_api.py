"""`/api/v1/tags/`: list with paths and counts, create, update (rename and move), delete rules, merge, export, import,
roles, outsiders and the list's query budget."""

import xml.etree.ElementTree as ET

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django_tenants.utils import schema_context

from synthesis.models import Highlight, Tag
from tests.conftest import GLOBEX_HOST
from tests.queries import reads
from tests.synthesis.codebook.test_services import highlight, tag
from workspaces.models import Role

pytestmark = pytest.mark.django_db


def in_acme(world, make):
    with schema_context(world.acme.schema_name):
        return make()


def test_list_gives_parent_path_and_highlight_count(api_for, world):
    def make():
        pain = tag("Pain", description="Ouch", colour="#b42318")
        onboarding = tag("Onboarding", pain)
        highlight(onboarding)
        highlight(onboarding, pain)
        return pain, onboarding

    pain, onboarding = in_acme(world, make)
    body = api_for(role=Role.VIEWER).get("/api/v1/tags/").json()
    assert body["count"] == 2
    assert body["results"][0] == {
        "id": pain.pk, "name": "Pain", "parent": None, "path": "Pain", "description": "Ouch", "colour": "#b42318",
        "guid": None, "is_codable": True, "highlight_count": 1, "created_at": body["results"][0]["created_at"],
    }  # fmt: skip
    child = body["results"][1]
    assert (child["parent"], child["path"], child["highlight_count"]) == (pain.pk, "Pain > Onboarding", 2)
    client = api_for(role=Role.VIEWER)
    assert [t["name"] for t in client.get(f"/api/v1/tags/?parent={pain.pk}").json()["results"]] == ["Onboarding"]
    assert [t["name"] for t in client.get("/api/v1/tags/?parent=none").json()["results"]] == ["Pain"]
    assert client.get(f"/api/v1/tags/{onboarding.pk}/").json()["path"] == "Pain > Onboarding"
    assert client.get("/api/v1/tags/999999/").status_code == 404


def test_list_query_budget(api_for, world, django_assert_max_num_queries):
    def grow(start: int, count: int):
        parent = None
        for i in range(start, start + count):
            parent = tag(f"Tag {i:02}", parent if i % 5 else None)
            highlight(parent)

    in_acme(world, lambda: grow(0, 1))
    client = api_for(role=Role.VIEWER)
    client.get("/api/v1/tags/")  # a key's first use is recorded once
    with django_assert_max_num_queries(12) as one:
        assert client.get("/api/v1/tags/").json()["count"] == 1
    in_acme(world, lambda: grow(1, 49))
    with django_assert_max_num_queries(12) as fifty:
        assert len(client.get("/api/v1/tags/").json()["results"]) == 50
    assert len(reads(one)) == len(reads(fifty))


def test_create_rename_and_move(api_for, world):
    client = api_for(role=Role.RESEARCHER)
    pain = client.post("/api/v1/tags/", {"name": "Pain", "colour": "#B42318"}, format="json")
    assert pain.status_code == 201 and pain.json()["colour"] == "#b42318"
    child = client.post("/api/v1/tags/", {"name": "Onboarding", "parent": pain.json()["id"]}, format="json").json()
    assert child["path"] == "Pain > Onboarding"
    taken = client.post("/api/v1/tags/", {"name": "Onboarding", "parent": pain.json()["id"]}, format="json")
    assert taken.status_code == 400 and taken.json() == {"name": ["“Pain” already has a sub-tag called “Onboarding”."]}
    url = f"/api/v1/tags/{child['id']}/"
    renamed = client.patch(url, {"name": "First week", "description": "Setup"}, format="json").json()
    assert (renamed["name"], renamed["description"], renamed["parent"]) == ("First week", "Setup", pain.json()["id"])
    moved = client.patch(url, {"parent": None}, format="json").json()
    assert (moved["parent"], moved["path"]) == (None, "First week")
    loop = client.patch(url, {"parent": child["id"]}, format="json")
    assert loop.status_code == 400 and "would make a loop" in loop.json()["parent"][0]
    unknown = client.patch(url, {"parent": 999999}, format="json")
    assert unknown.status_code == 400 and "parent" in unknown.json()
    assert client.put(url, {"name": "Put name"}, format="json").json()["parent"] is None
    with schema_context(world.acme.schema_name):
        assert sorted(Tag.objects.values_list("name", flat=True)) == ["Pain", "Put name"]


def test_rename_and_refused_move_together_change_nothing(api_for, world):
    def make():
        pain = tag("Pain")
        return pain, tag("Onboarding", pain)

    pain, onboarding = in_acme(world, make)
    response = api_for(role=Role.OWNER).patch(
        f"/api/v1/tags/{pain.pk}/", {"name": "Pains", "parent": onboarding.pk}, format="json"
    )
    assert response.status_code == 400 and "would make a loop" in response.json()["parent"][0]
    with schema_context(world.acme.schema_name):
        assert Tag.objects.get(pk=pain.pk).name == "Pain"


def test_delete_in_use_is_a_conflict_until_reassigned(api_for, world):
    def make():
        pain, friction = tag("Pain"), tag("Friction")
        child = tag("Onboarding", pain)
        highlight(pain)
        return pain, friction, child

    pain, friction, child = in_acme(world, make)
    client = api_for(role=Role.RESEARCHER)
    conflict = client.delete(f"/api/v1/tags/{pain.pk}/")
    assert conflict.status_code == 409
    assert conflict.json() == {
        "reassign_to": ["“Pain” is on 1 highlight and has 1 sub-tag: choose a tag to move them to before deleting it."]
    }
    assert client.delete(f"/api/v1/tags/{pain.pk}/?reassign_to=999999").status_code == 400
    into_child = client.delete(f"/api/v1/tags/{pain.pk}/?reassign_to={child.pk}")
    assert into_child.status_code == 400 and "nested inside" in into_child.json()["reassign_to"][0]
    assert client.delete(f"/api/v1/tags/{pain.pk}/?reassign_to={friction.pk}").status_code == 204
    with schema_context(world.acme.schema_name):
        assert list(Highlight.objects.get().tags.all()) == [friction]
        assert Tag.objects.get(pk=child.pk).parent_id == friction.pk
    assert client.delete(f"/api/v1/tags/{pain.pk}/").status_code == 404


def test_merge(api_for, world):
    def make():
        source, target = tag("Onboarding pain"), tag("Onboarding")
        child = tag("Import", source)
        highlight(source, target)
        highlight(source)
        return source, target, child

    source, target, child = in_acme(world, make)
    client = api_for(role=Role.OWNER)
    into_child = client.post(f"/api/v1/tags/{source.pk}/merge/", {"into": child.pk}, format="json")
    assert into_child.status_code == 400 and "nested inside" in into_child.json()["into"][0]
    assert client.post(f"/api/v1/tags/{source.pk}/merge/", {"into": 999999}, format="json").status_code == 400
    merged = client.post(f"/api/v1/tags/{source.pk}/merge/", {"into": target.pk}, format="json")
    assert merged.status_code == 200 and merged.json()["highlight_count"] == 2
    with schema_context(world.acme.schema_name):
        assert Highlight.tags.through.objects.filter(tag_id=target.pk).count() == 2
        assert not Tag.objects.filter(pk=source.pk).exists()


def test_export_and_import(api_for, world):
    in_acme(world, lambda: tag("Onboarding", tag("Pain")))
    viewer = api_for(role=Role.VIEWER)
    qdc = viewer.get("/api/v1/tags/export/?format=qdc")
    assert qdc.status_code == 200 and qdc["Content-Disposition"] == 'attachment; filename="acme-codebook.qdc"'
    assert ET.fromstring(qdc.content).tag == "{urn:QDA-XML:codebook:1.0}CodeBook"
    assert viewer.get("/api/v1/tags/export/").content == qdc.content  # qdc unless asked otherwise
    csv = viewer.get("/api/v1/tags/export/?format=csv")
    assert csv["Content-Type"].startswith("text/csv") and b"Pain > Onboarding" in csv.content
    upload = SimpleUploadedFile("globex.qdc", qdc.content)
    imported = api_for(role=Role.OWNER, workspace=world.globex, host=GLOBEX_HOST).post(
        "/api/v1/tags/import/", {"file": upload}, format="multipart"
    )
    assert imported.status_code == 201
    assert imported.json() == {
        "created": 2,
        "existing": 0,
        "total": 2,
        "summary": "Imported 2 codes: 2 new, 0 already there.",
    }
    bad = api_for(role=Role.OWNER).post(
        "/api/v1/tags/import/", {"file": SimpleUploadedFile("x.csv", b"path\nPain\nPain\n")}, format="multipart"
    )
    assert bad.status_code == 400 and bad.json() == {"file": ["Line 3: “Pain” is already on line 2."]}


@pytest.mark.parametrize("role", [Role.VIEWER, Role.PM])
def test_read_only_roles_cannot_write(api_for, world, role):
    pain, other = in_acme(world, lambda: (tag("Pain"), tag("Other")))
    client = api_for(role=role)
    assert client.get("/api/v1/tags/").status_code == 200
    for method, url, data in [
        ("post", "/api/v1/tags/", {"name": "x"}),
        ("patch", f"/api/v1/tags/{pain.pk}/", {"name": "x"}),
        ("put", f"/api/v1/tags/{pain.pk}/", {"name": "x"}),
        ("delete", f"/api/v1/tags/{pain.pk}/", None),
        ("post", f"/api/v1/tags/{pain.pk}/merge/", {"into": other.pk}),
    ]:
        assert getattr(client, method)(url, data, format="json").status_code == 403, (method, url)
    assert client.post("/api/v1/tags/import/", {"file": SimpleUploadedFile("c.csv", b"path\nx\n")}).status_code == 403
    with schema_context(world.acme.schema_name):
        assert sorted(Tag.objects.values_list("name", flat=True)) == ["Other", "Pain"]


def test_outsiders_get_404(api_for, world):
    pain = in_acme(world, lambda: tag("Pain"))
    key_elsewhere = api_for(role=Role.OWNER, workspace=world.acme, host=GLOBEX_HOST)
    session = api_for(user=world.outsider)
    for client in (key_elsewhere, session):
        for url in ["/api/v1/tags/", f"/api/v1/tags/{pain.pk}/", "/api/v1/tags/export/?format=csv"]:
            assert client.get(url).status_code == 404, url
        assert client.delete(f"/api/v1/tags/{pain.pk}/").status_code == 404
        assert client.post("/api/v1/tags/", {"name": "x"}, format="json").status_code == 404
    with schema_context(world.acme.schema_name):
        assert list(Tag.objects.values_list("name", flat=True)) == ["Pain"]
