# carecommons — the two commands a newcomer needs are `make demo` and `make test`.
SHELL := /bin/bash
.DEFAULT_GOAL := help

# The first Python >= 3.12 on PATH (pyenv reads .python-version, which pins 3.13.0).
PYTHON ?= $(shell for p in python3.13 python3.12 python3; do \
	command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null \
	&& { echo $$p; break; }; done)
VENV := .venv
BIN := $(VENV)/bin
UV_HOME := .tools/uv
UV := $(UV_HOME)/bin/uv
PORT ?= 8000
# Two workers: the suite (browser tests included) runs in about half the time on 2 cores.
PYTEST_ARGS ?= -n 2

.PHONY: help demo test check lint format typecheck bench serve worker clean

help:
	@echo "make demo   set up .venv, create the SQLite database, load the demo community and serve it on http://127.0.0.1:$(PORT)"
	@echo "make test   run the whole test suite (DATABASE_URL=postgres://… to run it on PostgreSQL)"
	@echo "make check  lint, type-check, migrations check and Django's deployment checklist"
	@echo "make bench  run the benchmarks under bench/ and print their tables"

$(UV):
	@if [ -z "$(PYTHON)" ]; then \
		echo "carecommons needs Python 3.12 or newer (3.13 recommended; see .python-version)."; \
		echo "Install it (for example with pyenv: 'pyenv install 3.13.0') and run make again."; exit 1; fi
	@echo "Installing uv with $(PYTHON) ($$($(PYTHON) --version))"
	@$(PYTHON) -m venv $(UV_HOME)
	@$(UV_HOME)/bin/pip install --quiet --disable-pip-version-check uv

$(VENV)/.synced: pyproject.toml uv.lock | $(UV)
	@UV_PROJECT_ENVIRONMENT=$(VENV) $(UV) sync --locked --all-extras --quiet \
		--python "$$($(PYTHON) -c 'import sys; print(sys.executable)')"
	@touch $@

demo: $(VENV)/.synced
	@$(BIN)/carecommons demo --port $(PORT)

serve: $(VENV)/.synced
	@$(BIN)/carecommons serve --port $(PORT)

worker: $(VENV)/.synced
	@$(BIN)/carecommons worker

test: $(VENV)/.synced
	@$(BIN)/pytest $(PYTEST_ARGS)

lint: $(VENV)/.synced
	@$(BIN)/ruff check .
	@$(BIN)/ruff format --check .

format: $(VENV)/.synced
	@$(BIN)/ruff format .
	@$(BIN)/ruff check --fix .

typecheck: $(VENV)/.synced
	@$(BIN)/mypy

check: lint typecheck
	@CARECOMMONS_DATA_DIR=$$(mktemp -d) $(BIN)/carecommons makemigrations --check --dry-run
	@CARECOMMONS_DATA_DIR=$$(mktemp -d) SECRET_KEY=check-deploy-$$(head -c 32 /dev/urandom | base64 | tr -dc 'a-zA-Z0-9') \
		HTTPS=true ALLOWED_HOSTS=community.example.org SECURE_HSTS_PRELOAD=true EMAIL_HOST=smtp.example.org \
		$(BIN)/carecommons check --deploy --fail-level WARNING

bench: $(VENV)/.synced
	@$(BIN)/python -m bench

clean:
	rm -rf $(VENV) $(UV_HOME) var test-artifacts
