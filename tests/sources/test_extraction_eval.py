"""Extraction quality on the dev set (tests/fixtures/extraction-dev): wanted snippets
found, boilerplate left out.

Each page lists snippets that must appear in the extracted body ("with") and
snippets of page furniture that must not ("without"). Matching folds whitespace.
"""

from __future__ import annotations

import pytest

from sources.importing.html import TRAFILATURA_OPTIONS, extract_html
from tests.sources.evalset import score


def test_extraction_eval(capsys: pytest.CaptureFixture[str]) -> None:
    result = score(lambda url, html: extract_html(html, url=url).body)
    with capsys.disabled():
        print(result.report(f"extract_html (options {TRAFILATURA_OPTIONS})"))
    result.check()
