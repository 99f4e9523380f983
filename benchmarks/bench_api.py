"""Public API benchmark: the claims list, a claim, and a 304 revalidation under load.

    DJANGO_SETTINGS_MODULE=newsdesk.settings .venv/bin/python benchmarks/bench_api.py \
        [--claims 2000] [--seconds 8] [--max-requests 20000] [--connections 8] \
        [--workers 2] [--threads 4] [--in-review 330] [--keep]

The script creates a throwaway database (`newsdesk_bench_api`) on the configured PostgreSQL
server, re-runs itself against it, migrates, seeds `--claims` verified claims (Claim and
FactCheck rows by bulk_create), and serves the project with gunicorn on 127.0.0.1 (a free
port; gthread workers, keep-alive, DEBUG off). A bounded load generator (threads, one
keep-alive http.client connection each, stopping at `--seconds` or `--max-requests`)
then measures, with a read-scope API key:

- list:   GET /api/v1/claims/?page_size=50
- detail: GET /api/v1/claims/{id}/ (ids drawn at random)
- 304:    the list again with If-None-Match (revalidation)
- public page / public index: GET /fact-checks/<id>/<slug>/ without a key (any of the
          claims at random, and 50 popular ones) and GET /fact-checks/ (and the index with a
          new query string each time: built on every request)
- review queue: GET /review/ (its first and last page) as a signed-in reviewer, with
          `--in-review` claims waiting (330 by default, as in issue 18's report)
- floor:  the same 50 rows from a plain Django view returning JsonResponse, defined in this
          file's own URLconf only (no DRF, no key, no throttle, no validators)

and prints requests/s and p50 / p99 latency, the list's cost relative to the floor, and the
queries each request runs at page sizes 1, 10 and 50. Figures only: nothing is asserted.
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import secrets
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsdesk.settings")
os.environ.setdefault("LOG_LEVEL", "WARNING")

from benchmarks.throwaway import rerun_in_throwaway_database  # noqa: E402 (needs ROOT)

# Another name lets several checkouts benchmark on one server without dropping each other's.
BENCH_DB = os.environ.get("NEWSDESK_BENCH_API_DB", "newsdesk_bench_api")
CHILD_FLAG = "NEWSDESK_BENCH_API_CHILD"
HOST = "127.0.0.1"
PAGE = 50


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--claims", type=int, default=2000)
    parser.add_argument("--seconds", type=float, default=8.0, help="Per scenario, at most.")
    parser.add_argument("--max-requests", type=int, default=20_000, help="Per scenario.")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes")
    parser.add_argument("--threads", type=int, default=4, help="threads per worker")
    parser.add_argument("--in-review", type=int, default=330, help="Claims in the queue.")
    parser.add_argument("--keep", action="store_true", help="Keep the bench database.")
    parser.add_argument("--quick", action="store_true", help="2 s per scenario, 400 claims.")
    return parser.parse_known_args()[0]


# --- The served app: the project plus a floor view, in this module's URLconf only ----------


def floor(request):
    """The same 50 rows as the list's first page, straight to JsonResponse."""
    from django.http import JsonResponse

    from claims.publishing.api import public

    queryset = public.published_factchecks().order_by("-updated_at", "-claim_id")[:PAGE]
    prefix = request.build_absolute_uri("/api/v1/claims/")
    rows = [public.represent(row, url_prefix=prefix) for row in public.public_rows(queryset)]
    return JsonResponse({"results": rows})


def empty(request):
    """An empty JSON answer: what any Django view costs here (the platform's ceiling)."""
    from django.http import JsonResponse

    return JsonResponse({})


def __getattr__(name: str):
    """`urlpatterns`, built when Django's resolver first asks (after the apps are ready)."""
    if name == "urlpatterns":
        from django.urls import include, path

        return [
            path("bench/floor/", floor),
            path("bench/empty/", empty),
            path("", include("newsdesk.urls")),
        ]
    raise AttributeError(name)


def wsgi_app():
    """gunicorn's entry point: `benchmarks.bench_api:wsgi_app()`."""
    import django
    from django.conf import settings

    django.setup()
    settings.ROOT_URLCONF = "benchmarks.bench_api"
    from django.core.wsgi import get_wsgi_application

    return get_wsgi_application()


# --- Parent: a throwaway database, this script re-run against it ---------------------------


def parent(args: argparse.Namespace) -> int:
    return rerun_in_throwaway_database(
        name=BENCH_DB, child_flag=CHILD_FLAG, script=__file__, keep=args.keep
    )


# --- Child: seed, serve, load ---------------------------------------------------------------


def _source(claim) -> dict:
    """A FactCheck's published snapshot, as claims.services.factcheck_source records it."""
    article, outlet = claim.article, claim.article.outlet
    return {
        "quote": claim.exact,
        "claimant": {"name": claim.claimant, "entity_id": None, "kind": "", "same_as": []},
        "article": {
            "id": article.pk,
            "url": article.url,
            "title": article.title,
            "published_at": article.published_at.isoformat(),
            "language": article.language,
            "outlet": {"name": outlet.name, "domain": outlet.domain},
        },
        "appearances": [],
    }


def public_pages(ids: list[int]) -> list[str]:
    """The public page of each seeded claim."""
    from claims.models import FactCheck
    from claims.publishing.links import page_path

    rows = FactCheck.objects.filter(claim_id__in=ids).values_list("claim_id", "statement")
    return [page_path(claim_id, statement) for claim_id, statement in rows]


def seed(n: int) -> tuple[str, list[int]]:
    """`n` verified claims over 40 outlets and 200 articles; returns a read key and the ids."""
    from datetime import UTC, datetime, timedelta

    from django.contrib.auth import get_user_model
    from django.db import connection

    from claims.models import Claim, Entity, FactCheck, Measure
    from claims.services import factcheck_fact
    from newsdesk.common.authentication import api_key_create
    from sources.models import Article, Outlet

    users = get_user_model().objects
    editor = users.create_user("bench-editor", password=secrets.token_urlsafe())
    reviewer = users.create_user("bench-reviewer", password=secrets.token_urlsafe())
    entities = list(Entity.objects.all()[:50]) or [Entity.objects.create(name="Burkina Faso")]
    measure = Measure.objects.get(slug="territory-outside-state-control")  # seeded
    outlets = Outlet.objects.bulk_create(
        Outlet(name=f"Outlet {i}", domain=f"outlet{i}.example", country="BF") for i in range(40)
    )
    body = (
        "Burkina Faso and Mali share a border of more than a thousand kilometers. More than "
        "40% of Burkina's territory is outside state control, according to official figures."
    )
    start = datetime(2024, 1, 1, tzinfo=UTC)
    articles = Article.objects.bulk_create(
        Article(
            outlet=outlets[i % len(outlets)],
            url=f"https://outlet{i % len(outlets)}.example/story/{i}",
            title=f"Story {i}: borders and territory",
            published_at=start + timedelta(hours=i),
            language="en",
            body=f"{body} ({i})",
            content_hash=f"{i:064x}",
            import_method="text",
        )
        for i in range(200)
    )
    ratings = ["true", "mostly_true", "misleading", "mostly_false", "false", "unverifiable"]
    claims = Claim.objects.bulk_create(
        Claim(
            article=articles[i % len(articles)],
            start=0,
            end=60,
            exact=body[:60],
            statement=f"Claim {i}: more than {30 + i % 20}% of the territory is outside control",
            claimant="official figures" if i % 3 else "the president",
            entity=entities[i % len(entities)],
            measure=measure,
            value_low=float(30 + i % 20),
            unit="percent",
            hedge="more_than",
            scope_start=(start + timedelta(days=i % 300)).date(),
            scope_end=(start + timedelta(days=i % 300)).date(),
            status="verified",
            rating=ratings[i % len(ratings)],
            summary=f"Official statistics for {2020 + i % 5} put it at {31 + i % 20}%.",
            author=editor,
            version=4,
        )
        for i in range(n)
    )
    FactCheck.objects.bulk_create(
        FactCheck(
            claim=claim,
            version=1,
            rating=claim.rating,
            summary=claim.summary,
            statement=claim.statement,
            fact=factcheck_fact(claim),
            source=_source(claim),
            citations=[
                {
                    "source_id": j,
                    "title": f"Report {j}",
                    "url": f"https://stats.example/report/{j}",
                    "publisher": "INSD",
                    "kind": "official_statistics",
                    "stance": "supports",
                    "quote": "40.2% of the communes",
                    "locator": "table 3",
                }
                for j in range(2)
            ],
            author=editor,
            approved_by=reviewer,
            approved_at=start + timedelta(minutes=i),
        )
        for i, claim in enumerate(claims)
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # as autovacuum would after a load
    key = api_key_create(name="bench", rate="1000000/s")[1]
    return key, [c.pk for c in claims]


def seed_review_queue(n: int) -> tuple[str, list[str]]:
    """`n` claims in review on the seeded articles, and a signed-in reviewer's session
    cookie; returns the cookie and the queue's first and last page."""
    from datetime import timedelta

    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.test import Client

    from claims.desk.review import QUEUE_PAGE_SIZE
    from claims.models import Claim
    from newsdesk.common import roles

    # Spread like the verified claims (subject and period vary), so each waiting claim has
    # a realistic handful of same-fact neighbours rather than all of them.
    verified = list(Claim.objects.order_by("pk")[: max(1, n)])
    editor = get_user_model().objects.get(username="bench-editor")
    Claim.objects.bulk_create(
        Claim(
            article_id=template.article_id,
            start=template.start,
            end=template.end,
            exact=template.exact,
            statement=f"In review {i}: more than {30 + i % 20}% of the territory",
            claimant=template.claimant,
            entity_id=template.entity_id,
            measure_id=template.measure_id,
            value_low=float(30 + i % 20),
            unit=template.unit,
            hedge=template.hedge,
            scope_start=template.scope_start + timedelta(days=7 * (i // len(verified))),
            scope_end=template.scope_end + timedelta(days=7 * (i // len(verified))),
            status="in_review",
            rating="mostly_true",
            summary="Official statistics put it at 40%.",
            author=editor,
        )
        for i, template in ((i, verified[i % len(verified)]) for i in range(n))
    )
    reviewer = get_user_model().objects.create_user(
        "bench-queue-reviewer", password=secrets.token_urlsafe(), is_staff=True
    )
    reviewer.groups.add(Group.objects.get_or_create(name=roles.REVIEWERS)[0])
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    client = Client()
    client.force_login(reviewer)
    last = max(1, -(-n // QUEUE_PAGE_SIZE))
    return client.cookies[settings.SESSION_COOKIE_NAME].value, ["/review/", f"/review/?page={last}"]


def review_queue_queries(cookie: str, pages: list[str]) -> dict[str, object]:
    """Queries each queue page runs (in-process): bounded by the page, not the queue."""
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    client.cookies[settings.SESSION_COOKIE_NAME] = cookie
    counts = {}
    for path in pages:
        client.get(path, secure=True)
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as captured:
            status = client.get(path, secure=True).status_code
        took = (time.perf_counter() - started) * 1e3
        counts[path] = f"{len(captured)} queries, {took:.0f} ms" if status == 200 else status
    return counts


def queries_per_request(key: str) -> dict[str, int]:
    """Queries each request runs (in-process), by page size: constant is the goal."""
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_AUTHORIZATION=f"Bearer {key}")
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    client.get("/api/v1/claims/", secure=True)  # the key's last-used stamp, once a minute
    counts = {}
    for size in (1, 10, 50):
        with CaptureQueriesContext(connection) as captured:
            client.get(f"/api/v1/claims/?page_size={size}", secure=True)
        counts[f"page_size={size}"] = len(captured)
    return counts


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def start_server(args: argparse.Namespace, port: int, extra: dict[str, str]) -> subprocess.Popen:
    env = {
        **os.environ,
        "DJANGO_DEBUG": "0",
        "DJANGO_HTTPS": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": HOST,
        "NEWSDESK_PLAIN_STATIC": "1",
        "DATABASE_CONN_MAX_AGE": "60",
        "LOG_LEVEL": "WARNING",
        "PYTHONPATH": str(ROOT),
        "PYTHONWARNINGS": "ignore::UserWarning",  # whitenoise: no collected static files
        **extra,
    }
    command = [
        sys.executable, "-m", "gunicorn", "benchmarks.bench_api:wsgi_app()",
        "--bind", f"{HOST}:{port}",
        "--workers", str(args.workers),
        "--worker-class", "gthread",
        "--threads", str(args.threads),
        "--keep-alive", "30",
        "--backlog", "256",
        "--log-level", "warning",
    ]  # fmt: skip
    server = subprocess.Popen(command, env=env, cwd=ROOT)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError("gunicorn exited at start-up")
        try:
            with socket.create_connection((HOST, port), timeout=0.2):
                return server
        except OSError:
            time.sleep(0.1)
    server.terminate()
    raise RuntimeError("gunicorn did not start listening within 30 s")


@dataclass
class Result:
    latencies: list[float] = field(default_factory=list)
    statuses: dict[int, int] = field(default_factory=dict)
    bytes: int = 0
    errors: int = 0
    elapsed: float = 0.0


class Connection:
    """A lean HTTP/1.1 keep-alive client: pre-encoded requests, Content-Length or chunked
    bodies. Cheaper than http.client, so the load generator leaves the CPU to the server."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.sock: socket.socket | None = None
        self.buffer = b""

    def _connect(self) -> socket.socket:
        sock = socket.create_connection((HOST, self.port), timeout=10)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.buffer = b""
        return sock

    def _fill(self, sock: socket.socket) -> None:
        chunk = sock.recv(262144)
        if not chunk:
            raise ConnectionError("closed by the server")
        self.buffer += chunk

    def request(self, raw: bytes) -> tuple[int, int]:
        """Send one request; return (status, body length)."""
        if self.sock is None:
            self.sock = self._connect()
        sock = self.sock
        sock.sendall(raw)
        while (end := self.buffer.find(b"\r\n\r\n")) < 0:
            self._fill(sock)
        head, self.buffer = self.buffer[:end].lower(), self.buffer[end + 4 :]
        status = int(head[9:12])
        marker = head.find(b"\r\ncontent-length:")
        if marker >= 0:
            length = int(head[marker + 17 : head.find(b"\r\n", marker + 2)].strip() or 0)
            while len(self.buffer) < length:
                self._fill(sock)
            self.buffer = self.buffer[length:]
        elif b"transfer-encoding: chunked" in head:
            length = 0
            while True:
                while (line_end := self.buffer.find(b"\r\n")) < 0:
                    self._fill(sock)
                size = int(self.buffer[:line_end].split(b";")[0], 16)
                while len(self.buffer) < line_end + 2 + size + 2:
                    self._fill(sock)
                self.buffer = self.buffer[line_end + 2 + size + 2 :]
                length += size
                if size == 0:
                    break
        else:
            length = 0
        if b"\r\nconnection: close" in head:
            self.close()
        return status, length

    def close(self) -> None:
        if self.sock is not None:
            self.sock.close()
        self.sock = None


def encode(port: int, path: str, headers: dict[str, str]) -> bytes:
    host = f"Host: {HOST}:{port}"
    lines = [f"GET {path} HTTP/1.1", host, *(f"{k}: {v}" for k, v in headers.items())]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")


def load(
    port: int,
    paths: list[str],
    headers: dict[str, str],
    *,
    seconds: float,
    max_requests: int,
    connections: int,
) -> Result:
    """Keep-alive requests from `connections` threads, until the time or the count is up."""
    result = Result()
    lock = threading.Lock()
    budget = [max_requests]
    requests = [encode(port, path, headers) for path in paths]
    deadline = time.monotonic() + seconds

    def worker(seed: int) -> None:
        rng = random.Random(seed)
        conn = Connection(port)
        local: list[float] = []
        statuses: dict[int, int] = {}
        size = errors = 0
        while time.monotonic() < deadline:
            with lock:
                if budget[0] <= 0:
                    break
                budget[0] -= 1
            raw = requests[rng.randrange(len(requests))]
            started = time.perf_counter()
            try:
                status, length = conn.request(raw)
            except (OSError, ValueError):
                errors += 1
                conn.close()
                continue
            local.append(time.perf_counter() - started)
            statuses[status] = statuses.get(status, 0) + 1
            size += length
        conn.close()
        with lock:
            result.latencies.extend(local)
            for status, count in statuses.items():
                result.statuses[status] = result.statuses.get(status, 0) + count
            result.bytes += size
            result.errors += errors

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(connections)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    result.elapsed = time.perf_counter() - started
    return result


def first_etag(port: int, path: str, headers: dict[str, str]) -> str:
    conn = http.client.HTTPConnection(HOST, port, timeout=10)
    conn.request("GET", path, headers=headers)
    response = conn.getresponse()
    response.read()
    conn.close()
    return response.getheader("ETag") or ""


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def run_scenarios(args, seconds: float, extra_env: dict[str, str], key: str, ids: list[int],
                  names: list[str], pages: list[str] = (),
                  queue: tuple[str, list[str]] = ("", [])) -> dict[str, float]:  # fmt: skip
    """Start gunicorn with `extra_env`, run the named scenarios, print a row each."""
    port = free_port()
    server = start_server(args, port, extra_env)
    auth = {"Authorization": f"Bearer {key}", "Accept": "application/json"}
    list_path = f"/api/v1/claims/?page_size={PAGE}"
    rates: dict[str, float] = {}
    try:
        warm = Connection(port)
        for _ in range(20):  # warm every worker's imports, connections and caches
            warm.request(encode(port, list_path, auth))
        warm.close()
        etag = first_etag(port, list_path, auth)
        scenarios = {
            "empty Django view": (["/bench/empty/"], {}),
            "floor (JsonResponse)": ([f"/bench/floor/?page_size={PAGE}"], {}),
            "list, page of 50": ([list_path], auth),
            # A query string never seen before on every request: no cached body to reuse.
            "list, uncached": ([f"{list_path}&n={i}" for i in range(200_000)], auth),
            "detail": ([f"/api/v1/claims/{pk}/" for pk in ids], auth),
            "list 304 (If-None-Match)": ([list_path], {**auth, "If-None-Match": etag}),
            # The public pages: no key; HTML, cached like the API's bodies.
            # Every page once in a while (2000 pages: mostly built) and a popular few (cached).
            "public page (no key)": (list(pages), {"Accept": "text/html"}),
            "public page, 50 popular": (list(pages)[:50], {"Accept": "text/html"}),
            "public index (no key)": (["/fact-checks/"], {"Accept": "text/html"}),
            "public index, uncached": (
                [f"/fact-checks/?n={i}" for i in range(200_000)],
                {"Accept": "text/html"},
            ),
        }
        if queue[0]:  # the session was signed with this process's SECRET_KEY (see child)
            session = {"Cookie": f"sessionid={queue[0]}", "Accept": "text/html"}
            scenarios["review queue, page 1"] = (queue[1][:1], session)
            scenarios["review queue, last page"] = (queue[1][1:], session)
        for name in names:
            paths, headers = scenarios[name]
            load(port, paths, headers, seconds=min(1.0, seconds), max_requests=500,
                 connections=args.connections)  # fmt: skip
            result = load(port, paths, headers, seconds=seconds,
                          max_requests=args.max_requests, connections=args.connections)  # fmt: skip
            done = len(result.latencies)
            rates[name] = done / result.elapsed if result.elapsed else 0.0
            size = result.bytes / done / 1024 if done else 0.0
            print(
                f"{name:<28}{done:>9}{rates[name]:>9.0f}"
                f"{percentile(result.latencies, 0.5) * 1e3:>9.1f}"
                f"{percentile(result.latencies, 0.99) * 1e3:>9.1f}{size:>9.1f}  "
                f"{dict(sorted(result.statuses.items()))}"
                + (f" errors={result.errors}" if result.errors else ""),
                flush=True,
            )
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
    return rates


def child(args: argparse.Namespace) -> None:
    import django
    from django.core.management import call_command

    # The reviewer's session is signed in this process and checked by gunicorn's: one key.
    os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
    os.environ.setdefault("NEWSDESK_PLAIN_STATIC", "1")  # pages rendered here, as the server
    django.setup()
    seconds, claims = (2.0, 400) if args.quick else (args.seconds, args.claims)
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    key, ids = seed(claims)
    pages = public_pages(ids)
    print(f"database: migrated and seeded {claims} verified claims in "
          f"{time.perf_counter() - started:.1f} s")  # fmt: skip
    print("queries per list request:", queries_per_request(key))
    queue = seed_review_queue(args.in_review)
    print(f"queries per review queue page ({args.in_review} claims in review):",
          review_queue_queries(*queue))  # fmt: skip
    from django.conf import settings
    from django.db import connections

    connections.close_all()
    print(
        f"gunicorn: {args.workers} workers x {args.threads} threads (gthread) on {HOST}; "
        f"load: {args.connections} keep-alive connections, up to {seconds:g} s or "
        f"{args.max_requests} requests per scenario; {os.cpu_count()} CPUs shared by both\n"
    )
    header = f"{'scenario':<28}{'requests':>9}{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}"
    print(header + f"{'KB/resp':>9}  statuses")
    print("-- default settings (exact watermark: one index lookup per request)")
    rates = run_scenarios(args, seconds, {}, key, ids, [
        "empty Django view", "floor (JsonResponse)", "list, page of 50", "list, uncached",
        "detail", "list 304 (If-None-Match)", "public page (no key)", "public page, 50 popular",
        "public index (no key)", "public index, uncached",
    ], pages)  # fmt: skip
    print("-- the review queue, signed in as a reviewer (same server settings)")
    queue_rates = run_scenarios(args, seconds, {"SECRET_KEY": settings.SECRET_KEY}, key, ids, [
        "empty Django view", "review queue, page 1", "review queue, last page",
    ], queue=queue)  # fmt: skip
    print("-- NEWSDESK_API_WATERMARK_SECONDS=1 (revalidation without the database)")
    memo = run_scenarios(args, seconds, {"NEWSDESK_API_WATERMARK_SECONDS": "1"}, key, ids,
                         ["list, page of 50", "list 304 (If-None-Match)"])  # fmt: skip
    floor_rate = rates["floor (JsonResponse)"]
    print(
        f"\nlist time per request vs the floor: cached "
        f"{floor_rate / rates['list, page of 50']:.2f}x, uncached "
        f"{floor_rate / rates['list, uncached']:.2f}x (goal <= 1.5x)\n"
        f"list, page of 50: {rates['list, page of 50']:.0f} req/s "
        f"({memo['list, page of 50']:.0f} with the memo; goal >= 300)\n"
        f"304 revalidations: {rates['list 304 (If-None-Match)']:.0f} req/s exact, "
        f"{memo['list 304 (If-None-Match)']:.0f} req/s with the 1 s memo (goal >= 1000)\n"
        f"public page {rates['public page, 50 popular']:.0f} req/s (popular), "
        f"{rates['public page (no key)']:.0f} req/s (any of them; the API's detail: "
        f"{rates['detail']:.0f}), public index "
        f"{rates['public index (no key)']:.0f} req/s "
        f"({rates['public index, uncached']:.0f} uncached) vs the consumer list "
        f"{rates['list, page of 50']:.0f} req/s on this run (goal: at least as fast)\n"
        f"review queue ({args.in_review} in review): page 1 "
        f"{queue_rates['review queue, page 1']:.0f} req/s, last page "
        f"{queue_rates['review queue, last page']:.0f} req/s"
    )


def main() -> int:
    args = parse_args()
    if os.environ.get(CHILD_FLAG) == "1":
        child(args)
        return 0
    return parent(args)


if __name__ == "__main__":
    sys.exit(main())
