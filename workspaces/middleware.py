"""On a workspace host every page belongs to members: anonymous visitors sign in, everyone else gets 404."""

from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from rest_framework.views import APIView

from workspaces.access import membership_for


class WorkspaceAccessMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        workspace = getattr(request, "tenant", None)
        request.membership = membership_for(request.user, workspace)
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        workspace = getattr(request, "tenant", None)
        if workspace is None or workspace.is_public or _is_open(view_func):
            return None
        view_class = getattr(view_func, "cls", None)
        if view_class is not None and issubclass(view_class, APIView):
            return None  # the API authenticates keys and sessions itself (workspaces.permissions)
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if request.membership is None:
            raise Http404("No such workspace.")
        return None


def _is_open(view_func) -> bool:
    view_class = getattr(view_func, "view_class", None)
    return getattr(view_func, "workspace_open", False) or getattr(view_class, "workspace_open", False)
