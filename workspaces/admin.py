"""Public-host admin (staff only): workspaces, their hosts, memberships, API keys and users."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import BaseUserCreationForm, UserChangeForm
from django.db.models import Count

from workspaces.models import (
    ApiKey,
    Domain,
    Invitation,
    LibraryItem,
    Membership,
    User,
    Workspace,
    WorkspaceSummary,
)
from workspaces.services import workspace_search_language_set


class DomainInline(admin.TabularInline):
    model = Domain
    extra = 0


class MembershipInline(admin.TabularInline):
    model = Membership
    fk_name = "workspace"
    extra = 0
    autocomplete_fields = ["user"]
    readonly_fields = ["created_at"]
    fields = ["user", "role", "created_at"]


@admin.register(Workspace)
class WorkspaceAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "schema_name", "member_count", "created_at"]
    search_fields = ["name", "slug"]
    readonly_fields = ["schema_name", "created_at"]
    inlines = [DomainInline, MembershipInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(member_count=Count("memberships"))

    @admin.display(ordering="member_count", description="members")
    def member_count(self, obj):
        return obj.member_count

    def has_add_permission(self, request):
        # Creating a schema belongs to the workspace_create service (the "New workspace" page).
        return False

    def get_readonly_fields(self, request, obj=None):
        return [*self.readonly_fields, "slug"] if obj else self.readonly_fields

    def save_model(self, request, obj, form, change):
        language = obj.search_language
        if change and "search_language" in form.changed_data:
            obj.search_language = form.initial["search_language"]  # the service sets it and re-stems the rows
        super().save_model(request, obj, form, change)
        if change and "search_language" in form.changed_data:
            workspace_search_language_set(workspace=obj, language=language, actor=request.user)


@admin.register(Domain)
class DomainAdmin(admin.ModelAdmin):
    list_display = ["domain", "tenant", "is_primary"]
    list_filter = ["is_primary"]
    search_fields = ["domain", "tenant__name"]
    list_select_related = ["tenant"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "workspace", "role", "created_at"]
    list_filter = ["role", "workspace"]
    search_fields = ["user__email", "workspace__name", "workspace__slug"]
    list_select_related = ["user", "workspace"]
    autocomplete_fields = ["user", "workspace"]
    readonly_fields = ["invited_by", "created_at"]


@admin.register(ApiKey)
class ApiKeyAdmin(admin.ModelAdmin):
    list_display = ["name", "workspace", "role", "prefix", "created_at", "last_used_at", "revoked_at"]
    list_filter = ["role", "workspace"]
    search_fields = ["name", "prefix", "workspace__slug"]
    list_select_related = ["workspace"]
    readonly_fields = ["prefix", "key_hash", "created_by", "created_at", "last_used_at"]

    def has_add_permission(self, request):
        # A key's secret is shown once at creation: that happens on the workspace's API keys page.
        return False


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "workspace", "role", "created_at", "expires_at", "accepted_at", "revoked_at"]
    list_filter = ["role", "workspace"]
    search_fields = ["email", "workspace__slug"]
    list_select_related = ["workspace"]
    readonly_fields = ["token_hash", "invited_by", "created_at", "accepted_at"]

    def has_add_permission(self, request):
        # The token travels only in the email: invitations are sent from the workspace's members page.
        return False


class UserCreationForm(BaseUserCreationForm):
    class Meta:
        model = User
        fields = ["email"]


class UserEditForm(UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    add_form = UserCreationForm
    form = UserEditForm
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "is_staff", "library_publisher", "is_active", "last_login"]
    list_filter = ["is_staff", "library_publisher", "is_active"]
    search_fields = ["email", "first_name", "last_name"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        ("Personal info", {"fields": ["first_name", "last_name"]}),
        (
            "Permissions",
            {"fields": ["is_active", "is_staff", "is_superuser", "library_publisher", "groups", "user_permissions"]},
        ),
        ("Important dates", {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "password1", "password2"]})]

    def has_delete_permission(self, request, obj=None):
        # Accounts are deactivated (Active), never deleted: workspaces' tables name them without a database
        # constraint (workspaces.models.account_reference), and no one schema could clear them all.
        return False


@admin.register(LibraryItem)
class LibraryItemAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "published_by", "created_at"]
    list_filter = ["kind"]
    search_fields = ["title", "description"]


@admin.register(WorkspaceSummary)
class WorkspaceSummaryAdmin(admin.ModelAdmin):
    list_display = ["workspace", "flags", "last_activity_at", "computed_at", "queries"]
    readonly_fields = ["workspace", "figures", "links", "flags", "flag_notes", "last_activity_at", "computed_at",
                       "queries"]  # fmt: skip
