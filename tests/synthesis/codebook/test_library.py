"""The codebook in the library: a researcher staff allowed to publish saves acme's codebook, globex's owner merges it
into globex's (tags already there kept, the others created under their parents); nothing of acme travels but the
tags' names, definitions, colours and nesting; roles, outsiders and bad input as everywhere."""

import json

import pytest
from django_tenants.utils import schema_context

from studies.models import Participant
from synthesis.codebook.library import codebook_copy_from_library
from synthesis.models import Highlight, Tag
from tests.conftest import GLOBEX_HOST
from tests.studies.factories import StudyFactory
from tests.synthesis.codebook.test_services import highlight
from workspaces.models import LibraryItem, Membership, Role

pytestmark = pytest.mark.django_db

PUBLIC = "localhost"
# What acme holds around its codebook, none of which may leave it.
LEAKS = ("Zed", "Acmeperson", "acme-customer", "ate our invoices", "Acme secret pricing", "acme", "Acme")


def _clear_codebook() -> None:
    # Browser tests commit tags of their own in acme: this test's codebook is its own (rolled back after it).
    Highlight.tags.through.objects.all().delete()
    while Tag.objects.exists():
        Tag.objects.filter(children__isnull=True).delete()


def _make(name: str, parent: Tag | None = None, **fields) -> Tag:
    return Tag.objects.create(name=name, parent=parent, **fields)


@pytest.fixture
def acme_codebook(world):
    """Acme's codebook (Pain > Onboarding > Import fails, Delight), a participant and a quote coded with it."""
    with schema_context(world.acme.schema_name):
        _clear_codebook()
        pain = _make("Pain", description="Where it hurts, in their words", colour="#b42318")
        onboarding = _make("Onboarding", pain, description="The first week's trouble", colour="#1f7a4d")
        _make("Import fails", onboarding, description="Data does not come in")
        _make("Delight")
        StudyFactory(title="Acme secret pricing study")
        zed = Participant.objects.create(name="Zed Acmeperson", email="zed@acme-customer.example")
        quote = highlight(onboarding, text="Zed said the importer ate our invoices.")
        Highlight.objects.filter(pk=quote.pk).update(participant=zed)
    return world


def _publisher(user):
    user.library_publisher = True
    user.save(update_fields=["library_publisher"])
    return user


def _keys(rows) -> set[str]:
    return set().union(*(set(row) | _keys(row["children"]) for row in rows)) if rows else set()


def test_publish_from_acme_merge_into_globex_and_nothing_else_travels(client_for, acme_codebook):
    world = acme_codebook
    saved = client_for(_publisher(world.researcher)).post("/codebook/publish/", {"title": "Onboarding codes"})
    assert saved.status_code == 302
    item = LibraryItem.objects.get(title="Onboarding codes")
    assert item.kind == "codebook" and item.description == "4 tags"
    stored = json.dumps(item.content, ensure_ascii=False)
    assert "Where it hurts, in their words" in stored and "Import fails" in stored and "#b42318" in stored
    for leak in LEAKS:
        assert leak not in stored, leak
    assert set(item.content) == {"tags"}
    assert _keys(item.content["tags"]) == {"name", "description", "colour", "children"}  # no ids, GUIDs or counts

    # Globex has "pain" already (no definition, its own colour) and its own "Delight".
    with schema_context(world.globex.schema_name):
        _clear_codebook()
        _make("pain", colour="#000000")
        _make("Delight", description="Globex's own definition")
    page = client_for(world.outsider, host=GLOBEX_HOST).post("/codebook/library/", {"item": item.pk}, follow=True)
    assert page.status_code == 200
    assert ("Copied the library codebook “Onboarding codes”: added 2 tags; 2 were already in your codebook."
            in page.text)  # fmt: skip
    with schema_context(world.globex.schema_name):
        tags = {t.name: t for t in Tag.objects.select_related("parent")}
        assert set(tags) == {"pain", "Delight", "Onboarding", "Import fails"}
        assert (tags["pain"].description, tags["pain"].colour) == ("Where it hurts, in their words", "#000000")
        assert tags["Delight"].description == "Globex's own definition"
        assert tags["Onboarding"].parent == tags["pain"] and tags["Onboarding"].colour == "#1f7a4d"
        assert tags["Import fails"].parent == tags["Onboarding"]
        assert tags["Import fails"].description == "Data does not come in"
        rows = json.dumps(list(Tag.objects.values()), default=str, ensure_ascii=False)
        assert not Highlight.objects.exists() and not Participant.objects.filter(name__contains="Zed").exists()
        assert all(tag.guid is None for tag in tags.values())
    for leak in LEAKS:
        assert leak not in rows, leak

    # The library page shows the tree with its definitions.
    library = client_for(world.outsider, host=PUBLIC).get("/library/").text
    assert "Onboarding codes" in library and "The first week&#x27;s trouble" in library
    tree = [library.index(f"<strong>{name}</strong>") for name in ("Pain", "Onboarding", "Import fails")]
    assert tree == sorted(tree)


def test_copying_twice_adds_nothing_the_second_time(world, acme_codebook):
    with schema_context(world.acme.schema_name):
        from synthesis.codebook.library import codebook_content

        item = LibraryItem.objects.create(kind="codebook", title="Mine", content=codebook_content())
        result = codebook_copy_from_library(item=item, actor=None)
        assert (result.added, result.existing) == (0, 4)
        assert Tag.objects.count() == 4


def test_a_name_found_elsewhere_is_kept_where_it_is(world):
    item = LibraryItem.objects.create(kind="codebook", title="Barriers", content={"tags": [
        {"name": "Barriers", "description": "", "colour": "#3452c7", "children": [
            {"name": "PRICING", "description": "Cost stops them", "colour": "#3452c7", "children": [
                {"name": "Discounts", "description": "", "colour": "#3452c7", "children": []}]}]}]})  # fmt: skip
    with schema_context(world.globex.schema_name):
        _clear_codebook()
        pricing = _make("Pricing", _make("Money"))
        result = codebook_copy_from_library(item=item, actor=None)
        assert (result.added, result.existing) == (2, 1)
        pricing.refresh_from_db()
        assert pricing.parent.name == "Money" and pricing.description == "Cost stops them"
        assert Tag.objects.get(name="Discounts").parent == pricing
        assert not Tag.objects.filter(parent__name="Barriers").exists()


def test_only_publishers_who_write_here_publish(client_for, acme_codebook):
    world = acme_codebook
    assert client_for(world.researcher).post("/codebook/publish/", {"title": "T"}).status_code == 403
    for member in (world.pm, world.viewer):
        assert client_for(_publisher(member)).post("/codebook/publish/", {"title": "T"}).status_code == 403
    assert not LibraryItem.objects.exists()


def test_only_owners_and_researchers_of_the_target_copy(client_for, acme_codebook):
    world = acme_codebook
    item = LibraryItem.objects.create(kind="codebook", title="Shared", content={"tags": [
        {"name": "Shared tag", "description": "", "colour": "#3452c7", "children": []}]})  # fmt: skip
    for member in (world.pm, world.viewer):
        assert client_for(member).post("/codebook/library/", {"item": item.pk}).status_code == 403
    # The acme researcher is nobody in globex.
    assert (
        client_for(world.researcher, host=GLOBEX_HOST).post("/codebook/library/", {"item": item.pk}).status_code == 404
    )
    with schema_context(world.acme.schema_name):
        assert not Tag.objects.filter(name="Shared tag").exists()
    with schema_context(world.globex.schema_name):
        assert not Tag.objects.filter(name="Shared tag").exists()


def test_outsiders_get_404_on_the_library_forms(client_for, world):
    item = LibraryItem.objects.create(kind="codebook", title="Shared", content={"tags": []})
    outsider = client_for(_publisher(world.outsider))  # on acme's host
    assert outsider.post("/codebook/publish/", {"title": "Theirs"}).status_code == 404
    assert outsider.post("/codebook/library/", {"item": item.pk}).status_code == 404
    assert client_for(None).post("/codebook/library/", {"item": item.pk}).status_code == 302  # to sign in
    assert LibraryItem.objects.count() == 1


def test_bad_choices_and_titles_are_form_errors_and_write_nothing(client_for, acme_codebook):
    world = acme_codebook
    guide = LibraryItem.objects.create(kind="guide", title="A guide", content={"questions": [{"text": "Tell me."}]})
    damaged = LibraryItem.objects.create(kind="codebook", title="Damaged", content={"tags": [
        {"name": "Fine", "description": "", "colour": "#3452c7", "children": [
            {"name": "Not > fine", "description": "", "colour": "#3452c7", "children": []}]}]})  # fmt: skip
    client = client_for(_publisher(world.researcher), host=GLOBEX_HOST)
    Membership.objects.create(user=world.researcher, workspace=world.globex, role=Role.RESEARCHER)
    with schema_context(world.globex.schema_name):
        _clear_codebook()
    for bad in ("", "abc", "999999", guide.pk):
        page = client.post("/codebook/library/", {"item": bad})
        assert page.status_code == 400 and "Choose a library codebook from the library." in page.text, bad
    page = client.post("/codebook/library/", {"item": damaged.pk})
    assert page.status_code == 400 and "This library codebook cannot be copied: “Not &gt; fine” contains" in page.text
    with schema_context(world.globex.schema_name):
        assert not Tag.objects.exists()  # not even "Fine"

    assert client.post("/codebook/publish/", {"title": "  "}).status_code == 400
    empty = client.post("/codebook/publish/", {"title": "Empty"})
    assert empty.status_code == 400 and "The codebook has no tags to share yet." in empty.text
    assert set(LibraryItem.objects.values_list("title", flat=True)) == {"A guide", "Damaged"}


def test_the_codebook_page_offers_the_library_to_writers_only(client_for, acme_codebook):
    world = acme_codebook
    LibraryItem.objects.create(kind="codebook", title="Shared codes", description="3 tags", content={"tags": []})
    page = client_for(_publisher(world.researcher)).get("/codebook/").text
    assert 'action="/codebook/library/"' in page and "Shared codes (3 tags)" in page
    assert 'action="/codebook/publish/"' in page
    assert 'action="/codebook/publish/"' not in client_for(world.owner).get("/codebook/").text  # not a publisher
    assert 'action="/codebook/library/"' not in client_for(world.viewer).get("/codebook/").text
