"""The codebook in the library (workspaces.library): a codebook travels as its tags' names, definitions, colours and
nesting alone (never highlights, quotes, counts, GUIDs or ids); copying one merges it into this workspace's codebook
through the tag services, so their name rules and lock hold."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction

from synthesis.codebook.refiqda import MAX_CODES, MAX_DEPTH
from synthesis.codebook.services import (
    DEFAULT_COLOUR,
    CodeSpec,
    TagNode,
    clean_colour,
    clean_name,
    codebook_tree,
    tag_create,
    tag_update,
)
from synthesis.models import Tag
from workspaces.library.services import library_item_publish
from workspaces.models import LibraryItem, LibraryKind, User


def _content_of(node: TagNode) -> dict:
    tag = node.tag
    return {"name": tag.name, "description": tag.description, "colour": tag.colour,
            "children": [_content_of(child) for child in node.children]}  # fmt: skip


def codebook_content() -> dict:
    """What the library keeps of the codebook: the tag tree, each tag with its name, definition and colour."""
    return {"tags": [_content_of(root) for root in codebook_tree().roots]}


def _count(rows: list[dict]) -> int:
    return sum(1 + _count(row["children"]) for row in rows)


def _count_codes(codes: list[CodeSpec]) -> int:
    return sum(1 + _count_codes(code.children) for code in codes)


@transaction.atomic
def codebook_publish(*, title: str, actor: User) -> LibraryItem:
    """Save this workspace's codebook to the library (the caller checked the role here; publishing is checked
    there)."""
    title = " ".join((title or "").split())
    if not title:
        raise ValidationError({"title": "Give the codebook a title, so that others know what they copy."})
    content = codebook_content()
    count = _count(content["tags"])
    if not count:
        raise ValidationError({"title": "The codebook has no tags to share yet."})
    if count > MAX_CODES:
        raise ValidationError({"title": f"The library takes codebooks of up to {MAX_CODES} tags, not {count}."})
    return library_item_publish(kind=LibraryKind.CODEBOOK, title=title, content=content, actor=actor,
                                description=f"{count} tag{'s' if count != 1 else ''}")  # fmt: skip


def _specs(rows, depth: int = 1) -> list[CodeSpec]:
    """The library content as codes; ValidationError({"item": ...}) for content no codebook could hold."""
    if not isinstance(rows, list) or depth > MAX_DEPTH:
        raise ValidationError({"item": "This library codebook is damaged: it cannot be copied."})
    codes = []
    for row in rows:
        if not isinstance(row, dict):
            raise ValidationError({"item": "This library codebook is damaged: it cannot be copied."})
        try:
            name = clean_name(str(row.get("name") or ""))
            colour = clean_colour(str(row.get("colour") or DEFAULT_COLOUR))
        except ValidationError as error:
            raise ValidationError({"item": f"This library codebook cannot be copied: {error.messages[0]}"}) from None
        codes.append(CodeSpec(name=name, line=0, description=str(row.get("description") or "").strip(), colour=colour,
                              children=_specs(row.get("children") or [], depth + 1)))  # fmt: skip
    return codes


@dataclass(frozen=True)
class CopyResult:
    added: int
    existing: int

    @property
    def summary(self) -> str:
        added = f"{self.added} tag{'s' if self.added != 1 else ''}"
        were = "was" if self.existing == 1 else "were"
        return f"added {added}; {self.existing} {were} already in your codebook."


@transaction.atomic
def codebook_copy_from_library(*, item: LibraryItem, actor: User | None) -> CopyResult:
    """Merge a library codebook into this workspace's, parents before children. A tag whose name the codebook has
    already (whatever its case) is kept where it is, taking the library's definition only when it had none; its
    sub-tags join it there. The one under the same parent wins, else the shallowest. Other tags are created under
    their parent's match. Nothing is moved, renamed or recoloured."""
    if item.kind != LibraryKind.CODEBOOK:
        raise ValidationError({"item": "Choose a codebook from the library."})
    codes = _specs(item.content.get("tags") if isinstance(item.content, dict) else None)
    if not codes:
        raise ValidationError({"item": f"“{item.title}” has no tags."})
    if _count_codes(codes) > MAX_CODES:
        raise ValidationError({"item": f"“{item.title}” has more than {MAX_CODES} tags: it cannot be copied."})
    nodes = codebook_tree().nodes
    # Before the copy: every tag by name, shallowest first; during it, also what each parent holds.
    anywhere: dict[str, list[Tag]] = {}
    for node in sorted(nodes, key=lambda n: n.depth):
        anywhere.setdefault(node.tag.name.casefold(), []).append(node.tag)
    placed: dict[tuple[int | None, str], Tag] = {(n.tag.parent_id, n.tag.name.casefold()): n.tag for n in nodes}
    added = existing = 0
    level: list[tuple[CodeSpec, Tag | None]] = [(code, None) for code in codes]
    while level:
        next_level = []
        for code, parent in level:
            key = code.name.casefold()
            tag = placed.get((parent.pk if parent else None, key)) or next(iter(anywhere.get(key, [])), None)
            if tag is not None:
                existing += 1
                if not tag.description and code.description:
                    tag = tag_update(tag=tag, description=code.description, actor=actor)
            else:
                tag = tag_create(name=code.name, parent=parent, description=code.description, colour=code.colour,
                                 actor=actor)  # fmt: skip
                placed[(tag.parent_id, key)] = tag
                added += 1
            next_level.extend((child, tag) for child in code.children)
        level = next_level
    return CopyResult(added=added, existing=existing)
