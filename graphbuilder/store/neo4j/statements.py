"""The parameterised write statements, generated from the graph schema.

Every write is an `UNWIND $rows` batch: nodes by CREATE under the uniqueness constraint on
`id`, relationships by looking both ends up by id. CREATE rather than MERGE because a patient's
old subgraph is deleted in the same transaction first, so an id is never written twice.

The batch statements start with `CYPHER replan=skip`: during a bulk load the graph grows so fast
that Neo4j otherwise finds each cached plan stale every few seconds and plans it again (about a
tenth of the server's CPU in a profile of a 100,000-report load); these plans are index seeks and
creates whatever the counts, so replanning cannot improve them.
"""

from __future__ import annotations

from graphbuilder.core.graph_schema import GRAPH_SCHEMA, GraphSchema, NodeType
from graphbuilder.core.patient_graph import RelationshipKey

BULK = "CYPHER replan=skip "


def create_nodes(node: NodeType) -> str:
    return f"{BULK}UNWIND $rows AS row CREATE (n:{node.label}) SET n = row"


def create_relationships(key: RelationshipKey, schema: GraphSchema = GRAPH_SCHEMA) -> str:
    rel_type, source, target = key
    names = schema.relationship(rel_type).property_names()
    properties = ", ".join(f"{name}: row.{name}" for name in names)
    return (
        f"{BULK}UNWIND $rows AS row MATCH (a:{source} {{id: row.from}}) "
        f"MATCH (b:{target} {{id: row.to}}) "
        f"CREATE (a)-[:{rel_type}{' {' + properties + '}' if properties else ''}]->(b)"
    )


def delete_patients(node: NodeType) -> str:
    return f"UNWIND $ids AS pid MATCH (n:{node.label} {{patient_id: pid}}) DETACH DELETE n"


def merge_runs() -> str:
    return "UNWIND $rows AS row MERGE (r:ExtractionRun {id: row.id}) ON CREATE SET r = row"


PATIENT_HASHES = (
    "MATCH (p:Patient) RETURN p.patient_id AS patient_id, p.content_hash AS content_hash"
)
