"""Run every benchmark in this folder, one process each, and print their figures.

`make bench` runs this. Benchmarks print figures and assert nothing; each creates and drops
its own throwaway database. `--quick` runs smaller sizes
(`make bench BENCH_ARGS=--quick`).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
QUICK = {
    "bench_conflicts.py": ["--sizes", "10000,100000"],
    "bench_import.py": ["--quick"],
    "bench_api.py": ["--quick"],
}


def main() -> int:
    scripts = sorted(HERE.glob("bench_*.py"))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "newsdesk.settings",
        "PYTHONPATH": str(HERE.parent),
    }
    failures = 0
    for script in scripts:
        print(f"\n=== {script.name} ===", flush=True)
        started = time.monotonic()
        result = subprocess.run(
            [sys.executable, str(script), *sys.argv[1:]], env=env, cwd=HERE.parent
        )
        print(f"--- {script.name}: exit {result.returncode} in {time.monotonic() - started:.0f} s")
        failures += result.returncode != 0
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
