"""A PostgreSQL server as the central store (issue 16): the same union of records as the
central file (sync/central.py), with the server itself keeping the log append-only and each
laptop to its own device and its own compounds (server/schema.py)."""

from __future__ import annotations

SCHEMES = ("postgresql://", "postgres://")


def is_server(central: object) -> bool:
    """Whether a `--central` value names a server (a libpq URI) rather than a file."""
    return str(central).startswith(SCHEMES)
