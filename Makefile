# The two commands a fresh machine needs: `make run` and `make test` (see README.md).
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test setup system-deps lint messages lock clean help bench bench-retention

help:
	@echo "make run   - set up and serve the portal with demo data at http://$(HOST):$(PORT)"
	@echo "make test  - set up, start a throwaway PostgreSQL and run every check"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# Reinstalled whenever the lock changes.
$(VENV)/.installed: requirements.lock | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.lock
	touch $@

system-deps:
	@scripts/system-deps.sh

setup: system-deps $(VENV)/.installed
	$(MANAGE) compilemessages --ignore=.venv --ignore=var -v0
	$(MANAGE) collectstatic --noinput -v0

# The sign-in hint and the links in the demo's mail name the address really served on (as
# scripts/serve.sh, SITE_URL when it names another address, a proxy's).
run: setup
	$(MANAGE) migrate --noinput -v1
	SITE_URL=$${SITE_URL:-http://$(HOST):$(PORT)} $(MANAGE) load_demo --site-url http://$(HOST):$(PORT)
	scripts/serve.sh $(HOST) $(PORT)

test: setup
	scripts/test.sh

# Benchmarks (not tests), on a PostgreSQL as durable as a real one (fsync, synchronous_commit):
# one table printed and saved in bench/results/latest.json; docs/performance.md is written from it.
bench: setup
	POSTGRES_DURABLE=1 scripts/with-postgres.sh $(BIN)/python bench/scale.py

bench-retention: setup
	POSTGRES_DURABLE=1 scripts/with-postgres.sh $(BIN)/python bench/retention_sweep.py

lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# Regenerate the Bulgarian catalogue after changing user-facing strings; translate, then commit.
messages: $(VENV)/.installed
	$(MANAGE) makemessages -l bg --no-obsolete --ignore=.venv --ignore=var --ignore=tests --ignore=bench

# Re-pin every dependency from pyproject.toml (only when deliberately upgrading).
lock: $(BIN)/python
	$(BIN)/pip install --quiet pip-tools
	$(BIN)/pip-compile --quiet --extra dev --strip-extras --no-emit-index-url \
		--no-emit-find-links --output-file requirements.lock pyproject.toml

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache
