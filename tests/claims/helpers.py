"""Building blocks for claim tests: real articles and claims made through the services."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, timedelta

from claims import services
from claims.models import Claim, FactCheck
from sources.services import article_import
from tests import factories

BODY = (
    "Burkina Faso and Mali share a border of more than a thousand kilometers, an area "
    "affected by numerous deadly attacks by jihadist groups. More than 40% of Burkina’s "
    "territory is outside state control, according to official figures."
)


def article(editor, body: str = BODY, **kwargs):
    return article_import(
        method="text",
        text=body,
        title=kwargs.pop("title", "Borders"),
        user=editor,
        published_at=kwargs.pop("published_at", "2022-09-04"),
        **kwargs,
    ).article


def draft(
    editor,
    *,
    quote: str = "More than 40% of Burkina’s territory is outside state control",
    body: str = BODY,
) -> Claim:
    return services.claim_create(article_id=article(editor, body).pk, author=editor, quote=quote)


def ready_for_review(editor, **kwargs) -> Claim:
    """A draft with a rating, a summary and a citation, submitted for review."""
    claim = complete_draft(editor, **kwargs)
    return services.claim_submit(claim_id=claim.pk, version=claim.version, actor=editor)


def complete_draft(editor, **kwargs) -> Claim:
    """A draft with a rating, a summary and a citation: all that submitting needs."""
    claim = draft(editor, **kwargs)
    services.citation_add(
        claim_id=claim.pk,
        actor=editor,
        stance="supports",
        url="https://stats.example/territory",
        title="Territorial control report",
        kind="official_statistics",
    )
    return services.claim_update(
        claim_id=claim.pk,
        version=claim.version,
        actor=editor,
        rating="mostly_true",
        summary="Official figures put it at 40% or more.",
    )


def publish(editor, reviewer, **kwargs) -> Claim:
    """A claim taken through the workflow to verified (FactCheck v1)."""
    claim = ready_for_review(editor, **kwargs)
    services.claim_approve(claim_id=claim.pk, version=claim.version, reviewer=reviewer)
    return Claim.objects.get(pk=claim.pk)


_ARTICLE_NUMBERS = itertools.count(1)


def bulk_verified(
    n: int,
    *,
    editor,
    reviewer,
    rating: str = "false",
    domain: str = "lefaso.example",
    entity: str = "Burkina Faso",
    measure: str = "territory-outside-state-control",
    start: datetime | None = None,
) -> list[Claim]:
    """`n` verified claims with their FactCheck v1, written straight to the tables."""
    outlet = factories.OutletFactory(name=domain.split(".")[0].title(), domain=domain)
    article = factories.ArticleFactory(
        outlet=outlet, url=f"https://{domain}/a/{next(_ARTICLE_NUMBERS)}"
    )
    entity = factories.entity(entity)
    start = start or datetime(2024, 1, 1, tzinfo=UTC)
    claims = Claim.objects.bulk_create(
        Claim(
            article=article,
            start=0,
            end=6,
            exact=article.body[:6],
            statement=f"Statement {i}",
            claimant="official figures",
            entity=entity,
            measure=factories.measure(measure),
            value_low=40.0 + i,
            unit="percent",
            hedge="more_than",
            scope_start=date(2022, 9, 4),
            scope_end=date(2022, 9, 4),
            status="verified",
            rating=rating,
            summary=f"Summary {i}",
            author=editor,
            version=3,
        )
        for i in range(n)
    )
    FactCheck.objects.bulk_create(
        FactCheck(
            claim=claim,
            version=1,
            rating=rating,
            summary=claim.summary,
            statement=claim.statement,
            fact=services.factcheck_fact(claim),
            source=services.factcheck_source(claim),
            citations=[
                {
                    "source_id": 1,
                    "title": "Report",
                    "url": "https://stats.example/r",
                    "publisher": "INSD",
                    "kind": "report",
                    "stance": "refutes",
                    "quote": "",
                    "locator": "",
                }
            ],
            author=editor,
            approved_by=reviewer,
            approved_at=start + timedelta(minutes=i),
        )
        for i, claim in enumerate(claims)
    )
    return claims
