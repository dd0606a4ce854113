# Clinic Intake: `make demo` runs the app with demo data, `make test` runs every test.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
# E-mailed links (the private status link, the staff alert) point at the demo's own port.
SITE_URL ?= http://127.0.0.1:$(PORT)
DEMO_ENV := DEBUG=1 DATABASE_URL= CACHE_URL= SITE_URL=$(SITE_URL)

.PHONY: install system-libs demo migrate test test-fast lint format lock clean messages audit-deps

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Reinstall only when the lock file changes.
$(VENV)/.installed: requirements-dev.lock | $(BIN)/python
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements-dev.lock
	touch $@

# The compiled translation catalogues (never committed): rebuilt when their .po changes. An
# uncompiled catalogue would silently show English.
CATALOGUES := $(patsubst %.po,%.mo,$(wildcard locale/*/LC_MESSAGES/django.po))

install: system-libs $(VENV)/.installed $(CATALOGUES)

# WeasyPrint (the prior-authorization packet's PDF) loads Debian's Pango and HarfBuzz's
# subsetter: installed here when missing (as root), else the command to run is printed.
PDF_LIBS := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0
system-libs:
	@if ! { /sbin/ldconfig -p | grep -q 'libpangoft2-1.0.so.0' && \
	       /sbin/ldconfig -p | grep -q 'libharfbuzz-subset.so.0'; }; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get install -y -qq $(PDF_LIBS) >/dev/null; \
	  else \
	    echo "The packet's PDF needs Pango: sudo apt-get install $(PDF_LIBS)" >&2; exit 1; \
	  fi; \
	fi

locale/%/LC_MESSAGES/django.mo: locale/%/LC_MESSAGES/django.po | $(VENV)/.installed
	DEBUG=1 $(BIN)/python manage.py compilemessages --ignore=.venv --verbosity 0

# After changing a patient-facing string: refresh the catalogues, then translate what is new.
messages: install
	DEBUG=1 $(BIN)/python manage.py makemessages --all --no-location --no-obsolete --ignore=.venv

migrate: install
	$(DEMO_ENV) $(BIN)/python manage.py migrate --noinput

demo: migrate
	$(DEMO_ENV) $(BIN)/python manage.py seed_demo
	$(DEMO_ENV) $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

# Unit, view and browser tests. With DATABASE_URL set they run on that database.
test: install
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# Everything but the browser tests, spread over every core (pytest-xdist), for a quick local check
# (HYPOTHESIS_PROFILE=dev, the default).
test-fast: install
	$(BIN)/python -m pytest -m "not browser" -n auto $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	DEBUG=1 $(BIN)/python manage.py makemigrations --check --dry-run

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Regenerate both lock files from pyproject.toml after changing a dependency range. The
# production lock is held to the versions of the development one, so the tests run exactly the
# versions production installs (a tool of the tests' may cap a shared dependency).
lock: install
	$(BIN)/python -m pip install --quiet uv
	$(BIN)/uv pip compile pyproject.toml --extra dev --generate-hashes --universal --python-version 3.11 --no-header -q -o requirements-dev.lock
	$(BIN)/uv pip compile pyproject.toml --constraint requirements-dev.lock --generate-hashes --universal --python-version 3.11 --no-header -q -o requirements.lock

# Known vulnerabilities in the production lock (pip-audit, the Python Packaging Authority's
# auditor), from a virtualenv of its own so it never changes the app's. It needs its advisory
# source (PyPI's JSON API by default; PIP_AUDIT_SERVICE=osv for osv.dev): with --strict a package
# it could not look up fails the run rather than passing unchecked.
PIP_AUDIT_SERVICE ?= pypi
audit-deps:
	$(PYTHON) -m venv .venv-audit
	.venv-audit/bin/python -m pip install --quiet pip-audit
	.venv-audit/bin/pip-audit --strict --vulnerability-service $(PIP_AUDIT_SERVICE) \
		--requirement requirements.lock --require-hashes --disable-pip

clean:
	rm -rf $(VENV) .venv-audit staticfiles .pytest_cache
