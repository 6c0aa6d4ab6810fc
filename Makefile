# compliance-kit — two commands on a fresh machine (Python 3.11+, Node.js 18+ with npm):
#   make demo   set everything up, then deploy and run the main job on the embedded chain
#   make test   set everything up, then run the full test suite
# Both are idempotent: a second run only re-installs what changed.

PYTHON ?= $(shell command -v python3.11 || command -v python3 || echo python3)
VENV   := .venv
BIN    := $(VENV)/bin
PY_STAMP   := $(VENV)/.installed
NODE_STAMP := node_modules/.installed
# Slither pins web3<8, so it lives in its own environment (see docs/security.md)
SLITHER_VENV  := .venv-slither
SLITHER_STAMP := $(SLITHER_VENV)/.installed

.DEFAULT_GOAL := help
.PHONY: help setup demo test lint bench security clean

help:
	@echo "make demo    set up, then deploy + run the main job on the embedded chain"
	@echo "make test    set up, then run the full test suite"
	@echo "make lint    ruff check + format check + mypy"
	@echo "make bench   throughput benchmark (kit vs web3.py defaults)"
	@echo "make security  Slither on the contracts (gate: no unjustified high/medium)"
	@echo "make clean   remove the virtualenv, node_modules and caches"

setup: $(PY_STAMP) $(NODE_STAMP) $(SLITHER_STAMP)

$(PY_STAMP): pyproject.toml constraints.txt
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null || { \
	  echo "error: Python 3.11+ is needed ($(PYTHON) is missing or older): install it or run 'make PYTHON=/path/to/python3.11 ...'"; exit 1; }
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[dev,report]'
	@touch $@

$(NODE_STAMP): package.json package-lock.json
	@command -v node >/dev/null 2>&1 || { \
	  echo "error: Node.js not found: install Node.js 18+ with npm (https://nodejs.org), then re-run"; exit 1; }
	@command -v npm >/dev/null 2>&1 || { \
	  echo "error: npm not found: install npm (it ships with Node.js), then re-run"; exit 1; }
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

$(SLITHER_STAMP): compliance_kit/analysis/slither-constraints.txt | $(PY_STAMP)
	@test -x $(SLITHER_VENV)/bin/python || $(PYTHON) -m venv $(SLITHER_VENV)
	$(SLITHER_VENV)/bin/python -m pip install --quiet --disable-pip-version-check \
	  -c compliance_kit/analysis/slither-constraints.txt slither-analyzer
	@touch $@

demo: setup
	$(BIN)/compliance-kit demo

test: setup
	COMPLIANCE_KIT_SLITHER_PYTHON=$(CURDIR)/$(SLITHER_VENV)/bin/python $(BIN)/python -m pytest

security: setup
	COMPLIANCE_KIT_SLITHER_PYTHON=$(CURDIR)/$(SLITHER_VENV)/bin/python $(BIN)/python -m compliance_kit.analysis.slither

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy compliance_kit

bench: setup
	$(BIN)/compliance-kit bench throughput

clean:
	rm -rf $(VENV) $(SLITHER_VENV) node_modules .pytest_cache .ruff_cache .mypy_cache .hypothesis
