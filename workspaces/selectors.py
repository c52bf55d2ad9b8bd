"""Reads for the workspace pages and API: one function per screen, with a fixed number of queries."""

from django.db import connection
from django.db.models import QuerySet, prefetch_related_objects

from workspaces.models import ApiKey, Membership, User, Workspace


def current_workspace() -> Workspace:
    """The workspace whose schema is active: a request's tenant, or looked up in tasks and schema_context."""
    tenant = connection.tenant
    if not isinstance(tenant, Workspace):
        return Workspace.objects.prefetch_related("domains").get(schema_name=connection.schema_name)
    if "domains" not in getattr(tenant, "_prefetched_objects_cache", {}):
        prefetch_related_objects([tenant], "domains")  # once per request, not once per link
    return tenant


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
