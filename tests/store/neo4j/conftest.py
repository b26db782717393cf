"""Every test here talks to the session's real Neo4j, emptied before each test."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from graphbuilder.store.neo4j import Neo4jStore
from tests.store.neo4j.graphs import open_store, wipe
from tests.support.neo4j_fixture import Neo4jServer


@pytest.fixture
def empty_neo4j(neo4j_server: Neo4jServer) -> Neo4jServer:
    wipe(neo4j_server)
    return neo4j_server


@pytest.fixture
def neo4j_store(empty_neo4j: Neo4jServer) -> Iterator[Neo4jStore]:
    with open_store(empty_neo4j) as store:
        yield store
