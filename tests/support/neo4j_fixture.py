"""The `neo4j_server` pytest fixture: one real Neo4j for the whole test session.

If NEO4J_URI is set, the tests use that server (NEO4J_USER, default neo4j; NEO4J_PASSWORD;
optional NEO4J_DATABASE), so the same tests run against a hospital's Neo4j. The tests empty its
database: they refuse one that holds data unless NEO4J_TESTS_MAY_EMPTY=1 says it is a test
database. Otherwise the session starts a local Neo4j Community (tools/neo4j/local_neo4j.py) and
stops it at the end.

Register it in tests/conftest.py with:
    from tests.support.neo4j_fixture import neo4j_server  # noqa: F401
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import neo4j
import pytest

from tools.neo4j.local_neo4j import MAY_EMPTY, LocalNeo4j, LocalNeo4jError


@dataclass(frozen=True)
class Neo4jServer:
    """Where the tests' Neo4j is and how to log in."""

    uri: str
    user: str
    password: str = field(repr=False)
    database: str | None = None  # None: the server's default database
    local: bool = False  # True when this test session started it (Neo4j 5.26 Community)
    may_empty: bool = False  # the tests may delete what the database holds

    def describe(self) -> str:
        return f"{self.uri} (database {self.database or 'default'})"

    @property
    def auth(self) -> tuple[str, str]:
        return (self.user, self.password)

    def driver(self, **config: Any) -> neo4j.Driver:
        """A new driver for this server; close it (use `with`)."""
        return neo4j.GraphDatabase.driver(self.uri, auth=self.auth, **config)


def server_from_environment() -> Neo4jServer | None:
    """The server named by NEO4J_URI/NEO4J_USER/NEO4J_PASSWORD, or None when NEO4J_URI is unset."""
    uri = os.environ.get("NEO4J_URI")
    if not uri:
        return None
    password = os.environ.get("NEO4J_PASSWORD")
    if not password:
        raise LocalNeo4jError(
            f"NEO4J_URI is set ({uri}) but NEO4J_PASSWORD is not: set both (and NEO4J_USER if "
            "the user is not neo4j), or unset NEO4J_URI to let the tests start a local Neo4j."
        )
    return Neo4jServer(
        uri=uri,
        user=os.environ.get("NEO4J_USER") or "neo4j",
        password=password,
        database=os.environ.get("NEO4J_DATABASE") or None,
        may_empty=os.environ.get(MAY_EMPTY) == "1",
    )


@contextmanager
def running_neo4j() -> Iterator[Neo4jServer]:
    """The environment's server if there is one, else a local one for the `with` block."""
    external = server_from_environment()
    if external is not None:
        yield external
        return
    with LocalNeo4j() as local:
        yield Neo4jServer(
            uri=local.uri, user=local.user, password=local.password, local=True, may_empty=True
        )


@pytest.fixture(scope="session")
def neo4j_server() -> Iterator[Neo4jServer]:
    """One Neo4j for the test session (see the module docstring)."""
    try:
        with running_neo4j() as server:
            yield server
    except LocalNeo4jError as error:
        pytest.fail(f"No Neo4j for the tests: {error}", pytrace=False)
