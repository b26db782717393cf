"""Neo4j constraints and indexes generated from the graph schema.

One uniqueness constraint per label on `id` (it also gives the index every id lookup uses) and
one index per label on `patient_id` (a patient's subgraph is deleted by it). Property type and
existence constraints are Enterprise-only, so types are kept by the typed parameters the store
sends (see `statements.py`), not by the database.
"""

from __future__ import annotations

from graphbuilder.core.graph_schema import GRAPH_SCHEMA, GraphSchema, NodeType


def _snake(label: str) -> str:
    return "".join(f"_{c.lower()}" if c.isupper() else c for c in label).lstrip("_")


def id_constraint_name(node: NodeType) -> str:
    return f"{_snake(node.label)}_id_unique"


def patient_index_name(node: NodeType) -> str:
    return f"{_snake(node.label)}_patient_id"


def id_constraint(node: NodeType) -> str:
    return (
        f"CREATE CONSTRAINT {id_constraint_name(node)} IF NOT EXISTS "
        f"FOR (n:{node.label}) REQUIRE n.{node.key} IS UNIQUE"
    )


def patient_index(node: NodeType) -> str:
    return (
        f"CREATE INDEX {patient_index_name(node)} IF NOT EXISTS "
        f"FOR (n:{node.label}) ON (n.patient_id)"
    )


def schema_statements(schema: GraphSchema = GRAPH_SCHEMA) -> list[str]:
    """Every statement that creates the constraints and indexes (each is idempotent)."""
    statements = [id_constraint(node) for node in schema.nodes]
    statements += [
        patient_index(node) for node in schema.nodes if "patient_id" in node.property_names()
    ]
    return statements
