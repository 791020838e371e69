# Set up and run Aftersales. `make run` starts the service (embedded PostgreSQL unless
# AFTERSALES_DATABASE_URL is set); `make test` runs the whole test suite.
VENV ?= .venv
PYTHON ?= python3
BIN := $(VENV)/bin

.PHONY: install run test lint bench fuzz

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

run: install
	$(BIN)/aftersales serve

test: install
	$(BIN)/pytest

fuzz: install
	$(BIN)/pytest -q tests/e2e/test_schemathesis.py

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy .

bench: install
	$(BIN)/python -m bench
