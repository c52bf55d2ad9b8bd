"""Workspace slugs: the first label of the workspace's host name and the base of its schema name."""

import re

from django.core.exceptions import ValidationError

SLUG_RE = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$")
RESERVED_SLUGS = frozenset(
    {
        "admin", "api", "app", "assets", "auth", "billing", "blog", "cdn", "dashboard", "demo", "docs",
        "help", "login", "logout", "mail", "media", "parley", "portfolio", "public", "signin", "signup",
        "smtp", "static", "status", "support", "template", "www",
    }
)  # fmt: skip


def validate_slug(slug: str) -> None:
    """Raise ValidationError with a message a person can act on when `slug` cannot name a workspace."""
    if not slug:
        raise ValidationError("Choose a short name for the workspace's address.", code="required")
    if len(slug) > 40:
        raise ValidationError("Use at most 40 characters.", code="max_length")
    if slug != slug.lower():
        raise ValidationError("Use lowercase letters only.", code="lowercase")
    if not SLUG_RE.match(slug):
        raise ValidationError(
            "Use lowercase letters, digits and hyphens, starting and ending with a letter or digit.",
            code="invalid",
        )
    if "--" in slug:
        raise ValidationError("Use single hyphens between words.", code="invalid")
    if slug in RESERVED_SLUGS:
        raise ValidationError(f"“{slug}” is reserved; choose another name.", code="reserved")


def schema_name_for(slug: str) -> str:
    # A prefix keeps workspace schemas apart from `public`, `pg_*` and the template schema.
    return "ws_" + slug.replace("-", "_")
