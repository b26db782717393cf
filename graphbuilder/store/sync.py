"""Bringing a store in line with freshly assembled patient graphs, patient by patient.

A patient whose subgraph hash is unchanged is not touched; a changed patient's subgraph is
replaced whole; a patient no longer in the input is removed. So rebuilding the same input
writes nothing, and adding reports rewrites only their patients.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import Protocol, runtime_checkable

from graphbuilder.core.patient_graph import PatientGraph, Row
from graphbuilder.store.base import GraphStore, LoadStats
from graphbuilder.store.frames import GraphFrames, frames_from_graphs


@runtime_checkable
class ReplacingStore(GraphStore, Protocol):
    """A store that deletes a patient's old subgraph and writes its new one atomically."""

    def replace_patients(self, patient_ids: list[str], frames: GraphFrames) -> None:
        """Delete these patients' subgraphs and insert the frames, each patient in one
        transaction (ids with no rows in the frames are only deleted)."""
        ...


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
    stale = sorted({g.patient_id for g in changed} & set(stored)) + removed
    store.upsert_runs(runs)
    frames = frames_from_graphs(changed)
    if isinstance(store, ReplacingStore):
        store.replace_patients(stale, frames)
    else:
        store.delete_patients(stale)
        store.insert(frames)
    return LoadStats(
        patients_written=len(changed),
        patients_unchanged=len(graphs) - len(changed),
        patients_removed=len(removed),
        nodes_written=frames.node_count(),
        relationships_written=frames.relationship_count(),
        seconds=time.perf_counter() - started,
    )
