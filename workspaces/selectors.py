"""Reads for the workspace pages and API: one function per screen, with a fixed number of queries."""

from django.db.models import QuerySet

from workspaces.models import ApiKey, Membership, User, Workspace


def memberships_of_user(user: User) -> QuerySet[Membership]:
    """The workspaces a person belongs to, with their role: the public home page and the switcher."""
    return (
        Membership.objects.filter(user=user)
        .exclude(workspace__schema_name="public")
        .select_related("workspace")
        .prefetch_related("workspace__domains")
        .order_by("workspace__name")
    )


def workspace_members(workspace: Workspace) -> QuerySet[Membership]:
    return Membership.objects.filter(workspace=workspace).select_related("user").order_by("user__email")


def workspace_member(workspace: Workspace, membership_id) -> Membership | None:
    """One membership of this workspace; another workspace's id finds nothing (the caller answers 404)."""
    return workspace_members(workspace).filter(pk=membership_id).first()


def workspace_api_keys(workspace: Workspace) -> QuerySet[ApiKey]:
    return ApiKey.objects.filter(workspace=workspace).select_related("created_by").order_by("-created_at")
