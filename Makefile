# tenure — the two commands: `make demo` and `make test`. Everything installs itself.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
BACKENDS_STAMP := $(VENV)/.backends-stamp
DEMO_WORKSPACE ?= demo-workspace
PYTEST_WORKERS ?= 2

.PHONY: install backends system-deps demo test lint format bench docs clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

# The Postgres and Spark drivers of the backend suite (tests/backends).
$(BACKENDS_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e ".[dev,backends]"
	touch $(BACKENDS_STAMP)

backends: $(BACKENDS_STAMP)

# Build the demo company, print its KPI summary, then serve the dashboard with a demo login.
demo: install
	$(BIN)/tenure demo --workspace $(DEMO_WORKSPACE) --replace
	$(BIN)/tenure metrics summary --workspace $(DEMO_WORKSPACE)
	$(BIN)/tenure serve --workspace $(DEMO_WORKSPACE) --host 127.0.0.1 --port 8000 --demo-login

# Debian's chromium for the browser tests (`playwright install` cannot download here),
# PostgreSQL for the backend suite (it runs its own throw-away cluster), and a Java runtime
# for Spark when there is no `java`.
system-deps:
	command -v chromium >/dev/null || (apt-get update && apt-get install -y chromium)
	ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1 || (apt-get update && apt-get install -y postgresql)
	command -v java >/dev/null || (apt-get update && apt-get install -y default-jre-headless)
	command -v pdftoppm >/dev/null || (apt-get update && apt-get install -y poppler-utils)

test: install backends system-deps
	$(BIN)/python -m pytest -n $(PYTEST_WORKERS) -p no:cacheprovider

lint: install
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/mypy

format: install
	$(BIN)/ruff format src tests benchmarks
	$(BIN)/ruff check --fix src tests benchmarks

bench: install
	$(BIN)/python benchmarks/run.py

docs: install
	$(BIN)/tenure schema --markdown > docs/data-model.md
	$(BIN)/tenure sources --markdown > docs/sources.md
	$(BIN)/tenure settings --markdown > docs/configuration.md

clean:
	rm -rf $(VENV) $(DEMO_WORKSPACE) .pytest_cache .mypy_cache .ruff_cache
