"""Every write to workspaces, memberships and API keys goes through these functions."""

import logging

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django_tenants.utils import schema_context

from outbox.services import email_queue
from workspaces.models import ApiKey, Domain, Membership, Role, User, Workspace, hash_api_key
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
            member_invite(workspace=workspace, email=owner_email, role=Role.OWNER, actor=actor)
        except ValidationError as error:
            raise ValidationError({"owner_email": error.messages}) from None
    logger.info("workspace %s created by %s", slug, actor or "command line")
    return workspace


def _invite_link(workspace: Workspace, user: User) -> str:
    base = settings.PARLEY_URL_TEMPLATE.format(host=workspace_host(workspace.slug))
    if user.has_usable_password():
        return base + reverse("login", urlconf="config.urls_tenant")
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    kwargs = {"uidb64": uid, "token": token}
    return base + reverse("workspaces:invite_accept", kwargs=kwargs, urlconf="config.urls_tenant")


@transaction.atomic
def member_invite(*, workspace: Workspace, email: str, role: str, actor: User | None) -> Membership:
    """Give `email` a role in `workspace`, creating their account if needed, and email them a link in."""
    email = User.objects.normalize_email(email).strip().lower()
    try:
        validate_email(email)
    except ValidationError as error:
        raise ValidationError({"email": error.messages}) from None
    if role not in Role.values:
        raise ValidationError({"role": f"Choose one of: {', '.join(Role.values)}."})
    user = User.objects.filter(email=email).first() or User.objects.create_user(email=email)
    if Membership.objects.filter(user=user, workspace=workspace).exists():
        raise ValidationError({"email": f"{email} is already a member of {workspace.name}."})
    membership = Membership.objects.create(user=user, workspace=workspace, role=role, invited_by=actor)
    email_queue(
        template="member-invite",
        to=user.email,
        context={
            "workspace_name": workspace.name,
            "role": membership.get_role_display(),
            "inviter": actor.display_name if actor else "Parley",
            "link": _invite_link(workspace, user),
            "new_account": not user.has_usable_password(),
        },
    )
    return membership


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
