"""The admin on a workspace host: that workspace's own tables, for its owners only."""

from django.contrib import admin

from workspaces.models import Role


def _is_owner(request) -> bool:
    membership = getattr(request, "membership", None)
    return bool(request.user.is_active and membership and membership.role == Role.OWNER)


class WorkspaceAdminSite(admin.AdminSite):
    site_header = "Parley workspace admin"
    site_title = "Parley workspace admin"
    index_title = "This workspace's data"

    def has_permission(self, request):
        return _is_owner(request)

    def each_context(self, request):
        context = super().each_context(request)
        tenant = getattr(request, "tenant", None)
        if tenant is not None:
            context["site_header"] = f"{tenant.name}: workspace admin"
        return context

    def register(self, model_or_iterable, admin_class=None, **options):
        base = admin_class or admin.ModelAdmin

        class OwnerAdmin(base):
            # Owners need no Django model permissions here: their role in this workspace is the permission.
            def has_module_permission(self, request):
                return _is_owner(request)

            def has_view_permission(self, request, obj=None):
                return _is_owner(request)

            def has_add_permission(self, request, *args):
                return _is_owner(request) and base.has_add_permission(self, request, *args) is not False

            def has_change_permission(self, request, obj=None):
                return _is_owner(request)

            def has_delete_permission(self, request, obj=None):
                return _is_owner(request)

        OwnerAdmin.__name__ = f"Owner{base.__name__}"
        return super().register(model_or_iterable, OwnerAdmin, **options)


workspace_admin_site = WorkspaceAdminSite(name="workspace_admin")
