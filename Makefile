# Newsdesk: the documented entry points are `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
DEV := DJANGO_DEBUG=1
# Benchmarks run with DEBUG off (as production does), on the embedded server or DATABASE_URL.
BENCH_ENV := SECRET_KEY=$${SECRET_KEY:-bench-only-key-not-for-serving-anything} NEWSDESK_EMBEDDED_DB=1

.PHONY: run test lint format bench eval migrate seeds users worker stop-db clean venv

$(STAMP): requirements/base.txt requirements/dev.txt requirements/prod.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Newsdesk needs Python 3.11 or newer")'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements/dev.txt
	touch $(STAMP)

venv: $(STAMP)

migrate: venv
	$(DEV) $(BIN)/python manage.py migrate --noinput

seeds: migrate
	$(DEV) $(BIN)/python manage.py load_seeds

users: migrate
	$(DEV) $(BIN)/python manage.py create_demo_users

## Set up (venv, database, seeds, demo users) and serve at http://127.0.0.1:8000
## (with a Celery worker beside it when REDIS_URL is set).
run: seeds users
	@if [ -n "$$REDIS_URL" ]; then \
		echo "Starting a Celery worker and beat (REDIS_URL is set)"; \
		$(DEV) $(BIN)/celery -A newsdesk worker --beat -l info -c 2 & \
	fi; \
	$(DEV) $(BIN)/python manage.py runserver $(HOST):$(PORT)

## Set up and run the whole test suite (embedded PostgreSQL when DATABASE_URL is unset).
test: venv
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(DEV) DATABASE_URL=$${DATABASE_URL:-postgres://localhost/unused} $(BIN)/mypy
	$(DEV) $(BIN)/python manage.py makemigrations --check --dry-run

format: venv
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

## Benchmarks: figures printed, nothing asserted.
bench: venv
	$(BENCH_ENV) $(BIN)/python benchmarks/run_all.py $(BENCH_ARGS)

## Evaluation on real reporting (tests/fixtures/cross-outlet-dev): figures printed.
eval: venv
	$(BENCH_ENV) $(BIN)/python benchmarks/eval_pairs.py $(EVAL_ARGS)

worker: venv
	$(DEV) $(BIN)/celery -A newsdesk worker --beat -l info

stop-db:
	@test ! -x $(BIN)/python || $(BIN)/python -c 'from pathlib import Path; from newsdesk.embedded_db import stop; stop(Path(".data/pg"))'

clean: stop-db
	rm -rf $(VENV) .data staticfiles .pytest_cache .ruff_cache .mypy_cache .import_linter_cache
