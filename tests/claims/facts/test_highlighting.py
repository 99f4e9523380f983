"""The highlighted body keeps the text exact and nests overlapping claims."""

from __future__ import annotations

import re
from html import unescape

from claims.facts.highlighting import highlight_claims
from claims.models import Claim
from sources.models import Article


def _claim(pk, body, quote, status="draft"):
    start = body.index(quote)
    return Claim(
        pk=pk,
        start=start,
        end=start + len(quote),
        exact=quote,
        status=status,
        statement=quote,
        anchor_state="anchored",
    )


def _text(html: str) -> str:
    return unescape(re.sub(r"<[^>]+>", "", html))


def test_text_is_unchanged_and_nested_claims_are_both_marked():
    body = "A <b> & “quote”.\nThe army left the country in August after nine years."
    article = Article(body=body)
    outer = _claim(1, body, "left the country in August after nine years")
    inner = _claim(2, body, "left the country in August", status="verified")
    crossing = _claim(3, body, "August after nine years.")
    html = str(highlight_claims(article, [outer, inner, crossing]))
    assert _text(html) == body
    assert html.count("<mark") == html.count("</mark>") == 3
    assert 'data-claim="2"' in html and "claim-verified" in html
    assert "&lt;b&gt; &amp;" in html  # article text is escaped, never markup


def test_orphaned_claims_are_not_drawn():
    body = "Some text about borders."
    claim = _claim(1, body, "borders")
    claim.anchor_state = "orphaned"
    html = str(highlight_claims(Article(body=body), [claim]))
    assert "<mark" not in html and _text(html) == body
