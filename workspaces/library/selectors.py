"""Who may read and publish the library, and what it holds. Reading needs the owner or researcher role in some
workspace (copying needs it in the target one too); publishing needs staff's permission."""

from django.db.models import QuerySet

from workspaces.access import WRITE_RESEARCH
from workspaces.models import LibraryItem, Membership, User, Workspace


def can_read_library(user: User) -> bool:
    if not user.is_authenticated:
        return False
    return user.is_staff or Membership.objects.filter(user=user, role__in=WRITE_RESEARCH).exists()


def can_publish(user: User) -> bool:
    return user.is_authenticated and (user.is_staff or user.library_publisher)


def library_items(*, kind: str | None = None) -> QuerySet[LibraryItem]:
    items = LibraryItem.objects.select_related("published_by")
    return items.filter(kind=kind) if kind else items


def library_item(item_id, *, kind: str) -> LibraryItem | None:
    return LibraryItem.objects.filter(pk=item_id, kind=kind).first() if str(item_id).isdigit() else None


def library_choices(*, kind: str) -> QuerySet[LibraryItem]:
    """The items of one kind to choose from in a form: titles and descriptions only."""
    return LibraryItem.objects.filter(kind=kind).only("pk", "title", "description")


def workspaces_to_copy_into(user: User) -> QuerySet[Workspace]:
    """The workspaces where this person may copy a template from the public host: where they own or research."""
    if not user.is_authenticated:
        return Workspace.objects.none()
    return (
        Workspace.objects.filter(memberships__user=user, memberships__role__in=WRITE_RESEARCH)
        .exclude(schema_name="public")
        .order_by("name")
    )
