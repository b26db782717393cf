"""The Neo4j store: the long-term home of the patient graph, through the official driver."""

from graphbuilder.store.neo4j.connection import Neo4jCredentials, Neo4jTarget
from graphbuilder.store.neo4j.store import DEFAULT_BATCH_SIZE, Neo4jStore

__all__ = ["DEFAULT_BATCH_SIZE", "Neo4jCredentials", "Neo4jStore", "Neo4jTarget"]
