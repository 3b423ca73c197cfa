"""Database privileges of the application's runtime role (issue 9 §5).

The portal runs as a role that owns nothing (`DATABASE_APP_ROLE`: `portal_app` in a
deployment and under `make run`); migrations run as the owner, and this module's
`protect_history_from_app_role` runs after every `migrate` (audit/receivers.py).

The runtime role may read and write the domain tables. On an append-only table it may
only read and insert: UPDATE, DELETE and TRUNCATE are revoked, so no trigger setting can
give them back. A table is append-only when it is history (every pghistory event table,
the access log) or when a pgtrigger `Protect` without a condition refuses both UPDATE
and DELETE on it (the decision log, issued directions, published reports, the RFI
timeline, minutes revisions …): `append_only_tables` finds them, so a new one is covered
without a list to keep. A `Protect` without a condition on DELETE alone (PCC notices)
revokes DELETE. TRUNCATE is never granted on any table.

Some tables are append-only only for some rows (approved minutes; what a delivered PCC
notice says): a privilege is per table, so there the trigger is the guard, and the
runtime role must not be able to skip it. pgtrigger skips a trigger named in the session
setting `pgtrigger.ignore`, which any role may SET. `_IGNORE_FOR_OWNER_ONLY` replaces
pgtrigger's check (`_pgtrigger_should_ignore`, which every pgtrigger and pghistory
trigger calls) with one that honours the setting only for a member of the database
owner's role: migrations, the benchmarks' bulk seeding and data repairs still may; the
runtime role never skips a guard, nor the triggers that write history. (Disabling a
trigger outright, `ALTER TABLE … DISABLE TRIGGER`, needs ownership, and
`session_replication_role` needs a superuser; the runtime role has neither.)
"""

import pgtrigger
from django.apps import apps
from django.conf import settings
from django.db import connections
from pghistory.models import Event
from psycopg2 import sql

# pgtrigger's own function (pgtrigger/compiler.py, template v1), with one more test
# first. pgtrigger re-creates its version whenever a migration installs a trigger; this
# runs after every migrate, so the end state is always this one.
_IGNORE_FOR_OWNER_ONLY = """
CREATE OR REPLACE FUNCTION "public"._pgtrigger_should_ignore(trigger_name NAME)
RETURNS BOOLEAN AS $$
    DECLARE
        _pgtrigger_ignore TEXT[];
        _result BOOLEAN;
    BEGIN
        IF NOT pg_has_role(
            current_user,
            (SELECT datdba FROM pg_database WHERE datname = current_database()),
            'MEMBER'
        ) THEN
            RETURN FALSE;
        END IF;
        BEGIN
            SELECT INTO _pgtrigger_ignore CURRENT_SETTING('pgtrigger.ignore');
            EXCEPTION WHEN OTHERS THEN
        END;
        IF _pgtrigger_ignore IS NOT NULL THEN
            SELECT trigger_name = ANY(_pgtrigger_ignore) INTO _result;
            RETURN _result;
        ELSE
            RETURN FALSE;
        END IF;
    END;
$$ LANGUAGE plpgsql;
"""


def history_tables() -> list[str]:
    from .models import AccessEvent

    tables = {AccessEvent._meta.db_table}
    for model in apps.get_models():
        if issubclass(model, Event) and not model._meta.proxy and not model._meta.abstract:
            tables.add(model._meta.db_table)
    return sorted(tables)


def _protected_operations(model) -> set[str]:
    """What unconditional pgtrigger `Protect` triggers refuse on `model`'s table."""
    refused = set()
    for trigger in getattr(model._meta, "triggers", []):
        if isinstance(trigger, pgtrigger.Protect) and trigger.condition is None:
            refused |= {op for op in ("UPDATE", "DELETE") if op in str(trigger.operation)}
    return refused


def revoked_privileges() -> dict[str, set[str]]:
    """Table -> the privileges the runtime role does not hold on it besides TRUNCATE."""
    revoked = {table: {"UPDATE", "DELETE"} for table in history_tables()}
    for model in apps.get_models():
        if model._meta.proxy or not model._meta.managed:
            continue
        refused = _protected_operations(model)
        if refused:
            revoked.setdefault(model._meta.db_table, set()).update(refused)
    return revoked


def append_only_tables() -> list[str]:
    return sorted(
        t for t, refused in revoked_privileges().items() if refused >= {"UPDATE", "DELETE"}
    )


def protect_history_from_app_role(*, using: str = "default", role: str | None = None) -> None:
    role = role or getattr(settings, "DATABASE_APP_ROLE", "")
    with connections[using].cursor() as cursor:
        cursor.execute(_IGNORE_FOR_OWNER_ONLY)
        if not role:
            return
        grantee = sql.Identifier(role)
        cursor.execute(sql.SQL("GRANT USAGE ON SCHEMA public TO {}").format(grantee))
        cursor.execute(
            sql.SQL(
                "GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {}"
            ).format(grantee)
        )
        cursor.execute(
            sql.SQL(
                "REVOKE TRUNCATE, TRIGGER, REFERENCES ON ALL TABLES IN SCHEMA public FROM {}"
            ).format(grantee)
        )
        cursor.execute(
            sql.SQL("GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {}").format(grantee)
        )
        for table, refused in sorted(revoked_privileges().items()):
            cursor.execute(
                sql.SQL("REVOKE {} ON {} FROM {}").format(
                    sql.SQL(", ").join(sql.SQL(privilege) for privilege in sorted(refused)),
                    sql.Identifier(table),
                    grantee,
                )
            )
