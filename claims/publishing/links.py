"""Public addresses of published fact-checks (no views here, so anything may import it)."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
from django.utils.text import slugify

SLUG_LENGTH = 80


def page_slug(statement: str) -> str:
    """The readable part of a page's address, from the verdict's statement. Only the id
    finds the page: a correction that rewords the statement redirects the old address."""
    return slugify(statement)[:SLUG_LENGTH].strip("-") or "fact-check"


def page_path(claim_id: int, statement: str) -> str:
    return reverse("factcheck-page", args=[claim_id, page_slug(statement)])


def page_url(request: HttpRequest | None, claim_id: int, statement: str) -> str:
    """The fact-check's public address: NEWSDESK_CLAIM_PERMALINK if set, else its page
    here (absolute when a request is known)."""
    if settings.NEWSDESK_CLAIM_PERMALINK:
        return settings.NEWSDESK_CLAIM_PERMALINK.replace("{id}", str(claim_id))
    path = page_path(claim_id, statement)
    return request.build_absolute_uri(path) if request is not None else path
