"""Database triggers that no session can switch off with an ignore list.

django-pgtrigger wraps every trigger function in a check of the session setting
``pgtrigger.ignore``: any role that may write a row may also ``SET LOCAL pgtrigger.ignore``
and walk past the trigger. Audit records must not have that door, so `StrictTrigger`
compiles the same trigger from a template without the check. (Owners and superusers can
still disable triggers; the audit chain makes that evident, and the app's own role is not
an owner: see the README, "Running the app as a least-privileged role".)
"""

from __future__ import annotations

import pgtrigger
from pgtrigger import compiler


class StrictUpsertTriggerSql(compiler.UpsertTriggerSql):
    """pgtrigger's installation SQL, minus the ``pgtrigger.ignore`` escape hatch.

    Referenced by migrations: change the template only in a backwards-compatible way."""

    def get_template(self) -> str:
        return """
            CREATE OR REPLACE FUNCTION {pgid}()
            RETURNS TRIGGER AS $$
                {declare}
                BEGIN
                    {func}
                END;
            $$ LANGUAGE plpgsql;

            DROP TRIGGER IF EXISTS {pgid} ON {table};
            CREATE {constraint} TRIGGER {pgid}
                {when} {operation} ON {table}
                {timing}
                {referencing}
                FOR EACH {level} {condition}
                EXECUTE PROCEDURE {execute};

            COMMENT ON TRIGGER {pgid} ON {table} IS '{hash}';
        """


class StrictMixin:
    """Compile a pgtrigger trigger with `StrictUpsertTriggerSql`."""

    def compile(self, model) -> compiler.Trigger:
        compiled = super().compile(model)  # type: ignore[misc]
        return compiler.Trigger(
            name=compiled.name, sql=StrictUpsertTriggerSql(**compiled.sql.kwargs)
        )


class StrictTrigger(StrictMixin, pgtrigger.Trigger):
    pass


class StrictProtect(StrictMixin, pgtrigger.Protect):
    pass
