"""Database privileges of the application's runtime role.

In deployment the portal runs as a role that does not own the tables
(`DATABASE_APP_ROLE`); migrations run as the owner. The runtime role may read and
write the domain tables but may only read and append to history: UPDATE, DELETE and
TRUNCATE on history tables are revoked. Append-only triggers on the same tables
refuse updates and deletes from any role, the owner included.
"""

from django.apps import apps
from django.conf import settings
from django.db import connections
from pghistory.models import Event
from psycopg2 import sql


def history_tables() -> list[str]:
    from .models import AccessEvent

    tables = {AccessEvent._meta.db_table}
    for model in apps.get_models():
        if issubclass(model, Event) and not model._meta.proxy and not model._meta.abstract:
            tables.add(model._meta.db_table)
    return sorted(tables)


def protect_history_from_app_role(*, using: str = "default", role: str | None = None) -> None:
    role = role or getattr(settings, "DATABASE_APP_ROLE", "")
    if not role:
        return
    grantee = sql.Identifier(role)
    with connections[using].cursor() as cursor:
        cursor.execute(sql.SQL("GRANT USAGE ON SCHEMA public TO {}").format(grantee))
        cursor.execute(
            sql.SQL(
                "GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {}"
            ).format(grantee)
        )
        cursor.execute(
            sql.SQL("GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {}").format(grantee)
        )
        for table in history_tables():
            cursor.execute(
                sql.SQL("REVOKE UPDATE, DELETE, TRUNCATE ON {} FROM {}").format(
                    sql.Identifier(table), grantee
                )
            )
