"""Extraction quality on the shared dev set: wanted snippets found, boilerplate left out.

Each page lists snippets that must appear in the extracted body ("with") and
snippets of page furniture that must not ("without"). Matching folds whitespace.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from sources.importing.decode import decode_bytes
from sources.importing.html import TRAFILATURA_OPTIONS, extract_html

EVAL_DIR = Path(__file__).resolve().parents[2].parent / "shared" / "eval" / "extraction-dev"
MIN_HIT_RATE = 0.90
MAX_LEAKS = 15


def fold(text: str) -> str:
    return " ".join(text.split())


def test_extraction_eval(capsys: pytest.CaptureFixture[str]) -> None:
    index = EVAL_DIR / "evaldata.subset.json"
    if not index.is_file():
        pytest.fail(
            f"The extraction eval set is missing: expected {index} "
            "(the shared/eval folder next to the repository)."
        )
    cases = json.loads(index.read_text(encoding="utf-8"))
    hits = leaks = wanted = unwanted = 0
    misses: list[str] = []
    leaked: list[str] = []
    for url, case in cases.items():
        html = decode_bytes(gzip.decompress((EVAL_DIR / "html" / case["file"]).read_bytes()))
        body = fold(extract_html(html, url=url).body)
        for snippet in case["with"]:
            wanted += 1
            if fold(snippet) in body:
                hits += 1
            else:
                misses.append(f"{case['file']}: {snippet}")
        for snippet in case["without"]:
            unwanted += 1
            if fold(snippet) in body:
                leaks += 1
                leaked.append(f"{case['file']}: {snippet}")

    with capsys.disabled():
        print(
            f"\nextraction eval: {hits}/{wanted} hits, {leaks}/{unwanted} leaks "
            f"({len(cases)} pages; options {TRAFILATURA_OPTIONS})"
        )
        for line in misses:
            print(f"  miss: {line}")
        for line in leaked:
            print(f"  leak: {line}")
    assert (wanted, unwanted) == (75, 80), "the eval set changed: update the thresholds"
    assert hits >= MIN_HIT_RATE * wanted, misses
    assert leaks <= MAX_LEAKS, leaked
