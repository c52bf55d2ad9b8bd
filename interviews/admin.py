"""Admin for a workspace's async interviews (the workspace admin, owners only)."""

from django.contrib import admin

from interviews.models import InterviewLink, LLMSettings, Message, Session, Transcript, Utterance
from workspaces.admin_sites import workspace_admin_site


class LinkAdmin(admin.ModelAdmin):
    list_display = ["__str__", "round", "kind", "event", "max_responses", "opens_at", "closes_at", "disabled_at"]
    list_filter = ["kind", "event"]
    search_fields = ["label", "participant__email", "token"]
    list_select_related = ["round__study", "participant"]
    readonly_fields = ["token", "created_at", "invited_at", "reminded_at"]


class MessageInline(admin.TabularInline):
    model = Message
    extra = 0
    fields = ["order", "role", "kind", "text", "backend", "latency_ms", "reason", "fallback_error"]
    readonly_fields = fields


class SessionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "participant", "status", "started_at", "completed_at"]
    list_filter = ["status"]
    search_fields = ["participant__email"]
    list_select_related = ["round__study", "participant"]
    readonly_fields = ["resume_token", "started_at", "last_activity_at", "completed_at"]
    inlines = [MessageInline]


class UtteranceInline(admin.TabularInline):
    model = Utterance
    extra = 0
    fields = ["order", "speaker_role", "speaker_name", "text", "start_ms", "end_ms"]


class TranscriptAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "round", "participant", "occurred_at"]
    list_filter = ["kind"]
    search_fields = ["title", "participant__email"]
    list_select_related = ["round__study", "participant"]
    inlines = [UtteranceInline]


class LLMSettingsAdmin(admin.ModelAdmin):
    list_display = ["__str__", "base_url", "model", "updated_at"]
    exclude = ["api_key_encrypted"]  # set the key on the Interviewer settings page, where it is encrypted


for model, model_admin in [
    (InterviewLink, LinkAdmin),
    (Session, SessionAdmin),
    (Transcript, TranscriptAdmin),
    (LLMSettings, LLMSettingsAdmin),
]:
    workspace_admin_site.register(model, model_admin)
