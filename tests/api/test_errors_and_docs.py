"""One error shape everywhere under /api/, the OpenAPI schema, and self-hosted docs."""

from __future__ import annotations

import re

import pytest
import yaml
from django.contrib.staticfiles import finders

pytestmark = pytest.mark.django_db


def error_of(response) -> dict:
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message", "detail"}
    return body["error"]


@pytest.mark.parametrize(
    "path", ["/api/", "/api/v2/claims/", "/api/v1/nothing/", "/api/v1/claims/1/x/"]
)
def test_unknown_api_urls_are_json_404s(consumer, path):
    response = consumer.get(path)
    assert response.status_code == 404
    assert error_of(response)["code"] == "not_found"


def test_a_missing_slash_gets_a_hint(consumer):
    response = consumer.get("/api/v1/claims")
    assert response.status_code == 404
    assert error_of(response)["detail"] == {"did_you_mean": "/api/v1/claims/"}


def test_a_wrong_method_is_a_405_in_the_error_shape(session, editor):
    response = session(editor).delete("/api/v1/claims/")
    assert response.status_code == 405
    assert error_of(response)["code"] == "method_not_allowed"


def test_pages_outside_the_api_keep_html_errors(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert not response["Content-Type"].startswith("application/json")


def test_the_openapi_schema_describes_the_public_api(client):
    response = client.get("/api/schema/")
    assert response.status_code == 200
    schema = yaml.safe_load(response.content)
    assert schema["openapi"].startswith("3.")
    paths = schema["paths"]
    for path in (
        "/api/v1/claims/",
        "/api/v1/claims/{id}/",
        "/api/v1/claims/{id}/claimreview/",
        "/api/v1/claimreview/",
    ):
        assert "get" in paths[path], path
    listing = paths["/api/v1/claims/"]["get"]
    names = {p["name"] for p in listing["parameters"]}
    assert {
        "cursor",
        "page_size",
        "rating",
        "entity",
        "measure",
        "attribute",
        "outlet",
        "article",
        "updated_since",
        "q",
        "view",
    } <= names
    assert {"304", "400", "401", "429"} <= set(listing["responses"])
    assert schema["components"]["securitySchemes"]["apiKey"]["scheme"] == "bearer"
    page_size = next(p for p in listing["parameters"] if p["name"] == "page_size")
    assert page_size["schema"]["maximum"] == 200


@pytest.mark.parametrize("path", ["/api/v1/articles/", "/api/v1/conflicts/"])
@pytest.mark.parametrize(
    ("query", "named"),
    [
        ({"cursor": "not-a-cursor"}, "cursor"),
        ({"page_size": "0"}, "page_size"),
        ({"page_size": "201"}, "page_size"),
        ({"page_size": "abc"}, "page_size"),
    ],
)
def test_staff_lists_answer_bad_paging_with_a_400_naming_it(staff_key, path, query, named):
    response = staff_key.get(path, query)
    assert response.status_code == 400
    assert set(error_of(response)["detail"]) == {named}


def test_the_schema_documents_the_staff_endpoints(client):
    schema = yaml.safe_load(client.get("/api/schema/").content)
    paths, components = schema["paths"], schema["components"]["schemas"]
    expected = {
        ("/api/v1/articles/", "get"): {"200", "400", "401", "403", "429"},
        ("/api/v1/articles/", "post"): {"200", "201", "400", "401", "403", "415", "429"},
        ("/api/v1/articles/{id}/", "get"): {"200", "401", "403", "404", "429"},
        ("/api/v1/conflicts/", "get"): {"200", "400", "401", "403", "429"},
        ("/api/v1/conflicts/{id}/", "get"): {"200", "401", "403", "404", "429"},
    }
    for (path, method), codes in expected.items():
        responses = paths[path][method]["responses"]
        assert set(responses) == codes, (path, method)
        error = responses["403"]["content"]["application/json"]["schema"]
        assert error == {"$ref": "#/components/schemas/Error"}
    for name in ("ArticleList", "Article", "ArticleImportResult"):
        fields = components[name]["properties"]
        # Articles imported from pasted text have no address: url "" and no outlet.
        assert fields["url"]["type"] == "string" and "format" not in fields["url"]
        assert fields["outlet"]["nullable"] is True


def test_the_docs_page_loads_nothing_from_other_hosts(client):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "swagger-ui" in html
    external = re.findall(r"""(?:src|href)\s*=\s*["']((?:https?:)?//[^"']+)""", html)
    assert external == []
    assert not re.search(
        r"https?://(?!testserver)[a-z0-9.-]+\.[a-z]{2,}/[^\s\"']*\.(?:js|css)", html
    )
    assets = re.findall(r"""(?:src|href)\s*=\s*["']/static/([^"'?]+)""", html)
    assert any(a.endswith("swagger-ui-bundle.js") for a in assets), assets
    for asset in assets:  # shipped with the app (the sidecar package), found locally
        assert finders.find(asset), asset
