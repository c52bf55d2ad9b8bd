"""Codebook pages: the tree, the per-tag forms, import and export, roles, outsiders and the query budget."""

import xml.etree.ElementTree as ET

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django_tenants.utils import schema_context

from synthesis.models import Highlight, Tag
from tests.queries import reads
from tests.synthesis.codebook.test_services import highlight, tag

pytestmark = pytest.mark.django_db


def in_acme(world, make):
    with schema_context(world.acme.schema_name):
        return make()


def paths(world) -> list[str]:
    from synthesis.codebook.services import codebook_tree

    with schema_context(world.acme.schema_name):
        return [node.path for node in codebook_tree().nodes]


def test_researcher_builds_the_tree_from_the_page(client_for, world):
    client = client_for(world.researcher)
    page = client.get("/codebook/")
    assert page.status_code == 200 and "The codebook is empty." in page.text and "Add tag" in page.text
    assert client.post("/codebook/new/", {"name": "Pain", "parent": "", "colour": "#b42318"}).status_code == 302
    pain = in_acme(world, lambda: Tag.objects.get(name="Pain"))
    created = client.post("/codebook/new/", {"name": "Onboarding", "parent": pain.pk, "colour": "#3452c7"}, follow=True)
    assert "Added “Onboarding”." in created.text
    assert paths(world) == ["Pain", "Pain > Onboarding"]
    in_acme(world, lambda: highlight(Tag.objects.get(name="Onboarding")))
    tree = client.get("/codebook/").text
    assert 'href="/codebook/' in tree and "1 highlight; " not in tree and 'title="1 highlight"' in tree
    assert 'aria-current="page">Codebook</a>' in tree


def test_create_errors_show_on_the_form_and_change_nothing(client_for, world):
    in_acme(world, lambda: tag("Pain"))
    client = client_for(world.owner)
    taken = client.post("/codebook/new/", {"name": "Pain", "parent": "", "colour": "#3452c7"})
    assert taken.status_code == 400 and "There is already a top-level tag called “Pain”." in taken.text
    bad = client.post("/codebook/new/", {"name": "", "parent": "999999", "colour": "nope"})
    assert bad.status_code == 400 and "Select a valid choice." in bad.text
    assert paths(world) == ["Pain"]


def test_search_filters_the_tree_and_htmx_gets_only_the_tree(client_for, world):
    def make():
        pain = tag("Pain")
        tag("Import fails", tag("Onboarding", pain))
        tag("Delight")

    in_acme(world, make)
    client = client_for(world.viewer)
    found = client.get("/codebook/?q=import", headers={"HX-Request": "true"})
    assert found.status_code == 200 and "<html" not in found.text
    assert all(name in found.text for name in ("Pain", "Onboarding", "Import fails")) and "Delight" not in found.text
    assert "No tag matches “zzz”." in client.get("/codebook/?q=zzz").text


def test_rename_move_merge_and_delete_from_the_tag_page(client_for, world):
    def make():
        pain, friction = tag("Pain"), tag("Friction")
        onboarding = tag("Onboarding", pain)
        highlight(onboarding)
        return pain, friction, onboarding

    pain, friction, onboarding = in_acme(world, make)
    client = client_for(world.owner)
    page = client.get(f"/codebook/{onboarding.pk}/")
    assert page.status_code == 200 and "On 1 highlight" in page.text
    assert "Move its highlights and sub-tags to" in page.text  # in use: the delete form asks where they go

    renamed = client.post(
        f"/codebook/{onboarding.pk}/edit/", {"name": "First week", "description": "Setup", "colour": "#112233"}
    )
    assert renamed.status_code == 302
    loop = client.post(f"/codebook/{pain.pk}/move/", {"parent": onboarding.pk})
    assert loop.status_code == 400 and "Select a valid choice." in loop.text  # its subtree is not even offered
    moved = client.post(f"/codebook/{onboarding.pk}/move/", {"parent": friction.pk}, follow=True)
    assert "Moved “First week” into “Friction”." in moved.text
    assert paths(world) == ["Friction", "Friction > First week", "Pain"]

    refused = client.post(f"/codebook/{onboarding.pk}/delete/", {"reassign_to": ""})
    assert refused.status_code == 400 and "“First week” is on 1 highlight" in refused.text
    merged = client.post(f"/codebook/{onboarding.pk}/merge/", {"target": pain.pk}, follow=True)
    assert "Merged “First week” into “Pain”" in merged.text
    with schema_context(world.acme.schema_name):
        assert list(Highlight.objects.get().tags.values_list("name", flat=True)) == ["Pain"]
    deleted = client.post(f"/codebook/{pain.pk}/delete/", {"reassign_to": friction.pk}, follow=True)
    assert "Deleted “Pain”; its highlights and sub-tags moved to “Friction”." in deleted.text
    assert paths(world) == ["Friction"]
    assert client.post(f"/codebook/{friction.pk}/delete/", {"reassign_to": ""}).status_code == 400
    assert client.post(f"/codebook/{pain.pk}/delete/", {}).status_code == 404


def test_service_errors_show_on_the_submitted_form(client_for, world):
    def make():
        pain, delight = tag("Pain"), tag("Delight")
        tag("Onboarding", pain)
        return pain, tag("Onboarding", delight)

    pain, theirs = in_acme(world, make)
    client = client_for(world.researcher)
    moved = client.post(f"/codebook/{theirs.pk}/move/", {"parent": pain.pk})
    assert moved.status_code == 400
    assert "“Pain” already has a sub-tag called “Onboarding”. Rename one of them, or merge them." in moved.text
    renamed = client.post(f"/codebook/{theirs.pk}/edit/", {"name": "x > y", "colour": "#000000"})
    assert renamed.status_code == 400 and "separates the levels" in renamed.text


def test_exports_download_for_any_member(client_for, world):
    in_acme(world, lambda: tag("Onboarding", tag("Pain", description="Ouch")))
    client = client_for(world.viewer)
    qdc = client.get("/codebook/export.qdc")
    assert qdc.status_code == 200 and qdc["Content-Type"].startswith("application/xml")
    assert qdc["Content-Disposition"] == 'attachment; filename="acme-codebook.qdc"'
    assert ET.fromstring(qdc.content).find(".//{urn:QDA-XML:codebook:1.0}Code").get("name") == "Pain"
    csv = client.get("/codebook/export.csv")
    assert csv["Content-Disposition"] == 'attachment; filename="acme-codebook.csv"'
    assert csv.content.decode("utf-8-sig").splitlines() == ["path,description,colour", "Pain,Ouch,#3452c7",
                                                            "Pain > Onboarding,,#3452c7"]  # fmt: skip


def test_import_page_summarises_or_explains_and_changes_nothing(client_for, world):
    in_acme(world, lambda: tag("Pain"))
    client = client_for(world.researcher)
    assert client.get("/codebook/import/").status_code == 200
    good = SimpleUploadedFile("codes.csv", b"path,description\nPain,\nPain > Onboarding,First week\nDelight,\n")
    done = client.post("/codebook/import/", {"file": good}, follow=True)
    assert "Imported 3 codes: 2 new, 1 already there." in done.text
    bad = SimpleUploadedFile(
        "codes.qdc", b'<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes>\n<Code isCodable="true"/></Codes></CodeBook>'
    )
    refused = client.post("/codebook/import/", {"file": bad})
    assert refused.status_code == 400
    assert "Nothing was imported." in refused.text and "Line 2: a &lt;Code&gt; has no name." in refused.text
    missing = client.post("/codebook/import/", {})
    assert missing.status_code == 400 and "This field is required." in missing.text
    assert paths(world) == ["Delight", "Pain", "Pain > Onboarding"]


@pytest.mark.parametrize("persona", ["viewer", "pm"])
def test_read_only_members_read_but_cannot_write(client_for, world, persona):
    pain, other = in_acme(world, lambda: (tag("Pain"), tag("Other")))
    client = client_for(getattr(world, persona))
    index = client.get("/codebook/")
    assert (
        index.status_code == 200 and "Pain" in index.text and "Add tag" not in index.text and "Import" not in index.text
    )
    detail = client.get(f"/codebook/{pain.pk}/")
    assert detail.status_code == 200 and "Merge into" not in detail.text
    for url, data in [
        ("/codebook/new/", {"name": "x", "parent": "", "colour": "#000000"}),
        (f"/codebook/{pain.pk}/edit/", {"name": "x", "colour": "#000000"}),
        (f"/codebook/{pain.pk}/move/", {"parent": other.pk}),
        (f"/codebook/{pain.pk}/merge/", {"target": other.pk}),
        (f"/codebook/{pain.pk}/delete/", {}),
        ("/codebook/import/", {"file": SimpleUploadedFile("c.csv", b"path\nx\n")}),
    ]:
        assert client.post(url, data).status_code == 403, url
    assert client.get("/codebook/import/").status_code == 403
    assert paths(world) == ["Other", "Pain"]


def test_outsider_gets_404_everywhere(client_for, world):
    pain = in_acme(world, lambda: tag("Pain"))
    client = client_for(world.outsider)
    for url in ["/codebook/", f"/codebook/{pain.pk}/", "/codebook/export.qdc", "/codebook/export.csv",
                "/codebook/import/"]:  # fmt: skip
        assert client.get(url).status_code == 404, url
    assert client.post(f"/codebook/{pain.pk}/delete/").status_code == 404
    assert client.post("/codebook/new/", {"name": "x", "parent": "", "colour": "#000000"}).status_code == 404
    assert paths(world) == ["Pain"]


def test_another_workspaces_tag_is_not_reachable_by_id(client_for, world):
    with schema_context(world.globex.schema_name):
        theirs = tag("Globex secret")
    assert client_for(world.owner).get(f"/codebook/{theirs.pk}/").status_code == 404


def test_page_query_budgets(client_for, world, django_assert_max_num_queries):
    def grow(start: int, count: int):
        parent = None
        for i in range(start, start + count):
            parent = tag(f"Tag {i:02}", parent if i % 4 else None)
            highlight(parent)
        return parent

    first = in_acme(world, lambda: grow(0, 1))
    client = client_for(world.researcher)
    with django_assert_max_num_queries(20) as one:
        client.get("/codebook/")
    with django_assert_max_num_queries(20) as one_tag_page:
        client.get(f"/codebook/{first.pk}/")
    in_acme(world, lambda: grow(1, 49))
    with django_assert_max_num_queries(20) as fifty:
        page = client.get("/codebook/")
    with django_assert_max_num_queries(20) as fifty_tag_page:
        client.get(f"/codebook/{first.pk}/")
    assert "Tag 49" in page.text
    assert len(reads(one)) == len(reads(fifty)) and len(reads(one_tag_page)) == len(reads(fifty_tag_page))


@pytest.mark.parametrize("model", ["tag", "highlight", "insight"])
def test_workspace_admin_lists_synthesis_tables(client_for, world, model):
    in_acme(world, lambda: highlight(tag("Onboarding", tag("Pain"))))
    assert client_for(world.owner).get(f"/admin/synthesis/{model}/").status_code == 200
    assert client_for(world.researcher).get(f"/admin/synthesis/{model}/").status_code == 302
    assert client_for(world.outsider).get(f"/admin/synthesis/{model}/").status_code == 404


def test_workspace_admin_change_pages(client_for, world):
    marked = in_acme(world, lambda: highlight(tag("Onboarding", tag("Pain"))))
    pain, onboarding = in_acme(world, lambda: list(Tag.objects.order_by("pk").values_list("pk", flat=True)))
    client = client_for(world.owner)
    assert client.get(f"/admin/synthesis/tag/{onboarding}/change/").status_code == 200
    assert client.get(f"/admin/synthesis/highlight/{marked.pk}/change/").status_code == 200
    found = client.get("/admin/autocomplete/?app_label=synthesis&model_name=highlight&field_name=tags&term=Pa")
    assert found.json()["results"] == [{"id": str(pain), "text": "Pain"}]


def test_the_tree_nests_as_lists_and_selects_show_the_current_parent(client_for, world):
    def make():
        pain = tag("Pain")
        onboarding = tag("Onboarding", pain)
        tag("Import fails", onboarding)
        tag("Billing", pain)
        tag("Delight")
        return onboarding

    onboarding = in_acme(world, make)
    client = client_for(world.viewer)
    tree = client.get("/codebook/", headers={"HX-Request": "true"}).text
    fragment = tree[tree.index('<ul class="codebook-tree">') : tree.rindex("</ul>") + len("</ul>")]

    def names(ul):
        return [(li.find("a").text, names(li.find("ul")) if li.find("ul") is not None else []) for li in ul]

    assert names(ET.fromstring(fragment)) == [
        ("Delight", []),
        ("Pain", [("Billing", []), ("Onboarding", [("Import fails", [])])]),
    ]
    owner_page = client_for(world.owner).get(f"/codebook/{onboarding.pk}/").text
    assert f'<option value="{onboarding.parent_id}" selected>Pain</option>' in owner_page
    assert f'value="{onboarding.pk}"' not in owner_page.split('name="parent"')[1].split("</select>")[0]
