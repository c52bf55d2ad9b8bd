"""Parley's one settings module: every value comes from the environment (see `.env.example`)."""

import os
from pathlib import Path

import dj_database_url
from django.utils.csp import CSP

from config.env import env_bool, env_int, env_list, env_str, load_dotenv

BASE_DIR = Path(__file__).resolve().parent.parent
# PARLEY_ENV_FILE points at another file (tests use it to run the settings without the developer's .env).
load_dotenv(Path(os.environ.get("PARLEY_ENV_FILE") or BASE_DIR / ".env"))

DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env_str("SECRET_KEY")
# Encrypts secrets stored in the database (workspace LLM API keys); defaults to a key derived from SECRET_KEY.
PARLEY_ENCRYPTION_KEY = env_str("PARLEY_ENCRYPTION_KEY", "")

PARLEY_BASE_DOMAIN = env_str("PARLEY_BASE_DOMAIN", "localhost")
# The scheme and port workspace links are built with. In development they follow the port the demo serves on
# (PARLEY_PORT), so `PARLEY_PORT=8101 make demo` gives links on 8101 everywhere.
PARLEY_PORT = env_int("PARLEY_PORT", 8000)
PARLEY_URL_TEMPLATE = env_str("PARLEY_URL_TEMPLATE", f"http://{{host}}:{PARLEY_PORT}" if DEBUG else "https://{host}")
ALLOWED_HOSTS = [PARLEY_BASE_DOMAIN, f".{PARLEY_BASE_DOMAIN}", *env_list("EXTRA_ALLOWED_HOSTS", [])]
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

SHARED_APPS = [
    "django_tenants",
    "workspaces",
    "outbox",
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.admin",
    "django.contrib.staticfiles",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "django.contrib.postgres",  # ExclusionConstraint: no two bookings of one host overlap
]
TENANT_APPS = [
    "django.contrib.contenttypes",
    # The admin log of a workspace's objects stays in that workspace's schema.
    "django.contrib.admin",
    "outbox",
    "webhooks",
    "studies",
    "interviews",
    "synthesis",
    "roadmap",
]
# `demo` has no tables: it seeds the demo workspaces and is the one place allowed to know every app.
INSTALLED_APPS = [*SHARED_APPS, *(app for app in TENANT_APPS if app not in SHARED_APPS), "demo"]

TENANT_MODEL = "workspaces.Workspace"
TENANT_DOMAIN_MODEL = "workspaces.Domain"
PUBLIC_SCHEMA_URLCONF = "config.urls_public"
ROOT_URLCONF = "config.urls_tenant"
# New workspaces get their schema by copying a template schema that `migrate_schemas` keeps migrated (it migrates
# the template before the workspaces, through this executor), and by migrating when the template is missing or
# behind the code: see workspaces/schema_template.py. `make bench` measures both ways.
GET_EXECUTOR_FUNCTION = "workspaces.schema_template.migration_executor"

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # First after security, so every answer carries the policy, including the refusals of the middleware below.
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    # A NUL byte or broken Unicode anywhere in a request is refused here, before any view or file lookup sees it.
    "workspaces.clean_input.CleanInputMiddleware",
    # Static files need no workspace: serve them before the host is looked up in the database.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "workspaces.middleware.WorkspaceHostMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "workspaces.middleware.WorkspaceAccessMiddleware",
]

# Content-Security-Policy on every response (Django's own middleware). Scripts and styles come from our static files
# only: no inline <script>, no on*= handlers, no style="" attributes (tests/test_csp.py scans the templates). htmx is
# configured for it in the base templates (no eval, no injected indicator styles); colours that come from data are
# set through the CSSOM by static/js/parley.js. form-action is left out on purpose: signing in on the public host
# redirects to a workspace's host (another origin), which Chromium checks against form-action too.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "frame-ancestors": [CSP.NONE],
}

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "workspaces.context_processors.workspace",
            ],
        },
    },
    {
        # Email subjects and plain-text bodies are text, not HTML: "O'Brien & Co" must not become "O&#x27;Brien".
        "NAME": "text",
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "OPTIONS": {"autoescape": False},
    },
]

WSGI_APPLICATION = "config.wsgi.application"

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL"),
        engine="workspaces.database",
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
# Two test runs against one server need different test databases (default: test_<name>).
DATABASES["default"]["TEST"] = {"NAME": env_str("TEST_DATABASE_NAME", "") or None}
DATABASE_ROUTERS = ["django_tenants.routers.TenantSyncRouter"]
# django-tenants sends `SET search_path` once per request (or task, or schema_context), not before every query: half
# the round trips of an interview turn; and workspaces.database not even once while the connection's path is already
# the workspace's. Code that changes the search path itself uses SET LOCAL, which ends with its transaction.
TENANT_LIMIT_SET_CALLS = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env_str("REDIS_URL")
CACHES = {
    "default": {
        "BACKEND": "config.cache.RedisCache",  # Django's, with one client per pool kept (config/cache.py)
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", "parley"),
        # Every key carries the schema of the workspace it was written in.
        "KEY_FUNCTION": "django_tenants.cache.make_key",
        # Rate limits fail open when Redis is away (workspaces/ratelimit.py); an unreachable host must not hold a
        # participant's request for long first.
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
    }
}

AUTH_USER_MODEL = "workspaces.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Every password check (the sign-in page, the admin's) counts failures per account and per client address.
AUTHENTICATION_BACKENDS = ["workspaces.authentication.ThrottledModelBackend"]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "login"
# Set to ".parley.example.com" to share one sign-in across workspace hosts.
SESSION_COOKIE_DOMAIN = env_str("SESSION_COOKIE_DOMAIN", "") or None

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True
# Participant pages and emails speak these (interviews/participant_pages.py chooses per request); staff pages stay
# English. The catalogues are locale/<lang>/LC_MESSAGES/django.po, compiled by `bin/messages.py compile`.
LANGUAGES = [("en", "English"), ("de", "Deutsch"), ("fr", "Français"), ("es", "Español"), ("pt", "Português")]
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_NAME = "parley_language"
LANGUAGE_COOKIE_AGE = 60 * 60 * 24 * 365
LANGUAGE_COOKIE_SAMESITE = "Lax"

STATIC_URL = "static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / ".data" / "static")))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise warns on every start while `collectstatic` never ran
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / ".data" / "media")))
# Uploaded files land under MEDIA_ROOT/<schema>/, never in another workspace's folder.
MULTITENANT_RELATIVE_MEDIA_ROOT = "%s"
STORAGES = {
    "default": {"BACKEND": "django_tenants.files.storage.TenantFileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# Serve straight from the app folders so `make demo` needs no collectstatic step.
WHITENOISE_USE_FINDERS = env_bool("WHITENOISE_USE_FINDERS", True)

# The demo prints emails to the console; anything with DEBUG off sends through SMTP unless told otherwise.
_EMAIL_BACKEND = env_str("EMAIL_BACKEND", f"django.core.mail.backends.{'console' if DEBUG else 'smtp'}.EmailBackend")
_SMTP_OPTIONS = {
    "host": env_str("EMAIL_HOST", "localhost"),
    "port": env_int("EMAIL_PORT", 25),
    "username": env_str("EMAIL_HOST_USER", ""),
    "password": env_str("EMAIL_HOST_PASSWORD", ""),
    "use_tls": env_bool("EMAIL_USE_TLS", False),
    "timeout": env_int("EMAIL_TIMEOUT", 20),
}
MAILERS = {
    "default": {
        "BACKEND": _EMAIL_BACKEND,
        "OPTIONS": _SMTP_OPTIONS if _EMAIL_BACKEND.endswith("smtp.EmailBackend") else {},
    }
}
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Parley <parley@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "workspaces.authentication.ApiKeyAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["workspaces.permissions.WorkspaceRole"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    # The API reads JSON: a form body cannot carry the types the OpenAPI document promises (a list, a number, null),
    # so only the endpoints that take a file also read multipart (tests/test_api_contract.py sends both).
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
    "DEFAULT_PAGINATION_CLASS": "workspaces.pagination.PageNumbers",
    "PAGE_SIZE": 50,
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Parley API",
    "DESCRIPTION": "One workspace's research programme. Authenticate with `Authorization: Bearer <key>`.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Every operation documents the 400/401/403/404 it can answer (config/openapi.py).
    "POSTPROCESSING_HOOKS": ["drf_spectacular.hooks.postprocess_schema_enums", "config.openapi.document_error_answers"],
    # Several models have a `kind`, `role` or `status` with different choices: name each enum after its model.
    "ENUM_NAME_OVERRIDES": {
        "RoundKindEnum": "studies.models.RoundKind",
        "StudyStatusEnum": "studies.models.StudyStatus",
        "RoundStatusEnum": "studies.models.RoundStatus",
        "LinkKindEnum": "interviews.models.LinkKind",
        "MessageKindEnum": "interviews.models.MessageKind",
        "MessageRoleEnum": "interviews.models.Role",
        "SessionStatusEnum": "interviews.models.SessionStatus",
        "BookingStatusEnum": "interviews.models.BookingStatus",
        "BookingAssignmentEnum": "interviews.models.Assignment",
        "BookingQuestionKindEnum": "interviews.models.QuestionKind",
        "MemberRoleEnum": "workspaces.models.Role",
        "InvitationStatusEnum": "workspaces.models.Invitation.Status",
        "DeliveryStatusEnum": "webhooks.models.WebhookDelivery.Status",
        "SynthesisJobKindEnum": "synthesis.models.JobKind",
        "SynthesisJobStatusEnum": "synthesis.models.JobStatus",
        "SuggestionStatusEnum": "synthesis.models.SuggestionStatus",
        "RoadmapItemStatusEnum": "roadmap.models.ItemStatus",
        "RoadmapHorizonEnum": "roadmap.models.Horizon",
        "InsightStatusEnum": "synthesis.models.InsightStatus",
        "SpeakerRoleEnum": "interviews.transcripts.speakers.ROLES",
    },
}

# The embedded Redis of `make demo` listens on a unix socket; kombu spells that scheme differently.
CELERY_BROKER_URL = REDIS_URL.replace("unix://", "redis+socket://", 1)
CELERY_TASK_DEFAULT_QUEUE = env_str("CELERY_QUEUE", "parley")
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Celery's Django fixup closes every database connection before and after each task unless this is set, so each task
# connected anew (5 ms of a model turn's 8 in the worker, measured). Set far out of reach, it leaves connections to
# config/celery.py, which treats a task as Django treats a request: a connection is kept for CONN_MAX_AGE and closed
# when it is unusable or past its age.
CELERY_DB_REUSE_MAX = 1_000_000_000
# A task enters the schema it was sent from: the worker remembers each schema's workspace row for a minute rather
# than reading it before every task (a schema's name never changes; a removed workspace's schema is gone anyway).
CELERY_TASK_TENANT_CACHE_SECONDS = 60
# A broker outage must not hang a request: give up fast, the outbox sweep delivers later.
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.2}
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULE = {
    "outbox-sweep": {"task": "outbox.tasks.sweep_all_workspaces", "schedule": 60.0},
    "webhooks-sweep": {"task": "webhooks.tasks.sweep_all_workspaces", "schedule": 60.0},
    "interview-reminders": {"task": "interviews.links.tasks.send_reminders_all_workspaces", "schedule": 900.0},
    # A 1 h reminder must not arrive 15 minutes late: booking reminders are checked every minute.
    "booking-reminders": {"task": "interviews.booking.tasks.send_booking_reminders_all_workspaces", "schedule": 60.0},
    # Hosts' own calendars: busy times at most ten minutes old (each read is conditional: unchanged feeds are cheap).
    "host-calendars": {"task": "interviews.booking.tasks.refresh_host_calendars_all_workspaces", "schedule": 600.0},
    "recordings-sweep": {"task": "interviews.transcripts.tasks.resume_recordings_all_workspaces", "schedule": 300.0},
    "synthesis-jobs-sweep": {"task": "synthesis.jobs.tasks.sweep_jobs_all_workspaces", "schedule": 60.0},
    # A round's end date is a day: closing within the hour after midnight is soon enough.
    "rounds-close-ended": {"task": "studies.programme.tasks.close_ended_rounds_all_workspaces", "schedule": 3600.0},
    # Retention periods are days: deleting what passed its period within the hour is soon enough.
    "privacy-retention": {"task": "studies.privacy.tasks.apply_retention_all_workspaces", "schedule": 3600.0},
    # Events keep the portfolio's rows current; this catches what they miss and moves the "last 7 days" windows.
    "portfolio-reconcile": {"task": "workspaces.portfolio.tasks.reconcile_all_workspaces", "schedule": 900.0},
}
# A workspace's portfolio row is recomputed this many seconds after the first change that asks for it; the changes
# in between are counted by that one recompute.
PARLEY_PORTFOLIO_DEBOUNCE_SECONDS = env_int("PARLEY_PORTFOLIO_DEBOUNCE_SECONDS", 10)
# Synthesis jobs: a running job whose last batch is older than this (or a queued job never picked up) is sent to a
# worker again by the sweep; an optional pause between batches spares a busy database.
SYNTHESIS_JOB_STALE_SECONDS = env_int("PARLEY_SYNTHESIS_JOB_STALE_SECONDS", 120)
SYNTHESIS_JOB_BATCH_PAUSE_MS = env_int("PARLEY_SYNTHESIS_BATCH_PAUSE_MS", 0)

# The AI interviewer: workspaces without their own settings use these (no key: the offline interviewer).
OPENAI_API_KEY = env_str("OPENAI_API_KEY", "")
OPENAI_BASE_URL = env_str("OPENAI_BASE_URL", "")
PARLEY_LLM_MODEL = env_str("PARLEY_LLM_MODEL", "gpt-4o-mini")
PARLEY_LLM_TIMEOUT = min(env_int("PARLEY_LLM_TIMEOUT", 15), 15)
# Recordings of calls: transcribed through an OpenAI-compatible /audio/transcriptions endpoint (the workspace's LLM
# endpoint and key, or this base URL, e.g. a self-hosted faster-whisper server), in chunks cut by ffmpeg.
PARLEY_TRANSCRIPTION_BASE_URL = env_str("PARLEY_TRANSCRIPTION_BASE_URL", "")
PARLEY_TRANSCRIPTION_MODEL = env_str("PARLEY_TRANSCRIPTION_MODEL", "whisper-1")
PARLEY_TRANSCRIPTION_TIMEOUT = env_int("PARLEY_TRANSCRIPTION_TIMEOUT", 60)
PARLEY_RECORDING_CHUNK_SECONDS = env_int("PARLEY_RECORDING_CHUNK_SECONDS", 600)
PARLEY_RECORDING_MAX_MB = env_int("PARLEY_RECORDING_MAX_MB", 500)
# The preview of a recording without the server's speakers posts one role per segment: a three-hour call has ~2,000.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 5000
# Addresses a workspace gives Parley (webhooks, LLM base URLs) must be public (workspaces/outbound.py); these CIDRs,
# addresses or host names, each optionally with :port, are allowed too: a model server on the private network.
PARLEY_OUTBOUND_ALLOW = env_list("PARLEY_OUTBOUND_ALLOW", [])
# Participant pages: requests a minute per interview link and per address. Trust X-Forwarded-For for the address
# only behind a proxy that sets it (otherwise any client could pick its own address).
PARLEY_TRUST_X_FORWARDED_FOR = env_bool("PARLEY_TRUST_X_FORWARDED_FOR", False)
PARLEY_RATE_LIMIT_PER_LINK = env_int("PARLEY_RATE_LIMIT_PER_LINK", 600)
PARLEY_RATE_LIMIT_PER_ADDRESS = env_int("PARLEY_RATE_LIMIT_PER_ADDRESS", 120)
# Sign-in pauses after this many failures in 15 minutes for one account, or from one address (shared offices sit
# behind one address: that limit is higher). Password-reset emails: at most this many an hour per account, and
# requests per address.
PARLEY_SIGNIN_LIMIT_PER_ACCOUNT = env_int("PARLEY_SIGNIN_LIMIT_PER_ACCOUNT", 10)
PARLEY_SIGNIN_LIMIT_PER_ADDRESS = env_int("PARLEY_SIGNIN_LIMIT_PER_ADDRESS", 50)
PARLEY_PASSWORD_RESET_LIMIT_PER_ACCOUNT = env_int("PARLEY_PASSWORD_RESET_LIMIT_PER_ACCOUNT", 3)
PARLEY_PASSWORD_RESET_LIMIT_PER_ADDRESS = env_int("PARLEY_PASSWORD_RESET_LIMIT_PER_ADDRESS", 20)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"tenant_context": {"()": "django_tenants.log.TenantContextFilter"}},
    "formatters": {
        "tenant": {"format": "%(asctime)s [%(schema_name)s:%(domain_url)s] %(levelname)s %(name)s: %(message)s"}
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["tenant_context"], "formatter": "tenant"},
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    # httpx2 logs every request's URL at INFO: webhook URLs may carry their receiver's token.
    "loggers": {"django.db.backends": {"level": "WARNING"}, "httpx2": {"level": "WARNING"}},
}

# Production hardening: on by default whenever DEBUG is off (`manage.py check --deploy` is clean then).
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE  # the participant's language choice, like the session
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
if env_bool("SECURE_PROXY_SSL_HEADER", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
X_FRAME_OPTIONS = "DENY"
