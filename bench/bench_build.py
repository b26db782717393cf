"""Benchmark of the non-LLM build path on one core: ingest, assemble and bulk-load a synthetic
corpus of at least 100,000 reports into the embedded store, then rebuild it unchanged.

    .venv/bin/python bench/bench_build.py [--patients 7000] [--seed 1] [--keep DIR]

Targets (issue 2): ingestion above 20,000 reports/s, bulk load above 200,000 nodes/s. The
extractions are the generator's gold, replayed by the precomputed backend, so the figures
measure graphbuilder and not an extractor.
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
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import polars as pl

from graphbuilder.assemble import assemble_patient
from graphbuilder.core.memory import fewer_cycle_collections
from graphbuilder.extract.backends.precomputed import PrecomputedBackend
from graphbuilder.extract.run import run_extraction
from graphbuilder.ingest import IngestOptions, ingest
from graphbuilder.pipeline.build import _patient_inputs, _report_inputs
from graphbuilder.store.embedded import EmbeddedStore
from graphbuilder.store.frames import GraphFrames, frames_from_graphs
from graphbuilder.store.sync import stamp_content_hashes, sync_patients
from graphbuilder.synth import SynthConfig, generate

T = TypeVar("T")


@dataclass(frozen=True)
class Took:
    """Wall and CPU seconds of one step (LadybugDB runs on one thread here, so the process's CPU
    time is the step's work; on a shared machine the wall time also counts waiting for a core)."""

    wall: float
    cpu: float

    def rate(self, count: int) -> str:
        return f"{count / self.wall:>12,.0f} /s wall, {count / self.cpu:>10,.0f} /s CPU"

    def __add__(self, other: Took) -> Took:
        return Took(self.wall + other.wall, self.cpu + other.cpu)


def timed(label: str, action: Callable[[], T]) -> tuple[T, Took]:
    started, cpu_started = time.perf_counter(), time.process_time()
    result = action()
    took = Took(time.perf_counter() - started, time.process_time() - cpu_started)
    print(f"  {label:<34} {took.wall:8.2f} s wall {took.cpu:8.2f} s CPU")
    return result, took


def copy_ids_only(frames: GraphFrames, work: Path) -> None:
    """The node COPY into a new store with every column but the primary key null: what
    LadybugDB costs per node whatever the data (its string-key hash index, the checkpoint)."""
    nulls = GraphFrames(
        nodes={
            label: frame.with_columns(
                pl.lit(None, frame.schema[name]).alias(name)
                for name in frame.columns
                if name != "id"
            )
            for label, frame in frames.nodes.items()
        }
    )
    with EmbeddedStore(work / "ids-only", max_threads=1) as store:
        store.ensure_schema()
        store.insert(nulls)


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
        with fewer_cycle_collections():  # as `graphbuilder build` runs
            run(work, args.patients, args.seed)
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)


def run(work: Path, patients: int, seed: int) -> None:
    corpus_dir, out = work / "corpus", work / "graph"
    print(f"graphbuilder build benchmark — {patients} synthetic patients, one core")
    generate(SynthConfig(patients=patients, seed=seed, contradiction_rate=0.0), corpus_dir)
    ingested, ingest_s = timed(
        "ingest corpus.jsonl", lambda: ingest(corpus_dir / "corpus.jsonl", IngestOptions())
    )
    corpus = ingested.corpus
    backend, _ = timed(
        "read gold extractions", lambda: PrecomputedBackend(corpus_dir / "gold.jsonl")
    )
    (extraction_run, outcomes), _ = timed(
        "replay extractions", lambda: run_extraction(backend, _report_inputs(corpus))
    )
    inputs = _patient_inputs(corpus, outcomes, extraction_run, None)
    graphs, assemble_s = timed("assemble patients", lambda: [assemble_patient(p) for p in inputs])
    _, hash_s = timed("hash patient subgraphs", lambda: stamp_content_hashes(graphs))
    frames, frames_s = timed("build load tables", lambda: frames_from_graphs(graphs))
    store = EmbeddedStore(out, max_threads=1)
    store.ensure_schema()
    store.upsert_runs([extraction_run.row()])
    node_frames = GraphFrames(nodes=frames.nodes)
    relationship_frames = GraphFrames(relationships=frames.relationships)
    _, node_copy_s = timed("COPY nodes into LadybugDB", lambda: store.insert(node_frames))
    _, rel_copy_s = timed("COPY relationships", lambda: store.insert(relationship_frames))
    stats, rebuild_s = timed(
        "rebuild, nothing changed", lambda: sync_patients(store, graphs, [extraction_run.row()])
    )
    store.close()
    _, floor_s = timed("COPY the same nodes, ids only", lambda: copy_ids_only(frames, work))
    nodes, relationships = frames.node_count(), frames.relationship_count()
    load_s = frames_s + node_copy_s + rel_copy_s
    print()
    print(f"  reports                 {corpus.height:>12,}")
    print(f"  patients                {len(graphs):>12,}")
    print(f"  nodes / relationships   {nodes:>12,} / {relationships:,}")
    print(f"  ingestion               {ingest_s.rate(corpus.height)} reports")
    print(f"  assembly                {assemble_s.rate(len(graphs))} patients")
    print(f"  COPY nodes              {node_copy_s.rate(nodes)} nodes")
    print(f"    floor: ids only       {floor_s.rate(nodes)} nodes (every other column null)")
    print(f"  COPY relationships      {rel_copy_s.rate(relationships)} relationships")
    print(f"  whole load, tables+COPY {load_s.rate(nodes + relationships)} rows")
    print(f"    the same, per node    {load_s.rate(nodes)} nodes (relationships' time counted)")
    print(
        f"  no-change rebuild       {rebuild_s.wall:>12.2f} s (hashing {hash_s.wall:.2f} s), "
        f"{stats.patients_written} patients written"
    )
    print(f"  peak RSS                {peak_rss_mib():>12,.0f} MiB")


if __name__ == "__main__":
    main()
