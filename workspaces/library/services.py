"""Writing to the library: the owning app gives the template it built; this keeps who published it."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from workspaces.library.selectors import can_publish
from workspaces.models import LibraryItem, LibraryKind, User


@transaction.atomic
def library_item_publish(*, kind: str, title: str, content: dict, actor: User, description: str = "") -> LibraryItem:
    if not can_publish(actor):
        raise PermissionDenied("Staff have not allowed you to publish to the library.")
    if kind not in LibraryKind.values:
        raise ValidationError({"kind": "Unknown kind of library item."})
    item = LibraryItem(kind=kind, title=title.strip()[:200], description=description, content=content,
                       published_by=actor)  # fmt: skip
    item.full_clean()
    item.save()
    return item
