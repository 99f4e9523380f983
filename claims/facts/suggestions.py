"""Check-worthiness: which sentences of an article an editor should look at first.

A transparent score, not a model: figures, comparisons, dates, named entities and
attribution each add weight, and every suggestion carries the reasons it scored.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

from django.db import transaction

from claims.models import Claim, ClaimSuggestion
from sources.models import Article

# A sentence ends at . ! ? (and any closing quotes) before whitespace and a capital, a
# digit or an opening quote; a line break always ends one.
BOUNDARY = re.compile(r"[.!?]+[\"”’»)]*(?=\s)|\n")
SENTENCE_START = '“"«‘('
COMPARISON = re.compile(
    r"\b(more|less|fewer|higher|lower|larger|smaller|increase[sd]?|decrease[sd]?|rose|fell|"
    r"doubled|tripled|halved|record|largest|biggest|highest|lowest|most|least|first|"
    r"only|since|than)\b",
    re.IGNORECASE,
)
ATTRIBUTION = re.compile(
    r"\b(according to|said|says|told|announced|reported|stated|estimated|claimed|"
    r"figures|statistics|data|survey|study|report)\b",
    re.IGNORECASE,
)
THRESHOLD = 2.0
WEIGHTS = {"figure": 2.0, "date": 1.0, "comparison": 1.0, "entity": 0.5, "attribution": 1.0}


def sentences(body: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each sentence in `body`, whitespace trimmed."""

    def trimmed(start: int, end: int) -> tuple[int, int] | None:
        chunk = body[start:end]
        left = start + len(chunk) - len(chunk.lstrip())
        right = start + len(chunk.rstrip())
        return (left, right) if right > left else None

    start = 0
    for match in BOUNDARY.finditer(body):
        end = match.end()
        if match.group() != "\n":
            following = body[end : end + 4].lstrip()[:1]
            if following and not (
                following.isupper() or following.isdigit() or following in SENTENCE_START
            ):
                continue
        if span := trimmed(start, end):
            yield span
        start = end
    if span := trimmed(start, len(body)):
        yield span


def score_sentence(text: str, *, published: date | None, aliases) -> tuple[float, list[str]]:
    from claims.facts.extraction import extract

    extraction = extract(text, published=published, aliases=aliases)
    reasons: list[str] = []
    score = 0.0
    if extraction.quantities:
        score += WEIGHTS["figure"]
        reasons.append("figure: " + ", ".join(q.text for q in extraction.quantities[:3]))
    if extraction.dates:
        score += WEIGHTS["date"]
        reasons.append("date: " + ", ".join(d.text for d in extraction.dates[:3]))
    if match := COMPARISON.search(text):
        score += WEIGHTS["comparison"]
        reasons.append(f"comparison: {match.group(0)}")
    if extraction.entities:
        score += WEIGHTS["entity"]
        reasons.append("entity: " + ", ".join(sorted({e.entity for e in extraction.entities})))
    if match := ATTRIBUTION.search(text):
        score += WEIGHTS["attribution"]
        reasons.append(f"attribution: {match.group(0)}")
    return score, reasons


@transaction.atomic
def suggestions_refresh(*, article_id: int) -> int:
    """Score every sentence of an article and store the check-worthy ones.

    Idempotent: existing suggestions (and editors' decisions on them) are kept; sentences
    already covered by a claim are not suggested. Returns the number of new suggestions.
    """
    from claims.facts.selectors import alias_index

    article = Article.objects.filter(pk=article_id).first()
    if article is None:
        return 0
    published = article.published_at.date() if article.published_at else None
    aliases = alias_index()
    taken = set(ClaimSuggestion.objects.filter(article=article).values_list("start", "end"))
    claimed = list(Claim.objects.filter(article=article).values_list("start", "end"))
    new = []
    for start, end in sentences(article.body):
        if (start, end) in taken or any(s < end and start < e for s, e in claimed):
            continue
        score, reasons = score_sentence(
            article.body[start:end], published=published, aliases=aliases
        )
        if score >= THRESHOLD:
            new.append(
                ClaimSuggestion(
                    article=article,
                    start=start,
                    end=end,
                    sentence=article.body[start:end],
                    score=score,
                    reasons=reasons,
                )
            )
    ClaimSuggestion.objects.bulk_create(new, ignore_conflicts=True)
    return len(new)
