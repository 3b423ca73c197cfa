# The NCA tasking and coordination portal.
#
#   make run    set everything up and run the portal at http://127.0.0.1:$(PORT)
#   make test   set everything up and run the checks and the whole test suite
#
# Everything is installed inside the checkout (.venv/, node_modules/, static/build/,
# .local/); stamp files there mean nothing is reinstalled until its inputs change.

SHELL := /bin/bash
.DEFAULT_GOAL := help
.NOTPARALLEL:

PYTHON ?= python3.11
PORT ?= 8000
DJANGO_SETTINGS_MODULE ?= nca_portal.settings.local
CHROMIUM_PATH ?= /usr/bin/chromium
PYTEST_ARGS ?=
BENCH_ARGS ?=
export PORT CHROMIUM_PATH

VENV := .venv
PY := $(VENV)/bin/python
RUFF := $(VENV)/bin/ruff
# The import contracts in pyproject.toml; it takes under a second, so nothing is cached.
LINT_IMPORTS := $(VENV)/bin/lint-imports --no-cache
MANAGE := DJANGO_SETTINGS_MODULE=$(DJANGO_SETTINGS_MODULE) $(PY) manage.py

VENV_STAMP := $(VENV)/.requirements-installed
NPM_STAMP := node_modules/.npm-ci-done
ASSETS_STAMP := static/build/.assets-built
SCSS := $(shell find static/scss -type f 2>/dev/null)

.PHONY: help run test bench lint clean setup check-tools check-chromium \
	services-up services-down services-status

help:
	@echo "make run     set up and run the portal at http://127.0.0.1:$(PORT) (Ctrl-C stops it)"
	@echo "make test    set up, then ruff, the import contracts, the migration check and the whole test suite"
	@echo "make bench   set up, migrate and run the benchmarks, then under load (BENCH_SCALE=tenth|full|ten, BENCH_ARGS=...)"
	@echo "make lint    ruff check, ruff format --check and the import contracts"
	@echo "make clean   stop private PostgreSQL/Redis and remove .venv, node_modules, static/build, .local"
	@echo "make services-up | services-down | services-status"

# --- setup --------------------------------------------------------------------------------

check-tools:
	@$(PYTHON) -c "import ensurepip, sys; sys.exit(sys.version_info[:2] != (3, 11))" >/dev/null 2>&1 || { \
		echo "make: $(PYTHON) is missing (or cannot create a virtualenv): install Python 3.11" \
			"(Debian/Ubuntu: apt-get install python3.11 python3.11-venv, or use pyenv)." >&2; \
		exit 1; }
	@command -v npm >/dev/null 2>&1 && command -v node >/dev/null 2>&1 || { \
		echo "make: npm is missing: install Node.js 20 with npm (Debian/Ubuntu: apt-get install nodejs npm)." >&2; \
		exit 1; }

$(VENV_STAMP): requirements.txt requirements-dev.txt | check-tools
	@if ! $(PY) -c "import sys; sys.exit(sys.version_info[:2] != (3, 11))" >/dev/null 2>&1; then \
		echo "Creating $(VENV) with $(PYTHON) …"; \
		rm -rf $(VENV) && $(PYTHON) -m venv $(VENV); \
	fi
	@echo "Installing requirements.txt and requirements-dev.txt into $(VENV) …"
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt -r requirements-dev.txt
	@touch $@

$(NPM_STAMP): package.json package-lock.json | check-tools
	npm ci --no-audit --no-fund
	@touch $@

$(ASSETS_STAMP): $(NPM_STAMP) $(SCSS) package-lock.json scripts/build-assets.mjs
	node scripts/build-assets.mjs
	@touch $@

setup: $(VENV_STAMP) $(NPM_STAMP) $(ASSETS_STAMP)

# Use the PostgreSQL and Redis that answer at DATABASE_URL / REDIS_URL, or start private
# ones under .local/ (see scripts/services.py).
services-up: $(VENV_STAMP)
	@$(PY) scripts/services.py up

services-down:
	@if [ -x $(PY) ]; then $(PY) scripts/services.py down; \
	elif [ -d .local/started ]; then python3 scripts/services.py down; fi

services-status: $(VENV_STAMP)
	@$(PY) scripts/services.py status

CHECK_CHROMIUM = test -x "$(CHROMIUM_PATH)" || { \
	echo "make: Chromium is missing at $(CHROMIUM_PATH) (or set CHROMIUM_PATH); the browser" \
		"tests need Debian's Chromium: install it: apt-get install -y chromium" >&2; \
	exit 1; }

check-chromium:
	@$(CHECK_CHROMIUM)

# --- the two commands ---------------------------------------------------------------------

# scripts/run brings up the services, creates the two database roles, migrates as the
# owner (portal_owner), loads reference and demo data, prints the URL and the demo
# sign-ins, then runs the web server, worker and beat (Procfile.dev) as the runtime role
# (portal_app), as in a deployment. Ctrl-C stops them, then any private PostgreSQL/Redis
# it started.
run: setup
	@DJANGO_SETTINGS_MODULE=$(DJANGO_SETTINGS_MODULE) scripts/run

# The test settings use TEST_REDIS_URL (default redis://127.0.0.1:6379/15), so that is the
# Redis that has to answer. pytest takes its settings from pyproject.toml.
test: setup
	@REDIS_URL="$${TEST_REDIS_URL:-redis://127.0.0.1:6379/15}" $(PY) scripts/services.py up
	@$(CHECK_CHROMIUM)
	$(RUFF) check .
	$(RUFF) format --check .
	$(LINT_IMPORTS)
	$(MANAGE) makemigrations --check --dry-run
	env -u DJANGO_SETTINGS_MODULE $(VENV)/bin/pytest $(PYTEST_ARGS)

# The benchmarks seed national-scale data into a database of their own, never the demo one,
# and one per scale (BENCH_SCALE: tenth, full or ten times the benchmark data), so that
# scales never mix: nca_portal_bench holds the full data, nca_portal_bench_tenth a tenth.
# The in-process timings come first, then the load stage against gunicorn.
# Its Redis database is its own too (14; the demo's is 0, the tests' 15): the tasks the
# benchmarks queue for their records never reach the demo's worker, nor the demo's theirs.
BENCH_SCALE ?= full
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/nca_portal_bench$(if $(filter full,$(BENCH_SCALE)),,_$(BENCH_SCALE))
BENCH_REDIS_URL ?= redis://127.0.0.1:6379/14
BENCH_ENV = DATABASE_URL="$(BENCH_DATABASE_URL)" REDIS_URL="$(BENCH_REDIS_URL)" DEBUG=false
bench: setup
	@$(BENCH_ENV) $(PY) scripts/services.py up
	$(BENCH_ENV) $(MANAGE) migrate --noinput
	$(BENCH_ENV) $(MANAGE) load_reference_data
	$(BENCH_ENV) $(MANAGE) run_benchmarks --scale=$(BENCH_SCALE) --load $(BENCH_ARGS)

lint: $(VENV_STAMP)
	$(RUFF) check .
	$(RUFF) format --check .
	$(LINT_IMPORTS)

clean: services-down
	rm -rf $(VENV) node_modules static/build .local
