"""The parameterised write statements, generated from the graph schema.

Every write is an `UNWIND $rows` batch: nodes by CREATE under the uniqueness constraint on
`id`, relationships by looking both ends up. CREATE rather than MERGE because a patient's
old subgraph is deleted in the same transaction first, so an id is never written twice.

A node statement returns the element ids of the nodes it created, and a relationship end
created in the same transaction is then found by element id (NodeByElementIdSeek) rather than
by a seek in the `id` uniqueness index. bench/bench_stores.py, 28,578 reports (125,201 nodes,
350,497 relationships), 2 writers: a load on a warm server took 14-15 server CPU s instead of
17-19 (12.5-13.0 s instead of 13.5-15.6); the first load on a fresh server is dominated by JIT
warm-up (31-36 CPU s either way). Other ends (the shared ExtractionRun, a node written earlier)
are still looked up by id. An element id is used only in the transaction that read it.

The batch statements start with `CYPHER replan=skip`: during a bulk load the graph grows so fast
that Neo4j otherwise finds each cached plan stale every few seconds and plans it again (about a
tenth of the server's CPU in a profile of a 100,000-report load); these plans are index seeks and
creates whatever the counts, so replanning cannot improve them.
"""

from __future__ import annotations

from graphbuilder.core.graph_schema import GRAPH_SCHEMA, GraphSchema, NodeType
from graphbuilder.core.patient_graph import RelationshipKey

BULK = "CYPHER replan=skip "
NODE_IDS = "ids"  # the columns of what create_nodes returns
ELEMENT_IDS = "element_ids"


def create_nodes(node: NodeType) -> str:
    """One record: the new nodes' ids and element ids, in the same order (one list each: a
    record per node took the client longer than the seeks saved the server)."""
    return (
        f"{BULK}UNWIND $rows AS row CREATE (n:{node.label}) SET n = row "
        f"RETURN collect(row.id) AS {NODE_IDS}, collect(elementId(n)) AS {ELEMENT_IDS}"
    )


def create_relationships(
    key: RelationshipKey,
    schema: GraphSchema = GRAPH_SCHEMA,
    *,
    by_element_id: tuple[bool, bool] = (False, False),
) -> str:
    """`by_element_id`: whether `row.from`, `row.to` hold the source's, target's element id
    rather than its `id`."""
    rel_type, source, target = key
    names = schema.relationship(rel_type).property_names()
    properties = ", ".join(f"{name}: row.{name}" for name in names)
    return (
        f"{BULK}UNWIND $rows AS row {_match_end('a', source, 'from', by_element_id[0])} "
        f"{_match_end('b', target, 'to', by_element_id[1])} "
        f"CREATE (a)-[:{rel_type}{' {' + properties + '}' if properties else ''}]->(b)"
    )


def _match_end(variable: str, label: str, column: str, by_element_id: bool) -> str:
    if by_element_id:  # the label is still checked, by a filter after the seek
        return f"MATCH ({variable}:{label}) WHERE elementId({variable}) = row.{column}"
    return f"MATCH ({variable}:{label} {{id: row.{column}}})"


def delete_patients(node: NodeType) -> str:
    return f"UNWIND $ids AS pid MATCH (n:{node.label} {{patient_id: pid}}) DETACH DELETE n"


def merge_runs() -> str:
    return "UNWIND $rows AS row MERGE (r:ExtractionRun {id: row.id}) ON CREATE SET r = row"


PATIENT_HASHES = (
    "MATCH (p:Patient) RETURN p.patient_id AS patient_id, p.content_hash AS content_hash"
)
