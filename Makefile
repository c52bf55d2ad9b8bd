# Parley: `make demo` runs it with demo data, `make test` runs every check. Both set everything up first.
# `manage.py api_docs` regenerates docs/api.md from the OpenAPI schema (tests/test_docs.py checks it is current).
# The browser tests check accessibility with axe-core, an npm package (package.json); `make test` installs it.
# `bin/messages.py update` collects new participant strings into locale/*/django.po; `install` compiles them (.mo).
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
PYTHON ?= $(shell bin/find-python)

.PHONY: demo test lint bench chaos services install messages clean-data

$(VENV)/.installed: requirements.txt
	@test -n "$(PYTHON)" || { bin/find-python; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

install: $(VENV)/.installed messages
	@command -v ffmpeg >/dev/null || echo "ffmpeg not found: calls' recordings cannot be transcribed (apt-get install ffmpeg)"

# The participant pages' translations: .po (committed) -> .mo (built), with Babel, no GNU gettext needed.
messages: $(VENV)/.installed
	$(PY) bin/messages.py compile

# npm ci rewrites node_modules/.package-lock.json, so a changed package-lock.json installs again. Without npm the
# accessibility tests are skipped with their reason, as the browser tests are without Chromium.
node_modules/.package-lock.json: package.json package-lock.json
	@if command -v npm >/dev/null; then npm ci --no-audit --no-fund --loglevel=error && touch $@; \
	else echo "npm not found: the accessibility tests will be skipped (apt-get install npm)"; fi

services: install
	$(PY) bin/services.py

demo: install
	$(PY) bin/services.py --demo
	$(PY) manage.py migrate_schemas --shared --verbosity 0
	$(PY) manage.py migrate_schemas --tenant --verbosity 0
	$(PY) manage.py seed_demo
	$(PY) bin/demo.py

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

test: services lint node_modules/.package-lock.json
	$(PY) manage.py makemigrations --check --dry-run
	$(PY) manage.py check
	$(PY) -m pytest

# `make bench QUICK=1` runs a smaller version; `make bench COMPARE=old-results.json` flags figures >20% worse.
# The figures are measured in the demo's acme workspace: seed_demo creates it on a fresh machine and changes nothing
# where it exists.
bench: services
	$(PY) manage.py migrate_schemas --shared --verbosity 0
	$(PY) manage.py migrate_schemas --tenant --verbosity 0
	$(PY) manage.py seed_demo
	BENCH_QUICK=$(QUICK) BENCH_COMPARE=$(COMPARE) $(PY) bench/run.py

# The chaos run alone (make bench ends with it): 100 participants through a Redis outage, a failing model and a
# killed worker; it fails if an answer, reply, email or webhook was lost or doubled, or a response was a 5xx.
chaos: services
	$(PY) manage.py migrate_schemas --shared --verbosity 0
	$(PY) manage.py migrate_schemas --tenant --verbosity 0
	$(PY) bench/chaos.py

clean-data:
	@echo "Stopping embedded servers and deleting .data/ (demo data included)."
	-$(VENV)/bin/pg_ctl -D .data/pg stop 2>/dev/null; -test -f .data/redis/redis.pid && kill $$(cat .data/redis/redis.pid)
	rm -rf .data
