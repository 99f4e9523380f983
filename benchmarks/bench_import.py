"""Import throughput: Newsdesk's import path against trafilatura alone, same pages, same run.

    DJANGO_SETTINGS_MODULE=newsdesk.settings .venv/bin/python benchmarks/bench_import.py

1,000 distinct pages are made from the 26 pages of tests/fixtures/extraction-dev: each
copy gets a numbered marker inside an article paragraph (so it dedupes as a new text) and
its own address (the page's canonical link is removed). Both sides see the same pages:

* trafilatura: `trafilatura.extract(html, url=...)` with the app's extraction options
  (comments off, tables on, metadata on) and, for reference, with its defaults;
* the app: `sources.services.article_import(method="html", html=..., url=...)` -- decoding
  checks, extraction, clean-up, language, fingerprint, dedupe and near-duplicate queries,
  the write and the on-commit announcement -- into a throwaway PostgreSQL database this
  script creates and drops. Celery is not eager here: the claim-suggestion task is
  enqueued (in memory) as in production, where a worker runs it.

Prints articles/second for each and the ratio app / trafilatura (goal: >= 0.7).
Figures only; nothing is asserted.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
EVAL_DIR = REPO / "tests" / "fixtures" / "extraction-dev"
_CANONICAL = re.compile(r"<link\b[^>]*\brel\s*=\s*[\"']?canonical\b[^>]*>", re.I)


def load_pages() -> list[tuple[str, str, list[str]]]:
    """(url, html, wanted snippets) of the eval pages."""
    from sources.importing.decode import decode_bytes

    index = EVAL_DIR / "evaldata.subset.json"
    if not index.is_file():
        sys.exit(f"The extraction eval set is missing: expected {index}.")
    cases = json.loads(index.read_text(encoding="utf-8"))
    pages = []
    for url, case in cases.items():
        raw = gzip.decompress((EVAL_DIR / "html" / case["file"]).read_bytes())
        pages.append((url, decode_bytes(raw), case["with"]))
    return pages


def _marker_spot(url: str, html: str, wanted: list[str]) -> int:
    """Where a marker lands in the extracted body: the start of a kept sentence in the raw
    HTML (the first occurrence that extraction keeps, checked once per base page)."""
    from sources.importing.html import extract_html

    for snippet in wanted:
        for length in (40, 25, 15):
            at = html.find(snippet[:length])
            while at > 0:
                probe = html[:at] + "(Bench probe.) " + html[at:]
                if "(Bench probe.)" in extract_html(probe, url=url).body:
                    return at
                at = html.find(snippet[:length], at + 1)
    raise SystemExit(f"No kept sentence is written verbatim in {url}; cannot vary it.")


def make_pages(count: int) -> list[tuple[str, str]]:
    """`count` distinct (url, html) pages built from the eval pages."""
    base = []
    for url, html, wanted in load_pages():
        html = _CANONICAL.sub("", html)
        base.append((url, html, _marker_spot(url, html, wanted)))
    pages = []
    for number in range(count):
        url, html, at = base[number % len(base)]
        marker = f"(Bench copy {number}.) "
        address = f"https://bench.example/{number}/{url.split('://', 1)[-1][:80]}"
        pages.append((address, html[:at] + marker + html[at:]))
    return pages


def rate(count: int, seconds: float) -> float:
    return count / seconds if seconds else float("inf")


def trafilatura_pass(pages: list[tuple[str, str]], options: dict) -> float:
    import trafilatura

    started = time.perf_counter()
    for url, html in pages:
        trafilatura.extract(html, url=url, **options)
    return time.perf_counter() - started


def app_pass(pages: list[tuple[str, str]], outcomes: dict[str, int]) -> float:
    from sources.services import ImportFailed, article_import

    started = time.perf_counter()
    for url, html in pages:
        try:
            outcome = article_import(method="html", html=html, url=url).outcome
        except ImportFailed:
            outcome = "failed"
        outcomes[outcome] = outcomes.get(outcome, 0) + 1
    return time.perf_counter() - started


def breakdown(pages: list[tuple[str, str]]) -> dict[str, float]:
    """Milliseconds per article in each stage of the app's path, on pages not yet imported."""
    import trafilatura

    from sources import preparing, services
    from sources.importing.html import TRAFILATURA_OPTIONS, extract_html

    timings = {"trafilatura": 0.0, "extract_html": 0.0, "prepare": 0.0, "store": 0.0}
    for url, html in pages:
        started = time.perf_counter()
        trafilatura.extract(html, url=url, **TRAFILATURA_OPTIONS)
        timings["trafilatura"] += time.perf_counter() - started
        started = time.perf_counter()
        extract_html(html, url=url)
        timings["extract_html"] += time.perf_counter() - started
        started = time.perf_counter()
        prepared = preparing.prepare(html=html, url=url)
        timings["prepare"] += time.perf_counter() - started
        started = time.perf_counter()
        services._store(prepared, method="html", user=None, outlet=None, published_at=None)
        timings["store"] += time.perf_counter() - started
    return {stage: 1000 * total / len(pages) for stage, total in timings.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--quick", action="store_true", help="200 pages instead of 1,000")
    parser.add_argument("--profile", action="store_true", help="cProfile the app's passes")
    parser.add_argument(
        "--breakdown", action="store_true", help="time each stage on 100 more pages"
    )
    args, _unknown = parser.parse_known_args()  # `make bench` passes the same flags to all
    count = 200 if args.quick else args.pages

    sys.path.insert(0, str(REPO))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsdesk.settings")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    os.environ["CELERY_TASK_ALWAYS_EAGER"] = "0"  # enqueue the suggestion task, as in production
    import django

    django.setup()
    import logging

    from django.db import connection

    from sources.importing.html import TRAFILATURA_OPTIONS
    from sources.models import Article

    logging.getLogger("kombu").setLevel(logging.ERROR)
    extra = 100 if args.breakdown else 0
    pages = make_pages(count + extra)  # also warms up trafilatura and py3langid
    test_settings = connection.settings_dict.setdefault("TEST", {})
    test_settings["NAME"] = f"newsdesk_bench_{os.getpid()}"
    print(f"Throwaway database {test_settings['NAME']}; {count} pages from {EVAL_DIR}")
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    profiler = None
    if args.profile:
        import cProfile

        profiler = cProfile.Profile()
    seconds = {"same": 0.0, "default": 0.0, "app": 0.0}
    outcomes: dict[str, int] = {}
    try:
        # Interleaved in chunks so that both sides share the machine's load swings.
        for start in range(0, count, 25):
            chunk = pages[start : min(start + 25, count)]
            seconds["same"] += trafilatura_pass(chunk, TRAFILATURA_OPTIONS)
            seconds["default"] += trafilatura_pass(chunk, {})
            if profiler is not None:
                profiler.enable()
            seconds["app"] += app_pass(chunk, outcomes)
            if profiler is not None:
                profiler.disable()
        stored = Article.objects.count()
        near = Article.objects.filter(near_duplicate_of__isnull=False).count()
        stages = breakdown(pages[count:]) if extra else {}
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
    if profiler is not None:
        import pstats

        pstats.Stats(profiler).sort_stats("cumulative").print_stats(40)

    app, same, default = (rate(count, seconds[key]) for key in ("app", "same", "default"))
    print(
        f"trafilatura.extract, the app's options: {same:6.1f} articles/s ({seconds['same']:.1f} s)"
    )
    print(
        f"trafilatura.extract, its defaults     : {default:6.1f} articles/s "
        f"({seconds['default']:.1f} s)"
    )
    print(f"Newsdesk article_import (html)        : {app:6.1f} articles/s ({seconds['app']:.1f} s)")
    print(f"  outcomes {outcomes}; {stored} articles stored, {near} linked as near-duplicates")
    print(f"ratio app / trafilatura, same options : {app / same:.2f}  (goal >= 0.70)")
    print(f"ratio app / trafilatura, defaults     : {app / default:.2f}")
    if stages:
        print(
            "ms/article by stage: "
            + ", ".join(f"{stage} {ms:.1f}" for stage, ms in stages.items())
            + "  (prepare = extract_html + checks, hash, fingerprint; store = one lookup "
            "(dedupe, outlet, near-duplicate), write, commit, enqueue)"
        )


if __name__ == "__main__":
    main()
