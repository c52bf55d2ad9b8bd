"""Every write to workspaces, memberships and API keys goes through these functions."""

import logging
import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django_tenants.utils import schema_context

from outbox.services import email_queue
from workspaces.models import (
    INVITATION_DAYS,
    ApiKey,
    Domain,
    Invitation,
    Membership,
    Role,
    SearchLanguage,
    User,
    Workspace,
    hash_api_key,
    hash_token,
)
from workspaces.slugs import schema_name_for, validate_slug

logger = logging.getLogger(__name__)


def workspace_host(slug: str) -> str:
    return f"{slug}.{settings.PARLEY_BASE_DOMAIN}"


def public_workspace_ensure() -> Workspace:
    """Create the public tenant and its domain (the sign-in host) if they are missing."""
    public, _ = Workspace.objects.get_or_create(schema_name="public", defaults={"slug": "public", "name": "Parley"})
    Domain.objects.get_or_create(domain=settings.PARLEY_BASE_DOMAIN, defaults={"tenant": public})
    return public


@transaction.atomic
def workspace_create(*, slug: str, name: str, owner_email: str, actor: User | None = None) -> Workspace:
    """Create a workspace with its schema and host, and make `owner_email` its owner (inviting them if new)."""
    try:
        validate_slug(slug)
    except ValidationError as error:
        raise ValidationError({"slug": error.error_list}) from None
    name = name.strip()
    if not name:
        raise ValidationError({"name": "Give the workspace a name."})
    if Workspace.objects.filter(slug=slug).exists():
        raise ValidationError({"slug": f"A workspace with the address “{slug}” already exists."})
    with schema_context("public"):
        workspace = Workspace(slug=slug, name=name, schema_name=schema_name_for(slug))
        workspace.full_clean()
        workspace.save(verbosity=0)
        Domain.objects.create(domain=workspace_host(slug), tenant=workspace, is_primary=True)
        try:
            _owner_add(workspace=workspace, email=owner_email, actor=actor)
        except ValidationError as error:
            raise ValidationError({"owner_email": error.messages}) from None
    logger.info("workspace %s created by %s", slug, actor or "command line")
    return workspace


def _welcome_link(workspace: Workspace, user: User) -> str:
    base = settings.PARLEY_URL_TEMPLATE.format(host=workspace_host(workspace.slug))
    if user.has_usable_password():
        return base + reverse("login", urlconf="config.urls_tenant")
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    kwargs = {"uidb64": uid, "token": token}
    return base + reverse("workspaces:welcome", kwargs=kwargs, urlconf="config.urls_tenant")


def _owner_add(*, workspace: Workspace, email: str, actor: User | None) -> Membership:
    """The first owner of a new workspace, named by the staff who create it: a member at once (nobody else could
    invite them), told by email, with a link to choose a password when their account is new."""
    email = _clean_email(email)
    user = User.objects.filter(email=email).first() or User.objects.create_user(email=email)
    membership = Membership.objects.create(user=user, workspace=workspace, role=Role.OWNER, invited_by=actor)
    email_queue(
        template="workspace-ready",
        to=user.email,
        context={
            "workspace_name": workspace.name,
            "inviter": actor.display_name if actor else "Parley",
            "link": _welcome_link(workspace, user),
            "new_account": not user.has_usable_password(),
        },
    )
    return membership


def _clean_email(email: str) -> str:
    email = User.objects.normalize_email(email or "").strip().lower()
    try:
        validate_email(email)
    except ValidationError as error:
        raise ValidationError({"email": error.messages}) from None
    return email


def invitation_url(invitation: Invitation, token: str) -> str:
    base = settings.PARLEY_URL_TEMPLATE.format(host=workspace_host(invitation.workspace.slug))
    return base + reverse("workspaces:invitation", kwargs={"token": token}, urlconf="config.urls_tenant")


@transaction.atomic
def member_invite(*, workspace: Workspace, email: str, role: str, actor: User | None) -> Invitation:
    """Invite `email` to `workspace` with `role`: an email with a link to accept. Nobody becomes a member and no
    account is made or looked at until they accept, so the answer is the same whoever owns the address. Inviting
    an address again renews its open invitation (new link, new role, new expiry)."""
    email = _clean_email(email)
    if role not in Role.values:
        raise ValidationError({"role": f"Choose one of: {', '.join(Role.values)}."})
    if Membership.objects.filter(workspace=workspace, user__email=email).exists():
        raise ValidationError({"email": f"{email} is already a member of {workspace.name}."})
    token = secrets.token_urlsafe(32)
    invitation = Invitation.objects.select_for_update().open().filter(workspace=workspace, email=email).first()
    invitation = invitation or Invitation(workspace=workspace, email=email)
    invitation.role, invitation.invited_by, invitation.token_hash = role, actor, hash_token(token)
    invitation.expires_at = timezone.now() + timedelta(days=INVITATION_DAYS)
    invitation.save()
    email_queue(
        template="member-invite",
        to=email,
        context={
            "workspace_name": workspace.name,
            "role": invitation.get_role_display(),
            "inviter": actor.display_name if actor else workspace.name,
            "link": invitation_url(invitation, token),
            "expires_at": invitation.expires_at,
        },
    )
    return invitation


@transaction.atomic
def invitation_revoke(*, invitation: Invitation, actor: User | None) -> Invitation:
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.accepted_at is None and invitation.revoked_at is None:
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at"])
    return invitation


@transaction.atomic
def invitation_accept(*, invitation: Invitation, user: User) -> Membership:
    """`user` (signed in with the invited address) joins the workspace with the invitation's role."""
    invitation = Invitation.objects.select_for_update().select_related("workspace").get(pk=invitation.pk)
    if invitation.status != Invitation.Status.PENDING:
        raise ValidationError(f"This invitation is {invitation.get_status_display().lower()}.", code="not_pending")
    if user.email.lower() != invitation.email:
        raise ValidationError(
            f"This invitation is for {invitation.email}: sign in with that address to accept it.", code="other_user"
        )
    membership, _ = Membership.objects.get_or_create(
        user=user,
        workspace=invitation.workspace,
        defaults={"role": invitation.role, "invited_by": invitation.invited_by},
    )
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    logger.info("invitation %s accepted: %s joined %s", invitation.pk, user.pk, invitation.workspace.slug)
    return membership


@transaction.atomic
def invitation_accept_new_account(
    *, invitation: Invitation, first_name: str, last_name: str, password: str
) -> tuple[User, Membership]:
    """Accept an invitation by choosing a password: the invited address's account is made (or, for an account that
    never chose one, completed). An account that can sign in already must sign in to accept."""
    user = User.objects.select_for_update().filter(email=invitation.email).first()
    if user is not None and user.has_usable_password():
        raise ValidationError({"password": "This address has an account already: sign in to accept."})
    user = user or User(email=invitation.email)
    user.first_name, user.last_name = first_name.strip()[:150], last_name.strip()[:150]
    try:
        validate_password(password, user)
    except ValidationError as error:
        raise ValidationError({"password": error.messages}) from None
    user.set_password(password)
    user.save()
    return user, invitation_accept(invitation=invitation, user=user)


def _ensure_another_owner(membership: Membership) -> None:
    others = Membership.objects.filter(workspace=membership.workspace, role=Role.OWNER).exclude(pk=membership.pk)
    if membership.role == Role.OWNER and not others.exists():
        raise ValidationError({"role": "A workspace needs at least one owner: make someone else owner first."})


@transaction.atomic
def member_change_role(*, membership: Membership, role: str, actor: User | None) -> Membership:
    if role not in Role.values:
        raise ValidationError({"role": f"Choose one of: {', '.join(Role.values)}."})
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if role != Role.OWNER:
        _ensure_another_owner(membership)
    membership.role = role
    membership.save(update_fields=["role"])
    return membership


@transaction.atomic
def member_remove(*, membership: Membership, actor: User | None) -> None:
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    _ensure_another_owner(membership)
    membership.delete()


@transaction.atomic
def api_key_create(*, workspace: Workspace, name: str, role: str, actor: User | None) -> tuple[ApiKey, str]:
    """Create a key and return it with its secret, which is never stored and cannot be shown again."""
    if role not in Role.values:
        raise ValidationError({"role": f"Choose one of: {', '.join(Role.values)}."})
    raw = ApiKey.generate()
    api_key = ApiKey(
        workspace=workspace,
        name=name.strip() or "API key",
        role=role,
        prefix=raw[:12],
        key_hash=hash_api_key(raw),
        created_by=actor,
    )
    api_key.full_clean()
    api_key.save()
    return api_key, raw


def api_key_revoke(*, api_key: ApiKey, actor: User | None) -> ApiKey:
    if api_key.revoked_at is None:
        api_key.revoked_at = timezone.now()
        api_key.save(update_fields=["revoked_at"])
    return api_key


def api_key_touch(api_key: ApiKey) -> None:
    """Record use, at most once a minute per key so that busy integrations do not write on every call."""
    now = timezone.now()
    if api_key.last_used_at is None or (now - api_key.last_used_at).total_seconds() > 60:
        ApiKey.objects.filter(pk=api_key.pk).update(last_used_at=now)
        api_key.last_used_at = now


def workspace_rename(*, workspace: Workspace, name: str, actor: User | None) -> Workspace:
    name = name.strip()
    if not name:
        raise ValidationError({"name": "Give the workspace a name."})
    with schema_context("public"):
        Workspace.objects.filter(pk=workspace.pk).update(name=name)
    workspace.name = name
    return workspace


@transaction.atomic
def workspace_search_language_set(*, workspace: Workspace, language: str, actor: User | None) -> int:
    """Stem the workspace's search in `language` from now on, and re-stem what is stored: every table whose
    `search_vector` PostgreSQL keeps (their `*_search` triggers name the columns) is touched, so its trigger runs
    again. Returns the rows re-stemmed."""
    if language not in SearchLanguage.values:
        raise ValidationError({"search_language": f"Choose one of {', '.join(SearchLanguage.values)}."})
    with schema_context("public"):
        Workspace.objects.filter(pk=workspace.pk).update(search_language=language)
    workspace.search_language = language
    touched = 0
    with schema_context(workspace.schema_name), connection.cursor() as cursor:
        cursor.execute(
            """SELECT c.relname, t.tgargs FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
               JOIN pg_namespace n ON n.oid = c.relnamespace
               WHERE n.nspname = %s AND t.tgname = c.relname || '_search' ORDER BY 1""",
            [workspace.schema_name],
        )
        for table, arguments in cursor.fetchall():
            column = bytes(arguments).split(b"\0")[0].decode()
            cursor.execute(f'UPDATE "{table}" SET "{column}" = "{column}"')
            touched += cursor.rowcount
    logger.info("workspace %s searches in %s now: %d rows re-stemmed (by %s)", workspace.slug, language, touched,
                actor)  # fmt: skip
    return touched
