from django.contrib import admin

from outbox.models import Email
from workspaces.admin_sites import workspace_admin_site


class EmailAdmin(admin.ModelAdmin):
    list_display = ["subject", "to", "template", "status", "attempts", "created_at", "sent_at"]
    list_filter = ["status", "template"]
    search_fields = ["to", "subject"]
    date_hierarchy = "created_at"
    readonly_fields = [f.name for f in Email._meta.fields]

    def has_add_permission(self, request):
        return False


admin.site.register(Email, EmailAdmin)
workspace_admin_site.register(Email, EmailAdmin)
