"""The codebook pages: the tag tree with counts, a page per tag to rename, move, merge or delete it, import, export.

Members read and export; owners and researchers write. Every form is a plain POST that works without JavaScript.
"""

from dataclasses import dataclass, replace

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_POST

from studies.pages import add_errors, library_copy, library_publish
from synthesis.codebook import library
from synthesis.codebook.forms import DeleteForm, ImportForm, MergeForm, MoveForm, TagCreateForm, TagForm
from synthesis.codebook.services import (
    EXPORT_FORMATS,
    Codebook,
    TagNode,
    codebook_export,
    codebook_import,
    codebook_tree,
    tag_create,
    tag_delete,
    tag_merge,
    tag_move,
    tag_update,
)
from workspaces.access import WRITE_RESEARCH, require_role
from workspaces.library.forms import LibraryCopyForm, LibraryPublishForm
from workspaces.library.selectors import can_publish
from workspaces.models import LibraryKind

COPY_LABEL = "Library codebook"


def _can_write(request) -> bool:
    return request.membership.role in WRITE_RESEARCH


# ---------------------------------------------------------------------------------------------------------------
# The tree


def _matching(nodes: list[TagNode], query: str) -> list[TagNode]:
    """The nodes whose name or description contains `query`, with their ancestors (and only those) around them."""
    kept = []
    for node in nodes:
        children = _matching(node.children, query)
        tag = node.tag
        if children or query in tag.name.casefold() or query in tag.description.casefold():
            kept.append(replace(node, children=children))
    return kept


@dataclass(frozen=True)
class TreeRow:
    node: TagNode
    closes: range  # how many nested lists end before this row


def tree_rows(roots: list[TagNode]) -> tuple[list[TreeRow], range]:
    """The tree in reading order, for a template to nest <ul>s without including itself once per tag (slow for
    thousands of tags): each row says how many lists close before it; the range returned closes the rest."""
    rows, level = [], 0
    pending = [(root, 0) for root in reversed(roots)]
    while pending:
        node, depth = pending.pop()
        rows.append(TreeRow(node=node, closes=range(level - depth)))
        level = depth + 1 if node.children else depth
        pending.extend((child, depth + 1) for child in reversed(node.children))
    return rows, range(level)


def _index_context(request, codebook: Codebook, *, query: str = "", form=None, **library_forms) -> dict:
    roots = _matching(codebook.roots, query.casefold()) if query else codebook.roots
    rows, closes = tree_rows(roots)
    can_write = _can_write(request)
    return {
        "rows": rows,
        "closes": closes,
        "tag_count": len(codebook.nodes),
        "q": query,
        "form": form,
        "can_write": can_write,
        "can_publish": can_write and can_publish(request.user),
        "publish_form": library_forms.get("publish_form") or LibraryPublishForm(),
        "copy_form": library_forms.get("copy_form") or LibraryCopyForm(kind=LibraryKind.CODEBOOK, label=COPY_LABEL),
    }


def codebook(request: HttpRequest) -> HttpResponse:
    tree = codebook_tree()
    form = TagCreateForm(codebook=tree) if _can_write(request) else None
    context = _index_context(request, tree, query=request.GET.get("q", "").strip(), form=form)
    template = "synthesis/codebook/index.html#tree" if request.htmx else "synthesis/codebook/index.html"
    return render(request, template, context)


@require_POST
def tag_new(request: HttpRequest) -> HttpResponse:
    require_role(request, WRITE_RESEARCH)
    tree = codebook_tree()
    form = TagCreateForm(request.POST, codebook=tree)
    if form.is_valid():
        try:
            tag = tag_create(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"Added “{tag.name}”.")
            return redirect("codebook:index")
    return render(request, "synthesis/codebook/index.html", _index_context(request, tree, form=form), status=400)


# ---------------------------------------------------------------------------------------------------------------
# One tag


def _node_or_404(codebook: Codebook, tag_id: int) -> TagNode:
    node = codebook.by_id.get(tag_id)
    if node is None:
        raise Http404("No such tag.")
    return node


def _tag_forms(node: TagNode, targets: list[TagNode], data=None, bound: str = "") -> dict:
    """The tag page's four forms, unbound but for the one that was just submitted (`bound`)."""
    tag = node.tag
    initial = {"name": tag.name, "description": tag.description, "colour": tag.colour}
    return {
        "edit_form": TagForm(data if bound == "edit" else None, initial=initial),
        "move_form": MoveForm(
            data if bound == "move" else None, targets=targets, initial={"parent": tag.parent_id or ""}
        ),
        "merge_form": MergeForm(data if bound == "merge" else None, targets=targets),
        "delete_form": DeleteForm(data if bound == "delete" else None, targets=targets),
    }


def _tag_context(request, tree: Codebook, node: TagNode, *, data=None, bound: str = "") -> dict:
    ancestors = []
    parent = tree.by_id.get(node.tag.parent_id)
    while parent is not None:
        ancestors.insert(0, parent)
        parent = tree.by_id.get(parent.tag.parent_id)
    child_rows, child_closes = tree_rows(node.children)
    context = {
        "node": node,
        "tag": node.tag,
        "ancestors": ancestors,
        "child_rows": child_rows,
        "child_closes": child_closes,
        "in_use": bool(node.highlight_count or node.children),
        "can_write": _can_write(request),
    }
    if context["can_write"]:
        context.update(_tag_forms(node, tree.targets_for(node.tag.pk), data, bound))
    return context


def tag_detail(request: HttpRequest, tag_id: int) -> HttpResponse:
    tree = codebook_tree()
    context = _tag_context(request, tree, _node_or_404(tree, tag_id))
    return render(request, "synthesis/codebook/tag.html", context)


def _tag_action(request, tag_id: int, action: str, perform) -> HttpResponse:
    """Bind the tag page's `action` form and run `perform(tag, cleaned_data)` -> (message, response); on an error
    show the tag page again with that form's messages."""
    require_role(request, WRITE_RESEARCH)
    tree = codebook_tree()
    node = _node_or_404(tree, tag_id)
    context = _tag_context(request, tree, node, data=request.POST, bound=action)
    form = context[f"{action}_form"]
    if form.is_valid():
        try:
            message, response = perform(node.tag, form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, message)
            return response
    return render(request, "synthesis/codebook/tag.html", context, status=400)


@require_POST
def tag_edit(request: HttpRequest, tag_id: int) -> HttpResponse:
    def perform(tag, data):
        tag = tag_update(tag=tag, actor=request.user, **data)
        return f"Saved “{tag.name}”.", redirect("codebook:tag", tag.pk)

    return _tag_action(request, tag_id, "edit", perform)


@require_POST
def tag_move_view(request: HttpRequest, tag_id: int) -> HttpResponse:
    def perform(tag, data):
        parent = data["parent"]
        tag_move(tag=tag, parent=parent, actor=request.user)
        where = f"into “{parent.name}”" if parent else "to the top level"
        return f"Moved “{tag.name}” {where}.", redirect("codebook:tag", tag.pk)

    return _tag_action(request, tag_id, "move", perform)


@require_POST
def tag_merge_view(request: HttpRequest, tag_id: int) -> HttpResponse:
    def perform(tag, data):
        target = tag_merge(source=tag, target=data["target"], actor=request.user)
        message = f"Merged “{tag.name}” into “{target.name}”: its highlights and sub-tags are there now."
        return message, redirect("codebook:tag", target.pk)

    return _tag_action(request, tag_id, "merge", perform)


@require_POST
def tag_delete_view(request: HttpRequest, tag_id: int) -> HttpResponse:
    def perform(tag, data):
        target = data["reassign_to"]
        tag_delete(tag=tag, reassign_to=target, actor=request.user)
        moved = f"; its highlights and sub-tags moved to “{target.name}”" if target else ""
        return f"Deleted “{tag.name}”{moved}.", redirect("codebook:index")

    return _tag_action(request, tag_id, "delete", perform)


# ---------------------------------------------------------------------------------------------------------------
# The library


def _index_with_error(request, **library_forms) -> HttpResponse:
    tree = codebook_tree()
    context = _index_context(request, tree, form=TagCreateForm(codebook=tree), **library_forms)
    return render(request, "synthesis/codebook/index.html", context, status=400)


@require_POST
def codebook_publish(request: HttpRequest) -> HttpResponse:
    """Save this codebook to the library (owners and researchers whom staff allow to publish)."""
    return library_publish(
        request, publish=lambda title: library.codebook_publish(title=title, actor=request.user),
        done="codebook:index", failed=lambda form: _index_with_error(request, publish_form=form),
    )  # fmt: skip


@require_POST
def codebook_from_library(request: HttpRequest) -> HttpResponse:
    """Merge a library codebook into this one: tags already here are kept, the others are added."""

    def copy(item) -> str:
        result = library.codebook_copy_from_library(item=item, actor=request.user)
        return f"Copied the library codebook “{item.title}”: {result.summary}"

    return library_copy(
        request, kind=LibraryKind.CODEBOOK, label=COPY_LABEL, copy=copy, done="codebook:index",
        failed=lambda form: _index_with_error(request, copy_form=form),
    )  # fmt: skip


# ---------------------------------------------------------------------------------------------------------------
# Import and export


def _download(request, kind: str) -> HttpResponse:
    filename = f"{request.tenant.slug}-codebook.{kind}"
    return HttpResponse(
        codebook_export(kind=kind),
        content_type=f"{EXPORT_FORMATS[kind]}; charset=utf-8",
        headers={"Content-Disposition": content_disposition_header(True, filename)},
    )


def export_qdc(request: HttpRequest) -> HttpResponse:
    return _download(request, "qdc")


def export_csv(request: HttpRequest) -> HttpResponse:
    return _download(request, "csv")


def import_page(request: HttpRequest) -> HttpResponse:
    require_role(request, WRITE_RESEARCH)
    form = ImportForm(request.POST if request.method == "POST" else None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = codebook_import(data=upload.read(), filename=upload.name, actor=request.user)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, result.summary)
            return redirect("codebook:index")
    return render(request, "synthesis/codebook/import.html", {"form": form}, status=400 if form.errors else 200)
