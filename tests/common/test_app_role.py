"""The app can run as a role that may only INSERT and SELECT the audit tables: the services
work under it, and every tamper route the owner has is closed to it."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction

from claims import services
from claims.models import Claim, FactCheck, ReviewEvent
from tests.claims import helpers

pytestmark = pytest.mark.django_db

# Created inside the test's transaction (CREATE ROLE is transactional: the rollback drops
# it), named after the test database so parallel runs on one server never meet.
ROLE = f"newsdesk_app_{connection.settings_dict['NAME']}"


def _sql(statement: str, params=()) -> None:
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


@pytest.fixture
def as_app_role(db):
    """The rest of the test runs as a fresh role given only `grant_app_role`'s privileges.
    CREATE ROLE is transactional: the test's rollback removes it."""
    _sql("SET CONSTRAINTS ALL IMMEDIATE")
    _sql(f"CREATE ROLE {ROLE} NOLOGIN")
    out = StringIO()
    call_command("grant_app_role", ROLE, stdout=out)
    assert "Granted" in out.getvalue()
    _sql(f"SET LOCAL ROLE {ROLE}")
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_user")
        assert cursor.fetchone()[0] == ROLE


def _denied(statement: str, match: str, params=()) -> None:
    with pytest.raises(DatabaseError, match=match), transaction.atomic():
        _sql(statement, params)


def test_the_app_role_runs_the_workflow_and_cannot_rewrite_the_trail(editor, reviewer, as_app_role):
    claim = helpers.publish(editor, reviewer)  # inserts FactCheck and ReviewEvent rows
    factcheck = FactCheck.objects.get(claim=claim)
    assert factcheck.audit_position and ReviewEvent.objects.filter(claim=claim).count() >= 4

    for table in ("claims_factcheck", "claims_reviewevent"):
        _denied(f"UPDATE {table} SET audit_hash = 'x'", "permission denied")
        _denied(f"DELETE FROM {table}", "permission denied")
        _denied(f"TRUNCATE {table}", "permission denied")
        _denied(f"ALTER TABLE {table} DISABLE TRIGGER ALL", "must be owner")
    _denied("SET LOCAL session_replication_role = replica", "permission denied")
    _denied("UPDATE claims_factcheck SET rating = 'false'", "permission denied")

    # A retraction (the two columns it may stamp) still works, and is chained as an event.
    claim.refresh_from_db()
    services.claim_retract(
        claim_id=claim.pk, version=claim.version, actor=reviewer, reason="Source withdrawn."
    )
    factcheck.refresh_from_db()
    assert factcheck.retracted_at is not None
    assert Claim.objects.get(pk=claim.pk).status == Claim.Status.RETRACTED
    out = StringIO()
    call_command("verify_audit", stdout=out)
    assert "verifies" in out.getvalue()


def test_grant_app_role_prints_its_sql(db):
    out = StringIO()
    call_command("grant_app_role", "some_app", "--print", stdout=out)
    text = out.getvalue()
    assert 'REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON "claims_factcheck"' in text
    assert 'GRANT UPDATE ("retracted_at", "retraction_reason") ON "claims_factcheck"' in text
    assert 'ON "claims_reviewevent" FROM "some_app"' in text
