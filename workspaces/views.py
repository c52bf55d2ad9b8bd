"""Pages of the public host (your workspaces, new workspace) and of a workspace host (home, members, settings)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.views.decorators.http import require_POST

from workspaces import overview, selectors, services
from workspaces.access import MANAGE_WORKSPACE, require_role, workspace_open
from workspaces.forms import (
    ApiKeyCreateForm,
    InvitationAcceptForm,
    MemberInviteForm,
    MemberRoleForm,
    WorkspaceCreateForm,
    WorkspaceSettingsForm,
)


def _add_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


# Public host -----------------------------------------------------------------------------------------------


@login_required
def workspace_new(request: HttpRequest) -> HttpResponse:
    if not request.user.is_staff:
        raise Http404
    form = WorkspaceCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            workspace = services.workspace_create(
                slug=form.cleaned_data["slug"],
                name=form.cleaned_data["name"],
                owner_email=form.cleaned_data["owner_email"],
                actor=request.user,
            )
        except ValidationError as error:
            if hasattr(error, "error_dict") and "schema_name" in error.error_dict:
                error = ValidationError({"slug": error.error_dict["schema_name"]})
            _add_errors(form, error)
        else:
            messages.success(request, f"{workspace.name} is ready at {workspace.url}")
            return redirect("portfolio")
    return render(request, "workspaces/workspace_new.html", {"form": form})


# Workspace host ----------------------------------------------------------------------------------------------


def workspace_home(request: HttpRequest) -> HttpResponse:
    """What needs the viewer today: each app's sections of the overview (workspaces.overview)."""
    viewer = overview.viewer_for(request.user, request.membership.role)
    context = {
        "viewer": viewer,
        "sections": overview.overview(viewer),
        "member_count": selectors.workspace_members(request.tenant).count(),
    }
    return render(request, "workspaces/home.html", context)


def _members_context(request, **extra) -> dict:
    return {
        "members": selectors.workspace_members(request.tenant),
        "invitations": selectors.workspace_invitations(request.tenant),
        "invite_form": MemberInviteForm(),
        "role_choices": MemberInviteForm.base_fields["role"].choices,
        **extra,
    }


def members(request: HttpRequest) -> HttpResponse:
    return render(request, "workspaces/members.html", _members_context(request))


@require_POST
def member_invite(request: HttpRequest) -> HttpResponse:
    require_role(request, MANAGE_WORKSPACE)
    form = MemberInviteForm(request.POST)
    if form.is_valid():
        try:
            invitation = services.member_invite(
                workspace=request.tenant,
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
                actor=request.user,
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            # The same words whether or not the address has an account: the invitation tells nothing about it.
            messages.success(
                request, f"Invitation sent to {invitation.email}: they join as {invitation.get_role_display()} "
                "when they accept it."
            )  # fmt: skip
            return redirect("workspaces:members")
    return render(request, "workspaces/members.html", _members_context(request, invite_form=form), status=400)


@require_POST
def invitation_revoke(request: HttpRequest, invitation_id: int) -> HttpResponse:
    require_role(request, MANAGE_WORKSPACE)
    invitation = selectors.workspace_invitation(request.tenant, invitation_id)
    if invitation is None:
        raise Http404
    services.invitation_revoke(invitation=invitation, actor=request.user)
    messages.success(request, f"Withdrew the invitation to {invitation.email}: its link no longer works.")
    return redirect("workspaces:members")


@workspace_open
def invitation(request: HttpRequest, token: str) -> HttpResponse:
    """The link in an invitation email. Signed in with the invited address: one click joins. Signed out: sign in
    (an account that can) or choose a password (a new one). The token only works on its own workspace's host."""
    invitation = selectors.invitation_by_token(request.tenant, token)
    if invitation is None:
        raise Http404
    context = {"invitation": invitation, "form": None}
    if invitation.status != invitation.Status.PENDING:
        if invitation.status == invitation.Status.ACCEPTED and request.membership is not None:
            return redirect("workspaces:home")
        return render(request, "workspaces/invitation.html", context, status=410)
    user = request.user
    if user.is_authenticated:
        if request.method == "POST" and user.email.lower() == invitation.email:
            services.invitation_accept(invitation=invitation, user=user)
            messages.success(request, f"Welcome to {request.tenant.name}.")
            return redirect("workspaces:home")
        return render(request, "workspaces/invitation.html", context)
    if selectors.account_can_sign_in(invitation.email):
        return render(request, "workspaces/invitation.html", {**context, "sign_in": True})
    form = InvitationAcceptForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user, _ = services.invitation_accept_new_account(
                invitation=invitation,
                first_name=data["first_name"],
                last_name=data["last_name"],
                password=data["password"],
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            login(request, user, backend=settings.AUTHENTICATION_BACKENDS[0])
            messages.success(request, f"Welcome to {request.tenant.name}.")
            return redirect("workspaces:home")
    status = 400 if form.errors else 200
    return render(request, "workspaces/invitation.html", {**context, "form": form}, status=status)


def _member_or_404(request: HttpRequest, membership_id: int):
    membership = selectors.workspace_member(request.tenant, membership_id)
    if membership is None:
        raise Http404
    return membership


@require_POST
def member_role(request: HttpRequest, membership_id: int) -> HttpResponse:
    require_role(request, MANAGE_WORKSPACE)
    membership = _member_or_404(request, membership_id)
    form = MemberRoleForm(request.POST)
    error = None
    if form.is_valid():
        try:
            membership = services.member_change_role(
                membership=membership, role=form.cleaned_data["role"], actor=request.user
            )
        except ValidationError as exc:
            error = exc.message_dict.get("role", exc.messages)[0]
    else:
        error = form.errors["role"][0]
    status = 400 if error else 200
    if request.htmx:
        context = {"member": membership, "row_error": error, "role_choices": MemberRoleForm.base_fields["role"].choices}
        return render(request, "workspaces/members.html#member-row", context, status=status)
    if error:
        messages.error(request, error)
    else:
        messages.success(request, f"{membership.user.email} is now {membership.get_role_display()}.")
    return redirect("workspaces:members")


@require_POST
def member_remove(request: HttpRequest, membership_id: int) -> HttpResponse:
    require_role(request, MANAGE_WORKSPACE)
    membership = _member_or_404(request, membership_id)
    try:
        services.member_remove(membership=membership, actor=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return redirect("workspaces:members")
    if membership.user_id == request.user.pk:
        return redirect(settings.PARLEY_URL_TEMPLATE.format(host=settings.PARLEY_BASE_DOMAIN) + "/")
    messages.success(request, f"Removed {membership.user.email} from {request.tenant.name}.")
    return redirect("workspaces:members")


def workspace_settings(request: HttpRequest) -> HttpResponse:
    require_role(request, MANAGE_WORKSPACE)
    form = WorkspaceSettingsForm(request.POST or None, initial={"name": request.tenant.name})
    if request.method == "POST" and form.is_valid():
        services.workspace_rename(workspace=request.tenant, name=form.cleaned_data["name"], actor=request.user)
        messages.success(request, "Saved.")
        return redirect("workspaces:settings")
    return render(request, "workspaces/settings.html", _settings_context(request, form=form))


def _settings_context(request, **extra) -> dict:
    return {
        "form": WorkspaceSettingsForm(initial={"name": request.tenant.name}),
        "api_keys": selectors.workspace_api_keys(request.tenant),
        "key_form": ApiKeyCreateForm(),
        **extra,
    }


@require_POST
def api_key_new(request: HttpRequest) -> HttpResponse:
    require_role(request, MANAGE_WORKSPACE)
    form = ApiKeyCreateForm(request.POST)
    if not form.is_valid():
        return render(request, "workspaces/settings.html", _settings_context(request, key_form=form), status=400)
    api_key, secret = services.api_key_create(
        workspace=request.tenant, name=form.cleaned_data["name"], role=form.cleaned_data["role"], actor=request.user
    )
    # The secret is rendered into this one response and never stored: reloading the page does not show it.
    context = _settings_context(request, new_key=api_key, new_secret=secret)
    return render(request, "workspaces/settings.html", context, status=201)


@require_POST
def api_key_revoke(request: HttpRequest, key_id: int) -> HttpResponse:
    require_role(request, MANAGE_WORKSPACE)
    api_key = selectors.workspace_api_keys(request.tenant).filter(pk=key_id).first()
    if api_key is None:
        raise Http404
    services.api_key_revoke(api_key=api_key, actor=request.user)
    messages.success(request, f"Revoked “{api_key.name}”. Calls with it now get 401.")
    return redirect("workspaces:settings")


@workspace_open
class WelcomeView(auth_views.PasswordResetConfirmView):
    """The link in a new workspace's email to its first owner, when their account is new: they choose a password
    and land in the workspace."""

    template_name = "registration/welcome.html"
    post_reset_login = True
    success_url = reverse_lazy("workspaces:home")
