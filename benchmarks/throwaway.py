"""Run a benchmark script against a throwaway database on the configured PostgreSQL server.

The parent process creates the database, re-runs the script with DATABASE_URL pointing at it
and `child_flag` set, and drops it afterwards (unless asked to keep it).
"""

from __future__ import annotations

import os
import subprocess
import sys
from urllib.parse import quote


def _server_params(db: dict) -> dict:
    return {
        "user": db.get("USER") or None,
        "password": db.get("PASSWORD") or None,
        "host": db.get("HOST") or None,
        "port": db.get("PORT") or None,
    }


def _url_for(db: dict, name: str) -> str:
    user = quote(db.get("USER") or "", safe="")
    secret = quote(db.get("PASSWORD") or "", safe="")
    credentials = f"{user}:{secret}@" if secret else (f"{user}@" if user else "")
    host = quote(str(db.get("HOST") or ""), safe="")
    port = f":{db['PORT']}" if db.get("PORT") else ""
    return f"postgres://{credentials}{host}{port}/{name}"


def _maintenance(db: dict, statement: str) -> None:
    """Run `statement` from the server's maintenance database (else the configured one)."""
    import psycopg

    for dbname in ("postgres", db["NAME"]):
        try:
            with psycopg.connect(dbname=dbname, autocommit=True, **_server_params(db)) as conn:
                conn.execute(statement)
            return
        except psycopg.OperationalError:
            continue
    raise RuntimeError("Cannot reach the PostgreSQL server to create the bench database.")


def rerun_in_throwaway_database(*, name: str, child_flag: str, script: str, keep: bool) -> int:
    """Create database `name`, run `script` (with this process's arguments) against it with
    `child_flag`=1, then drop the database unless `keep`; returns the child's exit code."""
    import django

    django.setup()
    from django.conf import settings

    db = settings.DATABASES["default"]
    _maintenance(db, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    _maintenance(db, f"CREATE DATABASE {name}")
    env = {**os.environ, "DATABASE_URL": _url_for(db, name), child_flag: "1"}
    try:
        return subprocess.call([sys.executable, script, *sys.argv[1:]], env=env)
    finally:
        if not keep:
            _maintenance(db, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
