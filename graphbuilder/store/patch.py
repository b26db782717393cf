"""Row-level changes between what the store holds for a patient and the patient's new graph.

A follow-up report changes a few rows of its patient's subgraph (its own report, measurements
and timepoints, a lesion's last sighting, a line's best response) and leaves the hundreds of
others as they were. The build remembers the row digests it wrote for each patient (see
`PatientGraph.row_digests`); comparing them with the new graph's gives the rows to delete and
the rows to write, so a store that can apply a patch rewrites those rows only.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from graphbuilder.core.graph_schema import GRAPH_SCHEMA, GraphSchema
from graphbuilder.core.patient_graph import (
    PatientGraph,
    RelationshipKey,
    Row,
    RowDigests,
    is_node_key,
)
from graphbuilder.store.frames import GraphFrames, node_frame, relationship_frame


@dataclass
class GraphPatch:
    """Turns the stored subgraphs of some patients into their new ones.

    Nodes to delete go with their relationships (DETACH); a changed node is deleted and
    written again, with every relationship it has. Patient rows are written with an empty
    `content_hash`, and `content_hashes` are set last: until then the store's hash matches
    nothing the build remembers, so a build interrupted half-way replaces these patients whole
    next time."""

    content_hashes: dict[str, str] = field(default_factory=dict)  # patient id → new hash
    delete_nodes: dict[str, list[str]] = field(default_factory=dict)  # label → ids
    delete_relationships: dict[RelationshipKey, list[tuple[str, str]]] = field(default_factory=dict)
    frames: GraphFrames = field(default_factory=GraphFrames)


def graph_patch(
    changes: Sequence[tuple[PatientGraph, RowDigests, RowDigests]],
    schema: GraphSchema = GRAPH_SCHEMA,
) -> GraphPatch:
    """The patch for these (new graph, stored digests, new digests) triples."""
    delete_nodes: defaultdict[str, list[str]] = defaultdict(list)
    delete_edges: defaultdict[RelationshipKey, list[tuple[str, str]]] = defaultdict(list)
    node_rows: defaultdict[str, list[Row]] = defaultdict(list)
    edge_rows: defaultdict[RelationshipKey, list[Row]] = defaultdict(list)
    hashes: dict[str, str] = {}
    for graph, before, after in changes:
        hashes[graph.patient_id] = graph.nodes["Patient"][graph.patient_id]["content_hash"]
        rewritten = _node_changes(graph, before, after, delete_nodes, node_rows)
        _edge_changes(graph, before, after, rewritten, delete_edges, edge_rows)
    return GraphPatch(
        content_hashes=hashes,
        delete_nodes=dict(delete_nodes),
        delete_relationships=dict(delete_edges),
        frames=GraphFrames(
            nodes={label: node_frame(label, rows, schema) for label, rows in node_rows.items()},
            relationships={
                key: relationship_frame(key[0], rows, schema) for key, rows in edge_rows.items()
            },
        ),
    )


def _node_changes(
    graph: PatientGraph,
    before: RowDigests,
    after: RowDigests,
    delete: defaultdict[str, list[str]],
    write: defaultdict[str, list[Row]],
) -> set[tuple[str, str]]:
    """Record the nodes to delete and to write; returns the (label, id) of deleted ones."""
    deleted: set[tuple[str, str]] = set()
    for key, old in before.items():
        if is_node_key(key) and after.get(key) != old:  # gone, or changed
            delete[key[0]].append(key[1])
            deleted.add((key[0], key[1]))
    for key, new in after.items():
        if is_node_key(key) and before.get(key) != new:
            row = graph.nodes[key[0]][key[1]]
            if "content_hash" in row:
                row = {**row, "content_hash": ""}
            write[key[0]].append(row)
    return deleted


def _edge_changes(
    graph: PatientGraph,
    before: RowDigests,
    after: RowDigests,
    deleted_nodes: set[tuple[str, str]],
    delete: defaultdict[RelationshipKey, list[tuple[str, str]]],
    write: defaultdict[RelationshipKey, list[Row]],
) -> None:
    """Record the relationships to delete (those a node deletion does not take) and to write
    (new or changed ones, and every one of a node written again)."""
    for key, old in before.items():
        if is_node_key(key) or after.get(key) == old:
            continue
        start, end = key[3], key[4]
        if (key[1], start) not in deleted_nodes and (key[2], end) not in deleted_nodes:
            delete[(key[0], key[1], key[2])].append((start, end))
    for key, new in after.items():
        if is_node_key(key):
            continue
        start, end = key[3], key[4]
        rewritten = (key[1], start) in deleted_nodes or (key[2], end) in deleted_nodes
        if rewritten or before.get(key) != new:
            rel_key = (key[0], key[1], key[2])
            properties = graph.relationships[rel_key][(start, end)]
            write[rel_key].append({"from": start, "to": end, **properties})
