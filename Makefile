# Newsdesk: the documented entry points are `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
DEV := DJANGO_DEBUG=1
# Benchmarks run with DEBUG off (as production does), on the embedded server or DATABASE_URL.
BENCH_ENV := PYTHONPATH=$(CURDIR) SECRET_KEY=$${SECRET_KEY:-bench-only-key-not-for-serving-anything} NEWSDESK_EMBEDDED_DB=1

LOCKS := base prod dev

.PHONY: requirements audit run serve test lint format bench eval migrate seeds users worker stop-db clean venv

$(STAMP): requirements/base.txt requirements/dev.txt requirements/prod.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Newsdesk needs Python 3.11 or newer")'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements/dev.txt
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
		$(DEV) $(BIN)/celery -A newsdesk worker --beat -Q default,imports,conflicts,webhooks -l info -c 2 & \
	fi; \
	$(DEV) $(BIN)/python manage.py runserver $(HOST):$(PORT)

## Production-style: migrate, collect static files, then the Procfile's three processes
## (gunicorn, one Celery worker on every queue, one beat). Needs the environment of
## .env.example: SECRET_KEY, DATABASE_URL, REDIS_URL, ALLOWED_HOSTS.
serve: venv
	$(BIN)/python manage.py check --deploy --fail-level WARNING
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0
	bin/procfile-run

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

## Recompile the locks (requirements/*.txt, with hashes) from requirements/*.in.
requirements: venv
	for lock in $(LOCKS); do \
		$(BIN)/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras \
			--no-emit-index-url --no-emit-find-links \
			-o requirements/$$lock.txt requirements/$$lock.in || exit 1; \
	done

## Audit the locked packages against the advisory databases (needs network to them).
audit: venv
	for lock in $(LOCKS); do \
		$(BIN)/pip-audit --require-hashes --disable-pip -r requirements/$$lock.txt || exit 1; \
	done

## Benchmarks: figures printed, nothing asserted.
bench: venv
	$(BENCH_ENV) $(BIN)/python benchmarks/run_all.py $(BENCH_ARGS)

## Evaluation on real reporting (tests/fixtures/cross-outlet-dev): figures printed.
eval: venv
	$(BENCH_ENV) $(BIN)/python benchmarks/eval_pairs.py $(EVAL_ARGS)
	$(BENCH_ENV) $(BIN)/python benchmarks/eval_phrases.py

worker: venv
	$(DEV) $(BIN)/celery -A newsdesk worker --beat -Q default,imports,conflicts,webhooks -l info

## Stop the embedded PostgreSQL (exits non-zero if it runs and will not stop).
stop-db:
	@test ! -x $(BIN)/python || $(BIN)/python -c 'import sys; from pathlib import Path; from newsdesk.embedded_db import stop; print("Embedded PostgreSQL stopped." if stop(Path(".data/pg")) else "Embedded PostgreSQL was not running.")'

clean: stop-db
	rm -rf $(VENV) .data staticfiles .pytest_cache .ruff_cache .mypy_cache .import_linter_cache
