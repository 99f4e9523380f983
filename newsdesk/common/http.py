"""SSRF-safe outbound HTTP client.

Every request goes through :func:`fetch`, which

* accepts only ``http``/``https`` URLs without user names or passwords,
* resolves the host once and refuses it unless every address is public
  (loopback, private, link-local/cloud metadata, CGNAT, multicast, reserved and
  odd numeric spellings such as ``http://0x7f000001/`` are all refused),
* connects to the *checked* address (no second DNS lookup, so DNS rebinding
  cannot swap the target) while sending the original ``Host`` header and
  verifying TLS against the original host name,
* follows redirects itself, re-checking every hop,
* caps the decoded body size (gzip bombs stop at the cap), the total time, and
  the accepted content types.

Nothing here reads Django settings: limits and allow-lists are arguments, so
the module imports without Django configured.
"""

from __future__ import annotations

import contextlib
import ipaddress
import re
import socket
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from http import HTTPStatus
from typing import Any
from urllib.parse import quote, urljoin, urlsplit

import urllib3
from urllib3.exceptions import (
    DecodeError,
    HTTPError,
    NewConnectionError,
    ProtocolError,
    SSLError,
)
from urllib3.exceptions import TimeoutError as Urllib3Timeout

__all__ = [
    "DEFAULT_CONTENT_TYPES",
    "BadContentType",
    "BadStatus",
    "FetchError",
    "FetchResult",
    "FetchTimeout",
    "TooLarge",
    "TooManyRedirects",
    "UnsafeURL",
    "check_url",
    "fetch",
    "is_public_address",
]

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
DEFAULT_CONTENT_TYPES: tuple[str, ...] = (
    "text/html",
    "application/xhtml+xml",
    "text/plain",
    "application/rss+xml",
    "application/atom+xml",
    "application/xml",
    "text/xml",
)
USER_AGENT = "Newsdesk/1.0 (fact-checking article importer)"
_CHUNK = 64 * 1024
_REDIRECT_CODES = frozenset({301, 302, 303, 307, 308})
# Headers that must not follow a redirect to another host.
_CREDENTIAL_HEADERS = frozenset({"authorization", "cookie", "proxy-authorization"})
_HOST_CHARS = re.compile(r"^[a-z0-9_.-]+$")
_NUMERIC_LABEL = re.compile(r"^(?:0x[0-9a-f]*|[0-9]+)$")
_CANONICAL_OCTET = re.compile(r"^(?:0|[1-9][0-9]{0,2})$")


# --------------------------------------------------------------------------- errors


class FetchError(Exception):
    """A page could not be fetched; ``message`` is safe to show to editors."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class UnsafeURL(FetchError):
    """The URL is not allowed (scheme, credentials, or a non-public address)."""


class TooLarge(FetchError):
    """The response body is bigger than the allowed size."""


class FetchTimeout(FetchError):
    """The whole exchange took longer than the allowed time."""


class BadStatus(FetchError):
    """The server answered with an HTTP error status (>= 400)."""

    def __init__(self, status: int, message: str | None = None) -> None:
        self.status = status
        super().__init__(message or f"The server answered {_status_text(status)}.")


class BadContentType(FetchError):
    """The response is not one of the accepted content types."""


class TooManyRedirects(FetchError):
    """The URL redirected more often than allowed (or in a loop)."""


# --------------------------------------------------------------------------- result


@dataclass(frozen=True)
class FetchResult:
    """A successful response: ``url`` is the final URL after redirects."""

    url: str
    status: int
    headers: dict[str, str] = field(repr=False)
    content: bytes = field(repr=False)
    content_type: str
    charset: str | None


# --------------------------------------------------------------------------- URL checks


@dataclass(frozen=True)
class _Target:
    scheme: str
    host: str  # IDNA-encoded, lower case, no brackets, no trailing dot
    port: int
    target: str  # path + query, percent-encoded
    host_header: str
    addresses: tuple[IPAddress, ...]


def is_public_address(ip: IPAddress) -> bool:
    """True when ``ip`` is a globally routable unicast address."""
    if isinstance(ip, ipaddress.IPv6Address):
        embedded = ip.ipv4_mapped or ip.sixtofour or (ip.teredo[1] if ip.teredo else None)
        if embedded is not None and not is_public_address(embedded):
            return False
    return bool(
        ip.is_global
        and not ip.is_multicast
        and not ip.is_reserved
        and not ip.is_unspecified
        and not ip.is_loopback
        and not ip.is_link_local
        and not ip.is_private
        # fec0::/10 (deprecated site-local) is still routed inside some networks, and
        # Python counts it as global.
        and not (isinstance(ip, ipaddress.IPv6Address) and ip.is_site_local)
    )


def _normalise_host(raw_host: str | None, url: str) -> str:
    if not raw_host:
        raise UnsafeURL(f"The link {url!r} has no host name.")
    host = raw_host.rstrip(".").lower()
    if ":" in host:  # IPv6 literal (urlsplit already removed the brackets)
        try:
            ipaddress.IPv6Address(host.split("%", 1)[0])
        except ValueError:
            raise UnsafeURL(f"{raw_host!r} is not a valid host name.") from None
        return host.split("%", 1)[0]
    try:
        host = host.encode("idna").decode("ascii")
    except UnicodeError:
        raise UnsafeURL(f"{raw_host!r} is not a valid host name.") from None
    if not host or not _HOST_CHARS.match(host):
        raise UnsafeURL(f"{raw_host!r} is not a valid host name.")
    return host


def _literal_address(host: str) -> IPAddress | None:
    """The address for an IP-literal host; refuse unusual numeric spellings."""
    if ":" in host:
        return ipaddress.IPv6Address(host)
    labels = host.split(".")
    if not _NUMERIC_LABEL.match(labels[-1]):
        return None  # an ordinary host name
    canonical = len(labels) == 4 and all(
        _CANONICAL_OCTET.match(label) and int(label) <= 255 for label in labels
    )
    if canonical:
        return ipaddress.IPv4Address(host)
    # Decimal (2130706433), hex (0x7f.0.0.1) and octal (0177.0.0.1) forms are
    # accepted by inet_aton and browsers alike; refuse them outright.
    try:
        decoded = f" (it means {socket.inet_ntoa(socket.inet_aton(host))})"
    except OSError:
        decoded = ""
    raise UnsafeURL(
        f"{host!r} is an unusual way of writing an IP address{decoded}; "
        "use the site's normal address instead."
    )


def _resolve(host: str, port: int) -> list[IPAddress]:
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError, OSError):
        raise FetchError(
            f"Could not reach host {host!r}: the name could not be resolved."
        ) from None
    addresses: list[IPAddress] = []
    for _family, _type, _proto, _canon, sockaddr in infos:
        ip = ipaddress.ip_address(str(sockaddr[0]).split("%", 1)[0])
        if ip not in addresses:
            addresses.append(ip)
    if not addresses:
        raise FetchError(f"Could not reach host {host!r}: the name has no addresses.")
    return addresses


def _prepare(url: str, allow_private_hosts: Iterable[str]) -> _Target:
    if not isinstance(url, str) or not url.strip():
        raise UnsafeURL("The link is empty.")
    url = url.strip()
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in url):
        raise UnsafeURL("The link contains control characters.")
    try:
        parts = urlsplit(url)
        port_value = parts.port
    except ValueError:
        raise UnsafeURL(f"{url!r} is not a valid link.") from None
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        shown = scheme or "none"
        raise UnsafeURL(f"Only http and https links can be fetched (this one uses {shown!r}).")
    if parts.username is not None or parts.password is not None or "@" in parts.netloc:
        raise UnsafeURL("Links containing a user name or password are not allowed.")
    host = _normalise_host(parts.hostname, url)
    port = port_value or (443 if scheme == "https" else 80)

    if isinstance(allow_private_hosts, str):  # a single host name, not its characters
        allow_private_hosts = [allow_private_hosts]
    allowed = {h.strip().rstrip(".").lower() for h in allow_private_hosts}
    literal = _literal_address(host)
    addresses = [literal] if literal is not None else _resolve(host, port)
    if host not in allowed:
        for ip in addresses:
            if not is_public_address(ip):
                raise UnsafeURL(
                    f"The host {host!r} points to a private or reserved address ({ip}); "
                    "only public web sites can be fetched."
                )

    path = quote(parts.path or "/", safe="/%:@!$&'()*+,;=-._~")
    query = quote(parts.query, safe="/%:@!$&'()*+,;=-._~?")
    target = f"{path}?{query}" if query else path
    host_in_header = f"[{host}]" if ":" in host else host
    default_port = 443 if scheme == "https" else 80
    host_header = host_in_header if port == default_port else f"{host_in_header}:{port}"
    return _Target(scheme, host, port, target, host_header, tuple(addresses))


def check_url(url: str, *, allow_private_hosts: Iterable[str] = frozenset()) -> list[IPAddress]:
    """Validate ``url`` and return the (public) addresses its host resolves to.

    Raises :class:`UnsafeURL` for a refused URL and :class:`FetchError` when the
    host name does not resolve. Reused to validate webhook URLs on registration.
    """
    return list(_prepare(url, allow_private_hosts).addresses)


# --------------------------------------------------------------------------- fetching


def _status_text(status: int) -> str:
    try:
        return f"{status} {HTTPStatus(status).phrase}"
    except ValueError:
        return str(status)


def _parse_content_type(value: str) -> tuple[str, str | None]:
    media_type, _, params = value.partition(";")
    charset = None
    for param in params.split(";"):
        key, _, val = param.partition("=")
        if key.strip().lower() == "charset":
            charset = val.strip().strip("\"'").strip() or None
    return media_type.strip().lower(), charset


class _Watchdog:
    """Enforces a wall-clock deadline by shutting down the open sockets."""

    def __init__(self, seconds: float) -> None:
        self.fired = False
        self._connections: list[Any] = []
        self._lock = threading.Lock()
        self._timer = threading.Timer(max(seconds, 0.0), self._fire)
        self._timer.daemon = True
        self._timer.start()

    def watch(self, conn: Any) -> None:
        with self._lock:
            self._connections.append(conn)
            fired = self.fired
        if fired:
            self._kill(conn)

    def _fire(self) -> None:
        with self._lock:
            self.fired = True
            connections = list(self._connections)
        for conn in connections:
            self._kill(conn)

    @staticmethod
    def _kill(conn: Any) -> None:
        sock = getattr(conn, "sock", None)
        if sock is not None:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)

    def cancel(self) -> None:
        self._timer.cancel()


class _WatchedMixin:
    watchdog: _Watchdog

    def _new_conn(self) -> Any:
        conn = super()._new_conn()  # type: ignore[misc]
        self.watchdog.watch(conn)
        return conn


class _HTTPPool(_WatchedMixin, urllib3.HTTPConnectionPool):
    pass


class _HTTPSPool(_WatchedMixin, urllib3.HTTPSConnectionPool):
    pass


def _ca_bundle() -> str | None:
    try:
        import certifi
    except ImportError:  # pragma: no cover - system store is used instead
        return None
    return certifi.where()


def _open_pool(
    target: _Target, ip: IPAddress, timeout: float, watchdog: _Watchdog
) -> urllib3.HTTPConnectionPool:
    common: dict[str, Any] = {
        "host": str(ip),
        "port": target.port,
        "timeout": urllib3.Timeout(connect=timeout, read=timeout),
        "maxsize": 1,
        "retries": False,
    }
    pool: urllib3.HTTPConnectionPool
    if target.scheme == "https":
        pool = _HTTPSPool(
            **common,
            cert_reqs="CERT_REQUIRED",
            ca_certs=_ca_bundle(),
            server_hostname=target.host,
            assert_hostname=target.host,
        )
    else:
        pool = _HTTPPool(**common)
    pool.watchdog = watchdog  # type: ignore[attr-defined]
    return pool


def _timeout_error(timeout: float) -> FetchTimeout:
    return FetchTimeout(f"The site took longer than {timeout:g} seconds to answer.")


def _send(
    target: _Target,
    method: str,
    body: bytes | None,
    headers: dict[str, str],
    deadline: float,
    timeout: float,
    watchdog: _Watchdog,
) -> tuple[urllib3.HTTPConnectionPool, urllib3.BaseHTTPResponse]:
    """Open a connection to one of the checked addresses and send the request."""
    last_error: Exception | None = None
    for ip in target.addresses:
        remaining = deadline - time.monotonic()
        if remaining <= 0 or watchdog.fired:
            raise _timeout_error(timeout)
        pool = _open_pool(target, ip, remaining, watchdog)
        try:
            response = pool.urlopen(
                method,
                target.target,
                body=body,
                headers={**headers, "Host": target.host_header},
                redirect=False,
                retries=False,
                preload_content=False,
                decode_content=True,
                assert_same_host=False,
            )
        except NewConnectionError as exc:  # refused / unreachable: try the next address
            pool.close()
            last_error = exc
            continue
        except Urllib3Timeout:
            pool.close()
            raise _timeout_error(timeout) from None
        except SSLError:
            pool.close()
            raise FetchError(
                f"The secure connection to {target.host!r} failed: its certificate could not "
                "be verified or the TLS handshake failed."
            ) from None
        except (ProtocolError, HTTPError, OSError):
            pool.close()
            if watchdog.fired:
                raise _timeout_error(timeout) from None
            raise FetchError(
                f"Could not reach host {target.host!r}: the connection was interrupted."
            ) from None
        return pool, response
    if watchdog.fired:
        raise _timeout_error(timeout)
    detail = "the connection was refused" if last_error else "no address to connect to"
    raise FetchError(f"Could not reach host {target.host!r}: {detail}.")


def _read_body(
    response: urllib3.BaseHTTPResponse,
    max_bytes: int,
    timeout: float,
    watchdog: _Watchdog,
) -> bytes:
    """Read the decoded body, stopping as soon as it exceeds ``max_bytes``."""
    limit_text = _format_size(max_bytes)
    declared = response.headers.get("content-length")
    encoded = response.headers.get("content-encoding", "identity").lower() != "identity"
    if declared and declared.strip().isdigit() and int(declared) > max_bytes and not encoded:
        raise TooLarge(f"The page is larger than the {limit_text} limit.")
    chunks: list[bytes] = []
    total = 0
    try:
        for chunk in response.stream(_CHUNK, decode_content=True):
            total += len(chunk)
            if total > max_bytes:
                raise TooLarge(f"The page is larger than the {limit_text} limit.")
            chunks.append(chunk)
            if watchdog.fired:
                raise _timeout_error(timeout)
    except Urllib3Timeout:
        raise _timeout_error(timeout) from None
    except DecodeError:
        raise FetchError("The server sent a badly compressed response.") from None
    except (ProtocolError, HTTPError, OSError):
        if watchdog.fired:
            raise _timeout_error(timeout) from None
        raise FetchError("The connection broke off before the page was fully received.") from None
    if watchdog.fired:  # a shut-down socket looks like a normal end of body
        raise _timeout_error(timeout)
    return b"".join(chunks)


def _format_size(n: int) -> str:
    if n >= 1024 * 1024:
        return f"{n / (1024 * 1024):g} MB"
    if n >= 1024:
        return f"{n / 1024:g} KB"
    return f"{n} bytes"


def fetch(
    url: str,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    timeout: float = 10.0,
    max_redirects: int = 5,
    allowed_content_types: tuple[str, ...] = DEFAULT_CONTENT_TYPES,
    allow_private_hosts: Iterable[str] = frozenset(),
    method: str = "GET",
    body: bytes | None = None,
    headers: dict[str, str] | None = None,
) -> FetchResult:
    """Fetch ``url`` safely and return the final response.

    ``timeout`` caps the whole exchange (every hop, connect and read).
    ``allowed_content_types`` lists accepted media types; an empty tuple accepts
    any type (for example webhook responses). ``allow_private_hosts`` names the
    hosts that may resolve to non-public addresses (tests, local services).
    Raises a :class:`FetchError` subclass with an editor-readable message.
    """
    method = method.upper()
    allowed_types = {t.lower() for t in allowed_content_types}
    request_headers = {
        "User-Agent": USER_AGENT,
        "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.5",
        "Accept-Encoding": "gzip, deflate",
    }
    for key, value in (headers or {}).items():
        if key.lower() != "host":
            request_headers[key] = value

    deadline = time.monotonic() + timeout
    watchdog = _Watchdog(timeout)
    try:
        current = url
        previous_host: str | None = None
        for hop in range(max_redirects + 1):
            target = _prepare(current, allow_private_hosts)
            if previous_host is not None and target.host != previous_host:
                request_headers = {
                    k: v for k, v in request_headers.items() if k.lower() not in _CREDENTIAL_HEADERS
                }
            previous_host = target.host
            pool, response = _send(
                target, method, body, request_headers, deadline, timeout, watchdog
            )
            try:
                status = response.status
                location = response.headers.get("location")
                if status in _REDIRECT_CODES and location:
                    if hop == max_redirects:
                        raise TooManyRedirects(
                            f"The link redirected more than {max_redirects} times "
                            "(possibly in a loop)."
                        )
                    current = urljoin(current, location.strip()).split("#", 1)[0]
                    if status == 303 or (status in (301, 302) and method == "POST"):
                        method = "GET" if method != "HEAD" else method
                        body = None
                    continue
                if status >= 400:
                    raise BadStatus(status)
                if 300 <= status < 400:
                    raise BadStatus(
                        status,
                        f"The server answered {_status_text(status)} without a usable "
                        "redirect target.",
                    )
                declared_types = response.headers.getlist("content-type") or [""]
                media_type, charset = _parse_content_type(declared_types[-1])
                if allowed_types and media_type not in allowed_types:
                    shown = media_type or "no content type"
                    raise BadContentType(
                        f"The link points to {shown!r}, not a web page or feed that can be "
                        "imported."
                    )
                content = _read_body(response, max_bytes, timeout, watchdog)
                header_map = {k.lower(): response.headers[k] for k in response.headers}
                return FetchResult(
                    url=current,
                    status=status,
                    headers=header_map,
                    content=content,
                    content_type=media_type,
                    charset=charset,
                )
            finally:
                response.close()
                pool.close()
        raise TooManyRedirects(  # pragma: no cover - loop always returns or raises
            f"The link redirected more than {max_redirects} times."
        )
    finally:
        watchdog.cancel()
