"""The codebook: every write to tags (create, rename, move, merge, delete, import) and the tree the pages read.

Tags nest; siblings have distinct names. Structural writes take a per-workspace lock first, so the sibling-name and
no-cycle checks still hold when two people reorganise the codebook at the same time.
"""

import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Count
from django.db.models.functions import Lower

from synthesis.models import Highlight, Tag
from workspaces.models import User

DEFAULT_COLOUR = Tag._meta.get_field("colour").default
NAME_MAX_LENGTH = Tag._meta.get_field("name").max_length
PATH_SEPARATOR = " > "
COLOUR_RE = re.compile(r"^#[0-9a-fA-F]{6}$")
# A name no valid tag can have (it contains the path separator): merged tags wear it until they are deleted.
_PARKED_NAME = " > merging {pk}"


# ---------------------------------------------------------------------------------------------------------------
# Reading: the tree


@dataclass
class TagNode:
    """A tag in the tree, with its path from the top, its depth and how many highlights carry it."""

    tag: Tag
    highlight_count: int
    children: list["TagNode"] = field(default_factory=list)
    path: str = ""
    depth: int = 0
    total_highlight_count: int = 0  # with its sub-tags' highlights


@dataclass
class Codebook:
    roots: list[TagNode]
    nodes: list[TagNode]  # every tag, parents before their children, siblings by name
    by_id: dict[int, TagNode]

    def subtree_ids(self, tag_id: int) -> set[int]:
        """The tag and everything nested in it."""
        found, pending = set(), [self.by_id[tag_id]]
        while pending:
            node = pending.pop()
            found.add(node.tag.pk)
            pending.extend(node.children)
        return found

    def targets_for(self, tag_id: int) -> list[TagNode]:
        """Where a tag may move or merge to: every tag outside its own subtree."""
        inside = self.subtree_ids(tag_id)
        return [node for node in self.nodes if node.tag.pk not in inside]


def codebook_tree() -> Codebook:
    """Every tag with its highlight count, nested, in one query."""
    tags = Tag.objects.annotate(highlight_count=Count("highlights")).order_by(Lower("name"), "name", "pk")
    by_id = {tag.pk: TagNode(tag=tag, highlight_count=tag.highlight_count) for tag in tags}
    roots = []
    for node in by_id.values():  # in name order, so every list of children is too
        parent = by_id.get(node.tag.parent_id)
        (parent.children if parent else roots).append(node)
    nodes = []
    pending = [(root, 0, "") for root in reversed(roots)]
    while pending:
        node, depth, prefix = pending.pop()
        node.depth, node.path = depth, prefix + node.tag.name
        nodes.append(node)
        pending.extend((child, depth + 1, node.path + PATH_SEPARATOR) for child in reversed(node.children))
    for node in reversed(nodes):  # children before their parents
        node.total_highlight_count = node.highlight_count + sum(c.total_highlight_count for c in node.children)
    return Codebook(roots=roots, nodes=nodes, by_id={node.tag.pk: node for node in nodes})


# ---------------------------------------------------------------------------------------------------------------
# Rules shared by the services and the importers


def clean_name(name: str | None) -> str:
    """The name as stored (inner whitespace collapsed), or ValidationError with a plain message."""
    name = " ".join((name or "").split())
    if not name:
        raise ValidationError("Give the tag a name.")
    if len(name) > NAME_MAX_LENGTH:
        raise ValidationError(f"“{name[:40]}…” is too long: keep tag names to {NAME_MAX_LENGTH} characters.")
    if PATH_SEPARATOR in name:
        raise ValidationError(f"“{name}” contains “ > ”, which separates the levels of a tag's path: use another sign.")
    return name


def clean_colour(colour: str | None) -> str:
    colour = (colour or "").strip()
    if not COLOUR_RE.match(colour):
        raise ValidationError(f"“{colour}” is not a colour like #3452c7.")
    return colour.lower()


def _lock_codebook() -> None:
    # Serialises structural writes to this workspace's codebook until the transaction ends.
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [f"parley.codebook.{connection.schema_name}"])


def _sibling_taken(name: str, parent_id: int | None, exclude_pk: int | None = None) -> str | None:
    clash = Tag.objects.filter(parent_id=parent_id, name=name).exclude(pk=exclude_pk).select_related("parent").first()
    if clash is None:
        return None
    if clash.parent is None:
        return f"There is already a top-level tag called “{name}”."
    return f"“{clash.parent.name}” already has a sub-tag called “{name}”."


def _parents() -> dict[int, int | None]:
    return dict(Tag.objects.values_list("pk", "parent_id"))


def _is_inside(tag_id: int, ancestor_id: int, parents: dict[int, int | None]) -> bool:
    """Whether `tag_id` is `ancestor_id` or nested somewhere below it."""
    seen = set()
    while tag_id is not None and tag_id not in seen:
        if tag_id == ancestor_id:
            return True
        seen.add(tag_id)
        tag_id = parents.get(tag_id)
    return False


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


# ---------------------------------------------------------------------------------------------------------------
# Writing


@transaction.atomic
def tag_create(
    *, name: str, parent: Tag | None = None, description: str = "", colour: str = DEFAULT_COLOUR, actor: User | None
) -> Tag:
    _lock_codebook()
    errors = {}
    try:
        name = clean_name(name)
    except ValidationError as error:
        errors["name"] = error.messages
    try:
        colour = clean_colour(colour)
    except ValidationError as error:
        errors["colour"] = error.messages
    if not errors and (clash := _sibling_taken(name, parent.pk if parent else None)):
        errors["name"] = [clash]
    if errors:
        raise ValidationError(errors)
    tag = Tag(name=name, parent=parent, description=(description or "").strip(), colour=colour)
    tag.full_clean()
    tag.save()
    return tag


@transaction.atomic
def tag_update(
    *,
    tag: Tag,
    actor: User | None,
    name: str | None = None,
    description: str | None = None,
    colour: str | None = None,
) -> Tag:
    """Rename a tag, or change its description or colour; arguments left as None keep their value. On an error the
    tag is left as it was."""
    _lock_codebook()
    errors, changes = {}, {}
    if name is not None:
        try:
            changes["name"] = clean_name(name)
        except ValidationError as error:
            errors["name"] = error.messages
        else:
            if clash := _sibling_taken(changes["name"], tag.parent_id, exclude_pk=tag.pk):
                errors["name"] = [clash]
    if colour is not None:
        try:
            changes["colour"] = clean_colour(colour)
        except ValidationError as error:
            errors["colour"] = error.messages
    if errors:
        raise ValidationError(errors)
    if description is not None:
        changes["description"] = description.strip()
    for field_name, value in changes.items():
        setattr(tag, field_name, value)
    tag.full_clean()
    tag.save()
    return tag


@transaction.atomic
def tag_move(*, tag: Tag, parent: Tag | None, actor: User | None) -> Tag:
    """Put a tag (with everything nested in it) under another tag, or at the top level with parent=None."""
    _lock_codebook()
    tag = Tag.objects.get(pk=tag.pk)
    parent_id = parent.pk if parent else None
    if parent_id is not None and _is_inside(parent_id, tag.pk, _parents()):
        where = "itself" if parent_id == tag.pk else f"its own sub-tag “{parent.name}”"
        raise ValidationError({"parent": f"“{tag.name}” cannot move into {where}: that would make a loop."})
    if parent_id == tag.parent_id:
        return tag
    if clash := _sibling_taken(tag.name, parent_id, exclude_pk=tag.pk):
        raise ValidationError({"parent": f"{clash} Rename one of them, or merge them."})
    tag.parent = parent
    tag.save(update_fields=["parent"])
    return tag


@transaction.atomic
def tag_merge(*, source: Tag, target: Tag, actor: User | None) -> Tag:
    """Fold `source` into `target`: its highlights take `target`, its sub-tags move under `target` (merging into a
    sub-tag of the same name there), and `source` is deleted."""
    _lock_codebook()
    _check_merge(source, target, field="target", verb="merge into")
    _merge(source.pk, target.pk)
    return Tag.objects.get(pk=target.pk)


@transaction.atomic
def tag_delete(*, tag: Tag, reassign_to: Tag | None = None, actor: User | None) -> None:
    """Delete a tag; one in use (by highlights or sub-tags) needs `reassign_to`, which receives them first."""
    _lock_codebook()
    if reassign_to is None:
        used = Highlight.tags.through.objects.filter(tag_id=tag.pk).count()
        children = Tag.objects.filter(parent_id=tag.pk).count()
        uses = [f"is on {_plural(used, 'highlight')}"] if used else []
        uses += [f"has {_plural(children, 'sub-tag')}"] if children else []
        if uses:
            raise ValidationError(
                {"reassign_to": f"“{tag.name}” {' and '.join(uses)}: choose a tag to move them to before deleting it."}
            )
        Tag.objects.filter(pk=tag.pk).delete()
        return
    _check_merge(tag, reassign_to, field="reassign_to", verb="hand its highlights to")
    _merge(tag.pk, reassign_to.pk)


def _check_merge(source: Tag, target: Tag, *, field: str, verb: str) -> None:
    if source.pk == target.pk:
        raise ValidationError({field: f"“{source.name}” cannot {verb} itself: choose another tag."})
    if _is_inside(target.pk, source.pk, _parents()):
        raise ValidationError(
            {field: f"“{target.name}” is nested inside “{source.name}”: move it out first, or choose another tag."}
        )


def _merge(source_id: int, target_id: int) -> None:
    """Merge the source's subtree onto the target's: sub-tags whose name the destination already has merge into
    that one (recursively), the others move with their own subtrees. Every merged tag is then deleted."""
    tags = {row["pk"]: row for row in Tag.objects.values("pk", "parent_id", "name")}
    children: dict[int | None, list[int]] = {}
    for pk, row in tags.items():
        children.setdefault(row["parent_id"], []).append(pk)
    merges, moves = {source_id: target_id}, {}
    # The names each destination will hold. Of its present children only the source can leave (when the target is
    # the source's parent); tags moved there join as they are planned.
    names_at: dict[int, dict[str, int]] = {}
    pending = [source_id]
    while pending:
        merged = pending.pop()
        destination = merges[merged]
        if destination not in names_at:
            names_at[destination] = {tags[pk]["name"]: pk for pk in children.get(destination, []) if pk != source_id}
        taken = names_at[destination]
        for child in children.get(merged, []):
            name = tags[child]["name"]
            if name in taken:
                merges[child] = taken[name]
                pending.append(child)
            else:
                moves[child] = destination
                taken[name] = child
    # Merged tags leave their names and places first, so moved tags never collide with them.
    for pk in merges:
        Tag.objects.filter(pk=pk).update(name=_PARKED_NAME.format(pk=pk), parent=None)
    for pk, destination in moves.items():
        Tag.objects.filter(pk=pk).update(parent_id=destination)
    through = Highlight.tags.through.objects
    for pk, destination in merges.items():
        already = through.filter(tag_id=destination).values("highlight_id")
        through.filter(tag_id=pk).exclude(highlight_id__in=already).update(tag_id=destination)
        through.filter(tag_id=pk).delete()  # highlights that carried both
    Tag.objects.filter(pk__in=merges).delete()


# ---------------------------------------------------------------------------------------------------------------
# Import and export (the formats live beside this module, in `refiqda` and `exchange_csv`)


@dataclass
class CodeSpec:
    """A code as read from an exchange file, before it meets the stored codebook."""

    name: str
    line: int
    description: str = ""
    colour: str | None = None  # None: the file gives none (existing tags keep theirs, new ones get the default)
    children: list["CodeSpec"] = field(default_factory=list)
    guid: str | None = None  # REFI-QDA GUID, kept on the tag
    is_codable: bool = True
    ref: str = ""  # the identifier as written in the file (what a project's codings refer to)


@dataclass(frozen=True)
class ImportResult:
    created: int
    existing: int
    tag_ids: dict[int, int] = field(default_factory=dict, compare=False, repr=False)  # id(CodeSpec) -> tag id

    @property
    def total(self) -> int:
        return self.created + self.existing

    @property
    def summary(self) -> str:
        if not self.total:
            return "The file has no codes: nothing was imported."
        return f"Imported {_plural(self.total, 'code')}: {self.created} new, {self.existing} already there."


IMPORT_FORMATS = ("qdc", "csv")


def import_format(filename: str, data: bytes) -> str:
    """ "qdc" or "csv", by the file's extension, else by its content (XML starts with “<”)."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if extension in ("qdc", "xml"):
        return "qdc"
    if extension in ("csv", "tsv", "txt"):
        return "csv"
    start = data[:200].lstrip(b"\xef\xbb\xbf\xff\xfe\x00 \t\r\n")
    return "qdc" if start.startswith(b"<") else "csv"


def codebook_import(*, data: bytes, filename: str, actor: User | None) -> ImportResult:
    """Add a REFI-QDA (.qdc) or CSV codebook to this workspace's; a bad file raises ValidationError({"file": ...})
    and changes nothing."""
    from synthesis.codebook import exchange_csv, refiqda  # they build on this module's CodeSpec and name rules

    parse = refiqda.parse_qdc if import_format(filename, data) == "qdc" else exchange_csv.parse_csv
    return codebook_import_specs(codes=parse(data), actor=actor)


@transaction.atomic
def codebook_import_specs(*, codes: list[CodeSpec], actor: User | None) -> ImportResult:
    """Create the codes missing from the codebook, level by level. A code is already there when a tag has its
    GUID (kept from an earlier import, or the one Parley exported it under) or, failing that, the same parent and
    name; existing tags keep their description, colour and codability, and take the file's GUID when they had none.
    New tags keep the file's GUID and codability, so that exporting them again gives the other tool its codes back."""
    from synthesis.codebook.refiqda import code_guid

    _lock_codebook()
    rows = list(Tag.objects.values_list("pk", "parent_id", "name", "guid"))
    stored = {(parent_id, name): pk for pk, parent_id, name, _ in rows}
    by_guid = {str(guid): pk for pk, _, _, guid in rows if guid}
    without_guid = {pk for pk, _, _, guid in rows if not guid}
    by_guid.update({code_guid(connection.schema_name, pk): pk for pk in without_guid})
    used = {str(guid) for *_, guid in rows if guid}
    created = existing = 0
    adopted: list[Tag] = []
    tag_ids: dict[int, int] = {}  # id(CodeSpec) -> the tag it became or matched
    level: list[tuple[CodeSpec, int | None]] = [(code, None) for code in codes]
    while level:
        new = {}
        for code, parent_id in level:
            pk = by_guid.get(code.guid) if code.guid else None
            if pk is None:
                pk = stored.get((parent_id, code.name))
                if pk is not None and pk in without_guid and code.guid and code.guid not in used:
                    adopted.append(Tag(pk=pk, guid=code.guid))
                    used.add(code.guid)
                    without_guid.discard(pk)
            if pk is not None:
                existing += 1
                tag_ids[id(code)] = pk
                continue
            guid = code.guid if code.guid and code.guid not in used else None
            if guid:
                used.add(guid)
            new[(parent_id, code.name)] = (code, Tag(
                name=code.name, parent_id=parent_id, description=code.description,
                colour=code.colour or DEFAULT_COLOUR, guid=guid, is_codable=code.is_codable,
            ))  # fmt: skip
        try:
            Tag.objects.bulk_create([tag for _, tag in new.values()], batch_size=1000)
        except IntegrityError:  # a write that bypassed the lock (the admin, say)
            raise ValidationError(
                {"file": "The codebook changed during the import. Nothing was imported: try again."}
            ) from None
        created += len(new)
        for key, (code, tag) in new.items():
            stored[key] = tag_ids[id(code)] = tag.pk
        level = [(child, tag_ids[id(code)]) for code, _ in level for child in code.children]
    Tag.objects.bulk_update(adopted, ["guid"], batch_size=1000)
    return ImportResult(created=created, existing=existing, tag_ids=tag_ids)


EXPORT_FORMATS = {"qdc": "application/xml", "csv": "text/csv"}


def codebook_export(*, kind: str) -> bytes:
    """The whole codebook as a REFI-QDA codebook (kind="qdc") or a CSV of paths (kind="csv")."""
    from synthesis.codebook import exchange_csv, refiqda

    tree = codebook_tree()
    if kind == "qdc":
        return refiqda.codebook_to_qdc(tree.roots, schema_name=connection.schema_name)
    if kind == "csv":
        return exchange_csv.codebook_to_csv(tree.nodes)
    raise ValueError(f"Unknown codebook format {kind!r}")
