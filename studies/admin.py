"""Admin for a workspace's study planning tables (the workspace admin, owners only)."""

from django.contrib import admin

from studies.models import (
    AuditEntry,
    ChangeSource,
    ContactEvent,
    Erasure,
    Governance,
    GuideQuestion,
    GuideVersion,
    Participant,
    ParticipantChange,
    Round,
    Study,
)
from studies.participants.services import CONSENT_FIELDS, consent_change
from studies.privacy.services import participant_erase
from workspaces.admin_sites import workspace_admin_site


class RoundInline(admin.TabularInline):
    model = Round
    extra = 0
    fields = ["order", "kind", "purpose", "target_participants", "status", "starts_on", "ends_on"]


class StudyAdmin(admin.ModelAdmin):
    list_display = ["title", "goal", "method", "programme_model", "status", "owner", "created_at"]
    list_filter = ["status", "goal", "method", "programme_model"]
    search_fields = ["title", "public_title"]
    list_select_related = ["owner"]
    readonly_fields = ["plan", "created_at", "updated_at"]
    inlines = [RoundInline]


class GuideQuestionInline(admin.TabularInline):
    model = GuideQuestion
    extra = 0
    fields = ["order", "text", "intent", "max_follow_ups", "estimated_minutes"]


class RoundAdmin(admin.ModelAdmin):
    list_display = ["__str__", "kind", "target_participants", "status", "starts_on", "ends_on"]
    list_filter = ["kind", "status"]
    search_fields = ["purpose", "study__title"]
    list_select_related = ["study"]
    inlines = [GuideQuestionInline]


class GuideVersionAdmin(admin.ModelAdmin):
    """Versions are a record of what interviews were asked: read them here, change the guide on its page."""

    list_display = ["__str__", "number", "change", "created_by", "created_at"]
    list_select_related = ["round__study", "created_by"]
    search_fields = ["round__purpose", "round__study__title", "change"]
    readonly_fields = ["round", "number", "questions", "change", "created_by", "created_at"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False


class ContactEventInline(admin.TabularInline):
    model = ContactEvent
    extra = 0
    readonly_fields = ["kind", "channel", "round", "occurred_at", "note"]


class ParticipantChangeInline(admin.TabularInline):
    model = ParticipantChange
    extra = 0
    can_delete = False
    readonly_fields = ["at", "created", "consent_to_contact", "do_not_contact", "source", "actor"]


class ParticipantAdmin(admin.ModelAdmin):
    list_display = ["email", "name", "timezone", "locale", "consent_to_contact", "do_not_contact", "created_at"]
    list_filter = ["consent_to_contact", "do_not_contact", "locale"]
    search_fields = ["email", "name"]
    inlines = [ParticipantChangeInline, ContactEventInline]

    def save_model(self, request, obj, form, change):
        # Consent changed here is recorded like any other, so the participant's page says where it came from.
        before = Participant.objects.filter(pk=obj.pk).values(*CONSENT_FIELDS).first() if change else None
        super().save_model(request, obj, form, change)
        if record := consent_change(obj, before, source=ChangeSource.STAFF, actor=request.user):
            record.save()

    # Deleting a participant anywhere is an erasure: every app's rows about them go, and the erasure is recorded.
    def delete_model(self, request, obj):
        participant_erase(participant=obj, actor=request.user, via="admin")

    def delete_queryset(self, request, queryset):
        for participant in queryset:
            participant_erase(participant=participant, actor=request.user, via="admin")


class ContactEventAdmin(admin.ModelAdmin):
    list_display = ["participant", "kind", "channel", "round", "occurred_at"]
    list_filter = ["kind", "channel"]
    search_fields = ["participant__email"]
    list_select_related = ["participant", "round"]
    date_hierarchy = "occurred_at"


class GovernanceAdmin(admin.ModelAdmin):
    list_display = ["__str__", "min_days_between_invitations", "max_interviews_per_90_days", "updated_at"]


class ReadOnlyAdmin(admin.ModelAdmin):
    """Erasure records and the audit log are evidence that a duty was done: read them, never change them."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ErasureAdmin(ReadOnlyAdmin):
    list_display = ["id", "erased_at", "erased_by", "via"]
    readonly_fields = ["id", "erased_at", "erased_by", "via", "counts"]


class AuditEntryAdmin(ReadOnlyAdmin):
    list_display = ["at", "actor_label", "action", "object_type", "object_id", "object_repr"]
    list_filter = ["action", "object_type"]
    search_fields = ["actor_label", "object_id"]
    readonly_fields = ["at", "actor", "actor_label", "action", "object_type", "object_id", "object_repr", "detail"]


for model, model_admin in [
    (Study, StudyAdmin),
    (Round, RoundAdmin),
    (GuideVersion, GuideVersionAdmin),
    (Participant, ParticipantAdmin),
    (ContactEvent, ContactEventAdmin),
    (Governance, GovernanceAdmin),
    (Erasure, ErasureAdmin),
    (AuditEntry, AuditEntryAdmin),
]:
    workspace_admin_site.register(model, model_admin)
