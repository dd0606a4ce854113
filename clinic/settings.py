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
    SECRET_KEY = "development-only-key-never-used-with-debug-off"  # noqa: S105 - refused above when DEBUG is off

# The audit trail's key (intake/services/audit.py): each event's hash is an HMAC under it, so
# someone who can write to the database but does not hold this key cannot rewrite the trail and
# re-chain it.
# Kept apart from SECRET_KEY (which signs sessions and may be shared with more tooling); old keys
# stay in AUDIT_OLD_KEYS so events written under them still verify after a rotation.
AUDIT_KEY = env("AUDIT_KEY")
if not AUDIT_KEY:
    if not DEBUG:
        stop("AUDIT_KEY must be set when DEBUG is off (a random value apart from SECRET_KEY).")
    AUDIT_KEY = "development-only-audit-key-never-used-with-debug-off"
if AUDIT_KEY == SECRET_KEY:
    stop("AUDIT_KEY must differ from SECRET_KEY.")
if len(AUDIT_KEY) < 32:
    stop("AUDIT_KEY must be at least 32 characters long.")
AUDIT_OLD_KEYS = env_list("AUDIT_OLD_KEYS")
# Where `manage.py audit_checkpoint` appends its signed lines and `verify_audit` reads them: a
# file outside the database's reach (README, Privacy and audit).
AUDIT_CHECKPOINT_FILE = env("AUDIT_CHECKPOINT_FILE")
# `audit_checkpoint --when-due` (cron, every minute) writes one after this many events, and at
# least every AUDIT_CHECKPOINT_MINUTES: events newer than the last checkpoint are the ones
# someone who can lift the database's triggers could still remove unseen.
AUDIT_CHECKPOINT_EVERY_EVENTS = env_int("AUDIT_CHECKPOINT_EVERY_EVENTS", 1000, minimum=1)
AUDIT_CHECKPOINT_MINUTES = env_int("AUDIT_CHECKPOINT_MINUTES", 60, minimum=1)
# verify_audit fails when the newest checkpoint (in the file, or a witness's) is older.
AUDIT_CHECKPOINT_MAX_AGE_HOURS = env_int("AUDIT_CHECKPOINT_MAX_AGE_HOURS", 2, minimum=1)
# The witnesses the app's host cannot rewrite (intake/security/audit_witness.py): each checkpoint is
# e-mailed to this compliance address, and written to this S3 bucket (Object Lock, compliance
# mode, kept this many days) when one is named (needs boto3: `pip install .[s3]`).
AUDIT_WITNESS_EMAIL = env("AUDIT_WITNESS_EMAIL")
AUDIT_WITNESS_S3_BUCKET = env("AUDIT_WITNESS_S3_BUCKET")
AUDIT_WITNESS_S3_PREFIX = env("AUDIT_WITNESS_S3_PREFIX", "audit-checkpoints/")
AUDIT_WITNESS_S3_RETAIN_DAYS = env_int("AUDIT_WITNESS_S3_RETAIN_DAYS", 2555, minimum=1)

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
# A refused form (expired, or cookies blocked) explained on our own page, in the reader's language.
CSRF_FAILURE_VIEW = "intake.views.public.csrf_failure"

CLINIC_NAME = env("CLINIC_NAME", "Riverbend Ketamine Clinic")
CLINIC_TIME_ZONE = env("CLINIC_TIME_ZONE", "America/New_York")

# Clinical and workflow settings (the brief's defaults; each a clinic's choice).
ADEQUATE_TRIAL_WEEKS = env_int("ADEQUATE_TRIAL_WEEKS", 6, minimum=1)
DRAFT_DAYS = env_int("DRAFT_DAYS", 7, minimum=1)  # an unfinished intake is kept this long
# A closed request is anonymised this long after its last change (`manage.py purge`): about
# seven years, a common US state minimum for keeping medical records; the clinic confirms its own.
RETENTION_DAYS = env_int("RETENTION_DAYS", 2555)
# A patient's e-mailed private link works once, within this many hours; a spent or expired
# link offers a fresh one by e-mail.
STATUS_LINK_HOURS = env_int("STATUS_LINK_HOURS", 48, minimum=1)
# The public address of the site, for links in e-mails (never taken from a request's Host):
# `make demo` sets it from PORT; without DEBUG it must be set, or every e-mailed link is dead.
SITE_URL = env("SITE_URL", "http://127.0.0.1:8000" if DEBUG else "").rstrip("/")
if not SITE_URL:
    stop("SITE_URL must be set when DEBUG is off (e.g. https://intake.clinic.example).")
if not re.fullmatch(r"https?://[^/\s]+(/\S*)?", SITE_URL):
    stop(f"SITE_URL must start with https:// or http:// (got {SITE_URL!r}).")
# The base of the clinic's identifier systems in FHIR exports (docs/fhir.md). An EHR matches a
# second export of the same request on it, so it must never change once exports have been loaded.
FHIR_IDENTIFIER_SYSTEM = env("FHIR_IDENTIFIER_SYSTEM", SITE_URL + "/fhir")
# The coordinators' shared inbox, told (without clinical details) of every urgent request.
COORDINATORS_EMAIL = env("COORDINATORS_EMAIL", "coordinators@clinic.example")
QUEUE_PAGE_SIZE = env_int("QUEUE_PAGE_SIZE", 25)
# A queue search shows at most this many matches, the newest, and says so when there are more
# (intake/selectors.py, queue_search_ids): its cost stays flat however many match.
QUEUE_SEARCH_NEWEST = env_int("QUEUE_SEARCH_NEWEST", 100)
EVALUATION_MINUTES = env_int("EVALUATION_MINUTES", 60)
REMINDER_HOURS = env_int("REMINDER_HOURS", 24)  # one reminder this long before an evaluation
BOOKING_DAYS_AHEAD = env_int("BOOKING_DAYS_AHEAD", 60)  # how far ahead staff and patients book
# A patient moves their own evaluation up to this many hours before it; later they ask staff.
PATIENT_CHANGE_HOURS = env_int("PATIENT_CHANGE_HOURS", 24)
# The clinic's video service: each telehealth visit gets a random room under it, e.g.
# https://meet.clinic.example (a Jitsi Meet server the clinic runs). Empty: no room is made
# (a clinician's fixed link, set in the admin, still works).
VIDEO_ROOM_BASE = env("VIDEO_ROOM_BASE", "").rstrip("/")
if VIDEO_ROOM_BASE and not re.fullmatch(r"https://[^/\s]+(/\S*)?", VIDEO_ROOM_BASE):
    stop(f"VIDEO_ROOM_BASE must start with https:// (got {VIDEO_ROOM_BASE!r}).")
# The status page shows the "join" button from this many minutes before a video visit.
VIDEO_JOIN_MINUTES = env_int("VIDEO_JOIN_MINUTES", 15)
# A freed slot offered to a waiting patient is held for them this long, then passes on.
WAITLIST_OFFER_HOURS = env_int("WAITLIST_OFFER_HOURS", 2, minimum=1)
# A clinical review of educational content is due again this many months after the last one.
CONTENT_REVIEW_MONTHS = env_int("CONTENT_REVIEW_MONTHS", 12, minimum=1)
# How soon the team reads a submitted intake, in business days: the consent, the confirmation
# page and e-mail and the status page all say this one number.
RESPONSE_BUSINESS_DAYS = env_int("RESPONSE_BUSINESS_DAYS", 1, minimum=1)
# The clinic reports (/staff/reports/): coordinators see them only when this is on (the
# "Clinic lead" group and administrators always do); figures are kept this many seconds per
# date range; waits are counted in the clinic's business hours (BUSINESS_HOURS_* below).
REPORTS_FOR_COORDINATORS = env_bool("REPORTS_FOR_COORDINATORS", False)
REPORTS_CACHE_SECONDS = env_int("REPORTS_CACHE_SECONDS", 300)
# The clinic's business hours, one definition for everything counted in them (the follow-up's
# acknowledgement targets, the reports' waits): whole local hours, on these days (0 = Monday).
BUSINESS_HOURS_OPEN = env_int("BUSINESS_HOURS_OPEN", 9)
BUSINESS_HOURS_CLOSE = env_int("BUSINESS_HOURS_CLOSE", 17)
if not 0 <= BUSINESS_HOURS_OPEN < BUSINESS_HOURS_CLOSE <= 23:
    stop("BUSINESS_HOURS_OPEN and BUSINESS_HOURS_CLOSE must be hours from 0 to 23, open first.")
_business_days = env_list("BUSINESS_DAYS", "0,1,2,3,4")
if not _business_days or not all(re.fullmatch(r"[0-6]", day) for day in _business_days):
    stop("BUSINESS_DAYS must list weekdays from 0 (Monday) to 6, e.g. 0,1,2,3,4.")
BUSINESS_DAYS = [int(day) for day in _business_days]

# Follow-up measures after the intake (intake/domain/followup.py; each a clinic's choice).
FOLLOWUP_INTERVAL_DAYS = env_int("FOLLOWUP_INTERVAL_DAYS", 14, minimum=1)
FOLLOWUP_WEEKS = env_int("FOLLOWUP_WEEKS", 12, minimum=1)
FOLLOWUP_SEND_HOUR = env_int("FOLLOWUP_SEND_HOUR", 9)  # the clinic's local hour a measure is due
# Start follow-up by itself for every new request (otherwise a coordinator starts it).
FOLLOWUP_START_ON_SUBMIT = env_bool("FOLLOWUP_START_ON_SUBMIT", False)
FOLLOWUP_REMINDER_DAYS = env_int("FOLLOWUP_REMINDER_DAYS", 2, minimum=1)  # one reminder, then
FOLLOWUP_EXPIRY_DAYS = env_int("FOLLOWUP_EXPIRY_DAYS", 3, minimum=1)  # expiry this long after it
FOLLOWUP_WORSENING_POINTS = env_int("FOLLOWUP_WORSENING_POINTS", 5, minimum=1)
# A follow-up risk answer must be acknowledged by a named staff member within this many business
# hours; unacknowledged, it escalates to the clinical lead, and again every further period.
FOLLOWUP_ACK_BUSINESS_HOURS = env_int("FOLLOWUP_ACK_BUSINESS_HOURS", 4, minimum=1)
FOLLOWUP_ESCALATION_BUSINESS_HOURS = env_int("FOLLOWUP_ESCALATION_BUSINESS_HOURS", 4, minimum=1)
CLINICAL_LEAD_EMAIL = env("CLINICAL_LEAD_EMAIL", "clinical-lead@clinic.example")

INSTALLED_APPS = [
    # django.contrib.admin, with a site that needs the second factor (intake/security/admin_site.py)
    "intake.apps.ClinicAdminConfig",
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
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_ratelimit",
    "csp",
    "intake",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "intake.web.middleware.ClientAddressMiddleware",
    "intake.web.middleware.PrivacyHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    # Before anything reads cookies or posted forms: NUL characters and foreign charsets are a
    # 400 on our own page, not a 500 (intake.web.middleware).
    "intake.web.middleware.RejectHostileInputMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # After the session, before CommonMiddleware: patient pages in the patient's language (the
    # language cookie, then Accept-Language); staff pages always in English.
    "intake.web.middleware.PatientLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # request.user.is_verified(): whether this session passed the second factor (django-otp).
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After authentication, so a refused access is recorded with who asked.
    "intake.web.middleware.AuditDeniedMiddleware",
    "intake.web.middleware.StaffSessionTimeoutMiddleware",
    # Staff and admin pages only after the second factor (intake/security/twofactor.py).
    "intake.web.middleware.SecondFactorMiddleware",
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
                "intake.web.context_processors.clinic",
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

# The patient's languages. No URL prefixes: the patient paths carry the no-store and referrer
# rules and the log redaction, so a language is a cookie (set_language), not a path. README
# "Adding a language" says what a new one needs.
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("es", "Español")]
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_SECURE = not DEBUG
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = CLINIC_TIME_ZONE
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
# Uploaded documents (insurance cards, photo ID, referral letters): local files outside the
# static root by default; S3-compatible storage through django-storages when a bucket is set,
# encrypted at rest by the bucket's key (README: Documents).
DOCUMENTS_ROOT = Path(env("DOCUMENTS_ROOT", str(BASE_DIR / "var" / "documents")))
DOCUMENTS_S3_BUCKET = env("DOCUMENTS_S3_BUCKET")
DOCUMENT_MAX_BYTES = env_int("DOCUMENT_MAX_MB", 10, minimum=1) * 1024 * 1024
DOCUMENT_MAX_FILES = env_int("DOCUMENT_MAX_FILES", 6, minimum=1)
_documents_storage = (
    {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": DOCUMENTS_S3_BUCKET,
            "endpoint_url": env("DOCUMENTS_S3_ENDPOINT_URL") or None,
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
            "object_parameters": {
                "ServerSideEncryption": env("DOCUMENTS_S3_ENCRYPTION", "aws:kms"),
                "CacheControl": "no-store",
            },
        },
    }
    if DOCUMENTS_S3_BUCKET
    else {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": DOCUMENTS_ROOT, "base_url": None},
    }
)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "documents": _documents_storage,
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
# Patient e-mails carry the clinic's name whatever name this gives (intake.services.outbox.sender).
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", f"{CLINIC_NAME} <no-reply@clinic.example>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Text messages (intake/sms/, README "Text messages"): printed to the console in development;
# Twilio in production. Quiet hours are in the clinic's time zone: a text due inside them waits
# for their end.
SMS_BACKEND = env(
    "SMS_BACKEND",
    "intake.sms.console.ConsoleBackend" if DEBUG else "intake.sms.twilio_api.TwilioBackend",
)
TWILIO_ACCOUNT_SID = env("TWILIO_ACCOUNT_SID")
TWILIO_AUTH_TOKEN = env("TWILIO_AUTH_TOKEN")  # also checks the webhooks' signatures
TWILIO_FROM_NUMBER = env("TWILIO_FROM_NUMBER")  # E.164, e.g. +12025550123
TWILIO_MESSAGING_SERVICE_SID = env("TWILIO_MESSAGING_SERVICE_SID")  # used instead when set
TWILIO_API_BASE_URL = env("TWILIO_API_BASE_URL")  # tests only: a local stand-in for Twilio
SMS_TIMEOUT = env_int("SMS_TIMEOUT", 10, minimum=1)
SMS_QUIET_HOURS = env("SMS_QUIET_HOURS", "21:00-08:00")
if not re.fullmatch(
    r"([01][0-9]|2[0-3]):[0-5][0-9]-([01][0-9]|2[0-3]):[0-5][0-9]", SMS_QUIET_HOURS
):
    stop(
        f"SMS_QUIET_HOURS must be two 24-hour times such as 21:00-08:00 (got {SMS_QUIET_HOURS!r})."
    )

# Transport security. TLS ends at the proxy in front of gunicorn, which sets X-Forwarded-Proto.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
# Behind it, the client's address comes from X-Forwarded-For (intake.web.middleware): the entry
# TRUSTED_PROXY_COUNT places from the right, one per proxy of ours in front of gunicorn.
BEHIND_TLS_PROXY = env_bool("BEHIND_TLS_PROXY", not DEBUG)
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 1, minimum=1)
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

# Staff sessions (automatic logoff, intake.web.middleware): 15 minutes idle, 12 hours at most.
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
    # ModelBackend, with permissions cached in the shared cache (intake/security/auth_backends.py).
    "intake.security.auth_backends.CachedPermissionsBackend",
]
AXES_FAILURE_LIMIT = 5
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
# django-axes keeps a keyed hash of each username typed, never the text (which may be a
# password typed into the wrong box); lockouts match on the hash all the same.
AXES_USERNAME_CALLABLE = "intake.security.signin_limits.axes_username"

# Per account, whatever the address (intake/security/signin_limits.py): past this many failures in
# the window each attempt waits twice as long as the last, at most the window; nothing locks.
SIGNIN_USERNAME_FREE_FAILURES = env_int("SIGNIN_USERNAME_FREE_FAILURES", 10, minimum=1)
SIGNIN_USERNAME_WINDOW_MINUTES = env_int("SIGNIN_USERNAME_WINDOW_MINUTES", 15, minimum=1)

# A second factor (django-otp: an authenticator app, or one of ten recovery codes) for every
# account with "Staff status" or any permission (intake.security.twofactor.is_required_for), on
# staff and admin pages alike. Only a developer's machine (DEBUG=1) may turn it off.
STAFF_SECOND_FACTOR = env_bool("STAFF_SECOND_FACTOR", True)
if not STAFF_SECOND_FACTOR and not DEBUG:
    stop("STAFF_SECOND_FACTOR may be turned off only with DEBUG=1.")
# A staff invitation's e-mailed link (to join, or to set up a new second factor after a reset)
# works once, within this many hours (intake/services/staff_invitations.py).
STAFF_INVITATION_HOURS = env_int("STAFF_INVITATION_HOURS", 48, minimum=1)
OTP_TOTP_ISSUER = CLINIC_NAME
# Wrong codes also slow the device itself (django-otp's throttling), beside the lockout.
OTP_TOTP_THROTTLE_FACTOR = 1

# Rate limits per client address (django-ratelimit), counted in the default cache: Redis in
# production, shared by every app server.
# Submissions that store a request (a post with no draft or no consent is not counted).
RATELIMIT_INTAKE_SUBMIT = env_rate("RATELIMIT_INTAKE_SUBMIT", "10/h")  # POST /intake/review/
RATELIMIT_STEPS = env_rate("RATELIMIT_STEPS", "120/h")  # POST /intake/<step>/
RATELIMIT_TOKEN = env_rate("RATELIMIT_TOKEN", "20/h")  # GET /r/<token>/
RATELIMIT_LINK_REQUEST = env_rate("RATELIMIT_LINK_REQUEST", "5/h")  # POST /status/new-link/
# A patient's confirm / cancel / "ask for another time" posts (each a timeline entry and an
# audit event).
RATELIMIT_PATIENT_ACTIONS = env_rate(
    "RATELIMIT_PATIENT_ACTIONS", "10/h"
)  # POST /status/appointment/
RATELIMIT_PASSWORD_RESET = env_rate("RATELIMIT_PASSWORD_RESET", "5/h")  # POST a reset request
RATELIMIT_USE_CACHE = "default"
RATELIMIT_VIEW = "intake.security.ratelimits.rate_limited"

# A request for a fresh private link and a staff password reset answer no sooner than this
# after they arrive, found or not (intake/security/steady_time.py): above the slower case's own
# time.
STEADY_ANSWER_MS = env_int("STEADY_ANSWER_MS", 400, minimum=0)

# A password-reset link works for one hour (Django's default is three days).
PASSWORD_RESET_TIMEOUT = 3600

# Error reports hide every POST value, token paths and session data (intake/security/logging.py).
DEFAULT_EXCEPTION_REPORTER_FILTER = "intake.security.logging.ClinicExceptionReporterFilter"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # Paths like /r/<token>/ carry a patient's bearer token: redacted in every log line.
    "filters": {"redact_tokens": {"()": "intake.security.logging.RedactTokenPaths"}},
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
        # Twilio's library logs each request's headers at INFO: only its warnings are wanted.
        "twilio": {"handlers": [], "level": "WARNING", "propagate": True},
    },
}
