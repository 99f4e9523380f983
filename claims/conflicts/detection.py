"""Conflict detection: the incremental check of one claim and the sharded sweep.

The rules live in `claims.conflicts.rules` (pure); this module reads claims, writes flags.
People's decisions on flags are in `claims.conflicts.services`, the reads in
`claims.conflicts.selectors`.

Flags are written idempotently: a flag is the unique row (claim_a, claim_b, kind), inserted
with ``INSERT ... ON CONFLICT DO UPDATE``, so a job run twice, or two workers at once, never
duplicates one or fails on one. An OPEN flag whose claims stop conflicting resolves itself
(status "resolved", resolution "auto: ...", resolved_at now, resolved_by NULL). Flags people
acted on — confirmed, dismissed, or resolved by someone — are never changed by a job. A flag
that was only *auto*-resolved and holds again (the edit was undone) is re-opened: nobody
decided anything about it, and hiding a live conflict would be worse than showing it again.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import OperationalError, connection, transaction
from django.db.models.expressions import RawSQL

from claims.conflicts.rules import Comparison, compare, sweep_block
from claims.facts.matching import FACT_COLUMNS, RETRACTED, FactView
from claims.facts.selectors import links_of
from claims.models import Claim, Conflict
from newsdesk.common.errors import InvalidInput

logger = logging.getLogger(__name__)

AUTO_RESOLUTION_EDIT = "auto: no longer conflicting after edit"
AUTO_RESOLUTION_SWEEP = "auto: no longer conflicting (sweep)"
DEFAULT_SHARDS = 8
READ_CHUNK = 10_000
WRITE_BATCH = 2_000
DEADLOCK_RETRIES = 3
# Advisory lock class for "a check is reading and writing this block's flags".
BLOCK_LOCK_CLASS = 7_701
SWEEP_SHARD_TASK = "claims.conflicts.tasks.conflict_sweep_shard"

# The shard of a blocking key; coalesce() so that claims that lost their key still belong
# to a shard (the sweep of that shard resolves their flags). `{t}` is the claims table alias.
SHARD_SQL = (
    "mod(abs(hashtext(coalesce({t}.entity_id::text, '') || '|' "
    "|| coalesce({t}.measure_id::text, '') || '|' || {t}.unit)::bigint), %s)"
)

UPSERT_SQL = """
INSERT INTO claims_conflict AS c
    (claim_a_id, claim_b_id, kind, severity, explanation, status, detected_at, detected_by,
     resolved_at, resolved_by_id, resolution, note)
SELECT t.a, t.b, t.k, t.s, t.e, 'open', now(), %s, NULL, NULL, '', ''
FROM jsonb_to_recordset(%s::jsonb) AS t(a bigint, b bigint, k text, s text, e jsonb)
ORDER BY t.a, t.b, t.k
ON CONFLICT (claim_a_id, claim_b_id, kind) DO UPDATE SET
    severity = EXCLUDED.severity,
    explanation = EXCLUDED.explanation,
    detected_at = CASE WHEN c.status = 'open' THEN c.detected_at ELSE EXCLUDED.detected_at END,
    detected_by = CASE WHEN c.status = 'open' THEN c.detected_by ELSE EXCLUDED.detected_by END,
    status = 'open',
    resolved_at = NULL,
    resolution = ''
WHERE (c.status = 'open'
       AND (c.severity <> EXCLUDED.severity OR c.explanation <> EXCLUDED.explanation))
   OR (c.status = 'resolved' AND c.resolved_by_id IS NULL AND c.resolution LIKE 'auto:%%')
RETURNING (c.xmax = 0) AS inserted
"""

RESOLVE_SQL = """
UPDATE claims_conflict SET status = 'resolved', resolution = %s, resolved_at = now()
WHERE id = ANY(%s) AND status = 'open'
"""


FlagKey = tuple[int, int, str]


@dataclass(frozen=True, slots=True)
class _Existing:
    id: int
    status: str
    severity: str
    fingerprint: str | None
    auto_resolved: bool


def rules_from_settings() -> dict[str, Any]:
    return {
        "window_days": settings.NEWSDESK_CONFLICT_WINDOW_DAYS,
        "tolerance": settings.NEWSDESK_CONFLICT_TOLERANCE,
    }


def _counts(**extra: int) -> dict[str, int]:
    return {"created": 0, "reopened": 0, "updated": 0, "unchanged": 0, "resolved": 0, **extra}


def _existing_from_rows(rows: Iterable[tuple]) -> dict[FlagKey, _Existing]:
    found = {}
    for ident, a, b, kind, status, severity, fingerprint, auto in rows:
        found[(a, b, kind)] = _Existing(ident, status, severity, fingerprint, bool(auto))
    return found


def _plan(
    computed: Iterable[Comparison], existing: dict[FlagKey, _Existing], counts: dict[str, int]
) -> list[Comparison]:
    """The flags that need a write; counts what needs none as unchanged."""
    writes = []
    for flag in computed:
        old = existing.get(flag.key)
        if old is None:
            writes.append(flag)
        elif old.status == Conflict.Status.OPEN:
            if old.severity != flag.severity or old.fingerprint != flag.fingerprint:
                writes.append(flag)
                counts["updated"] += 1
            else:
                counts["unchanged"] += 1
        elif old.status == Conflict.Status.RESOLVED and old.auto_resolved:
            writes.append(flag)
            counts["reopened"] += 1
        else:  # confirmed, dismissed, or resolved by a person: never touched by a job
            counts["unchanged"] += 1
    return writes


def _retrying(write: Callable[[], int]) -> int:
    """Run one atomic batch write, retrying it if PostgreSQL picked it as a deadlock victim."""
    for attempt in range(DEADLOCK_RETRIES):
        try:
            with transaction.atomic():
                return write()
        except OperationalError as exc:
            if "deadlock" not in str(exc) or attempt == DEADLOCK_RETRIES - 1:
                raise
            logger.warning("conflict flags: deadlock, retrying the batch (%s)", attempt + 1)
            time.sleep(0.05 * (attempt + 1))
    return 0  # pragma: no cover - the loop returns or raises


def _upsert(flags: list[Comparison], *, detected_by: str) -> int:
    """Insert new flags / refresh open ones / re-open auto-resolved ones; returns inserts."""
    if not flags:
        return 0
    flags = sorted(flags, key=lambda f: f.key)  # one lock order for every writer
    # One JSON document for the batch: cheaper to send than five arrays of text.
    rows = json.dumps(
        [
            {"a": f.a_id, "b": f.b_id, "k": f.kind, "s": f.severity, "e": f.explanation}
            for f in flags
        ]
    )
    params = [detected_by, rows]

    def write() -> int:
        with connection.cursor() as cursor:
            cursor.execute(UPSERT_SQL, params)
            return sum(1 for (inserted,) in cursor.fetchall() if inserted)

    return _retrying(write)


def _resolve(ids: list[int], *, resolution: str) -> int:
    if not ids:
        return 0

    def write() -> int:
        with connection.cursor() as cursor:
            cursor.execute(RESOLVE_SQL, [resolution, sorted(ids)])
            return cursor.rowcount

    return _retrying(write)


def _facts(claim_ids: Iterable[int]) -> dict[int, FactView]:
    rows = Claim.objects.filter(pk__in=list(claim_ids)).values_list(*FACT_COLUMNS)
    return {row[0]: FactView(*row) for row in rows}


def _apply_links(
    flags: dict[FlagKey, Comparison],
    links: dict[tuple[int, int], bool],
    facts: dict[int, FactView],
    rules: dict[str, Any],
) -> None:
    """Drop flags between claims an editor called different facts; add those between claims
    an editor called the same fact (whatever their identities say)."""
    for (a, b), same in links.items():
        pair = [key for key in flags if key[:2] == (a, b)]
        if not same:
            for key in pair:
                del flags[key]
        elif not pair and a in facts and b in facts:
            result = compare(facts[a], facts[b], linked=True, **rules)
            if result is not None and result.is_conflict:
                flags[result.key] = result


def _still_holding(stale: dict[FlagKey, _Existing], rules: dict[str, Any]) -> set[FlagKey]:
    """Of flags a job did not find, those that hold against the claims as they are *now*.

    The sweep reads claims through one long query; a claim edited meanwhile has been
    re-checked by its own task, which may have (re)opened a flag the sweep did not see.
    """
    facts = _facts({k[0] for k in stale} | {k[1] for k in stale})
    links = links_of(sorted({k[0] for k in stale}), as_claim_a=True)
    holding = set()
    for key in stale:
        a, b = facts.get(key[0]), facts.get(key[1])
        same = links.get(key[:2])
        if a is None or b is None or same is False:
            continue
        result = compare(a, b, linked=bool(same), **rules)
        if result is not None and result.kind == key[2]:
            holding.add(key)
    return holding


# --- The incremental check -------------------------------------------------------------------


@transaction.atomic
def conflict_check_claim(*, claim_id: int) -> dict[str, int]:
    """Check one claim against its block: flag what conflicts, resolve what no longer does.

    Runs after every create / edit / approval (enqueued on commit). Checks of claims in the
    same block are serialised by an advisory lock, so the last one to run reads every edit
    committed before it and leaves the block's flags right.
    """
    rules = rules_from_settings()
    counts = _counts()
    row = Claim.objects.filter(pk=claim_id).values_list(*FACT_COLUMNS).first()
    if row is None:
        return counts  # deleted: its flags went with it (ON DELETE CASCADE)
    fact = FactView(*row)
    computed: dict[FlagKey, Comparison] = {}
    key = fact.blocking_key
    if key is not None:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_advisory_xact_lock(%s, hashtext(%s))",
                [BLOCK_LOCK_CLASS, f"{key[0]}|{key[1]}|{key[2]}"],
            )
        # One index lookup: the partial index claims_claim_blocking_key on
        # (entity_id, measure_id, unit) serves the block.
        block = (
            Claim.objects.in_block(entity_id=key[0], measure_id=key[1], unit=key[2])
            .exclude(pk=claim_id)
            .exclude(status=RETRACTED)
            .values_list(*FACT_COLUMNS)
        )
        for other in block:
            result = compare(fact, FactView(*other), **rules)
            if result is not None and result.is_conflict:
                computed[result.key] = result
    links = links_of([claim_id])
    if links:
        facts = _facts({other for pair in links for other in pair} - {claim_id})
        _apply_links(computed, links, {claim_id: fact, **facts}, rules)

    existing = _existing_from_rows(_involving_rows(claim_id))
    writes = _plan(computed.values(), existing, counts)
    counts["created"] = _upsert(writes, detected_by="check")
    stale = [
        old.id
        for flag_key, old in existing.items()
        if old.status == Conflict.Status.OPEN and flag_key not in computed
    ]
    counts["resolved"] = _resolve(stale, resolution=AUTO_RESOLUTION_EDIT)
    return counts


def _involving_rows(claim_id: int) -> list[tuple]:
    """The flags on either side of a claim, as rows for `_existing_from_rows`."""
    with connection.cursor() as cursor:
        # claim_a = x: an index leading with claim_a (the unique (claim_a, claim_b, kind)
        # one or the foreign key's); claim_b = x: claims_conflict_claim_b. A BitmapOr.
        cursor.execute(
            "SELECT id, claim_a_id, claim_b_id, kind, status, severity, "
            "explanation ->> 'fingerprint', "
            "(resolved_by_id IS NULL AND resolution LIKE 'auto:%%') "
            "FROM claims_conflict WHERE claim_a_id = %s OR claim_b_id = %s",
            [claim_id, claim_id],
        )
        return cursor.fetchall()


# --- The sweep -----------------------------------------------------------------------------


def _blocks_of_shard(shard: int, shards: int) -> Iterator[list[FactView]]:
    """Stream every claim of the shard, block by block (ordered by blocking key).

    Claims that can match nothing (retracted, no entity or measure) come too, in blocks
    of their own: they are not compared, but the flags they still carry get resolved.
    """
    rows = (
        Claim.objects.annotate(
            shard=RawSQL(SHARD_SQL.format(t='"claims_claim"'), (shards,))  # noqa: S611
        )
        .filter(shard=shard)
        # A full pass over the shard: a sequential scan plus a sort of this shard's rows
        # (1/shards of the table); claims_claim_blocking_key could serve the order but
        # random heap reads over a whole table lose to the scan.
        .order_by("entity_id", "measure_id", "unit")
        .values_list(*FACT_COLUMNS)
        .iterator(chunk_size=READ_CHUNK)
    )
    block: list[FactView] = []
    current: tuple | None = None
    for row in rows:
        key = (row[1], row[2], row[3])
        if key != current:
            if block:
                yield block
            block, current = [], key
        block.append(FactView._make(row))
    if block:
        yield block


def _flags_of_claims(claim_ids: list[int]) -> dict[FlagKey, _Existing]:
    """The flags whose claim_a is one of these claims."""
    with connection.cursor() as cursor:
        # claim_a_id = ANY(...): one probe per id in an index leading with claim_a (the
        # unique (claim_a, claim_b, kind) one or the foreign key's).
        cursor.execute(
            "SELECT id, claim_a_id, claim_b_id, kind, status, severity, "
            "explanation ->> 'fingerprint', "
            "(resolved_by_id IS NULL AND resolution LIKE 'auto:%%') "
            "FROM claims_conflict WHERE claim_a_id = ANY(%s)",
            [claim_ids],
        )
        return _existing_from_rows(cursor.fetchall())


def conflict_sweep_shard(
    *, shard: int, shards: int, progress: Callable[[int], None] | None = None
) -> dict[str, int]:
    """Sweep the blocks whose key hashes to `shard`: flag every conflict, resolve stale flags.

    Cost: one pass over the shard's claims, and index lookups for the flags of the claims
    read (batch by batch, by claim_a); within a block `rules.sweep_block` is
    O(n log n + k). A flag belongs to the shard of its claim_a's *current* key, so a
    flag whose claim was edited into another block, retracted or stripped of its key is
    found and resolved by the sweep of the shard its claim_a is in now.

    Writes are committed in batches (not one long transaction), so a killed sweep leaves
    only correct flags behind and a re-run finishes the job; two sweeps at once meet on
    the unique constraint (``ON CONFLICT``) and never duplicate a flag. `progress` is
    called with the number of claims just read.
    """
    if shards < 1 or not 0 <= shard < shards:
        raise InvalidInput(f"Shard {shard} is not one of 0..{shards - 1}.")
    rules = rules_from_settings()
    counts = _counts(scanned=0, blocks=0)
    stale: dict[FlagKey, _Existing] = {}
    pending: list[Comparison] = []
    batch: list[list[FactView]] = []
    batch_claims = 0

    def process() -> None:
        nonlocal pending
        ids = [fact.id for block in batch for fact in block]
        existing = _flags_of_claims(ids)
        flags: dict[FlagKey, Comparison] = {}
        for block in batch:
            flags.update((flag.key, flag) for flag in sweep_block(block, **rules))
        links = links_of(ids, as_claim_a=True)
        if links:
            facts = {fact.id: fact for block in batch for fact in block}
            facts.update(_facts({b for _, b in links} - facts.keys()))
            _apply_links(flags, links, facts, rules)
        found: set[FlagKey] = set(flags)
        pending.extend(_plan(flags.values(), existing, counts))
        # Every flag whose claim_a is in this batch was computed in this batch, or is stale.
        stale.update(
            (key, old)
            for key, old in existing.items()
            if old.status == Conflict.Status.OPEN and key not in found
        )
        while len(pending) >= WRITE_BATCH:  # a big block's flags go in batches too
            counts["created"] += _upsert(pending[:WRITE_BATCH], detected_by="sweep")
            pending = pending[WRITE_BATCH:]
        if progress is not None:
            progress(batch_claims)

    for block in _blocks_of_shard(shard, shards):
        batch.append(block)
        batch_claims += len(block)
        counts["scanned"] += len(block)
        counts["blocks"] += 1
        if batch_claims >= READ_CHUNK:
            process()
            batch, batch_claims = [], 0
    if batch:
        process()
    counts["created"] += _upsert(pending, detected_by="sweep")

    if stale:
        holding = _still_holding(stale, rules)
        ids = [old.id for key, old in stale.items() if key not in holding]
        for start in range(0, len(ids), WRITE_BATCH):
            counts["resolved"] += _resolve(
                ids[start : start + WRITE_BATCH], resolution=AUTO_RESOLUTION_SWEEP
            )
    return counts


def conflict_sweep_fan_out(*, shards: int | None = None) -> int:
    """Enqueue one sweep task per shard (a Celery group); returns the number of shards.

    The shard task is named, not imported: `claims.conflicts.tasks` imports this module.
    """
    from celery import group, signature

    shards = shards or DEFAULT_SHARDS
    group(
        signature(SWEEP_SHARD_TASK, args=(shard, shards)) for shard in range(shards)
    ).apply_async()
    return shards


def conflict_sweep_all(
    *, shards: int = DEFAULT_SHARDS, progress: Callable[[int], None] | None = None
) -> dict[str, int]:
    """Sweep every shard in this process (the management command); returns summed counts."""
    totals = _counts(scanned=0, blocks=0)
    for shard in range(shards):
        for name, value in conflict_sweep_shard(
            shard=shard, shards=shards, progress=progress
        ).items():
            totals[name] = totals.get(name, 0) + value
    return totals
