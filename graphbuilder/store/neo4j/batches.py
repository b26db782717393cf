"""Cutting graph frames into transactions of whole patients, about `batch_size` rows each.

A transaction always holds every row of the patients it writes (nodes and relationships), so a
load stopped at any point leaves each patient either fully written or absent: the next run
sees the absent ones by their missing content hash and writes them again.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import polars as pl

from graphbuilder.core.patient_graph import RelationshipKey
from graphbuilder.store.frames import GraphFrames

PATIENT = "__patient"
CHUNK = "__chunk"
Rows = list[dict[str, Any]]


@dataclass
class Chunk:
    """The rows of one transaction: some patients' nodes and relationships."""

    patient_ids: list[str]
    nodes: dict[str, Rows] = field(default_factory=dict)
    relationships: dict[RelationshipKey, Rows] = field(default_factory=dict)

    def row_count(self) -> int:
        return sum(map(len, self.nodes.values())) + sum(map(len, self.relationships.values()))


def _node_patients(frames: GraphFrames) -> pl.DataFrame:
    """id → patient_id of every node in the frames that has a patient."""
    parts = [
        frame.select(pl.col("id"), pl.col("patient_id").alias(PATIENT))
        for frame in frames.nodes.values()
        if "patient_id" in frame.columns and frame.height
    ]
    if not parts:
        return pl.DataFrame(schema={"id": pl.Utf8(), PATIENT: pl.Utf8()})
    return pl.concat(parts)


def _with_patient(frames: GraphFrames) -> tuple[dict[str, pl.DataFrame], dict[Any, pl.DataFrame]]:
    """Each frame with the patient its rows belong to (a relationship: its source's, else its
    target's; null when neither end is in the frames)."""
    owners = _node_patients(frames)
    nodes = {
        label: frame.with_columns(pl.col("patient_id").alias(PATIENT))
        if "patient_id" in frame.columns
        else frame.with_columns(pl.lit(None, pl.Utf8()).alias(PATIENT))
        for label, frame in frames.nodes.items()
        if frame.height
    }
    by_source = owners.rename({"id": "from"})
    by_target = owners.rename({"id": "to", PATIENT: "__target_patient"})
    relationships = {
        key: frame.join(by_source, on="from", how="left")
        .join(by_target, on="to", how="left")
        .with_columns(pl.coalesce(PATIENT, "__target_patient").alias(PATIENT))
        .drop("__target_patient")
        for key, frame in frames.relationships.items()
        if frame.height
    }
    return nodes, relationships


def _chunk_of_patient(frames: list[pl.DataFrame], batch_size: int) -> pl.DataFrame:
    """patient → chunk number: patients in id order, a new chunk every ~batch_size rows."""
    counts = (
        pl.concat([frame.select(PATIENT) for frame in frames])
        .drop_nulls()
        .group_by(PATIENT)
        .len()
        .sort(PATIENT)
    )
    before = counts["len"].cum_sum() - counts["len"]
    return counts.select(PATIENT, (before // batch_size).cast(pl.Int64).alias(CHUNK))


def patient_chunks(frames: GraphFrames, batch_size: int) -> Iterator[Chunk]:
    """Transactions of whole patients; rows owned by no patient come last, on their own."""
    nodes, relationships = _with_patient(frames)
    all_frames = [*nodes.values(), *relationships.values()]
    if not all_frames:
        return
    chunk_of = _chunk_of_patient(all_frames, batch_size)
    parts_by_label = {label: _split(frame, chunk_of) for label, frame in nodes.items()}
    parts_by_key = {key: _split(frame, chunk_of) for key, frame in relationships.items()}
    patients_by_chunk = chunk_of.partition_by(CHUNK, as_dict=True, include_key=False)
    chunk_ids = sorted(key[0] for key in patients_by_chunk)
    for chunk_id in [*chunk_ids, None]:
        patients = patients_by_chunk.get((chunk_id,))
        chunk = Chunk(patient_ids=patients[PATIENT].to_list() if patients is not None else [])
        for label, parts in parts_by_label.items():
            if (part := parts.get(chunk_id)) is not None:
                chunk.nodes[label] = _to_rows(part)
        for key, parts in parts_by_key.items():
            if (part := parts.get(chunk_id)) is not None:
                chunk.relationships[key] = _to_rows(part)
        if chunk.row_count():
            yield chunk


def _to_rows(frame: pl.DataFrame) -> Rows:
    """Row maps without their nulls: Neo4j stores no null property, and every key sent costs
    packing on the client and a property update on the server (about a quarter of its CPU)."""
    return [{k: v for k, v in row.items() if v is not None} for row in frame.to_dicts()]


def _split(frame: pl.DataFrame, chunk_of: pl.DataFrame) -> dict[int | None, pl.DataFrame]:
    joined = frame.join(chunk_of, on=PATIENT, how="left").drop(PATIENT)
    parts = joined.partition_by(CHUNK, as_dict=True, include_key=False)
    return {key[0]: part for key, part in parts.items()}
