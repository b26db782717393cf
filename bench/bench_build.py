"""Benchmark of the non-LLM build path on one core: ingest a synthetic corpus of at least
100,000 reports, run the build's processes on it and bulk-load their graph into the embedded
store, then rebuild it unchanged.

    .venv/bin/python bench/bench_build.py [--patients 7000] [--seed 1] [--keep DIR]

Targets (issue 2): ingestion above 20,000 reports/s, bulk load above 200,000 nodes/s. The
graph is the one `graphbuilder build` writes, lineage and derived facts included, loaded as the
build loads it (chunks of patients); the extractions are the generator's gold, replayed by the
precomputed backend, so the figures measure graphbuilder and not an extractor.
"""

from __future__ import annotations

import os

os.environ.setdefault("POLARS_MAX_THREADS", "1")  # one core, before polars is imported

import argparse
import resource
import shutil
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import polars as pl

from graphbuilder.core.memory import (
    collections_between_batches,
    fewer_cycle_collections,
    freeze_built,
)
from graphbuilder.core.patient_graph import Row
from graphbuilder.ingest import IngestOptions, ingest
from graphbuilder.pipeline.incremental import ProcessBuild, patient_sources
from graphbuilder.pipeline.processes.registry import extraction_source, process_dag
from graphbuilder.store.embedded import EmbeddedStore
from graphbuilder.store.frames import GraphFrames
from graphbuilder.synth import SynthConfig, generate

T = TypeVar("T")


@dataclass(frozen=True)
class Took:
    """Wall and CPU seconds of one step (LadybugDB runs on one thread here, so the process's CPU
    time is the step's work; on a shared machine the wall time also counts waiting for a core)."""

    wall: float = 0.0
    cpu: float = 0.0

    def rate(self, count: int) -> str:
        return f"{count / self.wall:>12,.0f} /s wall, {count / self.cpu:>10,.0f} /s CPU"

    def __add__(self, other: Took) -> Took:
        return Took(self.wall + other.wall, self.cpu + other.cpu)

    def __sub__(self, other: Took) -> Took:
        return Took(self.wall - other.wall, self.cpu - other.cpu)


def show(label: str, took: Took) -> None:
    print(f"  {label:<46} {took.wall:8.2f} s wall {took.cpu:8.2f} s CPU")


def timed(label: str, action: Callable[[], T], quiet: bool = False) -> tuple[T, Took]:
    started, cpu_started = time.perf_counter(), time.process_time()
    result = action()
    took = Took(time.perf_counter() - started, time.process_time() - cpu_started)
    if not quiet:
        show(label, took)
    return result, took


@dataclass
class TimedStore:
    """The embedded store, timing the build's loads: its COPYs, chunk by chunk, and the
    checkpoint when it closes. The node tables are kept to load them again on their own."""

    store: EmbeddedStore
    load: Took = field(default_factory=Took)
    node_tables: list[dict[str, pl.DataFrame]] = field(default_factory=list)
    relationships: int = 0

    def ensure_schema(self) -> None:
        self.store.ensure_schema()

    def patient_hashes(self) -> dict[str, str]:
        return self.store.patient_hashes()

    def delete_patients(self, patient_ids: list[str]) -> None:
        self.store.delete_patients(patient_ids)

    def upsert_runs(self, runs: list[Row]) -> None:
        self.store.upsert_runs(runs)

    def query(self, cypher: str, parameters: dict[str, Any] | None = None) -> pl.DataFrame:
        return self.store.query(cypher, parameters)

    def insert(self, frames: GraphFrames) -> None:
        _, took = timed("", lambda: self.store.insert(frames), quiet=True)
        self.load += took
        self.node_tables.append(frames.nodes)
        self.relationships += frames.relationship_count()

    def close(self) -> None:
        _, took = timed("", self.store.close, quiet=True)
        self.load += took


def copy_nodes(node_tables: list[dict[str, pl.DataFrame]], folder: Path, ids_only: bool) -> None:
    """The build's node tables loaded again into a new store, chunk by chunk, then checkpointed;
    with `ids_only`, every column but the primary key null: what LadybugDB costs per node
    whatever the data (its string-key hash index, the checkpoint)."""

    def kept(frame: pl.DataFrame) -> pl.DataFrame:
        return frame.select(
            pl.col(name) if name == "id" or not ids_only else pl.lit(None, dtype).alias(name)
            for name, dtype in frame.schema.items()
        )

    with EmbeddedStore(folder, max_threads=1) as store:
        store.ensure_schema()
        for tables in node_tables:
            store.insert(GraphFrames(nodes={label: kept(f) for label, f in tables.items()}))


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--patients", type=int, default=7000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", type=Path, help="keep the corpus and graph in this folder")
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="bench-build-"))
    try:
        with fewer_cycle_collections():  # the generator; the pass runs as the build runs it
            run(work, args.patients, args.seed)
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)


def build_into(out: Path, gold: Path, patients: list[Any]) -> tuple[TimedStore, int, Took]:
    """The build's processes and loads (as `pipeline.build` runs them), the loads timed."""
    source = extraction_source("precomputed", gold)
    dag = process_dag("precomputed")
    store = TimedStore(EmbeddedStore(out, max_threads=1))
    try:
        with collections_between_batches():  # as `pipeline.build` runs the pass
            freeze_built()
            result, took = timed(
                "", lambda: ProcessBuild(dag, source, out).run(patients, store), quiet=True
            )
    finally:
        store.close()
    return store, result.patients_written, took


def run(work: Path, patients: int, seed: int) -> None:
    corpus_dir, out = work / "corpus", work / "graph"
    print(f"graphbuilder build benchmark — {patients} synthetic patients, one core")
    generate(SynthConfig(patients=patients, seed=seed, contradiction_rate=0.0), corpus_dir)
    ingested, ingest_s = timed(
        "ingest corpus.jsonl", lambda: ingest(corpus_dir / "corpus.jsonl", IngestOptions())
    )
    corpus = ingested.corpus
    sources = patient_sources(corpus, None)
    gold = corpus_dir / "gold.jsonl"
    built, written, build_s = build_into(out, gold, sources)
    processes_s = build_s - built.load
    show("processes (replay, assemble, derive, lineage)", processes_s)
    show("load: COPYs in the build's chunks, checkpoint", built.load)
    _, rewritten, rebuild_s = build_into(out, gold, sources)
    show("rebuild, nothing changed", rebuild_s)
    _, nodes_s = timed(
        "the same nodes alone, as loaded",
        lambda: copy_nodes(built.node_tables, work / "nodes-only", ids_only=False),
    )
    _, floor_s = timed(
        "the same nodes, ids only",
        lambda: copy_nodes(built.node_tables, work / "ids-only", ids_only=True),
    )
    nodes = sum(frame.height for tables in built.node_tables for frame in tables.values())
    relationships = built.relationships
    print()
    print(f"  reports                 {corpus.height:>12,}")
    print(f"  patients                {written:>12,}")
    print(f"  nodes / relationships   {nodes:>12,} / {relationships:,}")
    print(f"  ingestion               {ingest_s.rate(corpus.height)} reports")
    print(f"  processes               {processes_s.rate(written)} patients")
    print(f"  load nodes              {nodes_s.rate(nodes)} nodes (COPYs and checkpoint)")
    print(f"    floor: ids only       {floor_s.rate(nodes)} nodes (every other column null)")
    print(f"  whole load              {built.load.rate(nodes + relationships)} rows")
    print(f"    the same, per node    {built.load.rate(nodes)} nodes (relationships' time counted)")
    print(f"  no-change rebuild       {rebuild_s.wall:>12.2f} s, {rewritten} patients written")
    print(f"  peak RSS                {peak_rss_mib():>12,.0f} MiB")


if __name__ == "__main__":
    main()
