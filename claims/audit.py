"""The audit trail's hash chain (FactCheck and ReviewEvent rows).

Each row gets, in a BEFORE INSERT trigger, the next `audit_position` of its table and
``audit_hash = sha256(previous row's hash + "#" + the row's content)``. The trigger takes a
transaction-scoped advisory lock first, so concurrent inserts chain one after another.
Changing, removing or reordering a row afterwards (by any route: a disabled trigger,
``session_replication_role = replica``, TRUNCATE by an owner) breaks the chain at that row,
and `manage.py verify_audit` names it.

The content is a text every part of which is length-prefixed (``12:Some comment``, ``~`` for
NULL), so no two different rows read alike; timestamps count microseconds since the epoch
(independent of the session's time zone); JSON columns use PostgreSQL's canonical jsonb
text. The trigger and the verifier build it from the same column list; the verifier
hashes in Python, trusting no function stored in the database.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass


@dataclass(frozen=True)
class Chain:
    table: str
    fields: tuple[str, ...]  # columns in hashing order
    timestamps: frozenset[str]

    @property
    def lock_key(self) -> str:
        return f"{self.table} audit chain"

    def content_sql(self, ref: str) -> str:
        """SQL for the row's content text; `ref` is NEW in the trigger, an alias elsewhere."""
        parts = []
        for column in self.fields:
            if column in self.timestamps:
                value = f"(extract(epoch from {ref}.{column}) * 1000000)::bigint::text"
            else:
                value = f"{ref}.{column}::text"
            parts.append(f"COALESCE(length({value})::text || ':' || {value}, '~')")
        return " || '|' || ".join(parts)

    def hash_sql(self, previous: str, ref: str) -> str:
        return (
            f"encode(sha256(convert_to(COALESCE({previous}, '') || '#' || "
            f"{self.content_sql(ref)}, 'UTF8')), 'hex')"
        )

    def trigger_func(self) -> str:
        """The body of the BEFORE INSERT trigger that places and hashes a new row."""
        # The table name is one of this module's constants, never input.
        return (
            f"PERFORM pg_advisory_xact_lock(hashtext('{self.lock_key}'));"  # noqa: S608
            f" SELECT audit_position, audit_hash INTO _pos, _prev FROM {self.table}"
            " WHERE audit_position IS NOT NULL ORDER BY audit_position DESC LIMIT 1;"
            " NEW.audit_position := COALESCE(_pos, 0) + 1;"
            f" NEW.audit_hash := {self.hash_sql('_prev', 'NEW')};"
            " RETURN NEW;"
        )

    def backfill_sql(self) -> str:
        """Chain the rows written before the chain existed, in id order (a migration)."""
        # The table name is one of this module's constants, never input.
        return (
            "DO $$ DECLARE r RECORD; _pos BIGINT := 0; _prev TEXT; BEGIN"  # noqa: S608
            f" FOR r IN SELECT id FROM {self.table} ORDER BY id LOOP"
            " _pos := _pos + 1;"
            f" UPDATE {self.table} SET audit_position = _pos WHERE id = r.id;"
            f" UPDATE {self.table} t SET audit_hash = {self.hash_sql('_prev', 't')}"
            " WHERE t.id = r.id RETURNING audit_hash INTO _prev;"
            " END LOOP; END $$;"
        )


def link(previous: str | None, content: str) -> str:
    """The hash of a row whose content text is `content`, after a row hashed `previous`."""
    return hashlib.sha256(f"{previous or ''}#{content}".encode()).hexdigest()


REVIEW_EVENTS = Chain(
    table="claims_reviewevent",
    fields=(
        "audit_position",
        "id",
        "claim_id",
        "actor_id",
        "action",
        "from_status",
        "to_status",
        "comment",
        "changes",
        "snapshot",
        "created_at",
    ),
    timestamps=frozenset({"created_at"}),
)
FACT_CHECKS = Chain(
    table="claims_factcheck",
    # Not retracted_at / retraction_reason: a retraction is stamped later, once, and is
    # itself chained as the claim's "retract" ReviewEvent.
    fields=(
        "audit_position",
        "id",
        "claim_id",
        "version",
        "rating",
        "summary",
        "statement",
        "fact",
        "citations",
        "source",
        "author_id",
        "approved_by_id",
        "approved_at",
    ),
    timestamps=frozenset({"approved_at"}),
)
CHAINS = (FACT_CHECKS, REVIEW_EVENTS)


# --- Verifying ------------------------------------------------------------------------


@dataclass(frozen=True)
class Finding:
    """The first thing wrong with the trail: which table, which row, what."""

    table: str
    row_id: int | None
    problem: str

    def __str__(self) -> str:
        row = f" row id={self.row_id}" if self.row_id is not None else ""
        return f"{self.table}{row}: {self.problem}"


@dataclass(frozen=True)
class Head:
    table: str
    rows: int
    position: int
    hash: str


def walk(cursor, chain: Chain) -> tuple[Head, Finding | None]:
    """Recompute `chain` row by row; stop at the first row that does not match."""
    cursor.execute(
        f"SELECT id, audit_position, audit_hash, {chain.content_sql('t')}"  # noqa: S608
        f" FROM {chain.table} t ORDER BY audit_position NULLS FIRST, id"
    )
    previous: str | None = None
    expected = 1
    rows = 0
    while batch := cursor.fetchmany(2000):
        for row_id, position, stored, content in batch:
            rows += 1
            head = Head(chain.table, rows, expected - 1, previous or "")
            if position is None:
                return head, Finding(
                    chain.table,
                    row_id,
                    "not in the chain: written while the chain trigger was switched off",
                )
            if position != expected:
                return head, Finding(
                    chain.table,
                    row_id,
                    f"position {position} follows {expected - 1}: rows at positions "
                    f"{expected}..{position - 1} were removed",
                )
            if stored != link(previous, content):
                return head, Finding(
                    chain.table,
                    row_id,
                    f"position {position}: its hash does not match its content and the "
                    "previous row's hash (changed after it was written)",
                )
            previous, expected = stored, expected + 1
    return Head(chain.table, rows, expected - 1, previous or ""), None


# Cross-checks that catch a trail cut short (rows removed from the end of a chain, or a
# whole table emptied), which a chain alone cannot show.
CROSS_CHECKS = (
    (
        "claims_claim",
        "its verdicts (FactCheck rows) and its approvals (ReviewEvent rows) differ in number",
        """
        SELECT c.id FROM claims_claim c
        LEFT JOIN (SELECT claim_id, count(*) AS n FROM claims_factcheck GROUP BY claim_id) f
            ON f.claim_id = c.id
        LEFT JOIN (SELECT claim_id, count(*) AS n FROM claims_reviewevent
                   WHERE action = 'approve' GROUP BY claim_id) e ON e.claim_id = c.id
        WHERE COALESCE(f.n, 0) <> COALESCE(e.n, 0) ORDER BY c.id LIMIT 1
        """,
    ),
    (
        "claims_claim",
        "its 'created' ReviewEvent is missing",
        """
        SELECT c.id FROM claims_claim c WHERE NOT EXISTS (
            SELECT 1 FROM claims_reviewevent e WHERE e.claim_id = c.id AND e.action = 'create'
        ) ORDER BY c.id LIMIT 1
        """,
    ),
)


def verify(connection) -> tuple[list[Head], list[Finding]]:
    """Walk every chain and run the cross-checks; return the heads and the findings (the
    first bad row of each chain, the first claim failing each cross-check)."""
    heads: list[Head] = []
    findings: list[Finding] = []
    for chain in CHAINS:
        # A server-side cursor: the walk holds one batch of rows in memory, not the table.
        with connection.chunked_cursor() as cursor:
            head, finding = walk(cursor, chain)
        heads.append(head)
        if finding is not None:
            findings.append(finding)
    with connection.cursor() as cursor:
        for table, problem, sql in CROSS_CHECKS:
            cursor.execute(sql)
            row = cursor.fetchone()
            if row is not None:
                findings.append(Finding(table, row[0], problem))
    return heads, findings
