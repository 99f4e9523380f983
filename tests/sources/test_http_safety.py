"""The outbound HTTP client refuses SSRF targets and enforces its limits.

A real HTTP server runs on 127.0.0.1 in a thread; it is reachable only through
the explicit ``allow_private_hosts`` allow-list, as in tests and development.
"""

from __future__ import annotations

import contextlib
import gzip
import ipaddress
import shutil
import socket
import ssl
import subprocess
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import urllib3.util.connection

from newsdesk.common import http as safe_http
from newsdesk.common.http import (
    BadContentType,
    BadStatus,
    FetchError,
    FetchTimeout,
    TooLarge,
    TooManyRedirects,
    UnsafeURL,
    check_url,
    fetch,
)

LOCAL = frozenset({"127.0.0.1"})
PAGE = b"<html><head><title>Hello</title></head><body><p>Hello, world.</p></body></html>"
BIG_BYTES = 50 * 1024 * 1024
_BOMB = gzip.compress(b" " * BIG_BYTES, compresslevel=9)


class Handler(BaseHTTPRequestHandler):
    """Routes for the local test server."""

    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:
        """Keep the test output quiet."""

    def _send(self, status: int, body: bytes = b"", **headers: str) -> None:
        fields = {"Content-Type": "text/html; charset=utf-8"}
        fields.update({key.replace("_", "-"): value for key, value in headers.items()})
        fields["Content-Length"] = str(len(body))
        self.send_response(status)
        for key, value in fields.items():
            self.send_header(key, value)
        self.end_headers()
        # the client may give up first (timeouts, size limits)
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self.wfile.write(body)

    def do_GET(self) -> None:
        self.server.paths.append(self.path)  # type: ignore[attr-defined]
        port = self.server.server_address[1]
        route = self.path.split("?", 1)[0]
        if route == "/ok":
            self._send(200, PAGE)
        elif route == "/host":
            self._send(200, self.headers.get("Host", "").encode(), Content_Type="text/plain")
        elif route == "/redirect-ok":
            self._send(302, Location="/ok")
        elif route == "/redirect-localhost":
            self._send(301, Location=f"http://localhost:{port}/ok")
        elif route == "/redirect-private":
            self._send(302, Location="http://10.0.0.1/admin")
        elif route == "/redirect-metadata":
            self._send(302, Location="http://169.254.169.254/latest/meta-data/")
        elif route == "/loop":
            self._send(302, Location="/loop")
        elif route == "/missing":
            self._send(404, b"not here")
        elif route == "/broken":
            self._send(500, b"oops")
        elif route == "/png":
            self._send(200, b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, Content_Type="image/png")
        elif route == "/big":
            self._stream_big()
        elif route == "/big-declared":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(BIG_BYTES))
            self.end_headers()
            self._write_chunks(BIG_BYTES)
        elif route == "/bomb":
            self._send(200, _BOMB, Content_Encoding="gzip")
        elif route == "/slow":
            time.sleep(3)
            self._send(200, PAGE)
        elif route == "/trickle":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", "1000")
            self.end_headers()
            for _ in range(20):
                self.wfile.write(b"x")
                self.wfile.flush()
                time.sleep(0.2)
        else:
            self._send(404, b"unknown route")

    def _write_chunks(self, total: int) -> None:
        chunk = b"a" * 65536
        sent = 0
        try:
            while sent < total:
                self.wfile.write(chunk)
                sent += len(chunk)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client stopped reading at its limit, as it should

    def _stream_big(self) -> None:
        """50 MB without Content-Length (close-delimited), written in chunks."""
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True
        self._write_chunks(BIG_BYTES)


class QuietServer(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # clients hanging up mid-response is what these tests provoke


@pytest.fixture(scope="module")
def server() -> Iterator[ThreadingHTTPServer]:
    srv = QuietServer(("127.0.0.1", 0), Handler)
    srv.paths = []  # type: ignore[attr-defined]
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    yield srv
    srv.shutdown()
    srv.server_close()


def base(srv: ThreadingHTTPServer, host: str = "127.0.0.1") -> str:
    return f"http://{host}:{srv.server_address[1]}"


@pytest.fixture
def connections(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, int]]:
    """Record every address urllib3 opens a socket to (the calls still go through)."""
    seen: list[tuple[str, int]] = []
    real = urllib3.util.connection.create_connection

    def recording(address: tuple[str, int], *args: object, **kwargs: object) -> socket.socket:
        seen.append(address)
        return real(address, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(urllib3.util.connection, "create_connection", recording)
    monkeypatch.setattr(urllib3.connection.connection, "create_connection", recording)
    return seen


# --------------------------------------------------------------------------- happy path


def test_local_server_refused_without_allow_list(server) -> None:
    with pytest.raises(UnsafeURL, match="private or reserved address"):
        fetch(base(server) + "/ok")


def test_local_server_allowed_with_allow_list(server) -> None:
    result = fetch(base(server) + "/ok", allow_private_hosts=LOCAL)
    assert result.status == 200
    assert result.content == PAGE
    assert result.content_type == "text/html"
    assert result.charset == "utf-8"
    assert result.headers["content-type"] == "text/html; charset=utf-8"
    assert result.url == base(server) + "/ok"


def test_relative_redirect_followed_and_final_url_reported(server) -> None:
    result = fetch(base(server) + "/redirect-ok", allow_private_hosts=LOCAL)
    assert result.url == base(server) + "/ok"
    assert result.content == PAGE


def test_connects_to_checked_address_with_one_lookup_per_hop(
    server, monkeypatch: pytest.MonkeyPatch, connections: list[tuple[str, int]]
) -> None:
    """The host name is resolved once per hop; sockets go to the checked IP, not the name."""
    lookups: list[str] = []
    real_getaddrinfo = socket.getaddrinfo

    def counting(host, *args, **kwargs):  # type: ignore[no-untyped-def]
        lookups.append(host)
        return real_getaddrinfo(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", counting)
    port = server.server_address[1]
    result = fetch(
        f"http://localhost:{port}/redirect-ok", allow_private_hosts=frozenset({"localhost"})
    )
    assert result.url == f"http://localhost:{port}/ok"
    assert lookups.count("localhost") == 2  # one per hop, none by the connection itself
    assert connections, "no connection recorded"
    assert all(host != "localhost" for host, _ in connections)
    assert {host for host, _ in connections} <= {"127.0.0.1", "::1"}


def test_host_header_is_the_original_host(server) -> None:
    port = server.server_address[1]
    result = fetch(
        f"http://localhost:{port}/host",
        allow_private_hosts=frozenset({"localhost"}),
    )
    assert result.content == f"localhost:{port}".encode()


# --------------------------------------------------------------------------- redirects


@pytest.mark.parametrize("route", ["/redirect-private", "/redirect-metadata"])
def test_redirect_to_private_address_refused_before_connecting(
    server, route: str, connections: list[tuple[str, int]]
) -> None:
    with pytest.raises(UnsafeURL, match="private or reserved"):
        fetch(base(server) + route, allow_private_hosts=LOCAL, timeout=5)
    assert [host for host, _ in connections] == ["127.0.0.1"]


def test_redirect_to_a_host_not_on_the_allow_list_is_refused(server) -> None:
    """Allowing 127.0.0.1 does not allow 'localhost' (or any other name) by redirect."""
    with pytest.raises(UnsafeURL):
        fetch(base(server) + "/redirect-localhost", allow_private_hosts=LOCAL)


def test_redirect_loop(server) -> None:
    with pytest.raises(TooManyRedirects, match="more than 3 times"):
        fetch(base(server) + "/loop", allow_private_hosts=LOCAL, max_redirects=3)


# --------------------------------------------------------------------------- limits


@pytest.mark.parametrize(("route", "status"), [("/missing", 404), ("/broken", 500)])
def test_error_status(server, route: str, status: int) -> None:
    with pytest.raises(BadStatus) as info:
        fetch(base(server) + route, allow_private_hosts=LOCAL)
    assert info.value.status == status
    assert str(status) in str(info.value)


def test_error_status_message_is_human() -> None:
    assert str(BadStatus(404)) == "The server answered 404 Not Found."


@pytest.mark.parametrize("route", ["/big", "/big-declared"])
def test_body_over_the_cap_is_refused(server, route: str) -> None:
    started = time.monotonic()
    with pytest.raises(TooLarge, match="larger than"):
        fetch(base(server) + route, allow_private_hosts=LOCAL, max_bytes=1024 * 1024)
    assert time.monotonic() - started < 5


def test_gzip_bomb_stops_at_the_decoded_cap(server) -> None:
    assert len(_BOMB) < 100 * 1024  # tiny on the wire...
    with pytest.raises(TooLarge):  # ...but 50 MB once decoded
        fetch(base(server) + "/bomb", allow_private_hosts=LOCAL, max_bytes=1024 * 1024)


def test_wrong_content_type(server) -> None:
    with pytest.raises(BadContentType, match="image/png"):
        fetch(base(server) + "/png", allow_private_hosts=LOCAL)


def test_any_content_type_when_allow_list_is_empty(server) -> None:
    result = fetch(base(server) + "/png", allow_private_hosts=LOCAL, allowed_content_types=())
    assert result.content_type == "image/png"


def test_slow_server_times_out(server) -> None:
    started = time.monotonic()
    with pytest.raises(FetchTimeout, match="longer than 1 seconds"):
        fetch(base(server) + "/slow", allow_private_hosts=LOCAL, timeout=1)
    assert time.monotonic() - started < 2.5


def test_trickling_body_hits_the_total_time_cap(server) -> None:
    """Each byte arrives within the socket timeout, but the total is capped."""
    started = time.monotonic()
    with pytest.raises(FetchTimeout):
        fetch(base(server) + "/trickle", allow_private_hosts=LOCAL, timeout=1)
    assert time.monotonic() - started < 2.5


def test_unreachable_port() -> None:
    with socket.socket() as probe:  # a port that was just free: nothing listens on it
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(FetchError, match="Could not reach host") as info:
        fetch(f"http://127.0.0.1:{port}/", allow_private_hosts=LOCAL, timeout=2)
    assert not isinstance(info.value, UnsafeURL)


def test_dns_failure(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(*args: object, **kwargs: object) -> None:
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", fail)
    with pytest.raises(FetchError, match=r"Could not reach host 'no-such-host\.example'"):
        fetch("http://no-such-host.example/")


# --------------------------------------------------------------------------- URL forms

FORBIDDEN = [
    "http://127.0.0.1/",
    "http://localhost/",
    "http://10.0.0.1/",
    "http://192.168.1.1/",
    "http://172.16.0.1/",
    "http://169.254.169.254/latest/meta-data/",
    "http://100.64.0.1/",
    "http://0.0.0.0/",
    "http://[::1]/",
    "http://[::ffff:127.0.0.1]/",
    "http://[fc00::1]/",
    "http://[fe80::1]/",
    "http://[fec0::1]/",
    "http://224.0.0.1/",
    "http://2130706433/",
    "http://0x7f000001/",
    "http://0x7f.0.0.1/",
    "http://0177.0.0.1/",
    "http://127.1/",
    "ftp://example.com/",
    "file:///etc/passwd",
    "gopher://example.com/",
    "http://user:pass@example.com/",
    "http://user@example.com/",
    "http:///nohost",
]


@pytest.mark.parametrize("url", FORBIDDEN)
def test_forbidden_urls_refused_without_network(url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    def no_network(*args: object, **kwargs: object) -> None:
        raise AssertionError("a connection was attempted")

    monkeypatch.setattr(urllib3.util.connection, "create_connection", no_network)
    monkeypatch.setattr(urllib3.connection.connection, "create_connection", no_network)
    with pytest.raises(UnsafeURL) as info:
        fetch(url, timeout=2)
    assert info.value.message  # a human message, shown to editors
    with pytest.raises(UnsafeURL):
        check_url(url)


@pytest.mark.parametrize(
    ("url", "means"),
    [
        ("http://2130706433/", "127.0.0.1"),
        ("http://0x7f.0.0.1/", "127.0.0.1"),
        ("http://0177.0.0.1/", "127.0.0.1"),
    ],
)
def test_odd_numeric_forms_name_the_real_address(url: str, means: str) -> None:
    with pytest.raises(UnsafeURL, match=means):
        check_url(url)


def test_odd_numeric_forms_refused_even_when_allow_listed() -> None:
    with pytest.raises(UnsafeURL):
        check_url("http://2130706433/", allow_private_hosts={"2130706433", "127.0.0.1"})


def test_public_host_with_one_private_address_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every resolved address must be public, not just the first one."""

    def mixed(host, port, *args, **kwargs):  # type: ignore[no-untyped-def]
        return [
            (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("93.184.216.34", port)),
            (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("10.1.2.3", port)),
        ]

    monkeypatch.setattr(socket, "getaddrinfo", mixed)
    with pytest.raises(UnsafeURL, match=r"10\.1\.2\.3"):
        check_url("http://rebind.example/")


def test_public_host_passes_check(monkeypatch: pytest.MonkeyPatch) -> None:
    def public(host, port, *args, **kwargs):  # type: ignore[no-untyped-def]
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("93.184.216.34", port))]

    monkeypatch.setattr(socket, "getaddrinfo", public)
    assert [str(ip) for ip in check_url("https://news.example/a?b=c")] == ["93.184.216.34"]


def test_is_public_address() -> None:
    assert safe_http.is_public_address(ipaddress.ip_address("8.8.8.8"))
    assert safe_http.is_public_address(ipaddress.ip_address("2606:4700::1111"))
    for private in ("127.0.0.1", "10.0.0.1", "100.64.0.1", "169.254.169.254", "::1",
                    "::ffff:10.0.0.1", "2002:a00:1::", "fd00::1", "255.255.255.255",
                    "fec0::1", "feff:ffff::1"):  # fmt: skip
        assert not safe_http.is_public_address(ipaddress.ip_address(private)), private


# --------------------------------------------------------------------------- TLS


def _self_signed(tmp_path_factory: pytest.TempPathFactory, name: str) -> tuple[str, str]:
    folder = tmp_path_factory.mktemp(f"tls-{name}")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
         "-subj", f"/CN={name}", "-addext", f"subjectAltName=DNS:{name}",
         "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True, timeout=60,
    )  # fmt: skip
    return str(cert), str(key)


@pytest.fixture(scope="module")
def tls_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[int, str]]:
    """An HTTPS server on 127.0.0.1 whose certificate names 'localhost'."""
    if shutil.which("openssl") is None:
        pytest.skip("the openssl command is needed to make a test certificate")
    cert, key = _self_signed(tmp_path_factory, "localhost")
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    srv = QuietServer(("127.0.0.1", 0), Handler)
    srv.socket = context.wrap_socket(srv.socket, server_side=True)
    srv.paths = []  # type: ignore[attr-defined]
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    yield srv.server_address[1], cert
    srv.shutdown()
    srv.server_close()


def test_https_verifies_the_original_host_name_while_connecting_to_the_ip(
    tls_server, monkeypatch: pytest.MonkeyPatch, connections: list[tuple[str, int]]
) -> None:
    port, cert = tls_server
    monkeypatch.setattr(safe_http, "_ca_bundle", lambda: cert)  # trust the test certificate
    result = fetch(f"https://localhost:{port}/ok", allow_private_hosts={"localhost"})
    assert result.content == PAGE
    assert all(host != "localhost" for host, _ in connections)


def test_https_certificate_for_another_name_is_refused(
    tls_server, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A trusted certificate for 'localhost' does not vouch for the name '127.0.0.1'."""
    port, cert = tls_server
    monkeypatch.setattr(safe_http, "_ca_bundle", lambda: cert)
    with pytest.raises(FetchError, match="certificate could not be verified"):
        fetch(f"https://127.0.0.1:{port}/ok", allow_private_hosts=LOCAL, timeout=5)


def test_https_untrusted_certificate_is_refused(tls_server) -> None:
    port, _ = tls_server
    with pytest.raises(FetchError, match="certificate could not be verified"):
        fetch(f"https://localhost:{port}/ok", allow_private_hosts={"localhost"}, timeout=5)
