"""Public-schema tables: users, workspaces (the tenants), their hosts, who belongs to which, and API keys."""

import hashlib
import secrets

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django_tenants.models import DomainMixin, TenantMixin
from django_tenants.utils import schema_exists


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email, password=None, **extra):
        extra.update(is_staff=True, is_superuser=True)
        return self._create_user(email, password, **extra)


class User(AbstractUser):
    """One login for every workspace: people sign in with their email address."""

    username = None
    email = models.EmailField("email address", unique=True)
    # Signing out anywhere adds one: every session on every host was signed with the old value and ends.
    session_generation = models.PositiveIntegerField(default=0, editable=False)
    # Staff decide who may publish to the shared library; every owner or researcher somewhere may read it.
    library_publisher = models.BooleanField(
        default=False, help_text="May save guides and other templates to the library every workspace can copy from."
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []

    objects = UserManager()

    class Meta:
        ordering = ["email"]

    def __str__(self):
        return self.get_full_name() or self.email

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.email

    def _get_session_auth_hash(self, secret=None):
        # Sessions are kept per host (`*.localhost` shares no cookie), so "sign out everywhere" cannot delete one
        # cookie: it changes what every session of this person was signed against. Generation 0 keeps Django's
        # own hash, so sessions made before this existed stay valid.
        if not self.session_generation:
            return super()._get_session_auth_hash(secret=secret)
        salt = "workspaces.User.session_generation"
        value = f"{self.password}:{self.session_generation}"
        return salted_hmac(salt, value, secret=secret, algorithm="sha256").hexdigest()


def account_reference(**options) -> models.ForeignKey:
    """A workspace table's column naming an account (by default who did something, emptied when it goes).

    Accounts live in `public`; a database constraint from a workspace's table to them would put two triggers on
    the accounts table per column per workspace (62 a workspace, 18,600 at 300), so that creating each workspace
    costs more than the last and every change to an account checks them all. Workspace tables therefore name
    accounts without one (`db_constraint=False`): Django still applies `on_delete`, and accounts are deactivated,
    never deleted (the staff admin offers no delete)."""
    defaults = {"null": True, "blank": True, "on_delete": models.SET_NULL, "related_name": "+"}
    return models.ForeignKey(settings.AUTH_USER_MODEL, db_constraint=False, **defaults | options)


class SearchLanguage(models.TextChoices):
    """PostgreSQL text search configurations a workspace's search stems words with ("calendars" finds "calendar")."""

    ENGLISH = "english", "English"
    GERMAN = "german", "German"
    FRENCH = "french", "French"
    SPANISH = "spanish", "Spanish"
    PORTUGUESE = "portuguese", "Portuguese"
    SIMPLE = "simple", "Any language (no stemming)"


class Workspace(TenantMixin):
    """A client workspace: its own PostgreSQL schema holds its studies, interviews, synthesis and roadmap."""

    slug = models.SlugField(max_length=63, unique=True)
    name = models.CharField(max_length=200)
    search_language = models.CharField(
        max_length=20, choices=SearchLanguage.choices, default=SearchLanguage.ENGLISH,
        help_text="The language search stems words in: what most interviews are in.",
    )  # fmt: skip
    created_at = models.DateTimeField(auto_now_add=True)

    auto_create_schema = True
    auto_drop_schema = True

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def create_schema(self, check_if_exists=False, sync_schema=True, verbosity=1):
        """Copy the template schema when it is current (fast, and as fast for the 300th workspace as for the
        first); otherwise migrate a new schema as django-tenants does."""
        from workspaces.schema_template import schema_copy_from_template

        wanted = sync_schema and not (check_if_exists and schema_exists(self.schema_name))
        if wanted and schema_copy_from_template(self.schema_name):
            return True
        return super().create_schema(check_if_exists=check_if_exists, sync_schema=sync_schema, verbosity=verbosity)

    @property
    def is_public(self) -> bool:
        return self.schema_name == "public"

    @property
    def url(self) -> str:
        """The absolute address of this workspace's home page."""
        # Iterating .all() lets a prefetch of `domains` answer without a query per workspace.
        domain = next((d for d in self.domains.all() if d.is_primary), None)
        return settings.PARLEY_URL_TEMPLATE.format(host=domain.domain) + "/" if domain else ""


class Domain(DomainMixin):
    """A host name that routes to a workspace: `<slug>.<PARLEY_BASE_DOMAIN>` or a custom domain."""

    def __str__(self):
        return self.domain


class Role(models.TextChoices):
    OWNER = "owner", "Owner"
    RESEARCHER = "researcher", "Researcher"
    PM = "pm", "PM"
    VIEWER = "viewer", "Viewer"


class Membership(models.Model):
    """A user's role in one workspace. Without one, the workspace does not exist for them (404)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=20, choices=Role.choices)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["workspace__name", "user__email"]
        constraints = [
            models.UniqueConstraint(fields=["user", "workspace"], name="membership_unique_user_workspace"),
            models.CheckConstraint(condition=models.Q(role__in=Role.values), name="membership_role_valid"),
        ]

    def __str__(self):
        return f"{self.user} ({self.get_role_display()}) in {self.workspace}"


INVITATION_DAYS = 14


class InvitationQuerySet(models.QuerySet):
    def open(self):
        """Neither accepted nor revoked (expired ones included: inviting the address again renews them)."""
        return self.filter(accepted_at__isnull=True, revoked_at__isnull=True)


class Invitation(models.Model):
    """An invitation to join a workspace with a role, sent by email with a link holding a secret token. The person
    becomes a member only when they accept it; until then the workspace learns nothing about their account."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        EXPIRED = "expired", "Expired"
        ACCEPTED = "accepted", "Accepted"
        REVOKED = "revoked", "Revoked"

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField()
    role = models.CharField(max_length=20, choices=Role.choices)
    # Only a hash is stored: the token itself travels in the email alone.
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["workspace", "email"],
                condition=models.Q(accepted_at__isnull=True, revoked_at__isnull=True),
                name="invitation_one_open_per_email",
            ),
            models.CheckConstraint(condition=models.Q(role__in=Role.values), name="invitation_role_valid"),
        ]

    def __str__(self):
        return f"{self.email} ({self.get_role_display()}) to {self.workspace}"

    @property
    def status(self) -> str:
        if self.accepted_at:
            return self.Status.ACCEPTED
        if self.revoked_at:
            return self.Status.REVOKED
        return self.Status.EXPIRED if self.expires_at <= timezone.now() else self.Status.PENDING


def hash_token(token: str) -> str:
    # Tokens carry 256 bits of randomness, so a fast hash is enough: nobody can brute-force the preimage.
    return hashlib.sha256(token.encode()).hexdigest()


API_KEY_PREFIX = "prl"


def hash_api_key(key: str) -> str:
    return hash_token(key)


class ApiKeyQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True)


class ApiKey(models.Model):
    """A workspace API key. Only its hash is stored; the key itself is shown once, when it is created."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="api_keys")
    name = models.CharField(max_length=100)
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.RESEARCHER)
    prefix = models.CharField(max_length=16, help_text="The first characters of the key, to tell keys apart.")
    key_hash = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = ApiKeyQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "API key"
        constraints = [models.CheckConstraint(condition=models.Q(role__in=Role.values), name="apikey_role_valid")]

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None

    @staticmethod
    def generate() -> str:
        return f"{API_KEY_PREFIX}_{secrets.token_urlsafe(32)}"


class WorkspaceSummary(models.Model):
    """A workspace's state in numbers for the portfolio page, kept in the public schema so the page reads one row
    per workspace and never a tenant schema. Each app contributes its figures (workspaces.portfolio.registry);
    the row is recomputed inside the workspace after commit by its events and reconciled by beat."""

    workspace = models.OneToOneField(Workspace, primary_key=True, on_delete=models.CASCADE, related_name="summary")
    figures = models.JSONField(default=dict, blank=True, help_text="Column key -> number (or list, for sparklines).")
    links = models.JSONField(default=dict, blank=True, help_text="Column key -> path on the workspace host.")
    flags = models.JSONField(default=list, blank=True, help_text="Keys of the health flags raised.")
    flag_notes = models.JSONField(default=dict, blank=True, help_text="Flag key -> what raised it, in words.")
    last_activity_at = models.DateTimeField(null=True, blank=True)
    computed_at = models.DateTimeField(null=True, blank=True)
    queries = models.PositiveSmallIntegerField(default=0, help_text="Queries the last recompute made.")

    class Meta:
        verbose_name_plural = "workspace summaries"

    def __str__(self):
        return f"Summary of {self.workspace_id} at {self.computed_at:%Y-%m-%d %H:%M}" if self.computed_at else "Summary"


class HandoffUse(models.Model):
    """A sign-in hand-off token already used: its nonce is stored so presenting it again is refused. Rows older
    than the token's lifetime are useless and swept."""

    nonce = models.CharField(max_length=64, primary_key=True)
    used_at = models.DateTimeField(default=timezone.now, db_index=True)

    def __str__(self):
        return self.nonce


class LibraryKind(models.TextChoices):
    GUIDE = "guide", "Discussion guide"
    CODEBOOK = "codebook", "Codebook"
    BOOKING_PRESET = "booking_preset", "Booking rules preset"
    EMAIL = "email", "Email wording"
    STUDY_TEMPLATE = "study_template", "Study template"


class LibraryItem(models.Model):
    """A reusable part saved from a workspace for every workspace: only the template (a guide's questions with
    their intent and probing, a codebook's tags...), never participants, answers or anything else of its source.
    The apps that own each kind write and read `content`; workspaces keep it opaque."""

    kind = models.CharField(max_length=20, choices=LibraryKind.choices)
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    content = models.JSONField(default=dict)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["kind", "title"]
        constraints = [models.CheckConstraint(condition=models.Q(kind__in=LibraryKind.values), name="library_kind")]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.title}"
