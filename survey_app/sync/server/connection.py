"""Connecting to the server: a libpq URI (password from the URI, PGPASSWORD, ~/.pgpass or the
caller's prompt; TLS as libpq's sslmode says), its name without the password for messages, and
psycopg's errors turned into one line a person can act on."""

from __future__ import annotations

from typing import Any

from survey_app.core.errors import RefusedAction, SurveyAppError, UnreadableFile
from survey_app.sync.server.schema import SCHEMA_VERSION, applied_version

CONNECT_TIMEOUT_S = 10


def display_name(url: str) -> str:
    """The URI as a person may see it: user, host, port and database, never the password."""
    from psycopg.conninfo import conninfo_to_dict

    try:
        parts = conninfo_to_dict(url)
    except Exception:
        return url.split("@")[-1]
    user = f"{parts['user']}@" if parts.get("user") else ""
    port = f":{parts['port']}" if parts.get("port") else ""
    return f"postgresql://{user}{parts.get('host', '')}{port}/{parts.get('dbname', '')}"


def split_password(url: str) -> tuple[str, str | None]:
    """A URI and the password written in it (`postgresql://user:secret@host/db`): the URI to
    remember without it, and the password to hold in memory only (None: it has none)."""
    from urllib.parse import unquote, urlsplit, urlunsplit

    parts = urlsplit(url)
    if parts.password is None:
        return url, None
    user = parts.netloc.rsplit("@", 1)[0].split(":", 1)[0]
    host = parts.netloc.rsplit("@", 1)[1]
    return urlunsplit(parts._replace(netloc=f"{user}@{host}")), unquote(parts.password)


def connect(url: str, *, password: str | None = None) -> Any:
    """An autocommit connection (transactions are explicit, `with conn.transaction()`)."""
    import psycopg

    extra: dict[str, Any] = {"connect_timeout": CONNECT_TIMEOUT_S}
    if password is not None:
        extra["password"] = password
    try:
        conn = psycopg.connect(url, autocommit=True, **extra)
    except psycopg.OperationalError as error:
        text = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        if "no password supplied" in text:
            raise UnreadableFile(code="server_password_needed", server=display_name(url)) from error
        if "password authentication failed" in text:
            raise UnreadableFile(code="server_login_refused", server=display_name(url)) from error
        raise UnreadableFile(
            code="server_unreachable", server=display_name(url), error=text
        ) from error
    except psycopg.ProgrammingError as error:
        raise UnreadableFile(code="server_unreachable", server=display_name(url),
                             error=str(error)) from error  # fmt: skip
    return conn


def connect_ready(url: str, *, password: str | None = None) -> Any:
    """A connection to a server `server init` prepared at this app's schema version."""
    conn = connect(url, password=password)
    version = applied_version(conn)
    if version < SCHEMA_VERSION:
        conn.close()
        raise RefusedAction(code="server_not_initialised", server=display_name(url),
                            version=version, wanted=SCHEMA_VERSION)  # fmt: skip
    if version > SCHEMA_VERSION:
        conn.close()
        raise RefusedAction(code="server_newer", server=display_name(url), version=version)
    return conn


def server_error(url: str, error: BaseException) -> SurveyAppError:
    """A failure during a sync or a read, for a person (the transaction was rolled back)."""
    import psycopg

    if isinstance(error, psycopg.errors.InsufficientPrivilege):
        return RefusedAction(code="server_forbids", server=display_name(url),
                             error=_first_line(error))  # fmt: skip
    return UnreadableFile(code="server_failed", server=display_name(url),
                          error=_first_line(error))  # fmt: skip


def _first_line(error: BaseException) -> str:
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__


def is_admin(conn: Any) -> bool:
    """Whether this connection is the admin's (the role that ran `server init`)."""
    row = conn.execute(
        "SELECT current_user = (SELECT value FROM meta WHERE key = 'admin')"
    ).fetchone()
    return bool(row and row[0])
