"""Fixtures shared by the whole suite."""

from tests.support.neo4j_fixture import neo4j_server  # noqa: F401  (session-scoped real Neo4j)
from tests.support.tiny_llm_fixtures import tiny_model_dir  # noqa: F401  (tiny random Llama)
