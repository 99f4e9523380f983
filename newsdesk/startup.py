"""What every entry point checks before it starts (manage.py, wsgi, asgi, Celery).

Settings call these while they load, so each entry point refuses the same way: one
sentence on standard error and exit status 1, never a silently wrong default. Outside
DEBUG the app needs a real PostgreSQL (`DATABASE_URL`) and its own `SECRET_KEY`: an
embedded database under the project folder would be a private, unbacked-up production
database, and the development key signs sessions anyone can forge.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path

DEVELOPMENT_KEY = "django-insecure-newsdesk-development-only"
# manage.py commands that read the code and sign nothing (no session, no token, no
# password reset): they run without a key of their own, e.g. in a lint step or a hook.
KEYLESS_COMMANDS = frozenset({"check", "makemigrations", "showmigrations", "sqlmigrate", "help"})


def _keyless_command(argv: list[str]) -> bool:
    return (
        len(argv) > 1 and os.path.basename(argv[0]) == "manage.py" and argv[1] in KEYLESS_COMMANDS
    )


class StartupRefused(SystemExit):
    """The process stops before serving anything; the message says what to set."""

    def __init__(self, sentence: str) -> None:
        super().__init__(f"Newsdesk will not start: {sentence}")


def database_url(*, debug: bool, embedded_dir: Path, embedded_allowed: bool) -> str:
    """DATABASE_URL, or the embedded development server when DEBUG (or the test run) allows it."""
    url = os.environ.get("DATABASE_URL", "").strip()
    if url:
        return url
    if not (debug or embedded_allowed):
        raise StartupRefused(
            "DJANGO_DEBUG is off and DATABASE_URL is not set; set DATABASE_URL to the "
            "production PostgreSQL (the embedded database is only for development)."
        )
    embedded: Callable[[Path], str]
    try:
        from newsdesk.embedded_db import embedded_database_url as embedded
    except ImportError:
        raise StartupRefused(
            "DATABASE_URL is not set and the embedded PostgreSQL is not installed "
            "(it comes with requirements/dev.txt); set DATABASE_URL."
        ) from None
    return embedded(embedded_dir)


def secret_key(*, debug: bool) -> str:
    """SECRET_KEY; outside DEBUG it must be set and must not be the development key."""
    key = os.environ.get("SECRET_KEY", "")
    if debug or (not key and _keyless_command(sys.argv)):
        return key or DEVELOPMENT_KEY
    if not key or key == DEVELOPMENT_KEY:
        raise StartupRefused(
            "DJANGO_DEBUG is off and SECRET_KEY is not set; set SECRET_KEY to a long random "
            "value of your own."
        )
    return key
