"""Raw inputs are kept zlib-compressed in `bytea` columns (see sources/fields.py).

PostgreSQL's own compression (pglz) of a ~350 KB page took ~5 ms of each import; level-1
zlib in the application takes ~1.8 ms and gives a smaller value. Existing rows are
converted in place; the columns are made STORAGE EXTERNAL so the server does not try to
compress them again.
"""

import zlib

from django.db import migrations

import sources.fields

TABLES = ("sources_article", "sources_articlerevision")
BATCH = 200


def _rewrite(schema_editor, table: str, convert) -> None:
    connection = schema_editor.connection
    last = 0
    while True:
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT id, raw_input FROM {table} WHERE id > %s ORDER BY id LIMIT %s",  # noqa: S608
                [last, BATCH],
            )
            rows = cursor.fetchall()
            for pk, value in rows:
                cursor.execute(
                    f"UPDATE {table} SET raw_input = %s WHERE id = %s",  # noqa: S608
                    [convert(bytes(value)), pk],
                )
        if len(rows) < BATCH:
            return
        last = rows[-1][0]


def compress_rows(apps, schema_editor) -> None:
    for table in TABLES:
        _rewrite(schema_editor, table, lambda raw: zlib.compress(raw, sources.fields.LEVEL))


def decompress_rows(apps, schema_editor) -> None:
    for table in TABLES:
        _rewrite(schema_editor, table, zlib.decompress)


def _sql(statement: str) -> str:
    return "\n".join(statement.format(table=table) for table in TABLES)


class Migration(migrations.Migration):
    dependencies = [("sources", "0001_initial")]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.RunSQL(
                    sql=_sql(
                        "ALTER TABLE {table} ALTER COLUMN raw_input DROP DEFAULT, "
                        "ALTER COLUMN raw_input TYPE bytea USING convert_to(raw_input, 'UTF8'), "
                        "ALTER COLUMN raw_input SET STORAGE EXTERNAL;"
                    ),
                    reverse_sql=_sql(
                        "ALTER TABLE {table} ALTER COLUMN raw_input TYPE text "
                        "USING convert_from(raw_input, 'UTF8'), "
                        "ALTER COLUMN raw_input SET STORAGE EXTENDED;"
                    ),
                ),
                migrations.RunPython(compress_rows, decompress_rows, elidable=False),
            ],
            state_operations=[
                migrations.AlterField(
                    model_name="article",
                    name="raw_input",
                    field=sources.fields.CompressedTextField(
                        blank=True, default="", help_text="The input as received, for provenance"
                    ),
                ),
                migrations.AlterField(
                    model_name="articlerevision",
                    name="raw_input",
                    field=sources.fields.CompressedTextField(blank=True, default=""),
                ),
            ],
        )
    ]
