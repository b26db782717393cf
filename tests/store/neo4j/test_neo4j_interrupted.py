"""A Neo4j killed in the middle of a load, restarted on its data, and the load run again:
every patient ends up written exactly once, as if nothing had happened.

This test starts its own short-lived local Neo4j (its data folder kept across the restart),
so it runs only where the suite starts servers itself (NEO4J_URI unset).
"""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest

from graphbuilder.assemble import PatientInput, ReportRecord, assemble
from graphbuilder.core.errors import StoreError
from graphbuilder.core.patient_graph import PatientGraph, Row
from graphbuilder.extract.backend import ReportInput
from graphbuilder.extract.registry import resolve_backend
from graphbuilder.extract.run import run_extraction
from graphbuilder.ingest import ingest
from graphbuilder.pipeline.build import derive_patient
from graphbuilder.store.neo4j import Neo4jCredentials, Neo4jStore, Neo4jTarget
from graphbuilder.store.sync import sync_patients
from tests.store.neo4j.graphs import synthetic_corpus
from tools.neo4j.local_neo4j import LocalNeo4j

pytestmark = [pytest.mark.neo4j, pytest.mark.slow]
KILL_AFTER_TRANSACTIONS = 3
BATCH_SIZE = 400  # rows per transaction: the corpus takes a few dozen


def _graphs(corpus: Path) -> tuple[list[PatientGraph], Row]:
    table = ingest(corpus).corpus
    inputs = [
        ReportInput(r["patient_id"], r["report_id"], r["date"], r["kind"], r["text"], r["sha256"])
        for r in table.iter_rows(named=True)
    ]
    run, outcomes = run_extraction(resolve_backend("auto", corpus.parent / "gold.jsonl"), inputs)
    reports: dict[str, list[ReportRecord]] = {}
    for row in table.iter_rows(named=True):
        extraction = outcomes[row["report_id"]].extraction
        reports.setdefault(row["patient_id"], []).append(
            ReportRecord(row["report_id"], row["date"], row["kind"], row["text"], row["sha256"],
                         row["source"], extraction, run.id if extraction else None)
        )  # fmt: skip
    graphs = [derive_patient(assemble(PatientInput(p, reports[p]))).graph for p in sorted(reports)]
    return graphs, run.row()


def _snapshot(store: Neo4jStore) -> tuple[list[tuple[object, ...]], ...]:
    nodes = store.query(
        "MATCH (n) RETURN labels(n)[0] AS label, n.id AS id, count(*) AS copies ORDER BY label, id"
    )
    edges = store.query(
        "MATCH (a)-[e]->(b) RETURN type(e) AS type, a.id AS source, b.id AS target, "
        "count(*) AS copies ORDER BY type, source, target"
    )
    hashes = store.query("MATCH (p:Patient) RETURN p.id AS id, p.content_hash AS hash ORDER BY id")
    return nodes.rows(), edges.rows(), hashes.rows()


@pytest.mark.skipif(bool(os.environ.get("NEO4J_URI")), reason="starts its own local Neo4j")
def test_a_load_killed_midway_converges_on_rerun(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    graphs, run = _graphs(synthetic_corpus(tmp_path / "corpus", patients=15))
    expected_nodes = sum(g.node_count() for g in graphs) + 1  # + the ExtractionRun
    data = tmp_path / "neo4j"
    server = LocalNeo4j(data_dir=data)
    committed: list[int] = []

    def kill_after_a_few(rows: int) -> None:
        committed.append(rows)
        if len(committed) == KILL_AFTER_TRANSACTIONS:
            os.kill(server.pid or 0, signal.SIGKILL)  # no clean shutdown: a crash

    with server:
        target, login = Neo4jTarget(server.uri), Neo4jCredentials(server.user, server.password)
        with (
            Neo4jStore(
                target,
                login,
                batch_size=BATCH_SIZE,
                writers=1,
                max_retry_seconds=2,
                on_chunk=kill_after_a_few,
            ) as store,  # fmt: skip
            pytest.raises(StoreError, match=r"lost Neo4j during the load .* rerun the same build"),
        ):
            sync_patients(store, graphs, [run])
    assert len(committed) == KILL_AFTER_TRANSACTIONS
    assert "will be retried" in caplog.text  # the managed transaction retried before giving up

    # A new password: the launcher cannot set the one the database already has.
    with LocalNeo4j(data_dir=data) as restarted:
        target = Neo4jTarget(restarted.uri)
        login = Neo4jCredentials(restarted.user, restarted.password)
        with Neo4jStore(target, login, batch_size=BATCH_SIZE) as store:
            survived = store.patient_hashes()
            assert 0 < len(survived) < len(graphs)  # some patients made it, whole
            stats = sync_patients(store, graphs, [run])
            assert stats.patients_unchanged == len(survived)
            assert stats.patients_written == len(graphs) - len(survived)
            nodes, edges, hashes = _snapshot(store)
            assert len(nodes) == expected_nodes and {row[2] for row in nodes} == {1}
            assert len(edges) == sum(g.relationship_count() for g in graphs)
            assert {row[3] for row in edges} == {1}
            again = sync_patients(store, graphs, [run])
            assert again.patients_written == 0 and _snapshot(store) == (nodes, edges, hashes)
    for graph in graphs:
        assert dict(hashes)[graph.patient_id] == graph.content_hash()
