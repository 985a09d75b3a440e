"""One throwaway PostgreSQL cluster for the server tests (pg_cluster.py), and a fresh database
in it per test."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass

import psycopg
import pytest
from pg_cluster import Cluster, running_cluster

from survey_app.sync.server.roles import init_server

_numbers = itertools.count()


@pytest.fixture(scope="session")
def cluster() -> Iterator[Cluster]:
    with running_cluster() as running:
        yield running


@dataclass(frozen=True)
class Server:
    cluster: Cluster
    database: str

    @property
    def url(self) -> str:
        return self.cluster.url(database=self.database)

    def admin(self) -> psycopg.Connection:
        return psycopg.connect(self.url, autocommit=True)


@pytest.fixture
def server(cluster: Cluster) -> Server:
    name = f"city{next(_numbers)}"
    with psycopg.connect(cluster.url(), autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    made = Server(cluster, name)
    init_server(made.url)
    return made
