"""`make stop-db` stops the embedded server whatever happened to the process that started it."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
from pathlib import Path

from newsdesk.embedded_db import is_running, stop

ROOT = Path(__file__).resolve().parents[2]
START = (
    "import sys, time; from pathlib import Path; "
    "from newsdesk.embedded_db import embedded_database_url; "
    "print(embedded_database_url(Path(sys.argv[1])), flush=True); time.sleep(600)"
)


def test_stop_db_stops_a_server_whose_starter_was_killed(tmp_path):
    data = tmp_path / "pg"
    starter = subprocess.Popen(
        [sys.executable, "-c", START, str(data)], cwd=ROOT, stdout=subprocess.PIPE, text=True
    )
    try:
        assert starter.stdout is not None
        assert starter.stdout.readline().startswith("postgres://")
        assert is_running(data)
        starter.send_signal(signal.SIGKILL)  # as a `make run` ended by a signal
        starter.wait(timeout=30)
        # The library's bookkeeping still names the dead process: its own stop would refuse.
        handles = json.loads((data / ".handle_pids.json").read_text())
        assert starter.pid in handles
        assert stop(data) is True
        assert not is_running(data)
        assert stop(data) is False  # a second stop has nothing to do
    finally:
        if starter.poll() is None:
            starter.kill()
        if is_running(data):
            stop(data)
