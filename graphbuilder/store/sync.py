"""Bringing a store in line with freshly assembled patient graphs, patient by patient.

A patient whose subgraph hash is unchanged is not touched; a changed patient's subgraph is
replaced whole; a patient no longer in the input is removed. So rebuilding the same input
writes nothing, and adding reports rewrites only their patients.
"""

from __future__ import annotations

import time
from collections.abc import Sequence

from graphbuilder.core.patient_graph import PatientGraph, Row
from graphbuilder.store.base import GraphStore, LoadStats
from graphbuilder.store.frames import frames_from_graphs


def stamp_content_hashes(graphs: Sequence[PatientGraph]) -> None:
    """Record each graph's content hash on its Patient node (the store compares them)."""
    for graph in graphs:
        patient = next(iter(graph.nodes["Patient"].values()))
        patient["content_hash"] = graph.content_hash()


def sync_patients(
    store: GraphStore,
    graphs: Sequence[PatientGraph],
    runs: list[Row],
    *,
    remove_absent: bool = True,
) -> LoadStats:
    """Write what changed; returns what was written."""
    started = time.perf_counter()
    stamp_content_hashes(graphs)
    store.ensure_schema()
    stored = store.patient_hashes()
    changed = [
        g
        for g in graphs
        if stored.get(g.patient_id) != g.nodes["Patient"][g.patient_id]["content_hash"]
    ]
    present = {g.patient_id for g in graphs}
    removed = sorted(set(stored) - present) if remove_absent else []
    store.delete_patients(sorted({g.patient_id for g in changed} & set(stored)) + removed)
    store.upsert_runs(runs)
    frames = frames_from_graphs(changed)
    store.insert(frames)
    return LoadStats(
        patients_written=len(changed),
        patients_unchanged=len(graphs) - len(changed),
        patients_removed=len(removed),
        nodes_written=frames.node_count(),
        relationships_written=frames.relationship_count(),
        seconds=time.perf_counter() - started,
    )
