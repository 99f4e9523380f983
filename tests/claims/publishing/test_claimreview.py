"""ClaimReview JSON-LD per claim and as a DataFeed, checked offline against schema.org 30.0
(the context and vocabulary in ../shared/eval/claimreview-schema) by expanding it with PyLD."""

from __future__ import annotations

import csv
import json
from functools import cache
from pathlib import Path

import pytest
from pyld import jsonld

from claims import services
from claims.models import FactCheck, Rating
from claims.publishing.claimreview import RATING_VALUES, claim_author
from tests.claims.helpers import bulk_verified

pytestmark = pytest.mark.django_db

EVAL = Path(__file__).resolve().parents[4] / "shared" / "eval"
SCHEMA_DIR = EVAL / "claimreview-schema"
SCHEMA = "http://schema.org/"  # the context's @vocab
CONTEXT_URLS = {
    "https://schema.org",
    "https://schema.org/",
    "http://schema.org",
    "http://schema.org/",
    "https://schema.org/docs/jsonldcontext.jsonld",
}


def _require(path: Path) -> Path:
    if not path.exists():
        pytest.fail(f"The evaluation material is missing: {path} (shared/ beside the repository)")
    return path


@cache
def schema_context() -> dict:
    return json.loads(_require(SCHEMA_DIR / "schemaorgcontext.jsonld").read_text())


@cache
def vocabulary() -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """(property -> domain types, type -> itself and its ancestors), from the CSVs."""

    def local(iri: str) -> str:
        return iri.strip().rsplit("/", 1)[-1]

    with _require(SCHEMA_DIR / "schemaorg_claimreview_properties.csv").open() as f:
        domains = {
            row["label"]: {local(t) for t in row["domainIncludes"].split(",") if t.strip()}
            for row in csv.DictReader(f)
        }
    with _require(SCHEMA_DIR / "schemaorg_claimreview_types.csv").open() as f:
        parents = {
            row["label"]: {local(t) for t in row["subTypeOf"].split(",") if t.strip()}
            for row in csv.DictReader(f)
        }

    def ancestors(name: str) -> set[str]:
        found = {name}
        for parent in parents.get(name, ()):
            found |= ancestors(parent)
        return found

    return domains, {name: ancestors(name) for name in parents}


def offline_loader(url, options=None):
    if url.rstrip("/") in {u.rstrip("/") for u in CONTEXT_URLS}:
        return {
            "contentType": "application/ld+json",
            "contextUrl": None,
            "documentUrl": url,
            "document": schema_context(),
        }
    raise AssertionError(f"The export refers to a context that is not schema.org: {url}")


def expand(document: dict) -> list[dict]:
    return jsonld.expand(document, {"documentLoader": offline_loader})


def walk(nodes):
    """Every node object of an expanded document."""
    for node in nodes if isinstance(nodes, list) else [nodes]:
        if isinstance(node, dict) and "@value" not in node and set(node) != {"@id"}:
            yield node
            for key, value in node.items():
                if not key.startswith("@"):
                    yield from walk(value)


def check_against_schema_org(document: dict) -> list[dict]:
    """Expand `document`; every property must be a schema.org property valid on its node's
    type (schema.org's domainIncludes, through the type's ancestors). Returns the nodes."""
    domains, ancestors = vocabulary()
    terms = set(schema_context()["@context"])
    nodes = list(walk(expand(document)))
    assert nodes, "nothing survived expansion"
    for node in nodes:
        types = [t.removeprefix(SCHEMA) for t in node.get("@type", [])]
        assert types and all(t in ancestors or t == "DataFeed" for t in types), node.get("@type")
        for key in node:
            if key.startswith("@"):
                continue
            assert key.startswith(SCHEMA), f"{key} is not a schema.org property"
            name = key.removeprefix(SCHEMA)
            assert name in terms, f"{name} is not a schema.org term"
            if types == ["DataFeed"]:
                continue
            assert name in domains, f"{name} is not in the ClaimReview vocabulary"
            lineage = set().union(*(ancestors[t] for t in types))
            assert domains[name] & lineage, f"{name} is not a property of {types}"
    return nodes


def by_type(nodes: list[dict], name: str) -> list[dict]:
    return [n for n in nodes if SCHEMA + name in n.get("@type", [])]


def value(node: dict, name: str):
    (found,) = node[SCHEMA + name]
    return found.get("@value", found.get("@id", found))


def test_a_claim_review_is_valid_schema_org(consumer, published):
    response = consumer.get(f"/api/v1/claims/{published.pk}/claimreview/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/ld+json"
    document = response.json()
    assert document["@context"] == "https://schema.org"
    assert document["@type"] == "ClaimReview"
    nodes = check_against_schema_org(document)

    (review,) = by_type(nodes, "ClaimReview")
    assert value(review, "claimReviewed") == published.statement
    assert value(review, "url").endswith(f"/api/v1/claims/{published.pk}/claimreview/")
    (rating,) = by_type(nodes, "Rating")
    assert value(rating, "alternateName") == "Mostly true"
    assert (
        value(rating, "ratingValue"),
        value(rating, "bestRating"),
        value(rating, "worstRating"),
    ) == (4, 5, 1)
    (claim,) = by_type(nodes, "Claim")
    assert value(claim, "datePublished") == "2022-09-04"
    (appearance,) = by_type(nodes, "CreativeWork")
    assert value(appearance, "headline") == "Borders"
    assert value(review, "author")["@type"] == [SCHEMA + "Organization"]


def test_the_required_and_recommended_properties(consumer, editor, reviewer, settings):
    settings.NEWSDESK_PUBLISHER_NAME = "The Desk"
    settings.NEWSDESK_PUBLISHER_URL = "https://desk.example/"
    settings.NEWSDESK_CLAIM_PERMALINK = "https://desk.example/checks/{id}/"
    (claim,) = bulk_verified(1, editor=editor, reviewer=reviewer, rating="false")
    document = consumer.get(f"/api/v1/claims/{claim.pk}/claimreview/").json()
    assert document["url"] == f"https://desk.example/checks/{claim.pk}/"
    assert document["reviewRating"]["alternateName"] == "False"
    assert document["reviewRating"]["ratingValue"] == 1
    assert document["author"] == {
        "@type": "Organization",
        "name": "The Desk",
        "url": "https://desk.example/",
    }
    item = document["itemReviewed"]
    assert item["@type"] == "Claim"
    assert item["author"] == {"@type": "Organization", "name": "official figures"}
    assert item["appearance"]["url"] == claim.article.url
    assert item["appearance"]["publisher"]["name"] == "Lefaso"
    assert document["datePublished"] == "2024-01-01"
    check_against_schema_org(document)


@pytest.mark.parametrize(
    "rating, expected",
    [
        ("true", 5),
        ("mostly_true", 4),
        ("misleading", 3),
        ("mostly_false", 2),
        ("false", 1),
    ],
)
def test_ratings_map_to_one_to_five(consumer, editor, reviewer, rating, expected):
    (claim,) = bulk_verified(1, editor=editor, reviewer=reviewer, rating=rating)
    got = consumer.get(f"/api/v1/claims/{claim.pk}/claimreview/").json()["reviewRating"]
    assert got == {
        "@type": "Rating",
        "ratingValue": expected,
        "bestRating": 5,
        "worstRating": 1,
        "alternateName": Rating(rating).label,
    }


def test_unverifiable_has_a_name_but_no_value(consumer, editor, reviewer):
    (claim,) = bulk_verified(1, editor=editor, reviewer=reviewer, rating="unverifiable")
    document = consumer.get(f"/api/v1/claims/{claim.pk}/claimreview/").json()
    assert document["reviewRating"] == {"@type": "Rating", "alternateName": "Unverifiable"}
    check_against_schema_org(document)


def test_every_rating_is_mapped():
    assert set(RATING_VALUES) == set(Rating.values)


@pytest.mark.parametrize(
    "claimant, kind",
    [
        ("the Burkinabè president", "Person"),
        ("Mr Traoré", "Person"),
        ("official figures", "Organization"),
        ("the health ministry", "Organization"),
    ],
)
def test_claimants_are_people_or_organisations(claimant, kind):
    assert claim_author(claimant, "Le Faso", "lefaso.net")["@type"] == kind


def test_without_a_claimant_the_outlet_made_the_claim():
    assert claim_author("", "Le Faso", "lefaso.net") == {
        "@type": "Organization",
        "name": "Le Faso",
        "url": "https://lefaso.net/",
    }


def test_a_retracted_fact_check_has_no_claim_review(consumer, reviewer, published):
    services.claim_retract(
        claim_id=published.pk, version=published.version, actor=reviewer, reason="Wrong."
    )
    response = consumer.get(f"/api/v1/claims/{published.pk}/claimreview/")
    assert response.status_code == 410
    assert response.json()["error"]["code"] == "retracted"


def test_a_correction_keeps_the_first_publication_date(consumer, published, editor, reviewer):
    first = FactCheck.objects.get(claim=published).approved_at
    claim = services.claim_reopen(claim_id=published.pk, version=published.version, actor=editor)
    claim = services.claim_submit(claim_id=claim.pk, version=claim.version, actor=editor)
    services.claim_approve(claim_id=claim.pk, version=claim.version, reviewer=reviewer)
    document = consumer.get(f"/api/v1/claims/{published.pk}/claimreview/").json()
    assert document["datePublished"] == first.date().isoformat()
    assert document["version"] == 2


def test_the_data_feed_holds_every_claim_review(consumer, editor, reviewer, published):
    bulk_verified(4, editor=editor, reviewer=reviewer)
    response = consumer.get("/api/v1/claimreview/")
    assert response.status_code == 200
    feed = response.json()
    assert (feed["@context"], feed["@type"]) == ("https://schema.org", "DataFeed")
    assert len(feed["dataFeedElement"]) == 5
    assert all("@context" not in element for element in feed["dataFeedElement"])
    nodes = check_against_schema_org(feed)
    reviews = by_type(nodes, "ClaimReview")
    assert len(reviews) == 5
    for review in reviews:
        for required in ("claimReviewed", "reviewRating", "url"):
            assert SCHEMA + required in review
    assert all(SCHEMA + "alternateName" in r for r in by_type(nodes, "Rating"))

    revalidated = consumer.get("/api/v1/claimreview/", HTTP_IF_NONE_MATCH=response["ETag"])
    assert revalidated.status_code == 304


def test_the_data_feed_pages_through_the_link_header(consumer, editor, reviewer):
    bulk_verified(5, editor=editor, reviewer=reviewer)
    seen, url = [], "/api/v1/claimreview/?page_size=2"
    while url:
        response = consumer.get(url)
        seen += [e["url"] for e in response.json()["dataFeedElement"]]
        link = response.headers.get("Link", "")
        url = next(
            (part.split(";")[0].strip("<> ") for part in link.split(",") if 'rel="next"' in part),
            None,
        )
    assert len(seen) == len(set(seen)) == 5


def test_the_data_feed_needs_a_key(client):
    assert client.get("/api/v1/claimreview/").status_code == 401


@pytest.mark.parametrize(
    "document",
    [
        {"@context": "https://schema.org", "@type": "ClaimReview", "verdict": "false"},
        {"@context": "https://schema.org", "@type": "ClaimReview", "ratingValue": 1},
        {"@context": "https://schema.org", "@type": "Rating", "claimReviewed": "x"},
    ],
)
def test_the_checker_rejects_what_schema_org_does_not_define(document):
    with pytest.raises(AssertionError):
        check_against_schema_org(document)
