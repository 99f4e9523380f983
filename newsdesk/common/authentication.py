"""API keys: how they are made, revoked and checked on each request.

A key is ``nd_`` followed by 43 URL-safe random characters (256 bits). The database keeps
its SHA-256 (a fast hash is right for a high-entropy secret: there is nothing to guess)
and the first characters as a visible prefix. Consumers send it as
``Authorization: Bearer <key>``.

- A forged, revoked or expired key is refused with 401 and the project's error shape.
- A `read` key authenticates as an :class:`ApiConsumer`: signed in, with no role, so the
  API shows it verified claims only and every staff endpoint refuses it.
- A `staff` key authenticates as its user (who must still be active); the services
  check that user's role exactly as for a signed-in editor or reviewer.
- `last_used_at` is written at most once a minute per key, by one conditional UPDATE.
- Keys are cached per process for NEWSDESK_API_KEY_CACHE_SECONDS (see `lookup`).
"""

from __future__ import annotations

import hashlib
import logging
import secrets
import time
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header

from newsdesk.common import roles
from newsdesk.common.models import ApiKey

logger = logging.getLogger(__name__)

KEY_PREFIX = "nd_"
VISIBLE_CHARS = 8  # characters after "nd_" kept as the visible prefix
LAST_USED_EVERY = timedelta(minutes=1)
_MAX_HEADER_KEY = 200


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def generate_key() -> str:
    return KEY_PREFIX + secrets.token_urlsafe(32)


def _check_staff_user(scope: str, user: Any) -> None:
    if scope == ApiKey.Scope.STAFF:
        if user is None:
            raise ValidationError({"user": ["A staff key acts as a user: choose one."]})
        if not user.is_active or not roles.is_staff_member(user):
            raise ValidationError(
                {"user": ["A staff key's user must be an active editor or reviewer."]}
            )


def _check_rate(rate: str) -> None:
    if not rate:
        return
    count, _, period = rate.partition("/")
    if not (count.isdigit() and int(count) > 0 and period[:1] in {"s", "m", "h", "d"}):
        raise ValidationError({"rate": ["Write the rate as <requests>/<s|min|hour|day>."]})


@transaction.atomic
def api_key_create(
    *,
    name: str,
    scope: str = ApiKey.Scope.READ,
    user: Any = None,
    expires_at: datetime | None = None,
    rate: str = "",
) -> tuple[ApiKey, str]:
    """Create a key and return it with its secret, which is not stored and never shown again."""
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": ["Name the key after who uses it."]})
    if scope not in ApiKey.Scope.values:
        raise ValidationError({"scope": [f"Unknown scope {scope!r}: use read or staff."]})
    _check_staff_user(scope, user)
    _check_rate(rate)
    if expires_at is not None and expires_at <= timezone.now():
        raise ValidationError({"expires_at": ["The expiry is in the past."]})
    key = generate_key()
    api_key = ApiKey.objects.create(
        name=name[:200],
        prefix=key[: len(KEY_PREFIX) + VISIBLE_CHARS],
        key_hash=hash_key(key),
        scope=scope,
        user=user,
        expires_at=expires_at,
        rate=rate,
    )
    return api_key, key


@transaction.atomic
def api_key_revoke(*, key_id: int) -> ApiKey:
    """Revoke a key (idempotent: the first revocation time is kept)."""
    ApiKey.objects.filter(pk=key_id, revoked_at__isnull=True).update(revoked_at=timezone.now())
    api_key = ApiKey.objects.get(pk=key_id)
    forget(api_key.key_hash)
    return api_key


# --- The per-process key cache --------------------------------------------------------------
# A key is looked up once per NEWSDESK_API_KEY_CACHE_SECONDS per process, not on every request
# (the lookup costs more than the rest of a revalidation). Expiry is checked on every request.
# A revocation or an edit bumps a generation number in the shared cache (Redis); every
# process reads it on each request (one GET, as the throttle already does) and drops its
# cached keys when it moved, so the change reaches every worker at once. Without a shared
# cache (or while it is down) the other workers see it within the cache time, as before.

_KEYS: dict[str, tuple[float, ApiKey | None]] = {}
_MAX_CACHED = 10_000
_GENERATION_KEY = "api-keys:generation"
_seen_generation: list[object] = [None]


def _shared_generation() -> object:
    try:
        return cache.get(_GENERATION_KEY, 0)
    except Exception:  # a cache outage must not refuse keys: fall back to the time limit
        logger.warning("API key cache generation unavailable", exc_info=True)
        return None


def _bump_generation() -> None:
    try:
        cache.add(_GENERATION_KEY, 0, timeout=None)
        cache.incr(_GENERATION_KEY)
    except Exception:
        logger.warning("could not announce an API key change to other processes", exc_info=True)


def lookup(key_hash: str) -> ApiKey | None:
    ttl = settings.NEWSDESK_API_KEY_CACHE_SECONDS
    now = time.monotonic()
    generation = _shared_generation() if ttl > 0 else None
    if generation is not None and generation != _seen_generation[0]:
        _KEYS.clear()
        _seen_generation[0] = generation
    cached = _KEYS.get(key_hash)
    if cached is not None and cached[0] > now:
        return cached[1]
    api_key = ApiKey.objects.filter(key_hash=key_hash).first()
    if ttl > 0:
        if len(_KEYS) >= _MAX_CACHED:
            _KEYS.clear()
        _KEYS[key_hash] = (now + ttl, api_key)  # unknown keys too: forged keys cost no query
    return api_key


def forget(key_hash: str | None = None) -> None:
    """Drop one key (or all) from this process's cache, and tell the other processes."""
    if key_hash is None:
        _KEYS.clear()
    else:
        _KEYS.pop(key_hash, None)
        # After the commit: a process that reloaded the key sooner would cache the old row.
        transaction.on_commit(_bump_generation)


def api_key_validate(*, scope: str, user: Any, rate: str) -> None:
    """The checks `api_key_create` makes, for forms that edit an existing key."""
    _check_staff_user(scope, user)
    _check_rate(rate)


class ApiConsumer(AnonymousUser):
    """The principal of a read key: authenticated, without any newsroom role."""

    def __init__(self, api_key: ApiKey) -> None:
        self.api_key = api_key
        self.username = f"api-key:{api_key.prefix}"

    @property
    def is_anonymous(self) -> bool:  # type: ignore[override]
        return False

    @property
    def is_authenticated(self) -> bool:  # type: ignore[override]
        return True

    def __str__(self) -> str:
        return self.username

    def __eq__(self, other: object) -> bool:
        return isinstance(other, ApiConsumer) and other.api_key.pk == self.api_key.pk

    def __hash__(self) -> int:
        return hash(("api-key", self.api_key.pk))


class ApiKeyAuthentication(BaseAuthentication):
    """``Authorization: Bearer <key>``. Requests without a Bearer header pass to the next
    authenticator (the session), so the admin and the browsable pages keep working."""

    keyword = b"bearer"

    def authenticate(self, request) -> tuple[Any, ApiKey] | None:
        header = get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword:
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(
                "Send the key as 'Authorization: Bearer <key>' with nothing else."
            )
        raw = header[1]
        if len(raw) > _MAX_HEADER_KEY:
            raise exceptions.AuthenticationFailed("Unknown API key.")
        try:
            key = raw.decode("ascii")
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed("Unknown API key.") from None
        api_key = lookup(hash_key(key)) if key.startswith(KEY_PREFIX) else None
        if api_key is None:
            raise exceptions.AuthenticationFailed("Unknown API key.")
        now = timezone.now()
        if api_key.revoked_at is not None:
            raise exceptions.AuthenticationFailed("This API key was revoked.")
        if api_key.expires_at is not None and api_key.expires_at <= now:
            raise exceptions.AuthenticationFailed("This API key has expired.")
        if api_key.last_used_at is None or api_key.last_used_at <= now - LAST_USED_EVERY:
            # At most one write a minute per key, whatever the request rate.
            ApiKey.objects.filter(pk=api_key.pk).filter(
                Q(last_used_at__isnull=True) | Q(last_used_at__lte=now - LAST_USED_EVERY)
            ).update(last_used_at=now)
            api_key.last_used_at = now
        if api_key.scope == ApiKey.Scope.STAFF:
            # Staff requests are few and act on the user's current role: read it fresh.
            user = get_user_model().objects.filter(pk=api_key.user_id, is_active=True).first()
            if user is None:
                raise exceptions.AuthenticationFailed("This API key's user is inactive.")
            return user, api_key
        return ApiConsumer(api_key), api_key

    def authenticate_header(self, request) -> str:
        # 401 with a Bearer challenge (RFC 6750): a presented key that failed names the
        # error; a request without credentials is simply asked for a key.
        header = get_authorization_header(request).split()
        if header and header[0].lower() == self.keyword:
            return 'Bearer realm="api", error="invalid_token"'
        return 'Bearer realm="api"'


def api_key_of(request: Any) -> ApiKey | None:
    auth = getattr(request, "auth", None)
    return auth if isinstance(auth, ApiKey) else None


class ApiKeyScheme(OpenApiAuthenticationExtension):
    """Documents the Bearer key in the OpenAPI schema."""

    target_class = ApiKeyAuthentication
    name = "apiKey"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "bearerFormat": "nd_…",
            "description": "An API key: read (verified claims) or staff (acts as its user).",
        }
