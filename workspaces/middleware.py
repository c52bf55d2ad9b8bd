"""Which workspace a request's host names, and on a workspace host every page belongs to members: anonymous
visitors sign in, everyone else gets 404."""

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import DisallowedHost
from django.db import connection
from django.http import Http404, HttpResponseNotFound
from django_tenants.middleware.main import TenantMainMiddleware
from rest_framework.views import APIView

from workspaces.access import membership_for
from workspaces.selectors import workspace_for_host


class WorkspaceHostMiddleware(TenantMainMiddleware):
    """django-tenants' middleware, but the host is looked up where the connection already is, in tables named in
    `public`, instead of switching it to `public` for the lookup: with workspaces.database, a kept connection that
    served this workspace last sends no `SET search_path` at all, where it sent two every request."""

    def process_request(self, request):
        try:
            hostname = self.hostname_from_request(request)
        except DisallowedHost:
            return HttpResponseNotFound()
        tenant = workspace_for_host(hostname)
        if tenant is None:
            connection.set_schema_to_public()
            return self.no_tenant_found(request, hostname)
        tenant.domain_url = hostname
        request.tenant = tenant
        connection.set_tenant(tenant)
        self.setup_url_routing(request)
        return None


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
