"""schema.org ClaimReview for published verdicts (and a DataFeed of them).

Follows schema.org 30.0 and Google's ClaimReview guidance: `claimReviewed`, `reviewRating`
(with `alternateName`) and `url` are always present; `author`, `datePublished` and
`itemReviewed` (a Claim with its `author`, `datePublished` and `appearance`) when known.

Ratings map to a 1..5 scale (best 5). "Unverifiable" has no place on that scale, so its
Rating carries only `alternateName` (Google: `ratingValue` is for ratings that have one).
Input rows are those of `claims.publishing.api.public.public_rows` plus `first_approved_at`.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

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
# Claimants that name a person ("the Burkinabè president", "Mr Traoré"); anything else
# ("official figures", "the ministry") is published as an Organization.
_PERSON_WORDS = re.compile(
    r"\b(president|prime minister|minister|mr|mrs|ms|dr|senator|governor|mayor|spokes(?:man|"
    r"woman|person)|general|captain|colonel|king|queen|chancellor|deputy|mp|he|she|leader)\b",
    re.IGNORECASE,
)


def _date(value: datetime | None) -> str | None:
    return value.date().isoformat() if value is not None else None


def _organisation(name: str, url: str = "") -> dict[str, Any]:
    found: dict[str, Any] = {"@type": "Organization", "name": name}
    if url:
        found["url"] = url
    return found


def review_rating(rating: str) -> dict[str, Any]:
    value = RATING_VALUES.get(rating)
    found: dict[str, Any] = {"@type": "Rating", "alternateName": RATING_LABELS.get(rating, rating)}
    if value is not None:
        found.update(ratingValue=value, bestRating=BEST, worstRating=WORST)
    return found


def claim_author(claimant: str, outlet_name: str | None, outlet_domain: str | None) -> dict | None:
    """Who made the claim: the claimant if named, else the outlet that published it."""
    claimant = (claimant or "").strip()
    if claimant:
        kind = "Person" if _PERSON_WORDS.search(claimant) else "Organization"
        return {"@type": kind, "name": claimant}
    if outlet_name:
        return _organisation(outlet_name, f"https://{outlet_domain}/" if outlet_domain else "")
    return None


def claim_review(
    row: dict[str, Any],
    *,
    url: str,
    publisher_name: str,
    publisher_url: str,
    context: bool = True,
) -> dict[str, Any]:
    """One ClaimReview; `context=False` for an element nested in a DataFeed."""
    outlet_name = row.get("claim__article__outlet__name")
    outlet_domain = row.get("claim__article__outlet__domain")
    appearance: dict[str, Any] = {"@type": "CreativeWork"}
    if row.get("claim__article__url"):
        appearance["url"] = row["claim__article__url"]
    if row.get("claim__article__title"):
        appearance["headline"] = row["claim__article__title"]
    if row.get("claim__article__published_at"):
        appearance["datePublished"] = _date(row["claim__article__published_at"])
    if outlet_name:
        appearance["publisher"] = _organisation(
            outlet_name, f"https://{outlet_domain}/" if outlet_domain else ""
        )

    item: dict[str, Any] = {"@type": "Claim", "appearance": appearance}
    author = claim_author(row.get("claim__claimant", ""), outlet_name, outlet_domain)
    if author:
        item["author"] = author
    if row.get("claim__article__published_at"):
        item["datePublished"] = _date(row["claim__article__published_at"])
    if row.get("claim__exact"):
        item["text"] = row["claim__exact"]

    review: dict[str, Any] = {}
    if context:
        review["@context"] = CONTEXT
    review.update(
        {
            "@type": "ClaimReview",
            "url": url,
            "claimReviewed": row["statement"],
            "reviewRating": review_rating(row["rating"]),
            "reviewBody": row["summary"],
            "itemReviewed": item,
            "author": _organisation(publisher_name, publisher_url),
            "datePublished": _date(row.get("first_approved_at") or row["approved_at"]),
            "dateModified": _date(row["approved_at"]),
            "version": row["version"],
        }
    )
    if row.get("claim__article__language"):
        review["inLanguage"] = row["claim__article__language"]
    return review


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
        "@type": {"type": "string", "enum": ["Organization", "Person"]},
        "name": _TEXT,
        "url": _TEXT,
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
    },
}
_APPEARANCE = {
    "type": "object",
    "required": ["@type"],
    "properties": {
        "@type": {"type": "string", "enum": ["CreativeWork"]},
        "url": _TEXT,
        "headline": _TEXT,
        "datePublished": _DATE,
        "publisher": _AGENT,
    },
}
_CLAIM = {
    "type": "object",
    "required": ["@type", "appearance"],
    "properties": {
        "@type": {"type": "string", "enum": ["Claim"]},
        "author": _AGENT,
        "appearance": _APPEARANCE,
        "datePublished": _DATE,
        "text": _TEXT,
    },
}
_REVIEW_PROPERTIES = {
    "@type": {"type": "string", "enum": ["ClaimReview"]},
    "url": _TEXT,
    "claimReviewed": _TEXT,
    "reviewRating": _RATING,
    "reviewBody": _TEXT,
    "itemReviewed": _CLAIM,
    "author": _AGENT,
    "datePublished": _DATE,
    "dateModified": _DATE,
    "version": {"type": "integer"},
    "inLanguage": _TEXT,
}
_REVIEW_REQUIRED = ["@type", "url", "claimReviewed", "reviewRating", "itemReviewed", "author"]
CLAIM_REVIEW_SCHEMA = {
    "type": "object",
    "required": ["@context", *_REVIEW_REQUIRED],
    "properties": {"@context": {"type": "string", "enum": [CONTEXT]}, **_REVIEW_PROPERTIES},
}
DATA_FEED_SCHEMA = {
    "type": "object",
    "required": ["@context", "@type", "dataFeedElement"],
    "properties": {
        "@context": {"type": "string", "enum": [CONTEXT]},
        "@type": {"type": "string", "enum": ["DataFeed"]},
        "name": _TEXT,
        "url": _TEXT,
        "dateModified": {"type": "string", "format": "date-time"},
        "dataFeedElement": {
            "type": "array",
            "items": {
                "type": "object",
                "required": _REVIEW_REQUIRED,
                "properties": _REVIEW_PROPERTIES,
            },
        },
    },
}
