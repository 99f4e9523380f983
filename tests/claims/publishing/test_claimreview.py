"""ClaimReview JSON-LD per claim and as a DataFeed, checked offline against schema.org 30.0
(the context, vocabulary and SHACL shapes in tests/fixtures/claimreview-schema) by expanding
it with PyLD, and against Google's required and recommended ClaimReview fields."""

from __future__ import annotations

import csv
import json
import re
from functools import cache
from pathlib import Path

import pytest
from pyld import jsonld

from claims import services
from claims.models import Claim, Entity, EntityAlias, FactCheck, Rating
from claims.publishing.claimreview import RATING_VALUES, claim_author
from tests.claims import helpers
from tests.claims.helpers import bulk_verified

pytestmark = pytest.mark.django_db

SCHEMA_DIR = Path(__file__).resolve().parents[2] / "fixtures" / "claimreview-schema"
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
        pytest.fail(f"The schema.org material is missing: {path}")
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

    # Properties of the types a ClaimReview reaches that the CSVs leave out (an
    # Organization's logo): from the official SHACL shapes, "ValidSchemaX" shape -> X.
    listed = set(domains)
    for target, paths in shacl_properties().items():
        for name in paths - listed:
            domains.setdefault(name, set()).add(target)

    def ancestors(name: str) -> set[str]:
        found = {name}
        for parent in parents.get(name, ()):
            found |= ancestors(parent)
        return found

    return domains, {name: ancestors(name) for name in parents}


@cache
def shacl_properties() -> dict[str, set[str]]:
    """type -> the properties its SHACL shape lists (for the types the CSVs name)."""
    text = _require(SCHEMA_DIR / "schemaorg-shapes.shacl").read_text()
    found: dict[str, set[str]] = {}
    for block in text.split("\n\n"):
        target = re.search(r"sh:targetClass schema1:(\w+)", block)
        if target and target.group(1) in {"Organization", "Person", "ImageObject"}:
            found[target.group(1)] = set(re.findall(r"sh:path schema1:(\w+)", block))
    return found


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
    assert value(review, "url") == (
        f"http://testserver/fact-checks/{published.pk}/"
        "more-than-40-of-burkinas-territory-is-outside-state-control/"
    )
    (rating,) = by_type(nodes, "Rating")
    assert value(rating, "alternateName") == "Mostly true"
    assert value(rating, "ratingExplanation") == "Official figures put it at 40% or more."
    assert (
        value(rating, "ratingValue"),
        value(rating, "bestRating"),
        value(rating, "worstRating"),
    ) == (4, 5, 1)
    (claim,) = by_type(nodes, "Claim")
    assert value(claim, "datePublished") == "2022-09-04"
    (first,) = claim[SCHEMA + "firstAppearance"]
    assert value(first, "headline") == "Borders"
    assert [value(a, "headline") for a in claim[SCHEMA + "appearance"]] == ["Borders"]
    assert value(review, "author")["@type"] == [SCHEMA + "Organization"]
    assert value(review, "headline") == f"Mostly true: {published.statement}"


# Google's ClaimReview guidance (developers.google.com/search/docs/appearance/structured-data/
# factcheck): required on the ClaimReview, and recommended, with the types they must have.
GOOGLE_REQUIRED = {"claimReviewed": str, "reviewRating": dict, "url": str}
GOOGLE_RECOMMENDED = {"author": dict, "datePublished": str, "itemReviewed": dict}
GOOGLE_RATING_REQUIRED = {"alternateName": str}
GOOGLE_CLAIM_RECOMMENDED = {
    "author": dict,
    "datePublished": str,
    "appearance": list,
    "firstAppearance": dict,
}


def google_problems(document: dict) -> list[str]:
    problems = []
    for fields, node, where in (
        (GOOGLE_REQUIRED | GOOGLE_RECOMMENDED, document, "ClaimReview"),
        (GOOGLE_RATING_REQUIRED, document.get("reviewRating") or {}, "reviewRating"),
        (GOOGLE_CLAIM_RECOMMENDED, document.get("itemReviewed") or {}, "itemReviewed"),
    ):
        for name, kind in fields.items():
            if not isinstance(node.get(name), kind) or not node[name]:
                problems.append(f"{where}.{name}")
    if document.get("author", {}).get("@type") not in ("Organization", "Person"):
        problems.append("author.@type")
    if (document.get("itemReviewed") or {}).get("@type") != "Claim":
        problems.append("itemReviewed.@type")
    for appearance in [
        *(document.get("itemReviewed") or {}).get("appearance", []),
        (document.get("itemReviewed") or {}).get("firstAppearance") or {},
    ]:
        if not str(appearance.get("url", "")).startswith(("http://", "https://")):
            problems.append("appearance.url")
    return problems


def test_the_required_and_recommended_properties(consumer, editor, reviewer, settings):
    settings.NEWSDESK_PUBLISHER_NAME = "The Desk"
    settings.NEWSDESK_PUBLISHER_URL = "https://desk.example/"
    settings.NEWSDESK_PUBLISHER_LOGO = "https://desk.example/logo.png"
    settings.NEWSDESK_PUBLISHER_SAME_AS = [
        "https://www.wikidata.org/wiki/Q1",
        "https://x.example/d",
    ]
    settings.NEWSDESK_CLAIM_PERMALINK = "https://desk.example/checks/{id}/"
    (claim,) = bulk_verified(1, editor=editor, reviewer=reviewer, rating="false")
    document = consumer.get(f"/api/v1/claims/{claim.pk}/claimreview/").json()
    assert google_problems(document) == []
    assert document["url"] == f"https://desk.example/checks/{claim.pk}/"
    assert document["reviewRating"]["alternateName"] == "False"
    assert document["reviewRating"]["ratingValue"] == 1
    assert document["reviewRating"]["ratingExplanation"] == "Summary 0"
    assert document["author"] == {
        "@type": "Organization",
        "name": "The Desk",
        "url": "https://desk.example/",
        "logo": "https://desk.example/logo.png",
        "sameAs": ["https://www.wikidata.org/wiki/Q1", "https://x.example/d"],
    }
    item = document["itemReviewed"]
    assert item["@type"] == "Claim"
    # "official figures" is no entity: its name, no guessed type
    assert item["author"] == {"@type": "Thing", "name": "official figures"}
    assert [a["url"] for a in item["appearance"]] == [claim.article.url]
    assert item["firstAppearance"]["publisher"]["name"] == "Lefaso"
    assert document["datePublished"] == "2024-01-01"
    check_against_schema_org(document)


def test_the_google_check_notices_what_is_missing():
    assert set(google_problems({"@type": "ClaimReview"})) >= {
        "ClaimReview.claimReviewed",
        "ClaimReview.url",
        "reviewRating.alternateName",
        "itemReviewed.firstAppearance",
        "author.@type",
    }


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
        "ratingExplanation": "Summary 0",
    }


def test_unverifiable_has_a_name_but_no_value(consumer, editor, reviewer):
    (claim,) = bulk_verified(1, editor=editor, reviewer=reviewer, rating="unverifiable")
    document = consumer.get(f"/api/v1/claims/{claim.pk}/claimreview/").json()
    assert document["reviewRating"] == {
        "@type": "Rating",
        "alternateName": "Unverifiable",
        "ratingExplanation": "Summary 0",
    }
    check_against_schema_org(document)


def test_every_rating_is_mapped():
    assert set(RATING_VALUES) == set(Rating.values)


def _entity(name: str, kind: str, same_as: list[str], alias: str = "") -> Entity:
    entity = Entity.objects.create(name=name, kind=kind, same_as=same_as)
    if alias:
        EntityAlias.objects.create(entity=entity, alias=alias, normalised=alias.casefold())
    return entity


@pytest.mark.parametrize(
    "claimant, expected",
    [
        (
            "Ibrahim Traoré",
            {
                "@type": "Person",
                "name": "Ibrahim Traoré",
                "sameAs": ["https://www.wikidata.org/wiki/Q113489732"],
            },
        ),
        (
            "international crisis group",
            {"@type": "Organization", "name": "international crisis group"},
        ),
        ("ICG", {"@type": "Organization", "name": "ICG"}),
        ("the president", {"@type": "Thing", "name": "the president"}),
    ],
)
def test_claimants_are_typed_from_the_entity_table(editor, reviewer, claimant, expected):
    _entity("Ibrahim Traoré", "person", ["https://www.wikidata.org/wiki/Q113489732"])
    _entity("International Crisis Group", "organisation", [], alias="ICG")
    claim = helpers.ready_for_review(editor)
    Claim.objects.filter(pk=claim.pk).update(claimant=claimant)
    services.claim_approve(claim_id=claim.pk, version=claim.version, reviewer=reviewer)
    source = FactCheck.objects.get(claim=claim).source
    assert claim_author(source["claimant"], source["article"]) == expected


def test_without_a_claimant_the_outlet_made_the_claim():
    article = {"outlet": {"name": "Le Faso", "domain": "lefaso.net"}}
    assert claim_author(None, article) == {
        "@type": "Organization",
        "name": "Le Faso",
        "url": "https://lefaso.net/",
    }


def test_the_published_claim_review_is_the_approved_snapshot(consumer, editor, reviewer):
    """Reopening a verified claim and editing its quote, claimant and article changes
    nothing a consumer sees until a new version is approved."""
    claim = helpers.ready_for_review(editor)
    Claim.objects.filter(pk=claim.pk).update(claimant="the finance minister")
    services.claim_approve(claim_id=claim.pk, version=claim.version, reviewer=reviewer)
    published = Claim.objects.get(pk=claim.pk)
    before = consumer.get(f"/api/v1/claims/{published.pk}/claimreview/").json()
    before_claim = consumer.get(f"/api/v1/claims/{published.pk}/").json()
    claim = services.claim_reopen(claim_id=published.pk, version=published.version, actor=editor)
    claim = services.claim_update(
        claim_id=claim.pk, version=claim.version, actor=editor, claimant="Somebody Else"
    )
    other = helpers.article(editor, body=helpers.BODY + " Another edition.", title="Elsewhere")
    Claim.objects.filter(pk=claim.pk).update(exact="edited words", article=other)
    after = consumer.get(f"/api/v1/claims/{published.pk}/claimreview/").json()
    after_claim = consumer.get(f"/api/v1/claims/{published.pk}/").json()
    assert after == before
    assert after["itemReviewed"]["author"]["name"] != "Somebody Else"
    for field in ("quote", "claimant", "article"):
        assert after_claim[field] == before_claim[field], field


def test_every_article_with_the_same_fact_is_an_appearance(consumer, editor, reviewer):
    early = helpers.article(
        editor, body="Earlier report. " + helpers.BODY, title="Early", published_at="2022-08-28"
    )
    first = services.claim_create(
        article_id=early.pk,
        author=editor,
        quote="More than 40% of Burkina’s territory is outside state control",
    )
    claim = helpers.publish(editor, reviewer)
    first.refresh_from_db()
    assert (first.entity_id, first.measure_id) == (claim.entity_id, claim.measure_id)
    document = consumer.get(f"/api/v1/claims/{claim.pk}/claimreview/").json()
    item = document["itemReviewed"]
    assert [a["headline"] for a in item["appearance"]] == ["Borders", "Early"]
    assert item["firstAppearance"]["headline"] == "Early"
    assert item["datePublished"] == "2022-08-28"
    check_against_schema_org(document)


@pytest.mark.parametrize("accept", ["application/ld+json", "application/json"])
def test_json_ld_cannot_close_a_script_element(consumer, editor, reviewer, accept):
    claim = helpers.ready_for_review(editor)
    payload = "</script><script>alert(1)</script> & <img src=x onerror=alert(2)>"
    Claim.objects.filter(pk=claim.pk).update(summary=payload)
    services.claim_approve(claim_id=claim.pk, version=claim.version, reviewer=reviewer)
    for url in (f"/api/v1/claims/{claim.pk}/claimreview/", "/api/v1/claimreview/"):
        response = consumer.get(url, HTTP_ACCEPT=accept)
        assert response.status_code == 200
        assert not {"<", ">", "&"} & set(response.content.decode()), url
        assert "\\u003c/script\\u003e" in response.content.decode()
        assert payload in json.dumps(response.json(), ensure_ascii=False)


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
