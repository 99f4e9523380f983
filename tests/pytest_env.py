"""Loaded with `-p` before pytest-django reads the settings: test-run defaults."""

import os

os.environ.setdefault("SECRET_KEY", "test-only-secret-key-not-for-production-use-0123456789")
os.environ.setdefault("DJANGO_HTTPS", "0")
os.environ.setdefault("LOG_LEVEL", "WARNING")
os.environ.setdefault("NEWSDESK_PLAIN_STATIC", "1")  # no collectstatic before tests
# Tasks run in-process unless a test starts a real worker (see tests/worker.py).
os.environ.setdefault("CELERY_TASK_ALWAYS_EAGER", "1")
# Without DATABASE_URL the suite runs on the embedded development server (DEBUG stays off).
os.environ.setdefault("NEWSDESK_EMBEDDED_DB", "1")
# Racing-thread tests hold more connections at once than a small pool gives; the pool
# itself is tested in a process of its own (tests/common/test_production.py).
os.environ.setdefault("DATABASE_POOL_MAX_SIZE", "0")
