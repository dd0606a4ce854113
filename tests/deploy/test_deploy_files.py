"""The files an operations person installs (deploy/) stay in step with the app and the README:
the timers with the cron table, the environment template with every setting, nginx's limits
and headers with Django's, its outage page with the app's error page. `deploy/rehearse` runs
them for real; these catch a drift without starting anything."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.html import strip_tags

from intake.web.middleware import PATIENT_PREFIXES

ROOT = Path(__file__).resolve().parent.parent.parent
DEPLOY = ROOT / "deploy"
SYSTEMD = DEPLOY / "systemd"
README = (ROOT / "README.md").read_text()
SITE = (DEPLOY / "nginx/clinic-intake.conf").read_text()


def unit_values(path: Path) -> dict[str, list[str]]:
    values: dict[str, list[str]] = {}
    for line in path.read_text().splitlines():
        found = re.fullmatch(r"([A-Za-z]+)=(.*)", line)
        if found:
            values.setdefault(found.group(1), []).append(found.group(2))
    return values


def cron_lines() -> list[tuple[str, str, str]]:
    """(minute, hour, command) of every line of the README's cron table."""
    block = README.split("```cron", 1)[1].split("```", 1)[0]
    lines = []
    for line in block.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            minute, hour, _dom, _month, _dow, command = line.split(None, 5)
            lines.append((minute, hour, command.removeprefix("cd /srv/clinic && ")))
    return lines


def on_calendar(minute: str, hour: str) -> str:
    """systemd's OnCalendar= for a daily cron schedule (`*/5` is `00/5`)."""

    def field(value: str) -> str:
        if value == "*":
            return "*"
        if value.startswith("*/"):
            return f"00/{value[2:]}"
        return f"{int(value):02d}"

    return f"*-*-* {field(hour)}:{field(minute)}:00"


def test_the_calendar_translation_reads_cron_as_systemd_does():
    assert on_calendar("*/5", "*") == "*-*-* *:00/5:00"
    assert on_calendar("30", "3") == "*-*-* 03:30:00"


def periodic_units() -> dict[str, tuple[str, str]]:
    """The command of each timer's service, with its OnCalendar."""
    found = {}
    for timer in sorted(SYSTEMD.glob("*.timer")):
        [schedule] = unit_values(timer)["OnCalendar"]
        service = timer.with_suffix(".service")
        [command] = unit_values(service)["ExecStart"]
        command = command.replace("/srv/clinic/.venv/bin/python", ".venv/bin/python")
        found[command.replace("/srv/clinic/", "")] = (schedule, timer.name)
    return found


def test_every_cron_line_is_a_timer_at_the_same_times_running_the_same_command():
    units = periodic_units()
    assert {command for _m, _h, command in cron_lines()} == set(units)
    for minute, hour, command in cron_lines():
        schedule, timer = units[command]
        assert schedule == on_calendar(minute, hour), timer


SERVICES = sorted(SYSTEMD.glob("*.service"))


@pytest.mark.parametrize("service", SERVICES, ids=lambda path: path.name)
def test_every_unit_runs_as_the_clinic_user_on_a_read_only_system_with_its_own_tmp(service):
    values = unit_values(service)
    for key, wanted in {
        "User": "clinic",
        "Group": "clinic",
        "NoNewPrivileges": "yes",
        "PrivateTmp": "yes",
        "ProtectSystem": "strict",
        "ProtectHome": "yes",
        "CapabilityBoundingSet": "",
        "WorkingDirectory": "/srv/clinic",
        "EnvironmentFile": "/etc/clinic-intake/clinic-intake.env",
    }.items():
        assert values.get(key) == [wanted], f"{service.name}: {key}"


def test_every_unit_has_the_same_hardening():
    def hardening(path: Path) -> str:
        return path.read_text().split("# Hardening", 1)[1].split("[Install]", 1)[0].strip()

    assert len({hardening(service) for service in SERVICES}) == 1


def settings_read() -> set[str]:
    source = (ROOT / "clinic/settings.py").read_text()
    names = set(re.findall(r'\benv(?:_int|_bool|_list|_rate)?\(\s*"([A-Z][A-Z0-9_]*)"', source))
    assert {"SECRET_KEY", "RATELIMIT_PATIENT_ACTIONS", "EMAIL_BACKEND"} <= names
    return names | {"GUNICORN_BIND"}  # gunicorn.conf.py


def readme_configuration() -> set[str]:
    table = README.split("## Configuration", 1)[1].split("\n## ", 1)[0]
    return {
        name
        for row in table.splitlines()
        if row.startswith("| `")
        for name in re.findall(r"`([A-Z][A-Z0-9_]+)`", row.split("|")[1])
    }


def template_names() -> tuple[set[str], set[str]]:
    """(names set, names only in a comment) in deploy/clinic-intake.env."""
    text = (DEPLOY / "clinic-intake.env").read_text()
    set_names = set(re.findall(r"^([A-Z][A-Z0-9_]*)=", text, flags=re.M))
    commented = set(re.findall(r"^# ([A-Z][A-Z0-9_]*)=", text, flags=re.M))
    return set_names, commented


def test_the_environment_template_names_every_setting_the_app_reads():
    set_names, commented = template_names()
    assert settings_read() | readme_configuration() <= set_names | commented


def test_the_environment_template_sets_every_required_setting():
    set_names, _ = template_names()
    required = {"DEBUG", "SECRET_KEY", "AUDIT_KEY", "AUDIT_CHECKPOINT_FILE", "SITE_URL"}
    required |= {"ALLOWED_HOSTS", "CSRF_TRUSTED_ORIGINS", "DATABASE_URL", "CACHE_URL"}
    required |= {"EMAIL_HOST", "EMAIL_PORT", "EMAIL_HOST_USER", "EMAIL_HOST_PASSWORD"}
    required |= {"BACKUP_DIR", "BACKUP_KEEP", "BACKUP_RECIPIENT"}
    assert required <= set_names


def test_nginx_refuses_exactly_the_bodies_django_would():
    server_wide, intake, resend = re.findall(r"client_max_body_size (\d+)k;", SITE)
    assert resend == intake  # the page that takes a new copy of a document staff asked for
    assert int(server_wide) * 1024 == settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    # The intake's payment step takes documents: every file at its largest, and the form.
    documents = settings.DOCUMENT_MAX_FILES * settings.DOCUMENT_MAX_BYTES
    assert int(intake) * 1024 == documents + settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    assert SITE.index("client_max_body_size 64000k") > SITE.index("location /intake/ {")
    assert SITE.rindex("client_max_body_size 64000k") > SITE.index("location = /status/documents/")


def test_nginxs_hsts_is_the_one_django_sends_by_default():
    [value] = re.findall(r'"" "(max-age=[^"]+)";', SITE)
    assert value == "max-age=31536000; includeSubDomains"
    assert 'SECURE_HSTS_SECONDS", 31_536_000' in (ROOT / "clinic/settings.py").read_text()


@pytest.mark.parametrize("prefix", PATIENT_PREFIXES)
def test_nginx_keeps_each_patient_path_out_of_its_access_log(prefix):
    block = SITE.split(f"location {prefix} {{", 1)[1].split("}", 1)[0]
    assert "access_log off;" in block
    assert re.search(r"error_log \S+ crit;", block)


def paragraphs(html: str) -> list[str]:
    """The text of each heading and paragraph, whole."""
    found = re.findall(r"<(h1|h2|p)\b[^>]*>(.*?)</\1>", html, flags=re.S)
    return [" ".join(strip_tags(text).split()) for _tag, text in found]


@pytest.mark.parametrize("language", ["en", "es"])
def test_nginxs_outage_page_says_what_the_apps_error_page_says(language):
    page = paragraphs((DEPLOY / "nginx/clinic-intake-unavailable.html").read_text())
    with translation.override(language):
        said = paragraphs(render_to_string("500.html"))
    assert len(said) == 3
    assert any("988" in sentence and "911" in sentence for sentence in said)
    assert set(said) <= set(page)


def test_the_grants_file_is_the_readmes_grant_block():
    readme = [
        line.strip()
        for line in README.split("-- as clinic_owner, after each", 1)[1]
        .split("```", 1)[0]
        .splitlines()[1:]
        if line.strip()
    ]
    grants = [
        line.replace(':"app_role"', "clinic_app")
        for line in (DEPLOY / "postgresql/grants.sql").read_text().splitlines()
        if line and not line.startswith("--")
    ]
    assert grants == readme
