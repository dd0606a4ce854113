"""Settings for Clinic Intake, read from the environment (see README "Configuration").

Every setting that differs between a laptop and production is an environment variable with a
safe default: DEBUG is off unless asked for, and a misconfiguration stops start-up with one
line naming the variable.
"""

import os
import re
import sys
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF

BASE_DIR = Path(__file__).resolve().parent.parent


def stop(message: str) -> None:
    """End start-up with one clear line instead of a traceback."""
    sys.exit(f"Configuration error: {message}")


def env(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    stop(f"{name} must be 1 or 0 (got {value!r}).")


def env_int(name: str, default: int, *, minimum: int = 0) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        number = int(value)
    except ValueError:
        stop(f"{name} must be a whole number (got {value!r}).")
    if number < minimum:
        stop(f"{name} must be at least {minimum} (got {number}).")
    return number


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


def env_rate(name: str, default: str) -> str:
    value = env(name, default)
    if not re.fullmatch(r"[1-9][0-9]*/[smhd]", value):
        stop(f"{name} must be a rate such as 10/h (got {value!r}).")
    return value


DEBUG = env_bool("DEBUG", False)

SECRET_KEY = env("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        stop("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "development-only-key-never-used-with-debug-off"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

CLINIC_NAME = env("CLINIC_NAME", "Riverbend Ketamine Clinic")
CLINIC_TIME_ZONE = env("CLINIC_TIME_ZONE", "America/New_York")

# Clinical and workflow settings (the brief's defaults; each a clinic's choice).
ADEQUATE_TRIAL_WEEKS = env_int("ADEQUATE_TRIAL_WEEKS", 6, minimum=1)
DRAFT_DAYS = env_int("DRAFT_DAYS", 7, minimum=1)  # an unfinished intake is kept this long
# A closed request is anonymised this long after its last change (`manage.py purge`): about
# seven years, a common US state minimum for keeping medical records; the clinic confirms its own.
RETENTION_DAYS = env_int("RETENTION_DAYS", 2555)
STATUS_LINK_DAYS = env_int("STATUS_LINK_DAYS", 180)  # a patient's private link works this long
# The public address of the site, for links in e-mails (never taken from a request's Host):
# `make demo` sets it from PORT; without DEBUG it must be set, or every e-mailed link is dead.
SITE_URL = env("SITE_URL", "http://127.0.0.1:8000" if DEBUG else "").rstrip("/")
if not SITE_URL:
    stop("SITE_URL must be set when DEBUG is off (e.g. https://intake.clinic.example).")
if not re.fullmatch(r"https?://[^/\s]+(/\S*)?", SITE_URL):
    stop(f"SITE_URL must start with https:// or http:// (got {SITE_URL!r}).")
# The coordinators' shared inbox, told (without clinical details) of every urgent request.
COORDINATORS_EMAIL = env("COORDINATORS_EMAIL", "coordinators@clinic.example")
QUEUE_PAGE_SIZE = env_int("QUEUE_PAGE_SIZE", 25)
EVALUATION_MINUTES = env_int("EVALUATION_MINUTES", 60)
REMINDER_HOURS = env_int("REMINDER_HOURS", 24)  # one reminder this long before an evaluation
BOOKING_DAYS_AHEAD = env_int("BOOKING_DAYS_AHEAD", 60)  # how far ahead staff may book

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_bootstrap5",
    "phonenumber_field",
    "simple_history",
    "axes",
    "django_ratelimit",
    "csp",
    "intake",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "intake.middleware.ClientAddressMiddleware",
    "intake.middleware.PrivacyHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "intake.middleware.StaffSessionTimeoutMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "django_ratelimit.middleware.RatelimitMiddleware",
    # Last, as django-axes asks: it turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = env("ROOT_URLCONF", "clinic.urls")  # clinic.bench_urls adds a floor view
WSGI_APPLICATION = "clinic.wsgi.application"

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
                "intake.context_processors.clinic",
            ],
        },
    },
]

# Database: a SQLite file by default (zero set-up), PostgreSQL through psycopg 3 in production.
_database_url = env("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}"
try:
    _database = dj_database_url.parse(
        _database_url, conn_max_age=env_int("DB_CONN_MAX_AGE", 60), conn_health_checks=True
    )
except Exception:  # dj-database-url raises several types for a malformed URL
    stop("DATABASE_URL is malformed (expected e.g. postgres://user@host:5432/name).")
if not _database.get("ENGINE"):
    stop("DATABASE_URL names an unsupported database.")
if _database["ENGINE"] == "django.db.backends.sqlite3":
    # IMMEDIATE takes the write lock at BEGIN, so concurrent writers wait instead of failing.
    _database["OPTIONS"] = {"transaction_mode": "IMMEDIATE", "timeout": 20}
    _database["CONN_MAX_AGE"] = 0
DATABASES = {"default": _database}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache: local memory by default; Redis (shared by every app server) when CACHE_URL is set.
CACHE_URL = env("CACHE_URL")
if not CACHE_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
elif CACHE_URL.startswith(("redis://", "rediss://", "unix://")):
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": CACHE_URL,
            "KEY_PREFIX": "clinic",
        }
    }
else:
    stop("CACHE_URL must be a redis:// URL, or empty for the local-memory cache.")

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "after_login"
LOGOUT_REDIRECT_URL = "intake:home"

LANGUAGE_CODE = "en-us"
TIME_ZONE = CLINIC_TIME_ZONE
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if env_bool("STATIC_MANIFEST", not DEBUG)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

PHONENUMBER_DEFAULT_REGION = env("PHONENUMBER_DEFAULT_REGION", "US")

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# E-mail: printed to the console in development, SMTP otherwise.
EMAIL_BACKEND = env(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "Clinic Intake <no-reply@clinic.example>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Transport security. TLS ends at the proxy in front of gunicorn, which sets X-Forwarded-Proto.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
# Behind it, the client's address is the last X-Forwarded-For entry (intake.middleware).
BEHIND_TLS_PROXY = env_bool("BEHIND_TLS_PROXY", not DEBUG)
if BEHIND_TLS_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
SECURE_HSTS_SECONDS = 0 if DEBUG else env_int("SECURE_HSTS_SECONDS", 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SILENCED_SYSTEM_CHECKS = [
    # HSTS preload is a domain-wide, hard-to-undo commitment; the clinic opts in with
    # SECURE_HSTS_PRELOAD=1 once every subdomain serves HTTPS.
    "security.W021",
]
if not CACHE_URL:
    # django-ratelimit refuses the local-memory cache (E003, W001) because it is not shared.
    # A developer's single process has nothing to share it with; every deployment sets
    # CACHE_URL to Redis, and `check --deploy` warns without it (intake.W001).
    SILENCED_SYSTEM_CHECKS += ["django_ratelimit.E003", "django_ratelimit.W001"]

# Content-Security-Policy (django-csp): our own files only, no inline script (a script needs
# the request's nonce), no framing, forms post only to us.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],  # Bootstrap draws check marks and arrows as data: SVGs
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    }
}

# Staff sessions (automatic logoff, intake.middleware): 15 minutes idle, 12 hours at most.
STAFF_IDLE_MINUTES = env_int("STAFF_IDLE_MINUTES", 15)
STAFF_SESSION_HOURS = env_int("STAFF_SESSION_HOURS", 12)
# Any other session without its own expiry ends as soon too, not after Django's two weeks
# (a patient's intake draft sets its own: DRAFT_DAYS).
SESSION_COOKIE_AGE = STAFF_SESSION_HOURS * 3600
# A patient's access to their status page in this browser, after submitting or opening the
# private link: short, because browsers are shared; the e-mailed link opens it again.
STATUS_SESSION_MINUTES = env_int("STATUS_SESSION_MINUTES", 60, minimum=1)

# Sign-in lockout (django-axes): 5 failures per username and address, or per address, lock
# both sign-in pages for 15 minutes; the lockout page says nothing about the account.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # ModelBackend, with permissions cached in the shared cache (intake/auth_backends.py).
    "intake.auth_backends.CachedPermissionsBackend",
]
AXES_FAILURE_LIMIT = 5
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"

# Rate limits per client address (django-ratelimit), counted in the default cache: Redis in
# production, shared by every app server.
RATELIMIT_INTAKE_SUBMIT = env_rate("RATELIMIT_INTAKE_SUBMIT", "10/h")  # POST /intake/review/
RATELIMIT_STEPS = env_rate("RATELIMIT_STEPS", "120/h")  # POST /intake/<step>/
RATELIMIT_TOKEN = env_rate("RATELIMIT_TOKEN", "20/h")  # GET /r/<token>/
RATELIMIT_PASSWORD_RESET = env_rate("RATELIMIT_PASSWORD_RESET", "5/h")  # POST a reset request
RATELIMIT_USE_CACHE = "default"
RATELIMIT_VIEW = "intake.ratelimits.rate_limited"

# A password-reset link works for one hour (Django's default is three days).
PASSWORD_RESET_TIMEOUT = 3600

# Error reports hide every POST value, token paths and session data (intake/logging.py).
DEFAULT_EXCEPTION_REPORTER_FILTER = "intake.logging.ClinicExceptionReporterFilter"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # Paths like /r/<token>/ carry a patient's bearer token: redacted in every log line.
    "filters": {"redact_tokens": {"()": "intake.logging.RedactTokenPaths"}},
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["redact_tokens"],
        }
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {
        # Replace Django's own handlers (its console and the mail_admins e-mails, which would
        # carry unredacted paths): its records reach the filtered console through the root.
        "django": {"handlers": [], "level": "INFO", "propagate": True},
        # At DEBUG this logger prints whole template contexts (patients' answers): never lower.
        "django.template": {"handlers": [], "level": "INFO", "propagate": True},
        # runserver's request lines.
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}
