"""Extraction quality through the app's own import path (`article_import`), not just
`extract_html`: what an editor gets in `Article.body` keeps the article and drops the page
furniture of the shared dev set (75 wanted sentences, 80 unwanted snippets).
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from sources.importing.decode import decode_bytes
from sources.models import Article
from sources.services import article_import

EVAL_DIR = Path(__file__).resolve().parents[3] / "shared" / "eval" / "extraction-dev"
MIN_HIT_RATE = 0.90
MAX_LEAKS = 15


def fold(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.django_db
def test_extraction_eval_through_the_import_service(capsys: pytest.CaptureFixture[str]) -> None:
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
        address = url if url.startswith(("http://", "https://")) else ""  # some keys are ids
        result = article_import(method="html", html=html, url=address)
        assert result.outcome == "imported", case["file"]
        body = fold(Article.objects.get(pk=result.article.pk).body)
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
            f"\nextraction eval through article_import: {hits}/{wanted} hits "
            f"({hits / wanted:.0%}), {leaks}/{unwanted} leaks, {len(cases)} pages"
        )
        for line in misses:
            print(f"  miss: {line}")
        for line in leaked:
            print(f"  leak: {line}")
    assert Article.objects.count() == len(cases)
    assert (wanted, unwanted) == (75, 80), "the eval set changed: update the thresholds"
    assert hits >= MIN_HIT_RATE * wanted, misses
    assert leaks <= MAX_LEAKS, leaked
