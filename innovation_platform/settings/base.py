"""Settings shared by every environment, read from the environment with local defaults.

`local` (the default) runs everything embedded: SQLite, the in-memory channel layer,
console e-mail. Setting `DATABASE_URL` and `REDIS_URL` moves the same code to
PostgreSQL and Redis; `production` adds the hardening that `check --deploy` expects.
"""

from pathlib import Path

import environ
from django.utils.translation import gettext_lazy as _

from innovation_platform.core.release import code_release

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()

SECRET_KEY = env("SECRET_KEY", default="")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "daphne",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",  # Django's form templates, for FORM_RENDERER below
    "channels",
    "allauth",
    "allauth.account",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "django_countries",
    "taggit",
    "django_tasks",
    "django_tasks_db",
    "rules.apps.AutodiscoverRulesConfig",
    "innovation_platform.core",
    "innovation_platform.accounts",
    "innovation_platform.labs",
    "innovation_platform.live",
    "innovation_platform.messaging",
    "challenges",
    "proposals",
    "judging",
    "projects",
    "newsletter",
    "figures",
    "space",
    "opendata",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "innovation_platform.core.middleware.RequestBodyLimitMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "innovation_platform.core.middleware.UserTimezoneMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "innovation_platform.accounts.middleware.PolicyAcceptanceMiddleware",
    "csp.middleware.CSPMiddleware",
    "figures.middleware.PageViewMiddleware",
]

# Content Security Policy (django-csp): scripts, styles, images and sockets from this site only, no inline script
# or style (the templates have none), never framed. The API's browsable pages and Swagger are third-party developer
# tools with inline code, and JSON needs no policy: /api/ is left out.
CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": ["/api/"],
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "font-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

ROOT_URLCONF = "innovation_platform.urls"
WSGI_APPLICATION = "innovation_platform.wsgi.application"
ASGI_APPLICATION = "innovation_platform.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.tz",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "innovation_platform.core.header_flags.header_flags",
            ],
        },
    },
]

# Forms render with the templates above, so templates/django/ can replace one of Django's form templates (the
# select, whose options it writes inline).
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

# Database: SQLite by default. WAL lets readers proceed during a write; IMMEDIATE
# transactions and a busy timeout make concurrent writers wait instead of failing.
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'var' / 'cocrea.sqlite3'}")}
SQLITE_OPTIONS = {
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
}
# Connections are kept between requests: opening one costs more than a cached page (for SQLite, the PRAGMAs above).
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = SQLITE_OPTIONS
else:
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Redis, when configured, carries the channel layer and the cache (and so allauth's
# rate limits) across every worker process.
REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            # Falls back to the worker's memory while Redis is unreachable (core/redis_cache.py).
            "BACKEND": "innovation_platform.core.redis_cache.FallbackRedisCache",
            "LOCATION": env("CACHE_REDIS_URL", default=REDIS_URL),
            # A hung Redis must not hold a request for long; normal calls take well under 1 ms.
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
            # Kept HTML is what one release rendered: a new one starts on keys of its own (core/release.py).
            "KEY_PREFIX": env("RELEASE", default="") or code_release(BASE_DIR),
        }
    }
    # Pub/sub publishes each broadcast once, whatever the group's size (the core layer writes to
    # every member's queue); consumers only relay and replay covers what a socket misses, so
    # the core layer's per-channel queues and delivery guarantees buy nothing here (docs/live.md).
    CHANNEL_LAYERS = {
        "default": {
            # channels-redis's, plus closing the sockets whose feed broke (live/layers.py).
            "BACKEND": "innovation_platform.live.layers.PubSubChannelLayer",
            # A bound on each process's pool, so a connect storm cannot open connections without limit.
            "CONFIG": {"hosts": [{"address": REDIS_URL, "max_connections": 1000}]},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
# Live updates (docs/live.md): events a reconnecting client may catch up on before it must
# reload the page instead, and the window in which high-rate events are merged into one.
LIVE_REPLAY_LIMIT = env.int("LIVE_REPLAY_LIMIT", default=200)
LIVE_COALESCE_SECONDS = env.float("LIVE_COALESCE_SECONDS", default=0.5)

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"

# django-allauth: the e-mail address is the login; it must be verified before the
# account can be used, so every signed-in user has a verified address.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
# allauth's default ACCOUNT_RATE_LIMITS stay on (login failures, codes, e-mails).
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Cocrea] "
ACCOUNT_FORMS = {"signup": "innovation_platform.accounts.forms.SignupForm"}
ACCOUNT_ADAPTER = "innovation_platform.accounts.adapter.AccountAdapter"

# Internationalisation: Spanish first, English available; times in Lima unless the
# user chose another zone.
LANGUAGE_CODE = "es"
LANGUAGES = [("es", _("Spanish")), ("en", _("English"))]
# Cocrea's own catalogue first (makemessages writes to the first); then the "tú" versions of strings whose
# Spanish in allauth's and Django's catalogues says "usted" (LOCALE_PATHS win over apps' catalogues).
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale_overrides"]
TIME_ZONE = "America/Lima"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "var" / "media")
# Proposal documents (attachments, file answers) are never under MEDIA_URL: a view that asks
# the permission rules serves them, so drafts and private answers stay private.
PRIVATE_MEDIA_ROOT = env.path("PRIVATE_MEDIA_ROOT", default=BASE_DIR / "var" / "private")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {"BACKEND": "innovation_platform.core.storage.PrivateStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Uploads larger than this stream to a temporary file instead of memory.
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# No request body over this is read, under WSGI or ASGI (core/middleware.py); the proxy's limit in
# docs/deployment.md is the same.
REQUEST_BODY_MAX_BYTES = env.int("REQUEST_BODY_MAX_BYTES", default=20 * 1024 * 1024)

EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
# A submission that reaches the platform this many seconds after the deadline is still
# accepted: it was sent in time but waited in the server's queue.
SUBMISSION_GRACE_SECONDS = env.int("SUBMISSION_GRACE_SECONDS", default=60)
# The public address of the site, for links in e-mails sent outside a request.
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Cocrea <no-reply@cocrea.local>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first, so an unauthenticated call is answered 401 with WWW-Authenticate.
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_PAGINATION_CLASS": "innovation_platform.core.api.Pagination",
    "DEFAULT_PARSER_CLASSES": [
        "innovation_platform.core.api.ObjectJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "innovation_platform.core.api_schema.AutoSchema",
    "EXCEPTION_HANDLER": "innovation_platform.core.api.exception_handler",
    "DEFAULT_VERSIONING_CLASS": "rest_framework.versioning.NamespaceVersioning",
    "DEFAULT_VERSION": "v1",
    "ALLOWED_VERSIONS": ["v1"],
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env("API_THROTTLE_ANON", default="120/minute"),
        "user": env("API_THROTTLE_USER", default="600/minute"),
    },
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Cocrea API",
    "DESCRIPTION": "Open calls, labs and innovators of the Cocrea network.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SCHEMA_PATH_PREFIX": "/api/v[0-9]+",
    # Several models have a `kind`; name each set of choices after its class.
    "ENUM_NAME_OVERRIDES": {
        "ChallengeKindEnum": "challenges.models.ChallengeKind",
        "PhaseKindEnum": "challenges.models.PhaseKind",
        "QuestionKindEnum": "challenges.models.QuestionKind",
        "LabKindEnum": "innovation_platform.labs.models.LabKind",
        "PeruRegionEnum": "innovation_platform.core.regions.PeruRegion",
        "ChallengeScopeEnum": "challenges.models.Scope",
        "RoundScopeEnum": "judging.models.RoundScope",
        "JurorStatusEnum": "judging.models.JurorStatus",
        "AssignmentStatusEnum": "judging.models.AssignmentStatus",
        "InvitationStatusEnum": "innovation_platform.core.invitations.models.InvitationStatus",
        "ApplicationStatusEnum": "proposals.models.ApplicationStatus",
    },
}

TAGGIT_CASE_INSENSITIVE = True

# Background tasks run at once in-process by default; in production set
# TASKS_BACKEND=django_tasks_db.DatabaseBackend and run `manage.py db_worker`.
TASKS = {"default": {"BACKEND": env("TASKS_BACKEND", default="django_tasks.backends.immediate.ImmediateBackend")}}

# How long directory facets and network figures may be reused (see core/cache.py).
FIGURES_CACHE_SECONDS = env.int("FIGURES_CACHE_SECONDS", default=300)
# Drawn charts are kept under a digest of their data (see core/charts.py): new data make a new key, so a long life
# never shows old figures.
CHARTS_CACHE_SECONDS = env.int("CHARTS_CACHE_SECONDS", default=24 * 3600)
# Page views of public pages are counted in the cache and written to the database every so many (see figures/).
PAGE_VIEWS_FLUSH_EVERY = env.int("PAGE_VIEWS_FLUSH_EVERY", default=20)
# Public pages kept for signed-out visitors (core/page_cache.py): a change is shown at once (versions), the clock's
# changes (a call that closes, a countdown) within this many seconds.
PUBLIC_PAGE_CACHE_SECONDS = env.int("PUBLIC_PAGE_CACHE_SECONDS", default=60)

# The one image pipeline: limits every upload shares (see core/images.py).
IMAGE_UPLOAD_MAX_BYTES = env.int("IMAGE_UPLOAD_MAX_BYTES", default=5 * 1024 * 1024)
IMAGE_UPLOAD_MAX_PIXELS = env.int("IMAGE_UPLOAD_MAX_PIXELS", default=40_000_000)
# Proposal attachments (PDF and office documents, checked by content).
DOCUMENT_UPLOAD_MAX_BYTES = env.int("DOCUMENT_UPLOAD_MAX_BYTES", default=10 * 1024 * 1024)
# Blind review refuses to anonymise an archive (docx, odt…) beyond these, read from its directory before
# inflating anything: a zip bomb, or a document nobody reviews on screen (see core/anonymize.py).
BLIND_COPY_MAX_INFLATED_BYTES = env.int("BLIND_COPY_MAX_INFLATED_BYTES", default=50 * 1024 * 1024)
BLIND_COPY_MAX_ENTRIES = env.int("BLIND_COPY_MAX_ENTRIES", default=2000)
