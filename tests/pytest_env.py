"""Loaded with `-p` before pytest-django reads the settings: test-run defaults."""

import os

os.environ.setdefault("SECRET_KEY", "test-only-secret-key-not-for-production-use-0123456789")
os.environ.setdefault("DJANGO_HTTPS", "0")
os.environ.setdefault("LOG_LEVEL", "WARNING")
