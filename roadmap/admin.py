"""Admin for a workspace's roadmap tables (the workspace admin, owners only).

Move items and link evidence on the board and item pages: those go through the services (webhook, close-the-loop).
"""

from django.contrib import admin
from django.db.models import Count

from roadmap.models import EvidenceLink, RoadmapItem, RoadmapShare, SegmentWeight, ShippedNotice
from workspaces.admin_sites import workspace_admin_site


class EvidenceLinkInline(admin.TabularInline):
    model = EvidenceLink
    extra = 0
    raw_id_fields = ["insight", "highlight", "added_by"]
    readonly_fields = ["created_at"]


class RoadmapItemAdmin(admin.ModelAdmin):
    list_display = ["title", "status", "horizon", "owner", "effort", "position", "link_count", "updated_at"]
    list_filter = ["status", "horizon"]
    search_fields = ["title", "description", "external_url"]
    list_select_related = ["owner"]
    raw_id_fields = ["owner"]
    readonly_fields = ["shipped_at", "created_at", "updated_at"]
    date_hierarchy = "created_at"
    ordering = ["status", "position", "pk"]
    inlines = [EvidenceLinkInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(link_count=Count("links"))

    @admin.display(description="Evidence links", ordering="link_count")
    def link_count(self, item):
        return item.link_count


class EvidenceLinkAdmin(admin.ModelAdmin):
    list_display = ["item", "kind", "insight", "highlight", "importance", "added_by", "created_at"]
    list_filter = ["importance"]
    search_fields = ["item__title", "insight__statement", "highlight__text", "note"]
    list_select_related = ["item", "insight", "highlight", "added_by"]
    raw_id_fields = ["item", "insight", "highlight", "added_by"]
    readonly_fields = ["created_at"]


class SegmentWeightAdmin(admin.ModelAdmin):
    list_display = ["attribute", "value", "weight"]
    search_fields = ["attribute", "value"]
    list_filter = ["attribute"]


class RoadmapShareAdmin(admin.ModelAdmin):
    list_display = ["__str__", "created_by", "created_at", "revoked_at"]
    list_filter = [("revoked_at", admin.EmptyFieldListFilter)]
    list_select_related = ["created_by"]
    readonly_fields = ["token", "created_by", "created_at"]


class ShippedNoticeAdmin(admin.ModelAdmin):
    list_display = ["item", "participant", "email", "sent_at"]
    search_fields = ["item__title", "participant__email"]
    list_select_related = ["item", "participant", "email"]
    raw_id_fields = ["item", "participant", "email"]
    readonly_fields = ["sent_at"]


for model, model_admin in [
    (RoadmapItem, RoadmapItemAdmin),
    (EvidenceLink, EvidenceLinkAdmin),
    (SegmentWeight, SegmentWeightAdmin),
    (RoadmapShare, RoadmapShareAdmin),
    (ShippedNotice, ShippedNoticeAdmin),
]:
    workspace_admin_site.register(model, model_admin)
