"""`manage.py extract_facts`: one JSON object per sentence."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db


def _run(lines: str, *args: str) -> list[dict]:
    out = io.StringIO()
    import sys

    saved = sys.stdin
    sys.stdin = io.StringIO(lines)
    try:
        call_command("extract_facts", *args, stdout=out)
    finally:
        sys.stdin = saved
    return [json.loads(line) for line in out.getvalue().splitlines()]


def test_reads_stdin_and_prints_json_lines():
    rows = _run(
        "Burkina and Côte d’Ivoire share a border of nearly 600 kilometers\n\n"
        "In mid-May, Mali decided to withdraw from the G5 Sahel\n",
        "--published",
        "2022-09-04",
    )
    assert len(rows) == 2
    border, withdrawal = rows
    assert border["quantities"] == [
        {
            "text": "nearly 600 kilometers",
            "low": 540000.0,
            "high": 600000.0,
            "unit": "m",
            "hedge": "nearly",
        }
    ]
    assert {e["entity"] for e in border["entities"]} == {"Burkina Faso", "Côte d'Ivoire"}
    assert withdrawal["dates"] == [
        {
            "text": "mid-May",
            "start": "2022-05-11",
            "end": "2022-05-20",
            "granularity": "part_of_month",
        }
    ]
    assert withdrawal["quantities"] == []


def test_reads_a_file(tmp_path):
    path = tmp_path / "s.txt"
    path.write_text("More than 40% of Burkina’s territory is outside state control\n")
    out = io.StringIO()
    call_command("extract_facts", str(path), stdout=out)
    row = json.loads(out.getvalue())
    assert row["quantities"][0]["low"] == 40 and row["quantities"][0]["high"] is None


def test_bad_arguments_are_clear(tmp_path):
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("extract_facts", "--published", "4 Sept")
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("extract_facts", str(tmp_path / "missing.txt"))
    binary = tmp_path / "b.txt"
    binary.write_bytes(b"\xff\xfe\x00bad")
    with pytest.raises(CommandError, match="not UTF-8"):
        call_command("extract_facts", str(binary))
