"""Who may see and change what in the current workspace. One place, used by pages, the API and the admin."""

from functools import wraps

from django.core.exceptions import PermissionDenied
from django.http import Http404

from workspaces.models import Membership, Role, Workspace

# Who may write, by area. Everyone with a membership may read everything in their workspace.
MANAGE_WORKSPACE = frozenset({Role.OWNER})
WRITE_RESEARCH = frozenset({Role.OWNER, Role.RESEARCHER})
WRITE_ROADMAP = frozenset({Role.OWNER, Role.PM, Role.RESEARCHER})


def membership_for(user, workspace: Workspace) -> Membership | None:
    if not user.is_authenticated or workspace is None or workspace.is_public:
        return None
    return Membership.objects.filter(user=user, workspace=workspace).first()


def require_role(request, roles: frozenset) -> Membership:
    """The request's membership if its role is in `roles`; outsiders get 404 and other members 403."""
    membership = getattr(request, "membership", None)
    if membership is None:
        raise Http404("No such workspace.")
    if membership.role not in roles:
        raise PermissionDenied("Your role in this workspace cannot do this.")
    return membership


def workspace_open(view):
    """Mark a view on a workspace host that needs no membership (sign-in pages, participant pages)."""
    view.workspace_open = True
    return view


def role_required(roles: frozenset):
    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            require_role(request, roles)
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
