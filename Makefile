# tenure — the two commands: `make demo` and `make test`. Everything installs itself.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
DEMO_WORKSPACE ?= demo-workspace
PYTEST_WORKERS ?= 2

.PHONY: install system-deps demo test lint format bench docs clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

# Build the demo company, print its KPI summary, then serve the dashboard with a demo login.
demo: install
	$(BIN)/tenure demo --workspace $(DEMO_WORKSPACE) --replace
	$(BIN)/tenure serve --workspace $(DEMO_WORKSPACE) --host 127.0.0.1 --port 8000 --demo-login

# Debian's chromium for the browser tests (`playwright install` cannot download here).
system-deps:
	command -v chromium >/dev/null || (apt-get update && apt-get install -y chromium)

test: install system-deps
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

clean:
	rm -rf $(VENV) $(DEMO_WORKSPACE) .pytest_cache .mypy_cache .ruff_cache
