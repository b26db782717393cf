"""A local Neo4j Community server for development and tests (see local_neo4j.py)."""
