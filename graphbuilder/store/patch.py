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

import polars as pl

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

    A node gone from the new graph is deleted with its relationships (DETACH); a node whose
    properties changed is updated in place (`updates`), so its relationships stay where they
    are: rewriting a lesion's measurement edges because its last sighting moved would cost the
    store far more than the sighting itself. A relationship gone or changed is deleted (a
    changed one is then written again with the new ones). Patient rows are written with an
    empty `content_hash`, and `content_hashes` are set last: until then the store's hash
    matches nothing the build remembers, so a build interrupted half-way replaces these
    patients whole next time."""

    content_hashes: dict[str, str] = field(default_factory=dict)  # patient id → new hash
    delete_nodes: dict[str, list[str]] = field(default_factory=dict)  # label → ids
    delete_relationships: dict[RelationshipKey, list[tuple[str, str]]] = field(default_factory=dict)
    updates: dict[str, pl.DataFrame] = field(default_factory=dict)  # label → changed rows
    frames: GraphFrames = field(default_factory=GraphFrames)  # new nodes, new relationships

    def nodes_written(self) -> int:
        return self.frames.node_count() + sum(frame.height for frame in self.updates.values())


def graph_patch(
    changes: Sequence[tuple[PatientGraph, RowDigests, RowDigests]],
    schema: GraphSchema = GRAPH_SCHEMA,
) -> GraphPatch:
    """The patch for these (new graph, stored digests, new digests) triples."""
    delete_nodes: defaultdict[str, list[str]] = defaultdict(list)
    delete_edges: defaultdict[RelationshipKey, list[tuple[str, str]]] = defaultdict(list)
    new_rows: defaultdict[str, list[Row]] = defaultdict(list)
    changed_rows: defaultdict[str, list[Row]] = defaultdict(list)
    edge_rows: defaultdict[RelationshipKey, list[Row]] = defaultdict(list)
    hashes: dict[str, str] = {}
    for graph, before, after in changes:
        hashes[graph.patient_id] = graph.nodes["Patient"][graph.patient_id]["content_hash"]
        deleted = _node_changes(graph, before, after, delete_nodes, new_rows, changed_rows)
        _edge_changes(graph, before, after, deleted, delete_edges, edge_rows)
    return GraphPatch(
        content_hashes=hashes,
        delete_nodes=dict(delete_nodes),
        delete_relationships=dict(delete_edges),
        updates={label: node_frame(label, rows, schema) for label, rows in changed_rows.items()},
        frames=GraphFrames(
            nodes={label: node_frame(label, rows, schema) for label, rows in new_rows.items()},
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
    new: defaultdict[str, list[Row]],
    changed: defaultdict[str, list[Row]],
) -> set[tuple[str, str]]:
    """Record the nodes to delete, to write and to update; returns the (label, id) of the
    deleted ones."""
    deleted: set[tuple[str, str]] = set()
    for key in before:
        if is_node_key(key) and key not in after:
            delete[key[0]].append(key[1])
            deleted.add((key[0], key[1]))
    for key, digest in after.items():
        if not is_node_key(key):
            continue
        old = before.get(key)
        if old == digest:
            continue
        row = graph.nodes[key[0]][key[1]]
        if "content_hash" in row:
            row = {**row, "content_hash": ""}
        (new if old is None else changed)[key[0]].append(row)
    return deleted


def _edge_changes(
    graph: PatientGraph,
    before: RowDigests,
    after: RowDigests,
    deleted_nodes: set[tuple[str, str]],
    delete: defaultdict[RelationshipKey, list[tuple[str, str]]],
    write: defaultdict[RelationshipKey, list[Row]],
) -> None:
    """Record the relationships to delete (gone or changed ones that a node deletion does not
    take) and to write (new or changed ones)."""
    for key, old in before.items():
        if is_node_key(key) or after.get(key) == old:
            continue
        start, end = key[3], key[4]
        if (key[1], start) not in deleted_nodes and (key[2], end) not in deleted_nodes:
            delete[(key[0], key[1], key[2])].append((start, end))
    for key, digest in after.items():
        if is_node_key(key) or before.get(key) == digest:
            continue
        rel_key = (key[0], key[1], key[2])
        start, end = key[3], key[4]
        properties = graph.relationships[rel_key][(start, end)]
        write[rel_key].append({"from": start, "to": end, **properties})
