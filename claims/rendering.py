"""HTML renderings of an article body with its claims marked, shared by admin and pages."""

from __future__ import annotations

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from claims.models import Claim
from sources.models import Article


def highlight_claims(article: Article, claims=None) -> SafeString:
    """The article body as escaped paragraphs with each claim span in a <mark>.

    Nested or overlapping spans are drawn in order of start; an overlap is clipped to
    the end of the previous mark so the text is never duplicated.
    """
    body = article.body
    claims = list(claims if claims is not None else article.claims.order_by("start", "id"))
    parts: list[str] = []
    position = 0
    for claim in sorted(claims, key=lambda c: (c.start, c.id)):
        if claim.anchor_state == Claim.Anchor.ORPHANED:
            continue
        start = max(claim.start, position)
        if start >= claim.end:
            continue
        parts.append(escape(body[position:start]))
        parts.append(
            format_html(
                '<mark class="claim claim-{}" data-claim="{}" data-start="{}" data-end="{}" '
                'title="#{} {}: {}">{}</mark>',
                claim.status, claim.pk, claim.start, claim.end, claim.pk,
                claim.get_status_display(), claim.statement[:120], body[start : claim.end],
            )
        )
        position = claim.end
    parts.append(escape(body[position:]))
    # pre-wrap keeps the body's line breaks, so the DOM text equals `body` exactly and
    # a selection's offsets in the page are offsets into `body`.
    html = "".join(parts)
    return format_html(
        '<div class="article-body" style="white-space: pre-wrap">{}</div>',
        mark_safe(html),  # noqa: S308  (every part above is escaped)
    )
