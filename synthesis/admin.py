"""Admin for a workspace's synthesis tables (the workspace admin, owners only).

Reshape the codebook on the codebook pages: merging and guarded deletes happen there, not here."""

from django.contrib import admin
from django.db.models import Count

from synthesis.models import (
    BulkAcceptance,
    Highlight,
    Insight,
    Question,
    Suggestion,
    Summary,
    SynthesisJob,
    Tag,
    Theme,
)
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


# Synthesis jobs: start and cancel them on the jobs pages (the run loop owns their counters).


class SynthesisJobAdmin(admin.ModelAdmin):
    list_display = ["__str__", "status", "study", "round", "backend", "processed", "total", "created_count"]
    list_filter = ["kind", "status", "backend"]
    list_select_related = ["study", "round__study"]
    raw_id_fields = ["study", "round", "started_by"]
    readonly_fields = [
        "total", "processed", "created_count", "cursor", "stats", "started_at", "heartbeat_at", "finished_at",
        "created_at",
    ]  # fmt: skip
    date_hierarchy = "created_at"


class SuggestionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "job", "status", "score", "pain_ai", "decided_by", "decided_at"]
    list_filter = ["status"]
    search_fields = ["text", "reason"]
    list_select_related = ["job", "decided_by"]
    raw_id_fields = ["job", "utterance", "highlight", "decided_by"]
    autocomplete_fields = ["tags"]


class ThemeAdmin(admin.ModelAdmin):
    list_display = ["label", "job", "order", "size", "insight"]
    search_fields = ["label"]
    list_select_related = ["job", "insight"]
    raw_id_fields = ["job", "insight", "highlights", "utterances"]


class BulkAcceptanceAdmin(admin.ModelAdmin):
    """A record of what a bulk accept made: undo it from the inbox or its page, where the rules for undo apply."""

    list_display = ["__str__", "job", "min_score", "count", "created_by", "undone_at", "undone_by"]
    list_select_related = ["job", "created_by", "undone_by"]
    raw_id_fields = ["job", "suggestions", "created_by", "undone_by"]
    readonly_fields = ["job", "min_score", "count", "created_by", "created_at", "undone_at", "undone_by"]
    date_hierarchy = "created_at"


class SummaryAdmin(admin.ModelAdmin):
    list_display = ["__str__", "backend", "model", "dropped", "updated_at"]
    list_filter = ["backend"]
    raw_id_fields = ["transcript", "round", "study"]
    readonly_fields = ["content", "material", "tokens_in", "tokens_out", "created_at", "updated_at"]


class QuestionAdmin(admin.ModelAdmin):
    list_display = ["text", "asked_by", "study", "backend", "model", "tokens_in", "tokens_out", "dropped", "created_at"]
    list_filter = ["backend"]
    list_select_related = ["asked_by", "study"]
    search_fields = ["text", "asked_by__email"]
    raw_id_fields = ["asked_by", "study", "insight"]
    readonly_fields = ["answer", "content", "citations", "prompt", "tokens_in", "tokens_out", "created_at"]


for model, model_admin in [
    (Summary, SummaryAdmin),
    (Question, QuestionAdmin),
    (SynthesisJob, SynthesisJobAdmin),
    (Suggestion, SuggestionAdmin),
    (Theme, ThemeAdmin),
    (BulkAcceptance, BulkAcceptanceAdmin),
]:
    workspace_admin_site.register(model, model_admin)
