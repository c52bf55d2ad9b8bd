"""Codebook services: create, rename, move (no loops), merge (highlights follow, no duplicate rows), delete rules,
and the tree selector's fixed query count."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_tenants.utils import schema_context

from interviews.models import Transcript, Utterance
from synthesis.codebook.services import codebook_tree, tag_create, tag_delete, tag_merge, tag_move, tag_update
from synthesis.models import Highlight, Tag
from tests.queries import reads
from tests.studies.factories import RoundFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def acme(world):
    with schema_context(world.acme.schema_name):
        yield world.acme


def tag(name: str, parent: Tag | None = None, **fields) -> Tag:
    return Tag.objects.create(name=name, parent=parent, **fields)


def highlight(*tags: Tag, text: str = "The import just failed, again.") -> Highlight:
    """A highlight on a fresh one-utterance transcript (call inside a workspace's schema)."""
    round_ = RoundFactory()
    transcript = Transcript.objects.create(kind="sync", round=round_, title="Call", occurred_at=timezone.now())
    utterance = Utterance.objects.create(transcript=transcript, order=1, speaker_role="participant", text=text)
    created = Highlight.objects.create(
        utterance=utterance, start=0, end=len(text), text=text, transcript=transcript, round=round_,
        study=round_.study,
    )  # fmt: skip
    created.tags.add(*tags)
    return created


def tree_shape() -> list[tuple[str, str, str, int]]:
    """(path, description, colour, highlight count) of every tag, parents first."""
    return [(n.path, n.tag.description, n.tag.colour, n.highlight_count) for n in codebook_tree().nodes]


def error_of(excinfo) -> dict[str, list[str]]:
    return excinfo.value.message_dict


# ---------------------------------------------------------------------------------------------------------------
# create and rename


def test_create_nests_and_keeps_sibling_names_distinct(acme):
    pain = tag_create(name="  Pain ", description=" Where it hurts ", colour="#AA0000", actor=None)
    assert (pain.name, pain.description, pain.colour) == ("Pain", "Where it hurts", "#aa0000")
    onboarding = tag_create(name="Onboarding", parent=pain, actor=None)
    tag_create(name="Onboarding", actor=None)  # the same name elsewhere is fine
    with pytest.raises(ValidationError) as sibling:
        tag_create(name="Onboarding", parent=pain, actor=None)
    assert error_of(sibling) == {"name": ["“Pain” already has a sub-tag called “Onboarding”."]}
    with pytest.raises(ValidationError) as top:
        tag_create(name="Pain", actor=None)
    assert error_of(top) == {"name": ["There is already a top-level tag called “Pain”."]}
    assert onboarding.parent == pain and Tag.objects.count() == 3


def test_create_refuses_bad_names_and_colours_with_plain_messages(acme):
    with pytest.raises(ValidationError) as both:
        tag_create(name=" ", colour="red", actor=None)
    assert error_of(both) == {"name": ["Give the tag a name."], "colour": ["“red” is not a colour like #3452c7."]}
    with pytest.raises(ValidationError) as separator:
        tag_create(name="Pain > Onboarding", actor=None)
    assert "separates the levels" in error_of(separator)["name"][0]
    with pytest.raises(ValidationError) as long:
        tag_create(name="x" * 121, actor=None)
    assert "120 characters" in error_of(long)["name"][0]
    assert not Tag.objects.exists()


def test_rename_describe_recolour(acme):
    pain = tag("Pain")
    tag("Delight")
    tag_update(tag=pain, name="Pains", description="Ouch", colour="#00AA00", actor=None)
    pain.refresh_from_db()
    assert (pain.name, pain.description, pain.colour) == ("Pains", "Ouch", "#00aa00")
    with pytest.raises(ValidationError) as clash:
        tag_update(tag=pain, name="Delight", actor=None)
    assert error_of(clash) == {"name": ["There is already a top-level tag called “Delight”."]}
    tag_update(tag=pain, description="Only this", actor=None)  # the name may stay as it is
    pain.refresh_from_db()
    assert (pain.name, pain.description) == ("Pains", "Only this")


# ---------------------------------------------------------------------------------------------------------------
# move


def test_move_takes_the_subtree_along(acme):
    pain, delight = tag("Pain"), tag("Delight")
    onboarding = tag("Onboarding", pain)
    tag("Import fails", onboarding)
    tag_move(tag=onboarding, parent=delight, actor=None)
    assert [path for path, *_ in tree_shape()] == [
        "Delight", "Delight > Onboarding", "Delight > Onboarding > Import fails", "Pain",
    ]  # fmt: skip
    tag_move(tag=onboarding, parent=None, actor=None)
    assert Tag.objects.get(pk=onboarding.pk).parent_id is None


def test_move_refuses_loops(acme):
    pain = tag("Pain")
    onboarding = tag("Onboarding", pain)
    deep = tag("Import fails", onboarding)
    with pytest.raises(ValidationError) as into_child:
        tag_move(tag=pain, parent=deep, actor=None)
    assert error_of(into_child) == {
        "parent": ["“Pain” cannot move into its own sub-tag “Import fails”: that would make a loop."]
    }
    with pytest.raises(ValidationError) as into_itself:
        tag_move(tag=pain, parent=pain, actor=None)
    assert "cannot move into itself" in error_of(into_itself)["parent"][0]
    assert Tag.objects.get(pk=pain.pk).parent_id is None


def test_move_refuses_a_name_taken_at_the_destination(acme):
    pain, delight = tag("Pain"), tag("Delight")
    tag("Onboarding", pain)
    theirs = tag("Onboarding", delight)
    with pytest.raises(ValidationError) as clash:
        tag_move(tag=theirs, parent=pain, actor=None)
    assert error_of(clash) == {
        "parent": ["“Pain” already has a sub-tag called “Onboarding”. Rename one of them, or merge them."]
    }


# ---------------------------------------------------------------------------------------------------------------
# merge


def test_merge_moves_highlights_without_duplicate_rows_and_children_along(acme):
    source, target = tag("Onboarding pain"), tag("Onboarding")
    child = tag("Import fails", source)
    only_source, both, only_target = highlight(source), highlight(source, target), highlight(target)
    tag_merge(source=source, target=target, actor=None)
    assert not Tag.objects.filter(pk=source.pk).exists()
    through = Highlight.tags.through.objects
    assert through.filter(tag_id=target.pk).count() == 3
    assert sorted(through.values_list("highlight_id", flat=True)) == sorted([only_source.pk, both.pk, only_target.pk])
    assert list(both.tags.all()) == [target]
    assert Tag.objects.get(pk=child.pk).parent_id == target.pk


def test_merge_joins_sub_tags_of_the_same_name(acme):
    source, target = tag("Pains"), tag("Pain")
    source_onboarding, target_onboarding = tag("Onboarding", source), tag("Onboarding", target)
    deep = tag("Import fails", source_onboarding)
    tagged = highlight(source_onboarding)
    tag_merge(source=source, target=target, actor=None)
    assert [path for path, *_ in tree_shape()] == ["Pain", "Pain > Onboarding", "Pain > Onboarding > Import fails"]
    assert list(tagged.tags.all()) == [target_onboarding]
    assert Tag.objects.get(pk=deep.pk).parent_id == target_onboarding.pk


def test_merge_into_its_own_parent(acme):
    # "Onboarding > Onboarding" folded into its parent: its child of the same name must not collide with it.
    parent = tag("Onboarding")
    source = tag("Onboarding", parent)
    grandchild = tag("Onboarding", source)
    tagged = highlight(source)
    tag_merge(source=source, target=parent, actor=None)
    assert [path for path, *_ in tree_shape()] == ["Onboarding", "Onboarding > Onboarding"]
    assert Tag.objects.get(pk=grandchild.pk).parent_id == parent.pk
    assert list(tagged.tags.all()) == [parent]


def test_merge_refuses_itself_and_its_descendants(acme):
    pain = tag("Pain")
    child = tag("Onboarding", pain)
    with pytest.raises(ValidationError) as itself:
        tag_merge(source=pain, target=pain, actor=None)
    assert error_of(itself) == {"target": ["“Pain” cannot merge into itself: choose another tag."]}
    with pytest.raises(ValidationError) as descendant:
        tag_merge(source=pain, target=child, actor=None)
    assert error_of(descendant) == {
        "target": ["“Onboarding” is nested inside “Pain”: move it out first, or choose another tag."]
    }
    assert Tag.objects.count() == 2


# ---------------------------------------------------------------------------------------------------------------
# delete


def test_delete_an_unused_tag(acme):
    pain = tag("Pain")
    tag_delete(tag=pain, actor=None)
    assert not Tag.objects.exists()


def test_delete_refuses_a_tag_in_use_without_reassignment(acme):
    pain = tag("Pain")
    used = tag("Onboarding", pain)
    highlight(used)
    highlight(used)
    with pytest.raises(ValidationError) as on_highlights:
        tag_delete(tag=used, actor=None)
    assert error_of(on_highlights) == {
        "reassign_to": ["“Onboarding” is on 2 highlights: choose a tag to move them to before deleting it."]
    }
    with pytest.raises(ValidationError) as with_children:
        tag_delete(tag=pain, actor=None)
    assert "has 1 sub-tag" in error_of(with_children)["reassign_to"][0]
    assert Tag.objects.count() == 2 and Highlight.tags.through.objects.count() == 2


def test_delete_with_reassignment_moves_highlights_and_children_first(acme):
    pain, other = tag("Pain"), tag("Friction")
    child = tag("Onboarding", pain)
    first, second = highlight(pain), highlight(pain, other)
    tag_delete(tag=pain, reassign_to=other, actor=None)
    assert not Tag.objects.filter(pk=pain.pk).exists()
    assert list(first.tags.all()) == [other] and list(second.tags.all()) == [other]
    assert Tag.objects.get(pk=child.pk).parent_id == other.pk
    with pytest.raises(ValidationError) as into_child:
        tag_delete(tag=other, reassign_to=child, actor=None)
    assert "is nested inside “Friction”" in error_of(into_child)["reassign_to"][0]


# ---------------------------------------------------------------------------------------------------------------
# the tree


def test_tree_nests_with_counts_in_one_query(acme):
    pain = tag("Pain")
    onboarding = tag("Onboarding", pain)
    tag("Billing", pain)
    tag("Delight")
    highlight(pain)
    highlight(onboarding, pain)
    with CaptureQueriesContext(connection) as queries:
        tree = codebook_tree()
    assert len(reads(queries)) == 1
    assert [node.tag.name for node in tree.roots] == ["Delight", "Pain"]
    pain_node = tree.by_id[pain.pk]
    assert [child.tag.name for child in pain_node.children] == ["Billing", "Onboarding"]
    assert (pain_node.highlight_count, pain_node.total_highlight_count) == (2, 3)
    assert tree.by_id[onboarding.pk].path == "Pain > Onboarding" and tree.by_id[onboarding.pk].depth == 1
    assert {node.tag.name for node in tree.targets_for(pain.pk)} == {"Delight"}


def test_tree_query_count_does_not_grow_with_tags(acme):
    parent = tag("Root")
    for i in range(60):
        parent = tag(f"Level {i}", parent if i % 3 else None)
    with CaptureQueriesContext(connection) as queries:
        tree = codebook_tree()
    assert len(reads(queries)) == 1
    assert len(tree.nodes) == 61
