from rest_framework import exceptions
from rest_framework.permissions import SAFE_METHODS, BasePermission

from workspaces.access import WRITE_RESEARCH
from workspaces.models import ApiKey


def api_role(request) -> str | None:
    """The caller's role in this workspace: the key's role, or the signed-in user's membership."""
    if isinstance(request.auth, ApiKey):
        return request.auth.role
    membership = getattr(request._request, "membership", None)
    return membership.role if membership else None


class WorkspaceRole(BasePermission):
    """Members read; `view.write_roles` (default: owner and researcher) write; anyone else gets 404."""

    def has_permission(self, request, view):
        workspace = getattr(request._request, "tenant", None)
        if workspace is None or workspace.is_public:
            raise exceptions.NotFound()
        if not request.user or not request.user.is_authenticated:
            return False  # 401 with a WWW-Authenticate header
        role = api_role(request)
        if role is None:
            raise exceptions.NotFound()
        if request.method in SAFE_METHODS:
            return True
        return role in getattr(view, "write_roles", WRITE_RESEARCH)
