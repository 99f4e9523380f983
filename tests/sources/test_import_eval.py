"""Extraction quality through the app's own import path (`article_import`), not just
`extract_html`: what an editor gets in `Article.body` keeps the article and drops the page
furniture of the extraction dev set in tests/fixtures (75 wanted sentences, 80 unwanted snippets).
"""

from __future__ import annotations

import pytest

from sources.models import Article
from sources.services import article_import
from tests.sources.evalset import score


def _imported_body(url: str, html: str) -> str:
    address = url if url.startswith(("http://", "https://")) else ""  # some keys are ids
    result = article_import(method="html", html=html, url=address)
    assert result.outcome == "imported", url
    return Article.objects.get(pk=result.article.pk).body


@pytest.mark.django_db
def test_extraction_eval_through_the_import_service(capsys: pytest.CaptureFixture[str]) -> None:
    result = score(_imported_body)
    with capsys.disabled():
        print(result.report("extraction eval through article_import"))
    assert Article.objects.count() == result.pages
    result.check()
