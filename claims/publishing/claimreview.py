"""schema.org ClaimReview for published verdicts (and a DataFeed of them).

Follows schema.org 30.0 and Google's ClaimReview guidance: `claimReviewed`, `reviewRating`
(with `alternateName` and the summary as `ratingExplanation`), `url` (the public page) and a
`headline` are always present; `author` (the publisher, with its logo and sameAs from
settings), `datePublished` and `itemReviewed`: a Claim with its `author` (the claimant,
typed from the Entity table), `datePublished` (its first appearance), `appearance` (every
article the desk knew to carry the same fact) and `firstAppearance`.

Everything comes from the approved FactCheck (its `source` snapshot), never the live claim.
JSON-LD embedded in HTML goes through `json_ld_script` (`<`, `>`, `&` escaped).

Ratings map to a 1..5 scale (best 5). "Unverifiable" has no place on that scale, so its
Rating carries only `alternateName` (Google: `ratingValue` is for ratings that have one).
Input rows are those of `claims.publishing.api.public.public_rows` plus `first_approved_at`.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from django.conf import settings

from claims.models import Rating

CONTEXT = "https://schema.org"
BEST, WORST = 5, 1
RATING_VALUES: dict[str, int | None] = {
    Rating.TRUE: 5,
    Rating.MOSTLY_TRUE: 4,
    Rating.MISLEADING: 3,
    Rating.MOSTLY_FALSE: 2,
    Rating.FALSE: 1,
    Rating.UNVERIFIABLE: None,
}
RATING_LABELS: dict[str, str] = dict(Rating.choices)
HEADLINE_LENGTH = 110  # Google's limit for an article headline
# Entity kinds published as a Person; the other known kinds (organisations, countries,
# regions) are an Organization. A claimant the Entity table does not know keeps its name
# with no guessed type (a schema.org Thing).
_PERSON_KINDS = {"person"}


def _date(value: datetime | str | None) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, str):
        return value[:10]
    return value.date().isoformat()


def _organisation(name: str, url: str = "") -> dict[str, Any]:
    found: dict[str, Any] = {"@type": "Organization", "name": name}
    if url:
        found["url"] = url
    return found


def publisher() -> dict[str, Any]:
    """The fact-checker, from settings: name, address, logo and sameAs."""
    found = _organisation(settings.NEWSDESK_PUBLISHER_NAME, settings.NEWSDESK_PUBLISHER_URL)
    if settings.NEWSDESK_PUBLISHER_LOGO:
        found["logo"] = settings.NEWSDESK_PUBLISHER_LOGO
    if settings.NEWSDESK_PUBLISHER_SAME_AS:
        found["sameAs"] = list(settings.NEWSDESK_PUBLISHER_SAME_AS)
    return found


def review_rating(rating: str, explanation: str = "") -> dict[str, Any]:
    value = RATING_VALUES.get(rating)
    found: dict[str, Any] = {"@type": "Rating", "alternateName": RATING_LABELS.get(rating, rating)}
    if value is not None:
        found.update(ratingValue=value, bestRating=BEST, worstRating=WORST)
    if explanation:
        found["ratingExplanation"] = explanation
    return found


def claim_author(claimant: dict[str, Any] | None, article: dict[str, Any]) -> dict | None:
    """Who made the claim: the claimant as recorded at approval (typed by its Entity), else
    the outlet that published it."""
    if claimant and claimant.get("name"):
        kind = claimant.get("kind") or ""
        if not claimant.get("entity_id"):
            found: dict[str, Any] = {"@type": "Thing", "name": claimant["name"]}
        else:
            found = {
                "@type": "Person" if kind in _PERSON_KINDS else "Organization",
                "name": claimant["name"],
            }
        if claimant.get("same_as"):
            found["sameAs"] = list(claimant["same_as"])
        return found
    outlet = article.get("outlet") or {}
    if outlet.get("name"):
        domain = outlet.get("domain")
        return _organisation(outlet["name"], f"https://{domain}/" if domain else "")
    return None


def appearance(article: dict[str, Any]) -> dict[str, Any]:
    found: dict[str, Any] = {"@type": "CreativeWork"}
    if article.get("url"):
        found["url"] = article["url"]
    if article.get("title"):
        found["headline"] = article["title"]
    if article.get("published_at"):
        found["datePublished"] = _date(article["published_at"])
    outlet = article.get("outlet") or {}
    if outlet.get("name"):
        domain = outlet.get("domain")
        found["publisher"] = _organisation(outlet["name"], f"https://{domain}/" if domain else "")
    return found


def headline(statement: str, rating: str) -> str:
    text = f"{RATING_LABELS.get(rating, rating)}: {statement}".strip()
    if len(text) <= HEADLINE_LENGTH:
        return text
    return text[: HEADLINE_LENGTH - 1].rstrip() + "\u2026"


def claim_review(row: dict[str, Any], *, url: str, context: bool = True) -> dict[str, Any]:
    """One ClaimReview from a published FactCheck row (`public.public_rows` plus
    `first_approved_at`); `context=False` for an element nested in a DataFeed.

    Everything comes from the approved snapshot (the row's statement, rating, summary and
    `source`): editing the claim afterwards changes nothing here until a new version is
    approved. `appearance` lists every article the desk knew to carry the same fact when
    the verdict was approved, the claim's own article included; `firstAppearance` is the
    oldest, and the claim's `datePublished` is its date (when the claim was first made, as
    far as the desk knows)."""
    source = row.get("source") or {}
    article = source.get("article") or {}
    articles = [article, *(source.get("appearances") or ())]
    dated = [a for a in articles if a.get("published_at")]
    first = min(dated, key=lambda a: a["published_at"]) if dated else article
    item: dict[str, Any] = {
        "@type": "Claim",
        "appearance": [appearance(a) for a in articles if a],
        "firstAppearance": appearance(first),
    }
    author = claim_author(source.get("claimant"), article)
    if author:
        item["author"] = author
    if first.get("published_at"):
        item["datePublished"] = _date(first["published_at"])
    if source.get("quote"):
        item["text"] = source["quote"]

    review: dict[str, Any] = {}
    if context:
        review["@context"] = CONTEXT
    review.update(
        {
            "@type": "ClaimReview",
            "url": url,
            "headline": headline(row["statement"], row["rating"]),
            "claimReviewed": row["statement"],
            "reviewRating": review_rating(row["rating"], row["summary"]),
            "reviewBody": row["summary"],
            "itemReviewed": item,
            "author": publisher(),
            "datePublished": _date(row.get("first_approved_at") or row["approved_at"]),
            "dateModified": _date(row["approved_at"]),
            "version": row["version"],
        }
    )
    if article.get("language"):
        review["inLanguage"] = article["language"]
    return review


def json_ld_script(document: dict[str, Any]) -> str:
    """JSON-LD text safe inside an HTML <script> element (and anywhere else it is pasted):
    `<`, `>` and `&` are written as JSON escapes, which every JSON parser reads back."""
    text = json.dumps(document, ensure_ascii=False, separators=(",", ":"))
    return text.translate(_HTML_SAFE)


_HTML_SAFE = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026"}


def data_feed(
    reviews: list[dict[str, Any]], *, name: str, url: str, modified: datetime | None
) -> dict[str, Any]:
    """A schema.org DataFeed whose elements are ClaimReviews (each without its own @context)."""
    feed: dict[str, Any] = {
        "@context": CONTEXT,
        "@type": "DataFeed",
        "name": name,
        "url": url,
        "dataFeedElement": reviews,
    }
    if modified is not None:
        feed["dateModified"] = modified.isoformat()
    return feed


# --------------------------------------------------------------------------- OpenAPI schema

_TEXT = {"type": "string"}
_DATE = {"type": "string", "format": "date"}
_AGENT = {
    "type": "object",
    "required": ["@type", "name"],
    "properties": {
        "@type": {"type": "string", "enum": ["Organization", "Person", "Thing"]},
        "name": _TEXT,
        "url": _TEXT,
        "logo": _TEXT,
        "sameAs": {"type": "array", "items": _TEXT},
    },
}
_RATING = {
    "type": "object",
    "required": ["@type", "alternateName"],
    "properties": {
        "@type": {"type": "string", "enum": ["Rating"]},
        "ratingValue": {"type": "integer", "minimum": WORST, "maximum": BEST},
        "bestRating": {"type": "integer", "enum": [BEST]},
        "worstRating": {"type": "integer", "enum": [WORST]},
        "alternateName": _TEXT,
        "ratingExplanation": _TEXT,
    },
}


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


_APPEARANCE = {
    "type": "object",
    "required": ["@type"],
    "properties": {
        "@type": {"type": "string", "enum": ["CreativeWork"]},
        "url": _TEXT,
        "headline": _TEXT,
        "datePublished": _DATE,
        "publisher": _ref("SchemaOrgAgent"),
    },
}
_CLAIM = {
    "type": "object",
    "required": ["@type", "appearance"],
    "properties": {
        "@type": {"type": "string", "enum": ["Claim"]},
        "author": _ref("SchemaOrgAgent"),
        "appearance": {"type": "array", "items": _ref("SchemaOrgCreativeWork")},
        "firstAppearance": _ref("SchemaOrgCreativeWork"),
        "datePublished": _DATE,
        "text": _TEXT,
    },
}
_REVIEW_PROPERTIES = {
    "@type": {"type": "string", "enum": ["ClaimReview"]},
    "url": {**_TEXT, "description": "The fact-check's public page"},
    "headline": _TEXT,
    "claimReviewed": _TEXT,
    "reviewRating": _ref("SchemaOrgRating"),
    "reviewBody": _TEXT,
    "itemReviewed": _ref("SchemaOrgClaim"),
    "author": _ref("SchemaOrgAgent"),
    "datePublished": _DATE,
    "dateModified": _DATE,
    "version": {"type": "integer"},
    "inLanguage": _TEXT,
}
_REVIEW_REQUIRED = ["@type", "url", "claimReviewed", "reviewRating", "itemReviewed", "author"]
# Named once in the OpenAPI document (claims.publishing.api.openapi adds them), so a
# generated client has one class per schema.org type.
SCHEMA_COMPONENTS = {
    "SchemaOrgAgent": _AGENT,
    "SchemaOrgRating": _RATING,
    "SchemaOrgCreativeWork": _APPEARANCE,
    "SchemaOrgClaim": _CLAIM,
    "ClaimReview": {
        "type": "object",
        "required": ["@context", *_REVIEW_REQUIRED],
        "properties": {"@context": {"type": "string", "enum": [CONTEXT]}, **_REVIEW_PROPERTIES},
        "example": {
            "@context": CONTEXT,
            "@type": "ClaimReview",
            "url": "https://newsdesk.example.org/fact-checks/42/more-than-40-of-the-territory/",
            "headline": "Mostly true: More than 40% of the territory is outside state control",
            "claimReviewed": "More than 40% of the territory is outside state control",
            "reviewRating": {
                "@type": "Rating",
                "ratingValue": 4,
                "bestRating": 5,
                "worstRating": 1,
                "alternateName": "Mostly true",
                "ratingExplanation": "Official figures put it at 40% or more.",
            },
            "reviewBody": "Official figures put it at 40% or more.",
            "itemReviewed": {
                "@type": "Claim",
                "author": {"@type": "Organization", "name": "International Crisis Group"},
                "datePublished": "2022-09-04",
                "appearance": [
                    {
                        "@type": "CreativeWork",
                        "url": "https://news.example/borders",
                        "headline": "Borders",
                        "datePublished": "2022-09-04",
                    }
                ],
                "firstAppearance": {
                    "@type": "CreativeWork",
                    "url": "https://news.example/borders",
                    "headline": "Borders",
                    "datePublished": "2022-09-04",
                },
            },
            "author": {"@type": "Organization", "name": "Newsdesk"},
            "datePublished": "2022-09-10",
            "dateModified": "2022-09-10",
            "version": 1,
        },
    },
    "ClaimReviewElement": {
        "type": "object",
        "required": _REVIEW_REQUIRED,
        "properties": _REVIEW_PROPERTIES,
        "description": "A ClaimReview inside a DataFeed (the feed carries the @context)",
    },
}
CLAIM_REVIEW_SCHEMA = _ref("ClaimReview")
DATA_FEED_SCHEMA = {
    "type": "object",
    "required": ["@context", "@type", "dataFeedElement"],
    "properties": {
        "@context": {"type": "string", "enum": [CONTEXT]},
        "@type": {"type": "string", "enum": ["DataFeed"]},
        "name": _TEXT,
        "url": _TEXT,
        "dateModified": {"type": "string", "format": "date-time"},
        "dataFeedElement": {"type": "array", "items": _ref("ClaimReviewElement")},
    },
}
