# The two commands of the README: `make run` and `make test`. Everything else is a helper.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run serve test lint format check bench-seed backup audit

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed: set PYTHON=python3.11 (or newer).")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Reinstall only when a requirements file changed.
$(VENV)/.installed-run: requirements.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet -r requirements.txt
	@touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	@touch $@ $(VENV)/.installed-run

# Front-end packages (Leaflet, the world outline, axe-core for tests) from the npm registry, as locked.
node_modules/.installed: package.json package-lock.json
	@command -v npm >/dev/null || { echo "npm is needed for the front-end packages (apt-get install npm)"; exit 1; }
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

# Serves the portal on the embedded default: SQLite under var/, tasks in-process, e-mail to var/mail/.
# The links in its e-mails point where it serves: PORTAL_BASE_URL follows HOST and PORT.
run: export DJANGO_DEBUG ?= on
run: export PORTAL_BASE_URL = http://$(HOST):$(PORT)
run: $(VENV)/.installed-run node_modules/.installed
	@mkdir -p var/mail
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py bootstrap_demo --base-url $(PORTAL_BASE_URL)
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

# Production: gunicorn, a Celery worker and beat (Procfile, run by honcho) on DATABASE_URL and
# CELERY_BROKER_URL, static files served by whitenoise. Needs DJANGO_SECRET_KEY; see README, Production.
serve: $(VENV)/.installed-run node_modules/.installed
	@mkdir -p var
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py collectstatic --no-input --verbosity 0
	PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/honcho start -f Procfile

# A compressed PostgreSQL dump of DATABASE_URL under var/backups/ (see README, Backups).
backup: $(VENV)/.installed-run
	$(BIN)/python manage.py backup_database

# The whole suite; on DATABASE_URL when set (CI: PostgreSQL), else SQLite. One pytest-xdist worker per CPU, each with
# its own test database; tests on the real broker take turns (tests/conftest.py). TEST_WORKERS=0: one process.
TEST_WORKERS ?= logical
test: export DJANGO_SECRET_KEY ?= test-only-secret-key-not-for-production
test: $(VENV)/.installed-dev node_modules/.installed
	$(BIN)/python -m pytest -n $(TEST_WORKERS) $(PYTEST_ARGS)

# Known vulnerabilities of the pinned packages, from PyPI's advisory data. --strict: a package that could not be
# checked is a failure, not a pass (.ci/run tells that case apart: see there).
audit: $(VENV)/.installed-dev
	$(BIN)/pip-audit --strict --requirement requirements.txt --no-deps --disable-pip --progress-spinner off

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(VENV)/.installed-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Django's own checks and "are the migrations up to date"; CI runs these too.
check: export DJANGO_DEBUG ?= on
check: $(VENV)/.installed-dev node_modules/.installed
	$(BIN)/python manage.py check
	$(BIN)/python manage.py makemigrations --check --dry-run

bench-seed: $(VENV)/.installed-dev
	$(BIN)/python bench/seed_demo.py --cities 10000
