"""The locked dependencies: Django at its newest 5.2 patch release we know of, the two lock
files agreeing, so the tests run exactly what production installs, and the pre-commit hooks
running the ruff that CI runs."""

import re
from pathlib import Path

import django

ROOT = Path(__file__).resolve().parent.parent
# The newest 5.2 patch release when the range was last raised (README, "Known vulnerabilities":
# raise it with each security release).
NEWEST_KNOWN_DJANGO = (5, 2, 20)


def pins(lock: str) -> dict[str, str]:
    text = (ROOT / lock).read_text()
    return dict(re.findall(r"^([a-z0-9][a-z0-9._-]*)==([^\s;]+)", text, flags=re.MULTILINE))


def test_django_is_at_least_the_newest_known_patch_release_everywhere():
    assert django.VERSION[:3] >= NEWEST_KNOWN_DJANGO
    floor = re.search(r'"Django>=([\d.]+),<5\.3"', (ROOT / "pyproject.toml").read_text())
    assert tuple(int(part) for part in floor.group(1).split(".")) >= NEWEST_KNOWN_DJANGO
    for lock in ("requirements.lock", "requirements-dev.lock"):
        version = tuple(int(part) for part in pins(lock)["django"].split("."))
        assert version >= NEWEST_KNOWN_DJANGO, lock


def test_production_and_development_locks_pin_the_same_version_of_each_shared_package():
    production, development = pins("requirements.lock"), pins("requirements-dev.lock")
    assert production, "no pins read from requirements.lock"
    differ = {
        name: (version, development[name])
        for name, version in production.items()
        if name in development and development[name] != version
    }
    assert differ == {}
    assert set(production) <= set(development)


def test_the_pre_commit_hooks_run_the_locked_ruff_with_the_checks_ci_runs():
    config = (ROOT / ".pre-commit-config.yaml").read_text()
    [rev] = re.findall(r"astral-sh/ruff-pre-commit\n\s+rev: v(\S+)", config)
    assert rev == pins("requirements-dev.lock")["ruff"]
    assert re.findall(r"- id: (\S+)", config) == ["ruff-check", "ruff-format"]
