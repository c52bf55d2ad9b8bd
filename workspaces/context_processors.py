from django.conf import settings
from django.utils.functional import SimpleLazyObject

from workspaces.access import MANAGE_WORKSPACE
from workspaces.selectors import memberships_of_user


def workspace(request):
    """The current workspace and the viewer's membership, for the base layout's navigation."""
    tenant = getattr(request, "tenant", None)
    membership = getattr(request, "membership", None)
    return {
        "workspace": None if tenant is None or tenant.is_public else tenant,
        "membership": membership,
        "is_owner": bool(membership and membership.role in MANAGE_WORKSPACE),
        # Queried only when a template shows the workspace switcher.
        "switcher": SimpleLazyObject(lambda: list(memberships_of_user(request.user)) if membership else []),
        # Other workspaces open through the public host's hand-off (workspaces.handoff): no second sign-in.
        "public_url": settings.PARLEY_URL_TEMPLATE.format(host=settings.PARLEY_BASE_DOMAIN),
    }
