"""`survey-app server init` and the laptops' roles on the server."""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from typing import Any

from survey_app.core.errors import RefusedAction
from survey_app.core.keys import normalise_fingerprint
from survey_app.sync.server import schema
from survey_app.sync.server.connection import connect, connect_ready, display_name, is_admin


@dataclass(frozen=True)
class ServerInit:
    server: str
    applied: list[int]
    version: int

    def as_json(self) -> dict[str, object]:
        return {"server": self.server, "applied": self.applied, "version": self.version}


@dataclass(frozen=True)
class LaptopRole:
    """What the office gives a laptop once: the role it connects as, and its password."""

    role: str
    password: str
    fingerprint: str
    url: str

    def as_json(self) -> dict[str, object]:
        return {"role": self.role, "password": self.password, "fingerprint": self.fingerprint,
                "url": self.url}  # fmt: skip


def init_server(url: str, *, password: str | None = None) -> ServerInit:
    """Create or bring up to date the schema (idempotent); the connecting role becomes the
    server's admin, the only one that may ever change or delete a record."""
    conn = connect(url, password=password)
    try:
        database, user = conn.info.dbname, conn.info.user
        admin_row = None
        if schema.applied_version(conn) >= 1:
            admin_row = conn.execute("SELECT value FROM meta WHERE key = 'admin'").fetchone()
        if admin_row and admin_row[0] != user:
            raise RefusedAction(code="server_admin_only", server=display_name(url),
                                admin=admin_row[0])  # fmt: skip
        applied = schema.apply(conn, database, user)
        return ServerInit(display_name(url), applied, schema.applied_version(conn))
    finally:
        conn.close()


def role_name(database: str, fingerprint: str) -> str:
    safe = re.sub(r"[^a-z0-9]", "_", database.lower())
    return f"laptop_{safe}_{fingerprint.replace('-', '').lower()[:12]}"


def enrol_laptop(url: str, fingerprint: str, *, password: str | None = None) -> LaptopRole:
    """A login role for the laptop of this key fingerprint (a new password each time: the old
    one stops working), in the group the row-level security applies to."""
    printed = normalise_fingerprint(fingerprint)
    conn = connect_ready(url, password=password)
    try:
        if not is_admin(conn):
            raise RefusedAction(code="server_admin_only", server=display_name(url),
                                admin=_admin(conn))  # fmt: skip
        role = role_name(conn.info.dbname, printed)
        secret = secrets.token_urlsafe(18)
        with conn.transaction():
            _create_role(conn, role, secret, schema.group_role(conn.info.dbname))
            conn.execute(
                "INSERT INTO laptops (role, fingerprint) VALUES (%s, %s) "
                "ON CONFLICT (role) DO NOTHING",
                [role, printed],
            )
        host = conn.info.host
        port = f":{conn.info.port}" if conn.info.port else ""
        laptop_url = f"postgresql://{role}@{host}{port}/{conn.info.dbname}"
        return LaptopRole(role, secret, printed, laptop_url)
    finally:
        conn.close()


def disable_laptop(url: str, fingerprint: str, *, password: str | None = None) -> bool:
    """The revoked laptop's role may no longer log in (its records stay); False when this
    fingerprint has no role on the server."""
    from psycopg import sql

    printed = normalise_fingerprint(fingerprint)
    conn = connect_ready(url, password=password)
    try:
        if not is_admin(conn):
            raise RefusedAction(code="server_admin_only", server=display_name(url),
                                admin=_admin(conn))  # fmt: skip
        row = conn.execute("SELECT role FROM laptops WHERE fingerprint = %s", [printed]).fetchone()
        if row is None:
            return False
        conn.execute(sql.SQL("ALTER ROLE {} NOLOGIN").format(sql.Identifier(row[0])))
        return True
    finally:
        conn.close()


def _create_role(conn: Any, role: str, secret: str, group: str) -> None:
    from psycopg import sql

    exists = conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [role]).fetchone()
    verb = "ALTER" if exists else "CREATE"
    conn.execute(
        sql.SQL(verb + " ROLE {} LOGIN PASSWORD {}").format(
            sql.Identifier(role), sql.Literal(secret)
        )
    )
    conn.execute(sql.SQL("GRANT {} TO {}").format(sql.Identifier(group), sql.Identifier(role)))


def _admin(conn: Any) -> str:
    row = conn.execute("SELECT value FROM meta WHERE key = 'admin'").fetchone()
    return str(row[0]) if row else ""
