"""Reads for the workspace pages and API: one function per screen, with a fixed number of queries."""

from django.db import connection
from django.db.models import QuerySet, prefetch_related_objects
from django_tenants.utils import get_public_schema_name

from workspaces.models import ApiKey, Domain, Invitation, Membership, User, Workspace, hash_token


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


def workspace_invitations(workspace: Workspace) -> QuerySet[Invitation]:
    """Invitations neither accepted nor revoked (pending or expired), newest first."""
    return Invitation.objects.open().filter(workspace=workspace).select_related("invited_by").order_by("-created_at")


def workspace_invitation(workspace: Workspace, invitation_id) -> Invitation | None:
    return workspace_invitations(workspace).filter(pk=invitation_id).first()


def account_can_sign_in(email: str) -> bool:
    """Whether the address has an account with a password. Only the invitation page asks, for the person holding
    that address's invitation link: never the one who invited them."""
    user = User.objects.filter(email__iexact=email).first()
    return user is not None and user.has_usable_password()


def invitation_by_token(workspace: Workspace, token: str) -> Invitation | None:
    """The invitation a link's token names, on its own workspace's host only (elsewhere it does not exist)."""
    return (
        Invitation.objects.select_related("workspace", "invited_by")
        .filter(workspace=workspace, token_hash=hash_token(token))
        .first()
    )


def workspace_for_host(hostname: str) -> Workspace | None:
    """The workspace (or `public`) a host name belongs to, read from tables named in `public`: whatever schema the
    connection is in, the lookup sends no `SET search_path` first (workspaces.middleware.WorkspaceHostMiddleware)."""
    fields = Workspace._meta.concrete_fields
    columns = ", ".join(f"w.{connection.ops.quote_name(field.column)}" for field in fields)
    public = connection.ops.quote_name(get_public_schema_name())
    domain_table, tenant_column = Domain._meta.db_table, Domain._meta.get_field("tenant").column
    with connection.cursor_on_any_path() as cursor:
        cursor.execute(
            f"SELECT {columns} FROM {public}.{domain_table} d"
            f" JOIN {public}.{Workspace._meta.db_table} w ON w.{Workspace._meta.pk.column} = d.{tenant_column}"
            " WHERE d.domain = %s",
            [hostname],
        )
        row = cursor.fetchone()
    return None if row is None else Workspace.from_db(connection.alias, [field.attname for field in fields], row)
