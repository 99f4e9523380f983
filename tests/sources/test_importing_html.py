"""Article extraction from HTML and sanitising HTML for display."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from sources.importing import ImportInputError
from sources.importing.html import ExtractedArticle, extract_html, sanitize_display_html

PARAGRAPHS = [
    "The military leaders of Mali, Burkina Faso and Niger have signed a mutual defence pact, "
    "ministerial delegations from the three Sahel countries announced in Bamako on Saturday.",
    "The Liptako-Gourma Charter establishes the Alliance of Sahel States, Mali’s junta leader "
    "Assimi Goita posted on social media, describing a new architecture of collective defence.",
    "A jihadist insurgency that erupted in northern Mali in 2012 spread to Niger and Burkina "
    "Faso in 2015, killing thousands of people and displacing millions across the region.",
    "Mali and Burkina Faso quickly responded by saying that any such operation would be deemed "
    "a declaration of war against them, according to statements read on state television.",
]

PAGE = f"""<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Sahel juntas sign defence pact | The Example Journal</title>
  <meta property="og:site_name" content="The Example Journal">
  <meta property="og:title" content="Sahel juntas sign defence pact">
  <meta name="author" content="Jane Reporter">
  <meta property="article:published_time" content="2023-09-17T08:30:00+02:00">
  <link rel="canonical" href="/world/sahel-pact">
</head>
<body>
  <header><nav>
    <a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a>
  </nav></header>
  <main>
    <article>
      <h1>Sahel juntas sign defence pact</h1>
      <p class="byline">By Jane Reporter</p>
      {"".join(f"<p>{p}</p>" for p in PARAGRAPHS)}
      <table><tr><td>Country</td><td>Coup year</td></tr><tr><td>Niger</td><td>2023</td></tr></table>
    </article>
    <section id="comments" class="comments">
      <h2>Comments</h2>
      <div class="comment">
        <p>What a terrible idea this pact is, says a reader of this site.</p>
      </div>
    </section>
  </main>
  <footer><p>© 2023 The Example Journal. All rights reserved.</p></footer>
</body>
</html>
"""


def test_extract_article_text_and_metadata() -> None:
    article = extract_html(PAGE, url="https://journal.example/world/sahel-pact?utm_source=x")
    assert isinstance(article, ExtractedArticle)
    assert article.title == "Sahel juntas sign defence pact"
    assert article.byline == "Jane Reporter"
    assert article.site_name == "The Example Journal"
    assert article.url == "https://journal.example/world/sahel-pact"  # canonical, resolved
    assert article.language == "en"
    assert article.published_at == datetime(2023, 9, 17, 6, 30, tzinfo=UTC)
    for paragraph in PARAGRAPHS:
        assert paragraph in article.body
    # paragraphs separated by exactly one blank line
    assert f"{PARAGRAPHS[0]}\n\n{PARAGRAPHS[1]}" in article.body
    assert "\n\n\n" not in article.body
    # no comments, navigation, footer or links
    assert "terrible idea" not in article.body
    assert "Home" not in article.body.split("\n")
    assert "All rights reserved" not in article.body
    assert "<" not in article.body


def test_extract_reads_metadata_of_a_page_with_an_xml_declaration() -> None:
    """An XHTML page that opens with `<?xml ...?>` is parsed once for text and metadata."""
    page = '<?xml version="1.0" encoding="utf-8"?>\n' + PAGE.removeprefix("<!DOCTYPE html>\n")
    article = extract_html(page, url="https://journal.example/world/sahel-pact?utm_source=x")
    assert PARAGRAPHS[0] in article.body
    assert article.published_at == datetime(2023, 9, 17, 6, 30, tzinfo=UTC)
    assert article.url == "https://journal.example/world/sahel-pact"


def test_extract_keeps_tables_as_text() -> None:
    body = extract_html(PAGE).body
    assert "Niger" in body and "2023" in body


def test_extract_without_url_or_canonical() -> None:
    page = PAGE.replace('<link rel="canonical" href="/world/sahel-pact">', "")
    assert extract_html(page).url is None
    assert extract_html(page, url="https://journal.example/a").url == "https://journal.example/a"


def test_extract_date_only_becomes_midnight_utc() -> None:
    page = PAGE.replace("2023-09-17T08:30:00+02:00", "2023-09-17")
    assert extract_html(page).published_at == datetime(2023, 9, 17, tzinfo=UTC)


def test_extract_truncated_html_does_not_crash() -> None:
    half = PAGE[: len(PAGE) // 2]
    article = extract_html(half, url="https://journal.example/world/sahel-pact")
    assert PARAGRAPHS[0] in article.body


def test_extract_malformed_html() -> None:
    page = "<html><body><div><p>" + PARAGRAPHS[0] + "<p>" + PARAGRAPHS[1] + "</span></td></b>"
    article = extract_html(page)
    assert PARAGRAPHS[0] in article.body and PARAGRAPHS[1] in article.body


@pytest.mark.parametrize(
    "html",
    [
        "",
        "   ",
        "<html><head><title>Nothing</title></head><body></body></html>",
        "<html><body><nav><a href='/'>Home</a></nav></body></html>",
        "<<<<>>>>",
        "\x00\x01\x02",
    ],
)
def test_extract_nothing_found(html: str) -> None:
    with pytest.raises(ImportInputError, match=r"^No article text could be found in this page\.$"):
        extract_html(html)


def test_extract_uses_structured_article_body_for_script_rendered_pages() -> None:
    body = " ".join(PARAGRAPHS * 2)
    ld = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": "Sahel juntas sign defence pact",
        "datePublished": "2023-09-17T08:30:00Z",
        "articleBody": body,
    }
    page = (
        "<html><head><title>Sahel juntas sign defence pact</title>"
        f'<script type="application/ld+json">{json.dumps(ld)}</script></head>'
        "<body><div id='app'><p>Loading the article, please wait a moment for it to appear.</p>"
        "</div></body></html>"
    )
    article = extract_html(page)
    assert PARAGRAPHS[2] in article.body
    assert article.published_at == datetime(2023, 9, 17, 8, 30, tzinfo=UTC)


def test_extract_normalises_and_strips_chrome() -> None:
    page = (
        "<html><body><article>"
        f"<p>{PARAGRAPHS[0]}</p><p>Advertisement</p>"
        "<p>The minister’s office said the deal was “historic”for the region and its people, "
        "and\u00a0that talks would continue next month in Niamey.</p>"
        "<p>Sign up for our daily newsletter and never miss a story from the region.</p>"
        f"<p>{PARAGRAPHS[1]}</p>"
        "</article></body></html>"
    )
    body = extract_html(page).body
    assert "Advertisement" not in body
    assert "newsletter" not in body
    assert "“historic” for the region" in body
    assert "\u00a0" not in body


def test_sanitize_display_html() -> None:
    dirty = (
        '<p onclick="steal()">Hello <b>world</b> <a href="javascript:alert(1)">x</a> '
        '<a href="https://example.com/" target="_blank">ok</a></p>'
        "<script>alert('xss')</script><img src=x onerror=alert(1)><iframe src='//evil'></iframe>"
        "<style>body{}</style>"
    )
    clean = sanitize_display_html(dirty)
    assert "<b>world</b>" in clean
    assert 'href="https://example.com/"' in clean
    assert 'rel="noopener noreferrer nofollow"' in clean
    for bad in ("onclick", "javascript:", "<script", "alert", "<img", "<iframe", "<style"):
        assert bad not in clean, bad
    assert sanitize_display_html("") == ""
