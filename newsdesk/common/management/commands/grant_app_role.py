"""Give the app's database role what it needs and no more; run as the tables' owner."""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import connections, transaction
from psycopg import sql


def grant_statements(role: str, database: str) -> list[sql.Composed]:
    """Every table: SELECT, INSERT, UPDATE, DELETE (never TRUNCATE, REFERENCES, TRIGGER);
    the append-only tables (settings.NEWSDESK_APPEND_ONLY_TABLES): SELECT and INSERT, and
    UPDATE of the named columns only. The role owns nothing, so it can neither ALTER a
    table (no DISABLE TRIGGER) nor set session_replication_role (superusers only)."""
    who = sql.Identifier(role)
    statements = [
        sql.SQL("GRANT CONNECT ON DATABASE {} TO {}").format(sql.Identifier(database), who),
        sql.SQL("GRANT USAGE ON SCHEMA public TO {}").format(who),
        sql.SQL("GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {}").format(
            who
        ),
        sql.SQL("GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {}").format(who),
    ]
    for table, columns in settings.NEWSDESK_APPEND_ONLY_TABLES.items():
        statements.append(
            sql.SQL("REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON {} FROM {}").format(
                sql.Identifier(table), who
            )
        )
        if columns:
            statements.append(
                sql.SQL("GRANT UPDATE ({}) ON {} TO {}").format(
                    sql.SQL(", ").join(sql.Identifier(c) for c in columns),
                    sql.Identifier(table),
                    who,
                )
            )
    return statements


class Command(BaseCommand):
    help = (
        "Grant the app's role (it must exist) what the app needs: run after every migrate, as "
        "the owner (--database owner). The audit tables get SELECT and INSERT only."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("role", help="The role the app connects as (DATABASE_URL's user)")
        parser.add_argument("--database", default="default", help="A connection as the owner")
        parser.add_argument("--print", action="store_true", help="Print the SQL, run nothing")

    def handle(self, *args, role: str, database: str, print: bool, **options) -> None:
        connection = connections[database]
        statements = grant_statements(role, connection.settings_dict["NAME"])
        with transaction.atomic(using=database), connection.cursor() as cursor:
            for statement in statements:
                text = statement.as_string(cursor.connection)
                if print:
                    self.stdout.write(text + ";")
                else:
                    cursor.execute(statement)
        if not print:
            self.stdout.write(
                f"Granted {role} the app's privileges ({len(statements)} statements)."
            )
