"""The store interface both graph stores implement, and what a load reports."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

import polars as pl

from graphbuilder.core.patient_graph import Row, RowDigests
from graphbuilder.store.frames import GraphFrames


@dataclass(frozen=True)
class LoadStats:
    """What one load wrote: patients replaced or removed, nodes and relationships written."""

    patients_written: int
    patients_unchanged: int
    patients_removed: int
    nodes_written: int
    relationships_written: int
    seconds: float
    # patient id → the row digests of the graph now in the store (the next load's `previous`)
    digests: dict[str, RowDigests] = field(default_factory=dict, repr=False)


class GraphStore(Protocol):
    """A patient graph store. Writes are per patient: a patient's subgraph is replaced whole."""

    def ensure_schema(self) -> None:
        """Create the tables, constraints and indexes the graph schema declares, if absent."""
        ...

    def patient_hashes(self) -> dict[str, str]:
        """patient_id → content hash of every patient in the store."""
        ...

    def delete_patients(self, patient_ids: list[str]) -> None:
        """Remove the subgraphs of these patients (nodes with that patient_id, and their edges)."""
        ...

    def insert(self, frames: GraphFrames) -> None:
        """Insert new nodes and relationships (their ids are not in the store yet)."""
        ...

    def upsert_runs(self, runs: list[Row]) -> None:
        """Add ExtractionRun nodes whose ids are not in the store yet; keep existing ones."""
        ...

    def query(self, cypher: str, parameters: dict[str, Any] | None = None) -> pl.DataFrame:
        """Run a read query and return its rows."""
        ...

    def close(self) -> None: ...
