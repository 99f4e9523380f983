"""Fixtures for import tests: a local web site, and the allow-list that lets tests fetch it.

The safe HTTP client refuses loopback addresses; `allow_local` adds 127.0.0.1 to
`NEWSDESK_FETCH_ALLOW_PRIVATE_HOSTS` for one test only (pytest-django's `settings`).
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

PNG_BYTES = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00"
PDF_BYTES = b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\n" + b"\x00\xff" * 50

ARTICLE_SENTENCES = [
    "Burkina Faso and Mali share a border of more than a thousand kilometres, an area "
    "affected by numerous deadly attacks by jihadist groups.",
    "More than 40% of Burkina's territory is outside state control, according to official "
    "figures published by the government in Ouagadougou on Monday.",
    "The leaders of the two juntas met in Bamako for a visit of a few hours, their first "
    "meeting since the second coup in September.",
    "Aid agencies say that nearly two million people have fled their homes in the region "
    "since the insurgency spread from Mali in 2015.",
]


def article_page(title: str, sentences: list[str], *, extra: str = "", lang: str = "en") -> str:
    """A news page with navigation, a cookie banner and a footer around the article."""
    paragraphs = "\n".join(f"<p>{sentence}</p>" for sentence in sentences)
    return f"""<!DOCTYPE html>
<html lang="{lang}"><head><meta charset="utf-8"><title>{title} | Sahel Daily</title>
<meta property="og:site_name" content="Sahel Daily">
<meta property="article:published_time" content="2022-09-04T10:00:00+00:00">
</head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li></ul></nav>
<div class="cookie-banner"><p>We use cookies to improve your experience.</p></div>
<main><article>
<h1>{title}</h1>
<p class="byline">By Awa Traoré</p>
{paragraphs}
{extra}
</article></main>
<footer><p>Copyright Sahel Daily 2022. All rights reserved.</p></footer>
</body></html>"""


Route = tuple[int, dict[str, str], bytes] | Callable[[BaseHTTPRequestHandler], None]


@dataclass
class LocalSite:
    """A threaded HTTP server on 127.0.0.1 serving `routes` (path -> response)."""

    server: ThreadingHTTPServer
    routes: dict[str, Route] = field(default_factory=dict)
    requests: list[tuple[str, dict[str, str]]] = field(default_factory=list)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def url(self, path: str) -> str:
        return f"{self.base}{path}"

    def page(self, path: str, html: str | bytes, content_type: str = "text/html; charset=utf-8"):
        body = html.encode("utf-8") if isinstance(html, str) else html
        self.routes[path] = (200, {"Content-Type": content_type}, body)

    def hits(self, path: str) -> int:
        return sum(1 for requested, _headers in self.requests if requested == path)


def _handler_for(site: LocalSite) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: object) -> None:
            """Quiet."""

        def send(self, status: int, headers: dict[str, str], body: bytes) -> None:
            self.send_response(status)
            for key, value in {"Content-Type": "text/html; charset=utf-8", **headers}.items():
                self.send_header(key, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                self.wfile.write(body)

        def do_GET(self) -> None:
            path = self.path.split("?", 1)[0]
            site.requests.append((path, dict(self.headers.items())))
            route = site.routes.get(path)
            if route is None:
                self.send(404, {}, b"<html><body><p>Not found</p></body></html>")
            elif callable(route):
                route(self)
            else:
                self.send(*route)

    return Handler


@pytest.fixture
def local_site() -> Iterator[LocalSite]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), BaseHTTPRequestHandler)
    site = LocalSite(server=server)
    server.RequestHandlerClass = _handler_for(site)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield site
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def allow_local(settings) -> None:
    """Let the safe client fetch 127.0.0.1 (refused by default) for this test."""
    settings.NEWSDESK_FETCH_ALLOW_PRIVATE_HOSTS = frozenset({"127.0.0.1"})


@pytest.fixture
def standard_site(local_site: LocalSite) -> LocalSite:
    """The pages the bad-input tests need: a good page, a windows-1252 page, errors."""
    local_site.page("/story", article_page("Juntas strengthen partnership", ARTICLE_SENTENCES))
    cp1252 = article_page(
        "Résumé of the café talks",
        [
            "Le président burkinabè a rencontré son homologue malien à Bamako, où les deux "
            "dirigeants ont évoqué la coopération militaire et la sécurité régionale.",
            "Selon la présidence, la visite d’amitié a duré quelques heures et les deux pays "
            "veulent « renforcer leur partenariat » face aux groupes jihadistes.",
            "Plus de 40 % du territoire burkinabè échappe au contrôle de l’État, selon les "
            "chiffres officiels publiés par le gouvernement.",
        ],
        lang="fr",
    ).replace('<meta charset="utf-8">', "")
    local_site.page("/cp1252", cp1252.encode("cp1252"), "text/html; charset=windows-1252")
    local_site.routes["/missing"] = (404, {}, b"<html><body>Not here</body></html>")
    local_site.routes["/broken"] = (500, {}, b"<html><body>Internal error</body></html>")
    local_site.routes["/loop"] = (302, {"Location": "/loop"}, b"")
    local_site.page("/image.png", PNG_BYTES, "image/png")
    local_site.page("/disguised.png", PNG_BYTES, "text/html")
    return local_site
