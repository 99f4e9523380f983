"""The OpenAPI document as an integrator meets it: tags per resource, summaries, examples,
one Error component, the errors each operation can answer, valid component names; and a
client generated from it by openapi-python-client, used against the running server."""

from __future__ import annotations

import importlib
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from newsdesk.common.authentication import api_key_create
from tests.claims.helpers import bulk_verified

pytestmark = pytest.mark.django_db

ERROR_REF = {"$ref": "#/components/schemas/Error"}
METHODS = {"get", "post", "put", "patch", "delete"}


@pytest.fixture
def schema(client) -> dict:
    response = client.get("/api/schema/")
    assert response.status_code == 200
    return yaml.safe_load(response.content)


def operations(schema: dict):
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            if method in METHODS:
                yield path, method, operation


def test_operations_are_tagged_by_resource_and_summarised(schema):
    seen = {}
    for path, method, operation in operations(schema):
        resource = path.removeprefix("/api/v1/").split("/")[0]
        assert operation["tags"] == [resource], (path, method)
        assert not operation["operationId"].startswith("v1"), operation["operationId"]
        assert operation["summary"] and len(operation["summary"]) <= 120, (path, method)
        seen[operation["operationId"]] = operation["summary"]
    assert seen["claims_approve_create"].startswith("Approve")
    assert len(set(seen.values())) == len(seen)  # no two operations share a summary


def test_every_error_response_is_the_one_error_component(schema):
    for path, method, operation in operations(schema):
        for code, response in operation["responses"].items():
            if int(code) >= 400:
                (media,) = response["content"].values()
                assert media["schema"] == ERROR_REF, (path, method, code)
    error = schema["components"]["schemas"]["Error"]
    assert error["example"]["error"]["code"] == "not_found"


def test_the_errors_each_operation_meets_are_documented(schema):
    paths = schema["paths"]
    for path, method, operation in operations(schema):
        assert {"401", "429"} <= set(operation["responses"]), (path, method)
        if method != "get":
            assert {"400", "403"} <= set(operation["responses"]), (path, method)
    for action in ("approve", "submit", "retract", "reopen", "request-changes"):
        responses = paths[f"/api/v1/claims/{{id}}/{action}/"]["post"]["responses"]
        assert {"400", "401", "403", "404", "409", "429"} <= set(responses), action
    assert "410" in paths["/api/v1/claims/{id}/claimreview/"]["get"]["responses"]


def test_component_names_are_valid_and_examples_given(schema):
    components = schema["components"]["schemas"]
    bad = [name for name in components if not re.fullmatch(r"[a-zA-Z0-9._-]+", name)]
    assert bad == []
    review = components["ClaimReview"]
    assert review["example"]["@type"] == "ClaimReview"
    assert set(review["required"]) <= set(review["example"])
    claimreview = schema["paths"]["/api/v1/claims/{id}/claimreview/"]["get"]["responses"]["200"]
    assert claimreview["content"]["application/ld+json"]["schema"] == {
        "$ref": "#/components/schemas/ClaimReview"
    }


def test_the_api_root_lists_what_the_key_may_use(consumer, staff_key):
    read = consumer.get("/api/v1/")
    assert read.status_code == 200
    assert set(read.json()) == {"claims", "claimreview"}
    for url in read.json().values():
        assert consumer.get(url).status_code == 200, url
    staff = staff_key.get("/api/v1/")
    assert set(staff.json()) == {"claims", "claimreview", "articles", "conflicts"}


@pytest.fixture
def generated_client(client, tmp_path) -> object:
    """openapi-python-client's client for the schema the server serves."""
    schema_file = tmp_path / "openapi.yaml"
    schema_file.write_bytes(client.get("/api/schema/").content)
    config = tmp_path / "config.yaml"
    config.write_text("post_hooks: []\npackage_name_override: newsdesk_client\n")
    generator = Path(sys.executable).parent / "openapi-python-client"
    out = tmp_path / "newsdesk_client"
    result = subprocess.run(
        [
            str(generator),
            "generate",
            "--path",
            str(schema_file),
            "--meta",
            "none",
            "--config",
            str(config),
            "--output-path",
            str(out),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Warning" not in result.stdout, result.stdout
    sys.path.insert(0, str(tmp_path))
    try:
        yield importlib.import_module("newsdesk_client"), out
    finally:
        sys.path.remove(str(tmp_path))
        for name in [m for m in sys.modules if m.split(".")[0] == "newsdesk_client"]:
            del sys.modules[name]


@pytest.mark.integration
def test_a_generated_client_works_against_the_server(
    generated_client, live_server, editor, reviewer
):
    package, out = generated_client
    models = sorted(p.stem for p in (out / "models").glob("*.py"))
    assert [m for m in models if "error" in m] == ["error", "error_body"]  # one Error model

    claims = bulk_verified(2, editor=editor, reviewer=reviewer, rating="false")
    _, key = api_key_create(name="Generated client", scope="read")
    api = importlib.import_module("newsdesk_client.api.claims")
    from newsdesk_client.models import ClaimReview, Error, PublicClaim

    authed = package.AuthenticatedClient(base_url=live_server.url, token=key)
    listed = importlib.import_module(f"{api.__name__}.claims_list").sync(client=authed)
    assert sorted(item.id for item in listed.results) == sorted(c.pk for c in claims)
    assert all(isinstance(item, PublicClaim) for item in listed.results)

    detail = importlib.import_module(f"{api.__name__}.claims_retrieve").sync(
        client=authed, id=str(claims[0].pk)
    )
    assert isinstance(detail, PublicClaim)
    assert (detail.statement, detail.rating.value) == ("Statement 0", "false")

    review = importlib.import_module(f"{api.__name__}.claims_claimreview_retrieve").sync(
        client=authed, id=str(claims[0].pk)
    )
    assert isinstance(review, ClaimReview)
    assert review.claim_reviewed == "Statement 0"
    assert review.url == f"{live_server.url}/fact-checks/{claims[0].pk}/statement-0/"

    missing = importlib.import_module(f"{api.__name__}.claims_retrieve").sync_detailed(
        client=authed, id="999999"
    )
    assert missing.status_code == 404
    assert isinstance(missing.parsed, Error)
    assert missing.parsed.error.code == "not_found"

    anonymous = package.Client(base_url=live_server.url)
    refused = importlib.import_module(f"{api.__name__}.claims_list").sync_detailed(client=anonymous)
    assert refused.status_code == 401 and isinstance(refused.parsed, Error)
