"""POST /api/v1/articles/: one service behind it, clear 400s, editors only."""

from __future__ import annotations

import json
import socket

import pytest
from rest_framework.test import APIClient

from sources.models import Article
from tests.factories import ArticleFactory
from tests.sources.conftest import ARTICLE_SENTENCES, PNG_BYTES, article_page

pytestmark = pytest.mark.django_db

URL = "/api/v1/articles/"
TEXT = "\n\n".join(ARTICLE_SENTENCES)


@pytest.fixture
def api(editor) -> APIClient:
    client = APIClient()
    client.force_login(editor)
    return client


def post(client: APIClient, payload: dict):
    return client.post(URL, payload, format="json")


def assert_refused(response, *phrases: str) -> dict:
    assert response.status_code == 400, response.content
    error = response.json()["error"]
    assert set(error) == {"code", "message", "detail"}
    for phrase in phrases:
        assert phrase in error["message"], error
    assert Article.objects.count() == 0
    return error


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# --------------------------------------------------------------------------- success


def test_text_is_imported_once_then_answered_with_the_existing_article(api, editor):
    first = post(api, {"text": TEXT, "title": "Borders", "published_at": "2022-09-04T10:00:00Z"})
    assert first.status_code == 201, first.content
    body = first.json()
    assert {"id", "title", "body", "url", "created"} <= set(body)
    assert (body["title"], body["created"], body["outcome"]) == ("Borders", True, "imported")
    assert ARTICLE_SENTENCES[1] in body["body"]
    article = Article.objects.get(pk=body["id"])
    assert (article.import_method, article.imported_by) == ("api", editor)
    assert article.published_at.isoformat() == "2022-09-04T10:00:00+00:00"

    again = post(api, {"text": TEXT, "title": "Borders again"})
    assert again.status_code == 200
    assert (again.json()["id"], again.json()["created"]) == (body["id"], False)
    assert {"id", "title", "body", "url", "created"} <= set(again.json())
    assert Article.objects.count() == 1


def test_a_url_is_fetched_once_then_answered_with_the_existing_article(
    api, standard_site, allow_local
):
    page = standard_site.url("/story")
    first = post(api, {"url": page})
    assert first.status_code == 201, first.content
    assert (first.json()["title"], first.json()["url"]) == ("Juntas strengthen partnership", page)
    again = post(api, {"url": page})
    assert again.status_code == 200 and again.json()["id"] == first.json()["id"]
    assert again.json()["created"] is False
    assert Article.objects.count() == 1


def test_html_with_a_url_records_the_address_without_fetching_it(api, local_site, allow_local):
    address = local_site.url("/not-served")
    html = article_page("Juntas strengthen partnership", ARTICLE_SENTENCES)
    response = post(api, {"html": html, "url": address, "outlet": ""})
    assert response.status_code == 201, response.content
    assert response.json()["url"] == address
    assert local_site.requests == []  # recorded, not fetched
    assert Article.objects.get().raw_input == html


def test_a_windows_1252_page_is_decoded(api, standard_site, allow_local):
    response = post(api, {"url": standard_site.url("/cp1252")})
    assert response.status_code == 201, response.content
    body = response.json()["body"]
    assert "Le président burkinabè a rencontré son homologue malien" in body
    assert "d’amitié" in body and "Ã" not in body


# --------------------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    ("payload", "phrases"),
    [
        ({"text": ""}, ["empty"]),
        ({"html": "   "}, ["empty"]),
        ({}, ["Give one of 'url'"]),
        ({"text": "Hello", "html": "<p>Hello</p>"}, ["not both"]),
        ({"html": "<html><head><title>Cut off mid-tag</ti"}, ["No article text"]),
        ({"text": PNG_BYTES.decode("latin-1")}, ["binary file"]),
        ({"html": "%PDF-1.7\n%âãÏÓ\n1 0 obj\n<< /Type /Catalog >>"}, ["binary file"]),
        ({"url": "ftp://files.example/story"}, ["http"]),
        ({"url": "file:///etc/passwd"}, ["http"]),
        ({"text": TEXT, "outlet": "nowhere.example"}, ["no outlet"]),
        ({"text": TEXT, "published_at": "next tuesday"}, ["published_at"]),
        ({"url": "https://x.example/" + "a" * 2100}, ["2000"]),
    ],
)
def test_bad_input_is_a_400_with_the_error_shape(api, payload, phrases):
    assert_refused(post(api, payload), *phrases)


@pytest.mark.parametrize(
    ("path", "phrases"),
    [
        ("/missing", ["404 Not Found"]),
        ("/broken", ["500 Internal Server Error"]),
        ("/loop", ["redirected more than", "loop"]),
        ("/image.png", ["image/png", "not a web page"]),
        ("/disguised.png", ["binary file (PNG image)"]),
    ],
)
def test_bad_pages_are_a_400_with_the_reason(api, standard_site, allow_local, path, phrases):
    error = assert_refused(post(api, {"url": standard_site.url(path)}), *phrases)
    assert error["code"] in {"fetch_failed", "import_failed"}


def test_an_unreachable_host_is_a_400(api, allow_local):
    error = assert_refused(post(api, {"url": f"http://127.0.0.1:{closed_port()}/story"}))
    assert "Could not reach host" in error["message"]
    assert error["code"] == "fetch_failed"


def test_a_local_address_is_refused_without_the_allow_list(api, standard_site):
    error = assert_refused(post(api, {"url": standard_site.url("/story")}), "refused")
    assert "private or reserved address" in error["message"]
    assert error["code"] == "url_refused"
    assert standard_site.requests == []


def test_a_malformed_json_body_is_a_400(api):
    response = api.post(URL, data='{"text": "unterminated', content_type="application/json")
    assert_refused(response, "JSON")


def test_a_body_nested_100k_deep_is_a_clear_400_not_a_500(api):
    deep = '{"text": ' + "[" * 100_000 + "]" * 100_000 + "}"
    response = api.post(URL, data=deep, content_type="application/json")
    assert_refused(response, "nested too deeply")


@pytest.mark.parametrize("raw", ['{"text": 1e400}', '{"text": -1e400}', '{"text": 12}'])
def test_a_number_for_the_text_is_refused_not_imported_as_inf(api, raw):
    response = api.post(URL, data=raw, content_type="application/json")
    assert_refused(response)
    assert Article.objects.count() == 0


def test_a_50_mb_body_is_refused_before_parsing(api):
    payload = json.dumps({"html": "<p>" + "a" * (50 * 1024 * 1024) + "</p>"})
    response = api.post(URL, data=payload, content_type="application/json")
    assert_refused(response, "50.0 MB", "limit is 10 MB")


def test_a_page_over_the_limit_inside_the_limit_of_the_body_is_refused(api, settings):
    settings.NEWSDESK_IMPORT_MAX_BYTES = 100_000
    response = post(api, {"html": "<p>" + "a" * 120_000 + "</p>"})
    assert_refused(response, "limit is")


# --------------------------------------------------------------------------- permissions


def test_reviewers_may_not_import(reviewer):
    client = APIClient()
    client.force_login(reviewer)
    response = post(client, {"text": TEXT})
    assert response.status_code == 403
    assert response.json()["error"]["message"] == "Only editors may do this."
    assert Article.objects.count() == 0


def test_anonymous_visitors_may_not_import():
    response = post(APIClient(), {"text": TEXT})
    assert response.status_code == 401
    assert "error" in response.json()
    assert Article.objects.count() == 0


@pytest.mark.parametrize(
    ("persona", "expected"), [("editor", 200), ("reviewer", 200), ("outsider", 403), (None, 401)]
)
def test_staff_may_read(request, persona, expected):
    article = ArticleFactory()
    client = APIClient()
    if persona:
        client.force_login(request.getfixturevalue(persona))
    listing = client.get(URL)
    detail = client.get(f"{URL}{article.pk}/")
    assert (listing.status_code, detail.status_code) == (expected, expected)
    if expected == 200:
        assert [row["id"] for row in listing.json()["results"]] == [article.pk]
        assert detail.json()["body"] == article.body


def test_the_list_runs_a_constant_number_of_queries(api, django_assert_max_num_queries):
    ArticleFactory.create_batch(3)
    with django_assert_max_num_queries(6) as few:
        assert len(api.get(URL).json()["results"]) == 3
    ArticleFactory.create_batch(20)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(api.get(URL).json()["results"]) == 23


@pytest.mark.parametrize(
    ("canonical", "expected"),
    [
        ("/2022/09/juntas-partnership", "/2022/09/juntas-partnership"),  # the page's own
        ("/", "/amp/story"),  # a home page as canonical: a site bug, ignored
        ("https://elsewhere.example/story", "/amp/story"),  # another site: ignored
    ],
)
def test_a_fetched_page_is_stored_under_its_canonical_address(
    api, local_site, allow_local, canonical, expected
):
    href = canonical if canonical.startswith("http") else local_site.url(canonical)
    html = article_page("Juntas strengthen partnership", ARTICLE_SENTENCES).replace(
        "</head>", f'<link rel="canonical" href="{href}"></head>'
    )
    local_site.page("/amp/story", html)
    response = post(api, {"url": local_site.url("/amp/story")})
    assert response.status_code == 201, response.content
    assert response.json()["url"] == local_site.url(expected)
