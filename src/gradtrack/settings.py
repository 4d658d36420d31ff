"""Settings, all read from the environment (see README, "Configuration")."""

from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from gradtrack.env import envbool, envint, envlist, envstr

PACKAGE_DIR = Path(__file__).resolve().parent
BASE_DIR = Path(envstr("GRADTRACK_HOME", str(Path.cwd())))
VAR_DIR = Path(envstr("GRADTRACK_VAR_DIR", str(BASE_DIR / "var")))

DEBUG = envbool("GRADTRACK_DEBUG", False)
SECRET_KEY = envstr("GRADTRACK_SECRET_KEY")
if not SECRET_KEY:
    raise ImproperlyConfigured(
        "GRADTRACK_SECRET_KEY is not set. `make run` generates one under var/; in production set a long random value."
    )
ALLOWED_HOSTS = envlist("GRADTRACK_ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = envlist("GRADTRACK_CSRF_TRUSTED_ORIGINS")
# The address the school publishes the app under, for links in mail sent without a request (gradtrack daily).
GRADTRACK_SITE_URL = envstr("GRADTRACK_SITE_URL")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "gradtrack.core",
    "gradtrack.accounts",
    "gradtrack.records",
    "gradtrack.imports",
    "gradtrack.tracking",
    "gradtrack.replacement",
    "gradtrack.surveys",
    "gradtrack.gradsurveys",
    "gradtrack.stats",
    "gradtrack.security",
    "gradtrack.api",
    # The top layer: assembles the apps above (工作台, navigation, settings pages, demo, backup, commands).
    "gradtrack.site",
]

MIDDLEWARE = [
    "gradtrack.health.healthz",  # first: a load balancer's probe needs no HTTPS, host check or session
    "django.middleware.security.SecurityMiddleware",
    # Before anything reads the body (the CSRF check does): an oversized request is refused unread.
    "gradtrack.security.limits.request_size_limit",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "gradtrack.accounts.middleware.forced_password_change",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "gradtrack.security.middleware.content_security_policy",
    "gradtrack.security.middleware.privacy_headers",
]

ROOT_URLCONF = "gradtrack.urls"
WSGI_APPLICATION = "gradtrack.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "gradtrack.site.context_processors.school",
            ],
        },
    },
]

# --- Database: SQLite under var/ unless DATABASE_URL says otherwise -------------------------------
DATABASES = {
    "default": dj_database_url.parse(
        envstr("DATABASE_URL", f"sqlite:///{VAR_DIR / 'gradtrack.sqlite3'}"),
        conn_max_age=envint("GRADTRACK_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {}).update({"timeout": 20, "transaction_mode": "IMMEDIATE"})
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- No state in the app process: cache in Redis when configured, else in the database ------------
# The cache fails soft (core.cache): Redis down or the cache table missing is a cache miss, not a server error.
# Sessions live in the database, with Redis in front of them when configured ("cached_db"), so a Redis outage
# signs nobody out.
REDIS_URL = envstr("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "gradtrack.core.cache.FailSoftRedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 2},
        }
    }
else:
    CACHES = {
        "default": {"BACKEND": "gradtrack.core.cache.FailSoftDatabaseCache", "LOCATION": "gradtrack_cache"}
    }
SESSION_ENGINE = (
    "django.contrib.sessions.backends.cached_db" if REDIS_URL else "django.contrib.sessions.backends.db"
)
SESSION_COOKIE_AGE = envint("GRADTRACK_SESSION_SECONDS", 8 * 3600)
# Statistics and 工作台 figures are kept in the cache until the next write (core.figures_cache); 0 = off.
GRADTRACK_FIGURES_CACHE_SECONDS = envint("GRADTRACK_FIGURES_CACHE_SECONDS", 600)

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
if DEBUG:
    STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
MEDIA_ROOT = Path(envstr("GRADTRACK_MEDIA_ROOT", str(VAR_DIR / "media")))
MEDIA_URL = "/media/"
STATIC_URL = "/static/"
STATIC_ROOT = Path(envstr("GRADTRACK_STATIC_ROOT", str(VAR_DIR / "static")))
# Front-end packages come from the npm registry at install time (package.json) and are served locally.
NODE_MODULES = Path(envstr("GRADTRACK_NODE_MODULES", str(BASE_DIR / "node_modules")))
# The project's own CSS and JS (static/gradtrack/) sit beside the settings, in no app's static/ folder.
STATICFILES_DIRS = [PACKAGE_DIR / "static"] + [
    (f"vendor/{name}", NODE_MODULES / name / sub)
    for name, sub in [("bootstrap", "dist"), ("bootstrap-icons", "font"), ("chart.js", "dist")]
    if (NODE_MODULES / name / sub).is_dir()
]
WHITENOISE_USE_FINDERS = DEBUG

# --- Accounts ----------------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "site:dashboard"
LOGOUT_REDIRECT_URL = "accounts:login"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Language and time ----------------------------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

# --- HTTPS in production --------------------------------------------------------------------------------
HTTPS = envbool("GRADTRACK_HTTPS", not DEBUG)
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = envint("GRADTRACK_HSTS_SECONDS", 31536000) if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if envbool("GRADTRACK_BEHIND_PROXY") else None
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# No inline script or style anywhere: JavaScript lives in static/gradtrack/*.js, styles in app.css.
# Browser features no page uses, denied to every page (Permissions-Policy, security.middleware).
PERMISSIONS_POLICY_DENIED = [
    "accelerometer",
    "camera",
    "geolocation",
    "gyroscope",
    "magnetometer",
    "microphone",
    "payment",
    "usb",
]
CONTENT_SECURITY_POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "font-src": "'self'",
    "connect-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "frame-ancestors": "'none'",
    "form-action": "'self'",
}
# The client's address for throttling and the access log: X-Forwarded-For only behind our own proxy.
TRUST_X_FORWARDED_FOR = envbool("GRADTRACK_BEHIND_PROXY")

# --- Sign-in throttling (security.throttle): failures counted in the database, per account and per address --
LOGIN_THROTTLE_PER_USERNAME = envint("GRADTRACK_LOGIN_FAILURES_PER_ACCOUNT", 5)
LOGIN_THROTTLE_PER_ADDRESS = envint("GRADTRACK_LOGIN_FAILURES_PER_ADDRESS", 20)
LOGIN_THROTTLE_MINUTES = envint("GRADTRACK_LOGIN_THROTTLE_MINUTES", 15)

# --- The employer form (surveys.public_views): saves (drafts, submissions) per link and per address ---------
EMPLOYER_FORM_SAVES_PER_LINK = envint("GRADTRACK_EMPLOYER_FORM_SAVES_PER_LINK", 600)
EMPLOYER_FORM_SAVES_PER_ADDRESS = envint("GRADTRACK_EMPLOYER_FORM_SAVES_PER_ADDRESS", 2000)
EMPLOYER_FORM_SAVES_MINUTES = envint("GRADTRACK_EMPLOYER_FORM_SAVES_MINUTES", 60)

# --- Uploads ------------------------------------------------------------------------------------------------
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
IMPORT_MAX_BYTES = envint("GRADTRACK_IMPORT_MAX_BYTES", 20 * 1024 * 1024)
IMPORT_MAX_ROWS = envint("GRADTRACK_IMPORT_MAX_ROWS", 50000)
# Budgets that keep reading a roster (and so its preview) to seconds, well under gunicorn's timeout: what an
# uploaded .xlsx may unpack to (a zip bomb is refused before it is inflated), and how many cells a sheet's block
# may hold (50,000 rows of 40 columns), checked before the sheet is loaded (imports.reader).
IMPORT_MAX_UNPACKED_BYTES = envint("GRADTRACK_IMPORT_MAX_UNPACKED_BYTES", 150 * 1024 * 1024)
IMPORT_MAX_CELLS = envint("GRADTRACK_IMPORT_MAX_CELLS", 2_000_000)
# An uploaded roster waits in media/imports/ for its confirmation; unconfirmed after this many hours it is
# deleted by `gradtrack daily` (it holds 身份证号). Never part of a backup.
IMPORT_UPLOAD_KEEP_HOURS = envint("GRADTRACK_IMPORT_UPLOAD_KEEP_HOURS", 24)
# The employer form's stamp scan (one per response; a new one replaces the old).
STAMP_SCAN_MAX_BYTES = envint("GRADTRACK_STAMP_SCAN_MAX_BYTES", 5 * 1024 * 1024)
# The largest body any request may have, refused (413) before it is read (security.limits); the pages that
# take an upload may have their file's limit on top. nginx's client_max_body_size should be the largest.
REQUEST_MAX_BYTES = envint("GRADTRACK_REQUEST_MAX_BYTES", 2 * 1024 * 1024)
REQUEST_MAX_BYTES_BY_URL = {
    "imports:upload": IMPORT_MAX_BYTES + REQUEST_MAX_BYTES,
    "employer_form:form": STAMP_SCAN_MAX_BYTES + REQUEST_MAX_BYTES,
    "surveys:paper_entry": STAMP_SCAN_MAX_BYTES + REQUEST_MAX_BYTES,
    "stats:submit": 20 * 1024 * 1024 + REQUEST_MAX_BYTES,  # stats.services.REPORT_MAX_BYTES
}

# --- E-mail (console unless configured) ---------------------------------------------------------------------
EMAIL_BACKEND = envstr("GRADTRACK_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = envstr("GRADTRACK_EMAIL_HOST", "localhost")
EMAIL_PORT = envint("GRADTRACK_EMAIL_PORT", 25)
EMAIL_HOST_USER = envstr("GRADTRACK_EMAIL_USER")
EMAIL_HOST_PASSWORD = envstr("GRADTRACK_EMAIL_PASSWORD")
EMAIL_USE_TLS = envbool("GRADTRACK_EMAIL_TLS")
DEFAULT_FROM_EMAIL = envstr("GRADTRACK_FROM_EMAIL", "gradtrack@localhost")

# --- REST API --------------------------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "gradtrack.api.authentication.HashedTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["gradtrack.api.permissions.StaffScopePermission"],
    "DEFAULT_PAGINATION_CLASS": "gradtrack.api.pagination.PagePagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.SearchFilter",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "gradtrack.api.errors.exception_handler",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
}
SPECTACULAR_SETTINGS = {
    "TITLE": "gradtrack API",
    "DESCRIPTION": "毕业生就业跟踪管理系统 REST API v1",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    # Choice sets whose field name other apps use too (drf-spectacular would warn and invent a name).
    "ENUM_NAME_OVERRIDES": {
        "VerificationOutcomeEnum": "gradtrack.tracking.models.Verification.Outcome",
        "ReplacementOutcomeEnum": "gradtrack.replacement.models.ReplacementRequest.Outcome",
        "TrackingServiceStatusEnum": "gradtrack.tracking.models.TrackingService.Status",
        "ChangeReportStatusEnum": "gradtrack.tracking.models.ChangeReport.Status",
        "ReplacementTestKindEnum": "gradtrack.replacement.models.ReplacementTest.Kind",
        "RatingEnum": "gradtrack.surveys.models.Rating",  # the sixteen items of the employer form share it
        "SourceEnum": "gradtrack.surveys.models.EmployerResponse.Source",
        "PaperSourceEnum": "gradtrack.surveys.api.PAPER_SOURCES",  # staff enter paper or fax, never online
        # 毕业去向 groups: a destination's group and a graduate's survey answer 目前状况 (gradsurveys) share them
        "GroupEnum": "gradtrack.core.models.Destination.Group",
    },
    "SECURITY": [{"tokenAuth": []}],
    "APPEND_COMPONENTS": {
        "securitySchemes": {"tokenAuth": {"type": "http", "scheme": "bearer", "description": "API 令牌"}}
    },
}
API_TOKEN_DAYS = envint("GRADTRACK_API_TOKEN_DAYS", 365)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": envstr("GRADTRACK_LOG_LEVEL", "WARNING")},
}
