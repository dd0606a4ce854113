"""Configuration: every setting read from the environment is documented, and e-mailed links
point at the site's real address."""

import ast
import os
import re
import subprocess
from pathlib import Path

from tests.views.test_foundation import ROOT, run_check

ENV_HELPERS = {"env", "env_bool", "env_int", "env_list", "env_rate"}


def variables_read_by_settings() -> set[str]:
    tree = ast.parse((ROOT / "clinic" / "settings.py").read_text())
    names = set()
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in ENV_HELPERS
            and node.args
            and isinstance(node.args[0], ast.Constant)
        ):
            names.add(node.args[0].value)
    return names


def variables_read_by_gunicorn() -> set[str]:
    """`os.environ.get("NAME", ...)` in gunicorn.conf.py: the app server's own settings."""
    source = (ROOT / "gunicorn.conf.py").read_text()
    return set(re.findall(r'os\.environ\.get\("([A-Z][A-Z0-9_]+)"', source))


def variables_in_readme_table() -> set[str]:
    text = (ROOT / "README.md").read_text()
    section = text[text.index("## Configuration") : text.index("## Production")]
    names = set()
    for line in section.splitlines():
        if line.startswith("| `"):
            first_cell = line.split("|")[1]
            names.update(re.findall(r"`([A-Z][A-Z0-9_]+)`", first_cell))
    return names


def test_the_readme_table_lists_exactly_the_variables_the_settings_read():
    read = variables_read_by_settings()
    assert {"SITE_URL", "COORDINATORS_EMAIL", "EMAIL_TIMEOUT", "QUEUE_PAGE_SIZE"} <= read
    assert "GUNICORN_BIND" in variables_read_by_gunicorn()
    assert variables_in_readme_table() == read | variables_read_by_gunicorn()


def test_it_refuses_to_start_without_site_url_when_debug_is_off():
    result = run_check(DEBUG="0", SECRET_KEY="x" * 50, SITE_URL="")
    assert result.returncode != 0
    assert result.stderr.strip() == (
        "Configuration error: SITE_URL must be set when DEBUG is off "
        "(e.g. https://intake.clinic.example)."
    )


def test_it_refuses_a_site_url_that_is_not_an_address():
    result = run_check(DEBUG="0", SECRET_KEY="x" * 50, SITE_URL="intake.clinic.example")
    assert result.returncode != 0
    assert "SITE_URL must start with https://" in result.stderr


def test_make_demo_points_e_mailed_links_at_its_own_port():
    result = subprocess.run(  # noqa: S603 - a fixed argv list, no shell
        ["make", "-n", "demo", "PORT=8801"],  # noqa: S607 - make from PATH, as a developer runs it
        cwd=Path(ROOT),
        env={k: v for k, v in os.environ.items() if k != "SITE_URL"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    runserver = [line for line in result.stdout.splitlines() if "runserver" in line]
    assert runserver and all("SITE_URL=http://127.0.0.1:8801" in line for line in runserver)
    seed = [line for line in result.stdout.splitlines() if "seed_demo" in line]
    assert seed and "SITE_URL=http://127.0.0.1:8801" in seed[0]


def test_the_readme_lists_every_demo_login_with_its_password():
    from intake.management.commands.seed_demo import DEMO_USERS, demo_password

    text = (ROOT / "README.md").read_text()
    for username, *_ in DEMO_USERS:
        assert f"| `{username}` | `{demo_password(username)}` |" in text


def test_the_demo_has_evaluations_that_have_started_for_the_clinician(db, settings):
    from django.core.management import call_command
    from django.utils import timezone

    from intake.models import Appointment

    call_command("seed_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    call_command("seed_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    started = Appointment.objects.active().filter(
        clinician__user__username="clinician", starts_at__lte=timezone.now()
    )
    assert started.count() == 2


def test_it_refuses_quiet_hours_that_are_not_two_times():
    result = run_check(DEBUG="1", SMS_QUIET_HOURS="9pm-8am")
    assert result.returncode != 0
    assert "SMS_QUIET_HOURS must be two 24-hour times" in result.stderr
