"""The backup and restore drill: a dump taken around the app's checks restores into a fresh
database where every claim, FactCheck and audit row is found again."""

from __future__ import annotations

import json

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from psycopg import sql

from claims.backups import _connect
from claims.models import Claim, FactCheck, ReviewEvent
from tests.claims import helpers

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def restored_name():
    name = f"{connection.settings_dict['NAME']}_restored"
    yield name
    with connection.cursor() as cursor:
        cursor.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)")
            .format(sql.Identifier(name))
            .as_string()
        )


def _rows(name: str, query: str) -> list[tuple]:
    with _connect(name) as restored:
        return restored.execute(query).fetchall()


def test_a_backup_restores_into_a_fresh_database_with_every_row(
    tmp_path, editor, reviewer, restored_name
):
    published = helpers.publish(editor, reviewer)
    draft = helpers.complete_draft(editor)
    dump = tmp_path / "newsdesk.dump"
    call_command("backup_database", str(dump))
    manifest = json.loads((tmp_path / "newsdesk.dump.json").read_text())
    assert manifest["counts"]["claims_factcheck"] == FactCheck.objects.count() >= 1
    assert manifest["counts"]["claims_reviewevent"] == ReviewEvent.objects.count()

    call_command("restore_database", str(dump), "--into", restored_name)

    claims = dict(_rows(restored_name, "SELECT id, statement FROM claims_claim"))
    assert claims == dict(Claim.objects.values_list("id", "statement"))
    assert published.pk in claims and draft.pk in claims
    verdicts = _rows(restored_name, "SELECT claim_id, rating, audit_hash FROM claims_factcheck")
    assert sorted(verdicts) == sorted(
        FactCheck.objects.values_list("claim_id", "rating", "audit_hash")
    )
    events = _rows(restored_name, "SELECT id, audit_hash FROM claims_reviewevent ORDER BY id")
    assert events == list(ReviewEvent.objects.order_by("id").values_list("id", "audit_hash"))


def test_restore_refuses_an_existing_database(tmp_path, editor, reviewer):
    helpers.publish(editor, reviewer)
    dump = tmp_path / "newsdesk.dump"
    call_command("backup_database", str(dump))
    with pytest.raises(CommandError, match="exists: restore only into a new one"):
        call_command("restore_database", str(dump), "--into", connection.settings_dict["NAME"])


def test_a_restore_that_does_not_match_its_manifest_is_reported(
    tmp_path, editor, reviewer, restored_name
):
    helpers.publish(editor, reviewer)
    dump = tmp_path / "newsdesk.dump"
    call_command("backup_database", str(dump))
    manifest_file = tmp_path / "newsdesk.dump.json"
    manifest = json.loads(manifest_file.read_text())
    manifest["counts"]["claims_factcheck"] += 1  # as if a verdict had been lost on the way
    manifest_file.write_text(json.dumps(manifest))
    with pytest.raises(CommandError, match="differs from the backup: counts"):
        call_command("restore_database", str(dump), "--into", restored_name)
