"""Loading one big patient graph into Neo4j and into the embedded store (issue 8).

    .venv/bin/python bench/bench_stores.py [--reports 100000] [--seed 7]
                                           [--batch-sizes 5000,10000,20000] [--writers 1,2]
                                           [--out DIR]

Generates a synthetic corpus of about `--reports` reports, runs the non-LLM pipeline on it
(precomputed gold extractions, assembly, RECIST, conflicts), then loads the same graph tables
into an empty embedded store (COPY) and into an empty Neo4j once per batch size and number of
writers (batched UNWIND in managed transactions, whole patients per transaction). Prints
nodes/s and relationships/s for each, both over the whole load time (a transaction writes nodes
and relationships together, so there is no separate phase to time), and the CPU seconds of the
client and, for a local server, of Neo4j.

The first Neo4j load, on the freshly started server, is printed apart: about half of its server
CPU is Java's JIT compiling Neo4j's code (a warm-up of a few hundred patients was not enough).
The loads after it, one per setting into an emptied database, measure a server that has been
running a while, as a hospital's has. Neo4j is the server named by
NEO4J_URI/NEO4J_USER/NEO4J_PASSWORD (its database is emptied first!) or, by default, a local one
this script starts and stops (tools/neo4j: heap 2 GiB, its other settings as for development).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

import neo4j
import psutil

from graphbuilder.assemble import PatientInput, ReportRecord, assemble
from graphbuilder.core.patient_graph import PatientGraph
from graphbuilder.extract.backend import ReportInput
from graphbuilder.extract.registry import resolve_backend
from graphbuilder.extract.run import run_extraction
from graphbuilder.ingest import IngestOptions, ingest, read_events
from graphbuilder.pipeline.build import derive_patient
from graphbuilder.store.embedded import EmbeddedStore
from graphbuilder.store.frames import GraphFrames, frames_from_graphs
from graphbuilder.store.neo4j import Neo4jCredentials, Neo4jStore, Neo4jTarget
from graphbuilder.store.neo4j.store import DEFAULT_BATCH_SIZE, DEFAULT_WRITERS
from graphbuilder.store.sync import stamp_content_hashes
from graphbuilder.synth import SynthConfig, generate

REPORTS_PER_PATIENT = 16.8  # what the synthetic generator gives on average


def keep_first_report_versions(folder: Path) -> None:
    """The corpus keeps injected duplicate report ids (a conflict case); the precomputed
    extraction file may hold one line per report, so keep the first version of each."""
    for name in ("corpus.jsonl", "gold.jsonl"):
        path, seen, kept = folder / name, set(), []
        for line in path.read_text(encoding="utf-8").splitlines():
            report_id = json.loads(line)["report_id"]
            if report_id not in seen:
                seen.add(report_id)
                kept.append(line)
        path.write_text("\n".join(kept) + "\n", encoding="utf-8")


def patient_graphs(corpus_folder: Path) -> tuple[list[PatientGraph], dict[str, object], int]:
    """The derived graph of every patient, the extraction run's row, and the report count."""
    corpus = ingest(corpus_folder / "corpus.jsonl", IngestOptions()).corpus
    backend = resolve_backend("auto", corpus_folder / "gold.jsonl")
    inputs = (
        ReportInput(r["patient_id"], r["report_id"], r["date"], r["kind"], r["text"], r["sha256"])
        for r in corpus.iter_rows(named=True)
    )
    run, outcomes = run_extraction(backend, inputs)
    reports: dict[str, list[ReportRecord]] = defaultdict(list)
    for row in corpus.iter_rows(named=True):
        extraction = outcomes[row["report_id"]].extraction
        reports[row["patient_id"]].append(
            ReportRecord(row["report_id"], row["date"], row["kind"], row["text"], row["sha256"],
                         row["source"], extraction, run.id if extraction else None)
        )  # fmt: skip
    events: dict[str, list[dict[str, object]]] = defaultdict(list)
    for event in read_events(corpus_folder / "treatments.csv").iter_rows(named=True):
        events[event["patient_id"]].append(event)
    graphs = [
        derive_patient(assemble(PatientInput(pid, reports[pid], events.get(pid, [])))).graph
        for pid in sorted(reports)
    ]
    return graphs, run.row(), corpus.height


Server = tuple[Neo4jTarget, Neo4jCredentials, psutil.Process | None]


@contextlib.contextmanager
def neo4j_server() -> Iterator[Server]:
    """The environment's Neo4j, or a local one (whose CPU time is then measured too)."""
    if os.environ.get("NEO4J_URI"):
        yield (
            Neo4jTarget(os.environ["NEO4J_URI"], os.environ.get("NEO4J_DATABASE") or None),
            Neo4jCredentials(os.environ.get("NEO4J_USER", "neo4j"), os.environ["NEO4J_PASSWORD"]),
            None,
        )
        return
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tools/ is not installed
    from tools.neo4j.local_neo4j import LocalNeo4j

    with LocalNeo4j(heap="2g") as server:
        process = psutil.Process(server.pid) if server.pid else None
        yield Neo4jTarget(server.uri), Neo4jCredentials(server.user, server.password), process


def cpu_seconds(process: psutil.Process | None) -> float:
    return sum(process.cpu_times()[:2]) if process is not None else float("nan")


def empty_neo4j(target: Neo4jTarget, credentials: Neo4jCredentials) -> None:
    auth = (credentials.user, credentials.password)
    with (
        neo4j.GraphDatabase.driver(
            target.uri, auth=auth, notifications_min_severity="OFF"
        ) as driver,
        driver.session(database=target.database) as session,
    ):
        # CALL … IN TRANSACTIONS needs an auto-commit transaction: session.run, not execute_*
        session.run(
            "MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 20000 ROWS"
        ).consume()


def rate(count: int, seconds: float) -> str:
    return f"{count / seconds:>9,.0f}/s"


def timed_neo4j_load(
    frames: GraphFrames,
    run: dict[str, object],
    server: Server,
    batch_size: int = DEFAULT_BATCH_SIZE,
    writers: int = DEFAULT_WRITERS,
) -> str:
    """Empty the database, load the frames, and say how fast."""
    target, credentials, process = server
    empty_neo4j(target, credentials)
    with Neo4jStore(target, credentials, batch_size=batch_size, writers=writers) as store:
        store.ensure_schema()
        store.upsert_runs([run])
        started, server_cpu = time.perf_counter(), cpu_seconds(process)
        client_cpu = time.process_time()
        store.insert(frames)
        seconds = time.perf_counter() - started
        server_cpu = cpu_seconds(process) - server_cpu
        client_cpu = time.process_time() - client_cpu
        counted = store.query("MATCH (n) RETURN count(n) AS n")["n"][0]
    rows = frames.node_count() + frames.relationship_count()
    return (
        f"batch {batch_size:>6,} × {writers} writer(s): {seconds:6.1f} s  "
        f"nodes {rate(frames.node_count(), seconds)}  "
        f"relationships {rate(frames.relationship_count(), seconds)}  "
        f"(rows/s {rows / seconds:,.0f}; CPU s: server {server_cpu:.0f}, client "
        f"{client_cpu:.0f}; rows per server CPU s {rows / server_cpu:,.0f}; "
        f"{counted:,} nodes in the store)"
    )


def load_neo4j(
    frames: GraphFrames, run: dict[str, object], settings: list[tuple[int, int]]
) -> list[str]:
    with neo4j_server() as server:
        first = f"neo4j, first load (JIT warm-up) {timed_neo4j_load(frames, run, server)}"
        print(first, flush=True)
        lines = [first]
        for batch_size, writers in settings:
            lines.append(f"neo4j    {timed_neo4j_load(frames, run, server, batch_size, writers)}")
            print(lines[-1], flush=True)
    return lines


def load_embedded(frames: GraphFrames, run: dict[str, object], folder: Path) -> str:
    shutil.rmtree(folder, ignore_errors=True)  # an empty store, as for Neo4j
    with EmbeddedStore(folder) as store:
        store.ensure_schema()
        store.upsert_runs([run])
        started = time.perf_counter()
        store.insert(frames)
        store.checkpoint()  # durable in the database file, as Neo4j's commit is durable
        seconds = time.perf_counter() - started
    line = (
        f"embedded (COPY)                 : {seconds:6.1f} s  "
        f"nodes {rate(frames.node_count(), seconds)}  "
        f"relationships {rate(frames.relationship_count(), seconds)}"
    )
    print(line, flush=True)
    return line


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--batch-sizes", default=f"5000,{DEFAULT_BATCH_SIZE},20000")
    parser.add_argument(
        "--writers", default=str(DEFAULT_WRITERS), help="comma-separated; each with each size"
    )
    parser.add_argument("--out", type=Path, help="keep the corpus and embedded graph here")
    args = parser.parse_args(argv)
    settings = [
        (int(size), int(writers))
        for writers in args.writers.split(",")
        for size in args.batch_sizes.split(",")
    ]
    patients = max(1, round(args.reports / REPORTS_PER_PATIENT))
    with tempfile.TemporaryDirectory(prefix="bench-stores-") as temporary:
        out = args.out or Path(temporary)
        started = time.perf_counter()
        if not (out / "corpus" / "gold.jsonl").is_file():  # --out keeps it for the next run
            generate(SynthConfig(patients=patients, seed=args.seed, workers=2), out / "corpus")
            keep_first_report_versions(out / "corpus")
        graphs, run, reports = patient_graphs(out / "corpus")
        stamp_content_hashes(graphs)
        frames = frames_from_graphs(graphs)
        print(
            f"{patients:,} patients, {reports:,} reports → {frames.node_count():,} nodes, "
            f"{frames.relationship_count():,} relationships; {os.cpu_count()} cores "
            f"(corpus and pipeline {time.perf_counter() - started:.0f} s)",
            flush=True,
        )
        load_embedded(frames, run, out / "embedded")
        load_neo4j(frames, run, settings)
    return 0


if __name__ == "__main__":
    sys.exit(main())
