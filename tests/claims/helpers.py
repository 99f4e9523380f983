"""Building blocks for claim tests: real articles and claims made through the services."""

from __future__ import annotations

from claims import services
from claims.models import Claim
from sources.services import article_import

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
    claim = draft(editor, **kwargs)
    services.citation_add(
        claim_id=claim.pk,
        actor=editor,
        stance="supports",
        url="https://stats.example/territory",
        title="Territorial control report",
        kind="official_statistics",
    )
    claim = services.claim_update(
        claim_id=claim.pk,
        version=claim.version,
        actor=editor,
        rating="mostly_true",
        summary="Official figures put it at 40% or more.",
    )
    return services.claim_submit(claim_id=claim.pk, version=claim.version, actor=editor)
