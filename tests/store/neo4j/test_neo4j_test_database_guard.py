"""The Neo4j tests empty their database: a server named by NEO4J_URI that holds data is
refused unless it is declared a test database (NEO4J_TESTS_MAY_EMPTY=1)."""

from __future__ import annotations

import dataclasses

import pytest

from tests.store.neo4j.graphs import wipe
from tests.support.neo4j_fixture import Neo4jServer, server_from_environment

pytestmark = pytest.mark.neo4j


def _count(server: Neo4jServer) -> int:
    with server.driver() as driver:
        records, _, _ = driver.execute_query(
            "MATCH (n) RETURN count(n) AS n", database_=server.database
        )
    return int(records[0]["n"])


def test_a_database_that_holds_data_is_not_emptied_unless_declared_a_test_one(
    empty_neo4j: Neo4jServer,
) -> None:
    with empty_neo4j.driver() as driver:
        driver.execute_query(
            "CREATE (:Kept {note: 'a hospital graph'})", database_=empty_neo4j.database
        )
    undeclared = dataclasses.replace(empty_neo4j, local=False, may_empty=False)
    with pytest.raises(pytest.fail.Exception, match=r"holds 1 nodes.*NEO4J_TESTS_MAY_EMPTY=1"):
        wipe(undeclared)
    assert _count(empty_neo4j) == 1
    wipe(dataclasses.replace(undeclared, may_empty=True))
    assert _count(empty_neo4j) == 0
    wipe(undeclared)  # an empty database has nothing to lose


def test_the_environment_declares_a_test_database(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEO4J_URI", "bolt://neo4j.example:7687")
    monkeypatch.setenv("NEO4J_PASSWORD", "secret")
    monkeypatch.delenv("NEO4J_TESTS_MAY_EMPTY", raising=False)
    server = server_from_environment()
    assert server is not None and not server.may_empty
    monkeypatch.setenv("NEO4J_TESTS_MAY_EMPTY", "1")
    server = server_from_environment()
    assert server is not None and server.may_empty
