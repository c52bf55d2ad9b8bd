"""Admin for a workspace's webhook endpoints and their delivery log (the workspace admin, owners only)."""

from django.contrib import admin

from webhooks.models import WebhookDelivery, WebhookEndpoint
from workspaces.admin_sites import workspace_admin_site


class WebhookEndpointAdmin(admin.ModelAdmin):
    list_display = ["url", "description", "events", "active", "created_at"]
    list_filter = ["active"]
    search_fields = ["url", "description"]
    readonly_fields = ["secret", "created_by", "created_at"]


class WebhookDeliveryAdmin(admin.ModelAdmin):
    list_display = ["event", "endpoint", "status", "attempts", "last_status_code", "created_at", "delivered_at"]
    list_filter = ["status", "event"]
    search_fields = ["endpoint__url", "event_id"]
    list_select_related = ["endpoint"]
    date_hierarchy = "created_at"
    readonly_fields = [f.name for f in WebhookDelivery._meta.fields]

    def has_add_permission(self, request):
        return False


workspace_admin_site.register(WebhookEndpoint, WebhookEndpointAdmin)
workspace_admin_site.register(WebhookDelivery, WebhookDeliveryAdmin)
