"""Admin for a workspace's synthesis tables (the workspace admin, owners only).

Reshape the codebook on the codebook pages: merging and guarded deletes happen there, not here."""

from django.contrib import admin
from django.db.models import Count

from synthesis.models import Highlight, Insight, Tag
from workspaces.admin_sites import workspace_admin_site


class TagAdmin(admin.ModelAdmin):
    list_display = ["name", "parent", "colour", "highlight_count", "created_at"]
    search_fields = ["name", "description"]
    list_select_related = ["parent"]
    autocomplete_fields = ["parent"]
    ordering = ["name", "pk"]  # explicit: a grouped (annotated) query does not use Meta.ordering

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(highlight_count=Count("highlights"))

    @admin.display(description="Highlights", ordering="highlight_count")
    def highlight_count(self, tag):
        return tag.highlight_count


class HighlightAdmin(admin.ModelAdmin):
    list_display = ["__str__", "study", "round", "participant", "pain", "pain_ai", "author", "created_at"]
    list_filter = ["pain", "study"]
    search_fields = ["text", "note"]
    list_select_related = ["study", "round__study", "participant", "author"]
    autocomplete_fields = ["tags"]
    raw_id_fields = ["utterance", "transcript", "participant", "round", "study"]
    readonly_fields = ["author", "created_at"]
    date_hierarchy = "created_at"


class InsightAdmin(admin.ModelAdmin):
    list_display = ["__str__", "status", "author", "updated_at"]
    list_filter = ["status"]
    search_fields = ["statement"]
    list_select_related = ["author"]
    autocomplete_fields = ["highlights"]
    readonly_fields = ["author", "created_at", "updated_at"]


for model, model_admin in [(Tag, TagAdmin), (Highlight, HighlightAdmin), (Insight, InsightAdmin)]:
    workspace_admin_site.register(model, model_admin)
