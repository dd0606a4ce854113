"""The shared cast of users and the browser fixtures used across the suite."""

import importlib
import os
from pathlib import Path

import pytest
from django.apps import apps as django_apps
from django.contrib.auth.models import Group, User
from django.db import connections
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from intake.models import Medication, Topic
from intake.security import roles
from tests.support import examples as _hypothesis_profiles  # noqa: F401  (loads the profile)

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
# Flags for a headless Chromium on a machine with no outside network (see README).
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache (cached counts and clinic details included)."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _empty_text_outbox():
    """Each test starts with no text sent (intake.sms.locmem, the tests' SMS_BACKEND)."""
    from intake.sms import locmem

    locmem.outbox.clear()


@pytest.fixture(autouse=True)
def _each_test_starts_in_english():
    """A Spanish page leaves Spanish active in the thread (Django activates a language for each
    request and never deactivates it), which would change what the next test's code reads."""
    from django.utils import translation

    translation.activate("en")


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def documents_root(tmp_path):
    """Each test's uploaded documents go to a folder of its own, never the project's var/."""
    from intake.models import Document

    storage = Document._meta.get_field("file").storage
    storage._location = str(tmp_path / "documents")
    # The location is computed once and cached on the storage: forget it for this test.
    storage.__dict__.pop("base_location", None)
    storage.__dict__.pop("location", None)
    return tmp_path / "documents"


AUDIT_TABLES = ("intake_auditevent", "intake_auditchainhead")


@pytest.fixture(autouse=True, scope="session")
def _flush_lifts_the_audit_triggers():
    """Transactional tests end by emptying every table with one TRUNCATE, which the audit
    trail's triggers refuse on PostgreSQL (migration 0016). In tests only, that flush lifts them
    for its own transaction, as a table's owner may."""
    from django.db.backends.postgresql.operations import DatabaseOperations

    original = DatabaseOperations.sql_flush

    def sql_flush(self, style, tables, *, reset_sequences=False, allow_cascade=False):
        statements = original(
            self, style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade
        )
        audited = [table for table in AUDIT_TABLES if table in tables]
        if not statements or not audited:
            return statements
        lift = [f"ALTER TABLE {table} DISABLE TRIGGER USER;" for table in audited]
        restore = [f"ALTER TABLE {table} ENABLE TRIGGER USER;" for table in audited]
        return lift + statements + restore

    DatabaseOperations.sql_flush = sql_flush
    yield
    DatabaseOperations.sql_flush = original


# Django's force_login signs in with no second factor at all: what a password alone would give.
force_login_without_second_factor = Client.force_login


def enrol_authenticator(user) -> TOTPDevice:
    """A confirmed authenticator app for `user` (one per user)."""
    device, _ = TOTPDevice.objects.get_or_create(
        user=user, confirmed=True, defaults={"name": "Test authenticator"}
    )
    return device


def current_code(device: TOTPDevice) -> str:
    """The six digits the user's app shows now."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():06d}"


def pass_second_factor(page, username: str) -> None:
    """In a browser, after the password: type the code the user's app shows now (the app is
    enrolled beforehand with enrol_authenticator)."""
    device = TOTPDevice.objects.get(user__username=username, confirmed=True)
    page.wait_for_url("**/accounts/second-factor/**")
    page.get_by_label("Code").fill(current_code(device))
    page.get_by_role("button", name="Continue").click()


@pytest.fixture(autouse=True)
def _force_login_passes_the_second_factor(monkeypatch):
    """The cast signs in as staff really do, password and second factor both: force_login
    also enrols an authenticator app and marks the session verified with it, as
    intake.security.twofactor.verify does. Tests of the second factor itself sign in through the
    pages or with force_login_without_second_factor."""

    def force_login(self, user, backend=None):
        force_login_without_second_factor(self, user, backend)
        session = self.session
        session[DEVICE_ID_SESSION_KEY] = enrol_authenticator(user).persistent_id
        session.save()

    monkeypatch.setattr(Client, "force_login", force_login)


_catalog_migration = importlib.import_module("intake.migrations.0003_medication_catalog")
_catalog_sources_migration = importlib.import_module("intake.migrations.0013_catalog_sources")
_content_migration = importlib.import_module("intake.migrations.0015_seed_content_v2")
_spanish_content_migration = importlib.import_module("intake.migrations.0022_seed_content_es")
_catalog_v4_migration = importlib.import_module("intake.migrations.0025_catalog_doses_v4")
_spanish_names_migration = importlib.import_module(
    "intake.migrations.0027_spanish_clinic_details_and_drug_names"
)
_rxnorm_migration = importlib.import_module("intake.migrations.0031_medication_rxnorm")
_insurers_migration = importlib.import_module("intake.migrations.0036_insurance_coverage")


@pytest.fixture
def reference_data(transactional_db):
    """The data the migrations load (roles, medication catalog, educational content).

    Transactional tests (browser tests, concurrency tests) empty every table when they end, so
    the next one loads that data again here. (pytest-django's serialized rollback cannot help:
    under Playwright's sync API Django hands the test another connection object.)
    """
    ensure_roles()
    if not Medication.objects.exists():
        _catalog_migration.seed_catalog(django_apps, None)
        _catalog_sources_migration.update_catalog(django_apps, None)
        _catalog_v4_migration.update_catalog(django_apps, None)
        _rxnorm_migration.fill_codes(django_apps, None)
    if not Topic.objects.exists():
        _content_migration.seed_fresh(django_apps)
        _spanish_content_migration.seed_spanish(django_apps, None)
    _spanish_names_migration.seed_spanish_names(django_apps, None)  # fills only what is empty
    _insurers_migration.seed_insurers(django_apps, None)  # adds only what is missing


def ensure_roles() -> None:
    """Transactional (browser) tests flush the tables, groups included: bring them back."""
    if Group.objects.count() < len(roles.ROLE_PERMISSIONS):
        roles.sync_roles(django_apps)


def make_user(username: str, *, group: str | None = None, **extra) -> User:
    ensure_roles()
    user = User.objects.create_user(
        username, f"{username}@clinic.example", "pw-" + username, **extra
    )
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def coordinator(db):
    return make_user("coordinator", group=roles.COORDINATORS, first_name="Casey")


@pytest.fixture
def clinician(db):
    return make_user("clinician", group=roles.CLINICIANS, first_name="Morgan")


@pytest.fixture
def editor(db):
    return make_user("editor", group=roles.CONTENT_EDITORS, is_staff=True)


@pytest.fixture
def outsider(db):
    """A signed-in user in no group."""
    return make_user("outsider")


@pytest.fixture
def administrator(db):
    return User.objects.create_superuser("admin", "admin@clinic.example", "pw-admin")


# --- Browser tests -------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(
            f"Browser tests need Debian's chromium at {CHROMIUM} (apt-get install chromium)."
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
        # While Playwright's event loop runs, Django keeps this thread's database connections
        # apart from the ones it had before; close them now, or they stay open and the test
        # database cannot be dropped at the end of the run.
        connections.close_all()


@pytest.fixture
def page(browser, live_server, reference_data):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def phone_page(browser, live_server, reference_data):
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 390, "height": 844}, is_mobile=True
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()
