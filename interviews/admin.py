"""Admin for a workspace's interviews, async and sync (the workspace admin, owners only)."""

from django.contrib import admin

from interviews.models import (
    Booking,
    BookingInvite,
    BookingQuestion,
    BookingReminder,
    BookingRules,
    DateOverride,
    EmailWording,
    HostSchedule,
    InterviewLink,
    LLMSettings,
    Message,
    Session,
    Transcript,
    Utterance,
    WeeklyHours,
)
from workspaces.admin_sites import workspace_admin_site
from workspaces.models import User


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
    readonly_fields = ["resume_token", "guide_version", "started_at", "last_activity_at", "completed_at"]
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


class EmailWordingAdmin(admin.ModelAdmin):
    list_display = ["kind", "subject", "updated_at", "updated_by"]
    list_select_related = ["updated_by"]
    readonly_fields = ["updated_at", "updated_by"]  # placeholders are checked by the model's clean()


class MembersOnly:
    """User choices (hosts) from this workspace's members only: the user table is shared by every workspace."""

    member_fields = ("user", "host", "hosts")

    def _members(self, request):
        return User.objects.filter(memberships__workspace=request.tenant).order_by("email")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in self.member_fields:
            kwargs["queryset"] = self._members(request)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name in self.member_fields:
            kwargs["queryset"] = self._members(request)
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class WeeklyHoursInline(admin.TabularInline):
    model = WeeklyHours
    extra = 0


class DateOverrideInline(admin.TabularInline):
    model = DateOverride
    extra = 0


class HostScheduleAdmin(MembersOnly, admin.ModelAdmin):
    list_display = ["user", "timezone", "meeting_url", "updated_at"]
    search_fields = ["user__email"]
    list_select_related = ["user"]
    readonly_fields = ["feed_token", "created_at", "updated_at"]
    inlines = [WeeklyHoursInline, DateOverrideInline]


class BookingQuestionInline(admin.TabularInline):
    model = BookingQuestion
    extra = 0


class BookingRulesAdmin(MembersOnly, admin.ModelAdmin):
    list_display = ["round", "duration_minutes", "assignment", "min_notice_hours", "horizon_days", "is_public"]
    list_filter = ["assignment", "is_public"]
    list_select_related = ["round__study"]
    filter_horizontal = ["hosts"]
    readonly_fields = ["public_token", "created_at", "updated_at"]
    inlines = [BookingQuestionInline]


class BookingReminderInline(admin.TabularInline):
    model = BookingReminder
    extra = 0
    fields = ["offset_minutes", "claimed_at", "sent_at"]
    readonly_fields = fields


class BookingAdmin(MembersOnly, admin.ModelAdmin):
    list_display = ["participant", "host", "round", "start", "end", "status", "sequence", "reschedule_count"]
    list_filter = ["status"]
    search_fields = ["participant__email", "participant__name", "host__email", "uid"]
    list_select_related = ["participant", "host", "round__study"]
    date_hierarchy = "start"
    raw_id_fields = ["participant", "invite", "transcript"]
    readonly_fields = ["uid", "sequence", "manage_token", "created_at", "updated_at", "cancelled_at", "marked_at"]
    inlines = [BookingReminderInline]


class BookingInviteAdmin(admin.ModelAdmin):
    list_display = ["participant", "round", "created_at", "sent_at", "booking"]
    search_fields = ["participant__email"]
    list_select_related = ["participant", "round__study", "booking"]
    raw_id_fields = ["participant", "booking"]
    readonly_fields = ["token", "created_at", "sent_at"]


for model, model_admin in [
    (InterviewLink, LinkAdmin),
    (Session, SessionAdmin),
    (Transcript, TranscriptAdmin),
    (LLMSettings, LLMSettingsAdmin),
    (HostSchedule, HostScheduleAdmin),
    (BookingRules, BookingRulesAdmin),
    (Booking, BookingAdmin),
    (BookingInvite, BookingInviteAdmin),
    (EmailWording, EmailWordingAdmin),
]:
    workspace_admin_site.register(model, model_admin)
