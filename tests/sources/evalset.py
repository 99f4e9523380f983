"""The extraction dev set (tests/fixtures/extraction-dev) and its scoring
(whitespace folded, substring match)."""

from __future__ import annotations

import gzip
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from sources.importing.decode import decode_bytes

EVAL_DIR = Path(__file__).resolve().parents[1] / "fixtures" / "extraction-dev"
MIN_HIT_RATE = 0.90
MAX_LEAKS = 15


def fold(text: str) -> str:
    return " ".join(text.split())


@dataclass
class Score:
    pages: int = 0
    hits: int = 0
    wanted: int = 0
    leaks: int = 0
    unwanted: int = 0
    misses: list[str] = field(default_factory=list)
    leaked: list[str] = field(default_factory=list)

    def report(self, label: str) -> str:
        lines = [
            f"\n{label}: {self.hits}/{self.wanted} hits ({self.hits / self.wanted:.0%}), "
            f"{self.leaks}/{self.unwanted} leaks, {self.pages} pages"
        ]
        lines += [f"  miss: {m}" for m in self.misses] + [f"  leak: {m}" for m in self.leaked]
        return "\n".join(lines)

    def check(self) -> None:
        assert (self.wanted, self.unwanted) == (75, 80), "the eval set changed: update thresholds"
        assert self.hits >= MIN_HIT_RATE * self.wanted, self.misses
        assert self.leaks <= MAX_LEAKS, self.leaked


def score(body_for: Callable[[str, str], str]) -> Score:
    """Score `body_for(url, html) -> body` on every page of the dev set."""
    index = EVAL_DIR / "evaldata.subset.json"
    if not index.is_file():
        pytest.fail(f"The extraction eval set is missing: expected {index} (tests/fixtures).")
    result = Score()
    for url, case in json.loads(index.read_text(encoding="utf-8")).items():
        html = decode_bytes(gzip.decompress((EVAL_DIR / "html" / case["file"]).read_bytes()))
        body = fold(body_for(url, html))
        result.pages += 1
        for snippet in case["with"]:
            result.wanted += 1
            if fold(snippet) in body:
                result.hits += 1
            else:
                result.misses.append(f"{case['file']}: {snippet}")
        for snippet in case["without"]:
            result.unwanted += 1
            if fold(snippet) in body:
                result.leaks += 1
                result.leaked.append(f"{case['file']}: {snippet}")
    return result
