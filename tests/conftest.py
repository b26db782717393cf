"""Fixtures shared by the whole suite."""

from tests.support.neo4j_fixture import neo4j_server  # noqa: F401  (session-scoped real Neo4j)
