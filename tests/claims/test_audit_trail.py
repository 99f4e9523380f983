"""The audit trail is tamper-evident: FactCheck and ReviewEvent rows are hash-chained,
`manage.py verify_audit` names the first row that does not match, and the protecting
triggers honour no `pgtrigger.ignore` list. Each of the four tamper routes is tried here
as the database owner (a superuser in the tests) and is either refused or detected."""

from __future__ import annotations

import os
import subprocess
import sys

import pgtrigger
import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from claims import audit, services
from claims.models import FactCheck, ReviewEvent
from tests import worker
from tests.claims import helpers
from tests.concurrency import at_once

pytestmark = pytest.mark.django_db

IGNORE_ALL = (
    "claims.FactCheck:claims_factcheck_immutable",
    "claims.FactCheck:claims_factcheck_no_delete",
    "claims.ReviewEvent:claims_reviewevent_append_only",
)


def _verify() -> str:
    from io import StringIO

    out = StringIO()
    call_command("verify_audit", stdout=out)
    return out.getvalue()


def _refused_by_verify(*expected: str) -> str:
    with pytest.raises(CommandError) as failed:
        _verify()
    message = str(failed.value)
    for part in expected:
        assert part in message, message
    return message


def _owner(statement: str, params=()) -> None:
    """As the owner, mid-test: the deferred foreign-key checks of the rows the test wrote
    run first (ALTER TABLE and TRUNCATE refuse to run with checks pending)."""
    _sql("SET CONSTRAINTS ALL IMMEDIATE")
    _sql(statement, params)


def _sql(statement: str, params=()) -> None:
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


@pytest.fixture
def trail(editor, reviewer):
    """Two published claims, one of them corrected (FactCheck v2), through the services."""
    first = helpers.publish(editor, reviewer)
    second = helpers.publish(
        editor, reviewer, quote="more than a thousand kilometers", body=helpers.BODY + " Two."
    )
    second = services.claim_reopen(claim_id=second.pk, version=second.version, actor=editor)
    second = services.claim_update(
        claim_id=second.pk, version=second.version, actor=editor, summary="Corrected."
    )
    second = services.claim_submit(claim_id=second.pk, version=second.version, actor=editor)
    services.claim_approve(claim_id=second.pk, version=second.version, reviewer=reviewer)
    return first, second


def test_rows_written_by_the_services_are_chained_and_verify(trail):
    events = list(ReviewEvent.objects.order_by("audit_position"))
    assert [e.audit_position for e in events] == list(range(1, len(events) + 1))
    assert len({e.audit_hash for e in events}) == len(events)
    assert all(len(e.audit_hash) == 64 for e in events)
    checks = list(FactCheck.objects.order_by("audit_position"))
    assert [c.audit_position for c in checks] == [1, 2, 3]
    out = _verify()
    assert "The audit trail verifies." in out
    assert f"claims_reviewevent: {len(events)} rows; head at position {len(events)}" in out
    assert events[-1].audit_hash in out


def test_the_verifier_recomputes_the_hash_the_database_wrote(trail):
    """Python's sha256 over the content text agrees with the trigger's (no stored function
    is trusted by the verifier)."""
    with connection.cursor() as cursor:
        head, finding = audit.walk(cursor, audit.REVIEW_EVENTS)
    assert finding is None
    assert head.hash == ReviewEvent.objects.order_by("-audit_position")[0].audit_hash


def test_a_retraction_keeps_the_chain_valid(trail, reviewer):
    first, _ = trail
    first.refresh_from_db()
    services.claim_retract(claim_id=first.pk, version=first.version, actor=reviewer, reason="Wrong")
    assert "verifies" in _verify()


# --- Route 1: pgtrigger.ignore -------------------------------------------------------------


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE claims_factcheck SET rating = 'false'",
        "DELETE FROM claims_factcheck",
        "UPDATE claims_reviewevent SET comment = 'rewritten'",
        "DELETE FROM claims_reviewevent",
    ],
)
def test_an_ignore_list_does_not_switch_the_protection_off(trail, statement):
    with (
        pgtrigger.ignore(*IGNORE_ALL),
        pytest.raises(DatabaseError, match="Cannot"),
        transaction.atomic(),
    ):
        _sql(statement)
    with pytest.raises(DatabaseError, match="Cannot"), transaction.atomic():
        names = ",".join(
            f"pgtrigger_{t}"
            for t in ("claims_factcheck_immutable", "claims_reviewevent_append_only")
        )
        _sql("SELECT set_config('pgtrigger.ignore', %s, true)", ["{" + names + "}"])
        _sql(statement)
    assert "verifies" in _verify()


# --- Route 2: TRUNCATE (the app's role has no TRUNCATE privilege: test_app_role.py) ------


def test_truncating_the_verdicts_is_detected(trail):
    first, _ = trail
    _owner("TRUNCATE claims_factcheck CASCADE")
    _refused_by_verify(f"claims_claim row id={first.pk}", "differ in number")


def test_truncating_the_review_trail_is_detected(trail):
    first, _ = trail
    _owner("TRUNCATE claims_reviewevent")
    _refused_by_verify(f"claims_claim row id={first.pk}", "'created' ReviewEvent is missing")


def test_cutting_the_tail_of_the_verdicts_is_detected(trail):
    _, second = trail
    latest = FactCheck.objects.get(claim=second, version=2)
    _owner("SET LOCAL session_replication_role = replica")
    _sql("DELETE FROM claims_factcheck WHERE id = %s", [latest.pk])
    _sql("SET LOCAL session_replication_role = origin")
    _refused_by_verify(f"claims_claim row id={second.pk}", "differ in number")


# --- Route 3: ALTER TABLE ... DISABLE TRIGGER ---------------------------------------------


def test_an_update_with_the_triggers_disabled_is_detected(trail):
    _, second = trail
    target = FactCheck.objects.get(claim=second, version=1)
    _owner("ALTER TABLE claims_factcheck DISABLE TRIGGER ALL")
    _sql("UPDATE claims_factcheck SET rating = 'true' WHERE id = %s", [target.pk])
    _owner("ALTER TABLE claims_factcheck ENABLE TRIGGER ALL")
    _refused_by_verify(f"claims_factcheck row id={target.pk}", "does not match its content")


def test_a_row_inserted_with_the_triggers_disabled_is_detected(trail, editor, reviewer):
    first, _ = trail
    _owner("ALTER TABLE claims_reviewevent DISABLE TRIGGER USER")
    ReviewEvent.objects.create(claim=first, actor=reviewer, action="approve", comment="forged")
    _owner("ALTER TABLE claims_reviewevent ENABLE TRIGGER USER")
    forged = ReviewEvent.objects.get(comment="forged")
    _refused_by_verify(f"claims_reviewevent row id={forged.pk}", "not in the chain")


# --- Route 4: session_replication_role = replica ----------------------------------------


def test_an_update_as_replica_is_detected(trail):
    event = ReviewEvent.objects.filter(action="approve").order_by("id")[0]
    _owner("SET LOCAL session_replication_role = replica")
    _sql("UPDATE claims_reviewevent SET comment = 'nothing to see' WHERE id = %s", [event.pk])
    _sql("SET LOCAL session_replication_role = origin")
    _refused_by_verify(f"claims_reviewevent row id={event.pk}", "does not match")


def test_a_rewritten_row_with_a_recomputed_hash_breaks_the_next_link(trail):
    """Recomputing the changed row's own hash does not help: the next row names it."""
    events = list(ReviewEvent.objects.order_by("audit_position")[:3])
    target, following = events[1], events[2]
    _owner("SET LOCAL session_replication_role = replica")
    _sql("UPDATE claims_reviewevent SET comment = 'forged' WHERE id = %s", [target.pk])
    chain = audit.REVIEW_EVENTS
    _sql(
        f"UPDATE claims_reviewevent t SET audit_hash = {chain.hash_sql('%s', 't')} WHERE id = %s",
        [events[0].audit_hash, target.pk],
    )
    _sql("SET LOCAL session_replication_role = origin")
    _refused_by_verify(f"claims_reviewevent row id={following.pk}")


def test_a_row_deleted_as_replica_is_detected(trail):
    events = list(ReviewEvent.objects.order_by("audit_position")[:3])
    _owner("SET LOCAL session_replication_role = replica")
    _sql("DELETE FROM claims_reviewevent WHERE id = %s", [events[1].pk])
    _sql("SET LOCAL session_replication_role = origin")
    _refused_by_verify(f"claims_reviewevent row id={events[2].pk}", "were removed")


# --- Concurrency and the command's exit status ----------------------------------------


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_writers_build_one_unbroken_chain(editor):
    """Eight connections appending at the same instant: the advisory lock orders them, so
    positions run 1..n without a gap or a fork."""
    claims = [helpers.draft(editor, body=helpers.BODY + f" Race {n}.") for n in range(8)]

    def edit(claim_id: int, version: int) -> None:
        services.claim_update(
            claim_id=claim_id, version=version, actor=editor, summary=f"Summary {claim_id}"
        )

    at_once(edit, [(c.pk, c.version) for c in claims])
    positions = list(
        ReviewEvent.objects.order_by("audit_position").values_list("audit_position", flat=True)
    )
    assert positions == list(range(1, len(positions) + 1))
    assert ReviewEvent.objects.filter(action="edit").count() == 8
    assert "verifies" in _verify()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_manage_py_verify_audit_exits_non_zero_naming_the_row(editor, reviewer):
    helpers.publish(editor, reviewer)
    env = {**os.environ, "DATABASE_URL": worker.test_database_url()}
    command = [sys.executable, "manage.py", "verify_audit"]
    fine = subprocess.run(
        command, cwd=worker.ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert fine.returncode == 0, fine.stderr
    assert "The audit trail verifies." in fine.stdout
    target = FactCheck.objects.get()
    with transaction.atomic():
        _owner("SET LOCAL session_replication_role = replica")
        _sql("UPDATE claims_factcheck SET summary = 'Quietly changed.' WHERE id = %s", [target.pk])
    bad = subprocess.run(
        command, cwd=worker.ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert bad.returncode == 1
    assert f"claims_factcheck row id={target.pk}" in bad.stderr
    assert "does not match its content" in bad.stderr
