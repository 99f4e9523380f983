"""Conflict detection benchmark: sweep throughput at 10^4..10^6 claims, growth, one check.

    DJANGO_SETTINGS_MODULE=newsdesk.settings .venv/bin/python benchmarks/bench_conflicts.py \
        [--sizes 10000,100000,1000000] [--shards 8] [--workers 2] [--checks 50] [--keep]

Runs against a throwaway database (`newsdesk_bench`) on the configured server: the script
creates it, re-executes itself with DATABASE_URL pointing at it, migrates, and drops it at
the end. For each size it bulk-loads a generated corpus (COPY), then times
- the first sweep in this process (`conflict_sweep_all`, every shard in turn),
- the first sweep fanned out over `--workers` processes (what Celery workers do),
- a re-sweep with nothing changed (the periodic job's steady state),
and prints claims/s and the growth exponent (log-log slope of time against size). On the
10^4 corpus it also runs the naive all-pairs comparison; on the largest it times the
incremental check of one new claim (p50 / p95 over `--checks` new claims).
Figures only: nothing is asserted.
"""

from __future__ import annotations

import argparse
import io
import itertools
import math
import multiprocessing
import os
import random
import statistics
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsdesk.settings")
os.environ.setdefault("LOG_LEVEL", "WARNING")

from benchmarks.throwaway import rerun_in_throwaway_database  # noqa: E402 (needs ROOT)

BENCH_DB = "newsdesk_bench"
CHILD_FLAG = "NEWSDESK_BENCH_CHILD"
DAY0 = date(2019, 1, 1)
SPAN_DAYS = 5 * 365


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--shards", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--checks", type=int, default=50)
    parser.add_argument("--naive-size", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--keep", action="store_true", help="Keep the bench database.")
    parser.add_argument(
        "--quick", action="store_true", help="Sizes 10^3 and 10^4; all-pairs on 10^3."
    )
    args = parser.parse_args()
    if args.quick:
        args.sizes, args.naive_size, args.checks = "1000,10000", 1000, 20
    return args


# --- Parent: create the throwaway database, re-run this script against it ---------------------


def parent(args: argparse.Namespace) -> int:
    return rerun_in_throwaway_database(
        name=BENCH_DB, child_flag=CHILD_FLAG, script=__file__, keep=args.keep
    )


# --- Child: the benchmark itself ---------------------------------------------------------------


def copy_rows(model, rows: list[dict]) -> None:
    """COPY rows into the model's table; fields not given take their default."""
    from django.db import connection
    from django.utils import timezone

    now = timezone.now()
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    columns = ", ".join(f'"{f.column}"' for f in fields)

    def value(field, row):
        if field.attname in row:
            return row[field.attname]
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            return now
        return field.get_default()  # "" for text fields without a default, None if nullable

    sql = f"COPY {model._meta.db_table} ({columns}) FROM STDIN"
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        for row in rows:
            copy.write_row([value(f, row) for f in fields])


def generate(n: int, *, seed: int) -> dict:
    """A corpus of `n` claims: heavy-tailed blocks, hedged figures, scopes, events, verdicts."""
    from django.contrib.auth import get_user_model
    from django.db import connection

    from claims.models import Claim, Entity, Measure
    from sources.models import Article, Outlet

    rng = random.Random(seed)
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE claims_conflict, claims_claim, sources_article RESTART IDENTITY CASCADE"
        )
    author, _ = get_user_model().objects.get_or_create(username="bench")
    outlets = [
        Outlet.objects.get_or_create(domain=f"outlet{i}.bench", defaults={"name": f"Outlet {i}"})[0]
        for i in range(20)
    ]
    entity_count = max(20, n // 50)
    Entity.objects.bulk_create(
        [Entity(name=f"Bench entity {i}", slug=f"bench-entity-{i}") for i in range(entity_count)],
        ignore_conflicts=True,
    )
    entities = list(
        Entity.objects.filter(name__startswith="Bench entity ").values_list("pk", flat=True)
    )

    articles = max(1, n // 10)
    copy_rows(
        Article,
        [
            {
                "outlet_id": outlets[i % len(outlets)].pk,
                "title": f"Bench article {i}",
                "body": f"Bench article {i}. Figures and dates for the benchmark.",
                "content_hash": f"bench-{seed}-{i}",
                "import_method": "text",
                "published_at": datetime.combine(
                    DAY0 + timedelta(rng.randrange(SPAN_DAYS)), datetime.min.time(), tzinfo=UTC
                ),
            }
            for i in range(articles)
        ],
    )
    article_rows = list(Article.objects.order_by("pk").values_list("pk", "published_at"))

    # Blocks with a heavy tail: most facts are stated a handful of times, a few hundreds of
    # times. 10% of the blocks are event dates (unit ""), the rest quantities; each block is a
    # (subject, measure, unit) with a measure of the right dimension (tolls, levels, flows).
    by_dimension = {
        dimension: list(Measure.objects.filter(dimension=dimension).values_list("pk", "kind"))
        for dimension in ("date", "percent", "people")
    }
    rows = []
    block_id = 0
    per_dimension: dict[str, int] = {}  # blocks so far: each its own (subject, measure)
    while len(rows) < n:
        size = min(n - len(rows), max(1, int(rng.paretovariate(1.5) * 3)), 500)
        is_event = block_id % 10 == 0
        base = 10 ** rng.uniform(0, 7)
        dimension = "date" if is_event else "percent" if base < 100 else "people"
        choices = by_dimension[dimension]
        k = per_dimension[dimension] = per_dimension.get(dimension, -1) + 1
        measure, kind = choices[k % len(choices)]
        entity = entities[(k // len(choices)) % len(entities)]
        event_day = DAY0 + timedelta(rng.randrange(SPAN_DAYS))
        for _ in range(size):
            article_id, published = article_rows[rng.randrange(len(article_rows))]
            row = {
                "article_id": article_id,
                "start": 0,
                "end": 12,
                "exact": "Bench article",
                "statement": f"Claim about measure {measure} of entity {entity}",
                "author_id": author.pk,
                "entity_id": entity,
                "measure_id": measure,
                "status": "draft",
                "anchor_state": "anchored",
            }
            if is_event:
                day = (
                    event_day
                    if rng.random() < 0.93
                    else event_day + timedelta(rng.choice([-400, 90, 700]))
                )
                row.update(
                    unit="",
                    event_start=day,
                    event_end=day + timedelta(rng.choice([0, 0, 30])),
                    event_granularity="day",
                )
            else:
                # Outlets write the same true figure at their own precision (2 to 4
                # significant digits, each read as an interval of its last digit, as the
                # extractor reads them) and hedges; 2% of them give another figure.
                outlier = rng.random() < 0.02
                true = base * (rng.choice([0.4, 0.6, 1.6, 2.5]) if outlier else 1.0)
                if kind == "toll":  # a count that grows as reports come in, day after day
                    true *= 1 + (published.date() - DAY0).days / 30
                step = 10 ** (math.floor(math.log10(true)) - rng.choice([1, 2, 3]))
                written = round(true / step) * step
                half = min(step / 2, written * 0.1)
                shape = rng.random()
                if shape < 0.6:
                    low, high, hedge = written - half, written + half, "exact"
                elif shape < 0.85:
                    low, high, hedge = written * 0.9, written * 1.1, "about"
                elif shape < 0.93:
                    low, high, hedge = written * 0.9, None, "more_than"
                else:
                    low, high, hedge = None, written * 1.1, "up_to"
                row.update(
                    unit="percent" if base < 100 else "count",
                    value_low=low,
                    value_high=high,
                    hedge=hedge,
                )
            scope = rng.random()
            if not is_event:
                if scope < 0.85 or kind == "toll":  # the publication date (a toll's as-of day)
                    day = published.date()
                    row.update(scope_start=day, scope_end=day)
                elif scope < 0.97:  # a year
                    year = rng.randrange(2019, 2024)
                    row.update(scope_start=date(year, 1, 1), scope_end=date(year, 12, 31))
                # else: timeless
            if rng.random() < 0.1:  # verified: ratings follow the figure, with some noise
                wrong = (is_event and row["event_start"] != event_day) or (not is_event and outlier)
                if rng.random() < 0.03:
                    wrong = not wrong
                row.update(
                    status="verified",
                    rating=rng.choice(
                        ["false", "mostly_false"] if wrong else ["true", "mostly_true"]
                    ),
                )
            elif rng.random() < 0.01:
                row["status"] = "retracted"
            rows.append(row)
        block_id += 1
    copy_rows(Claim, rows)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE sources_article; ANALYZE claims_claim; ANALYZE claims_conflict")
    return {"claims": len(rows), "blocks": block_id, "seconds": time.perf_counter() - started}


def truncate_flags() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE claims_conflict RESTART IDENTITY")


def _sweep_shard(job: tuple[int, int]) -> dict:
    from django.db import connections

    from claims.conflicts.detection import conflict_sweep_shard

    try:
        return conflict_sweep_shard(shard=job[0], shards=job[1])
    finally:
        connections.close_all()


def sweep_parallel(shards: int, workers: int) -> tuple[float, dict]:
    """The fan-out without a broker: `workers` processes take the shards, as Celery would."""
    from django.db import connections

    connections.close_all()
    started = time.perf_counter()
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        results = pool.map(_sweep_shard, [(s, shards) for s in range(shards)], chunksize=1)
    elapsed = time.perf_counter() - started
    totals: dict = {}
    for result in results:
        for key, value in result.items():
            totals[key] = totals.get(key, 0) + value
    return elapsed, totals


def naive_all_pairs(limit: int) -> tuple[float, int, int]:
    """Every pair compared (no blocking, no sweep) over the first `limit` claims."""
    from django.conf import settings

    from claims.conflicts.rules import conflicts_among
    from claims.facts.matching import FACT_COLUMNS, FactView
    from claims.models import Claim

    facts = [
        FactView(*row) for row in Claim.objects.order_by("pk").values_list(*FACT_COLUMNS)[:limit]
    ]
    rules = {
        "window_days": settings.NEWSDESK_CONFLICT_WINDOW_DAYS,
        "tolerance": settings.NEWSDESK_CONFLICT_TOLERANCE,
    }
    started = time.perf_counter()
    found = conflicts_among(facts, **rules)
    return time.perf_counter() - started, len(facts), len(found)


def single_checks(count: int, *, seed: int) -> list[float]:
    """Time the incremental check of `count` new claims added to random blocks."""
    from claims.conflicts.detection import conflict_check_claim
    from claims.models import Claim

    rng = random.Random(seed)
    last = Claim.objects.order_by("-pk").values_list("pk", flat=True).first()
    timings = []
    for _ in range(count):
        template = None
        while template is None:
            template = Claim.objects.filter(pk=rng.randint(1, last), entity__isnull=False).first()
        template.pk = None
        factor = rng.choice([0.5, 1.0, 2.0])
        if template.value_low is not None:
            template.value_low *= factor
        if template.value_high is not None:
            template.value_high *= factor
        template.save()
        started = time.perf_counter()
        conflict_check_claim(claim_id=template.pk)
        timings.append(time.perf_counter() - started)
    return timings


def desk_checks(count: int, *, seed: int) -> list[float]:
    """Time one new claim through the desk, as an editor makes it: its identity read from a
    real sentence and its article (tests/fixtures/cross-outlet-dev), the claim's write, its
    block check and its same-fact proposals. The vocabularies are warm (a few calls first)."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from benchmarks.eval_pairs import headline_from_address, load_pairs
    from claims import services
    from claims.conflicts.detection import conflict_check_claim
    from claims.facts.selectors import same_fact_candidates
    from newsdesk.common import roles
    from sources.services import article_import

    editor, _ = get_user_model().objects.get_or_create(username="bench-editor")
    editor.groups.add(Group.objects.get(name=roles.EDITORS))
    sides = [pair[side] for pair in load_pairs() for side in ("a", "b")]
    articles = {}
    for item in sides:
        if item["text"] not in articles:
            articles[item["text"]] = article_import(
                method="text",
                user=editor,
                text=item["text"],
                title=headline_from_address(item["source"]),
                published_at=item["published"],
            ).article
    rng = random.Random(seed)
    timings = []
    for i in range(count + 5):
        item = rng.choice(sides)
        started = time.perf_counter()
        claim = services.claim_create(
            article_id=articles[item["text"]].pk, author=editor, quote=item["quote"]
        )
        conflict_check_claim(claim_id=claim.pk)
        same_fact_candidates(claim)
        if i >= 5:
            timings.append(time.perf_counter() - started)
    return timings


def _percentiles(timings: list[float]) -> str:
    return (
        f"p50 {statistics.median(timings) * 1000:.1f} ms, "
        f"p95 {sorted(timings)[int(len(timings) * 0.95) - 1] * 1000:.1f} ms, "
        f"max {max(timings) * 1000:.1f} ms"
    )


def explain_block_lookup() -> str:
    from django.db import connection

    from claims.models import Claim

    sample = Claim.objects.filter(entity__isnull=False, measure__isnull=False).first()
    queryset = (
        Claim.objects.in_block(
            entity_id=sample.entity_id, measure_id=sample.measure_id, unit=sample.unit
        )
        .exclude(pk=sample.pk)
        .values_list("id")
    )
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN " + sql, params)
        return "\n".join(f"    {line}" for (line,) in cursor.fetchall())


def slope(points: list[tuple[int, float]]) -> float:
    """Least-squares slope of log(time) against log(size)."""
    xs = [math.log(n) for n, _ in points]
    ys = [math.log(t) for _, t in points]
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sum(
        (x - mx) ** 2 for x in xs
    )


def child(args: argparse.Namespace) -> None:
    import django

    django.setup()
    from django.core.management import call_command

    from claims.conflicts.detection import conflict_sweep_all

    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    print(
        f"Conflict sweep benchmark — {os.cpu_count()} CPUs, shards={args.shards}, "
        f"workers={args.workers}, sizes={sizes}"
    )
    call_command("migrate", verbosity=0, stdout=io.StringIO())
    sequential, parallel = [], []
    naive_done = False
    for n in sizes:
        corpus = generate(n, seed=args.seed)
        print(
            f"\n== {corpus['claims']:,} claims in {corpus['blocks']:,} blocks "
            f"(loaded in {corpus['seconds']:.1f} s)"
        )
        started, cpu = time.perf_counter(), time.process_time()
        counts = conflict_sweep_all(shards=args.shards)
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
        sequential.append((n, seconds))
        print(
            f"  first sweep, 1 process:      {seconds:8.2f} s  {n / seconds:10,.0f} claims/s  "
            f"flags {counts['created']:,}  (Python CPU {cpu:.1f} s, the rest is PostgreSQL)"
        )
        truncate_flags()
        seconds, counts = sweep_parallel(args.shards, args.workers)
        parallel.append((n, seconds))
        print(
            f"  first sweep, {args.workers} processes:    {seconds:8.2f} s  "
            f"{n / seconds:10,.0f} claims/s  flags {counts['created']:,}"
        )
        seconds, again = sweep_parallel(args.shards, args.workers)
        print(
            f"  re-sweep, nothing changed:   {seconds:8.2f} s  {n / seconds:10,.0f} claims/s  "
            f"created {again['created']}, resolved {again['resolved']}, "
            f"unchanged {again['unchanged']:,}"
        )
        if not naive_done and n >= args.naive_size:
            seconds, pairs_of, found = naive_all_pairs(args.naive_size)
            naive_done = True
            print(
                f"  naive all-pairs on {pairs_of:,} claims (compare only, no DB writes): "
                f"{seconds:8.2f} s, {found:,} conflicts "
                f"(the sweep found {counts['created']:,} on {n:,})"
            )
    if len(sequential) > 1:
        print("\nGrowth exponent (log-log slope of time against claims):")
        print(f"  1 process:   {slope(sequential):.2f}")
        print(f"  {args.workers} processes: {slope(parallel):.2f}")
        for (n1, t1), (n2, t2) in itertools.pairwise(parallel):
            print(f"  {n1:,} -> {n2:,}: {math.log(t2 / t1) / math.log(n2 / n1):.2f}")
    timings = single_checks(args.checks, seed=args.seed)
    print(
        f"\nOne new claim checked against {sizes[-1]:,} claims ({len(timings)} checks): "
        + _percentiles(timings)
    )
    timings = desk_checks(args.checks, seed=args.seed)
    print(
        f"One new claim through the desk beside {sizes[-1]:,} claims — identity from a real "
        f"sentence, write, block check, same-fact proposals ({len(timings)} claims): "
        + _percentiles(timings)
    )
    print("Block lookup plan:\n" + explain_block_lookup())


def main() -> int:
    args = parse_args()
    if os.environ.get(CHILD_FLAG) == "1":
        child(args)
        return 0
    return parent(args)


if __name__ == "__main__":
    sys.exit(main())
