"""HTML renderings of an article body with its claims marked, shared by admin and pages."""

from __future__ import annotations

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from claims.models import Claim
from sources.models import Article


def _open_tag(claim: Claim) -> str:
    return format_html(
        '<mark class="claim claim-{}" data-claim="{}" data-start="{}" data-end="{}" '
        'title="#{} {}: {}">',
        claim.status,
        claim.pk,
        claim.start,
        claim.end,
        claim.pk,
        claim.get_status_display(),
        claim.statement[:120],
    )


def highlight_claims(article: Article, claims=None) -> SafeString:
    """The article body, escaped, with each claim's span in a <mark> (nested when one claim
    lies inside another; a span that crosses another's end is cut at that end).

    The body keeps its line breaks (pre-wrap), so the page's text equals `body` and a
    selection's offsets in the page are offsets into `body`.
    """
    body = article.body
    claims = claims if claims is not None else article.claims.all()
    spans = sorted(
        (c for c in claims if c.anchor_state != Claim.Anchor.ORPHANED and c.end > c.start),
        key=lambda c: (c.start, -c.end, c.pk),
    )
    parts: list[str] = []
    position = 0
    open_ends: list[int] = []

    def close_until(limit: int) -> None:
        nonlocal position
        while open_ends and open_ends[-1] <= limit:
            end = open_ends.pop()
            parts.append(escape(body[position:end]))
            parts.append("</mark>")
            position = end

    for claim in spans:
        close_until(claim.start)
        end = min(claim.end, open_ends[-1]) if open_ends else claim.end
        parts.append(escape(body[position : claim.start]))
        parts.append(_open_tag(claim))
        position = claim.start
        open_ends.append(end)
    close_until(len(body))
    parts.append(escape(body[position:]))
    return format_html(
        '<div class="article-body" style="white-space: pre-wrap">{}</div>',
        mark_safe("".join(parts)),  # noqa: S308  (every part above is escaped or format_html)
    )
