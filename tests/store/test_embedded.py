from dataclasses import replace
from pathlib import Path

import pytest

from graphbuilder.assemble import assemble_patient
from graphbuilder.core.errors import StoreError
from graphbuilder.core.graph_schema import GRAPH_SCHEMA, GraphSchema
from graphbuilder.store.embedded import EmbeddedStore
from graphbuilder.store.embedded.ddl import schema_ddl
from graphbuilder.store.sync import sync_patients
from tests.support.patients import breast_patient, colorectal_patient

RUN = {
    "id": "run:test",
    "backend": "precomputed",
    "backend_version": "0",
    "started_at": None,
    "ended_at": None,
}


def _counts(store: EmbeddedStore) -> dict[str, int]:
    rows = store.query("MATCH (n) RETURN label(n) AS label, count(*) AS n ORDER BY label")
    edges = store.query("MATCH ()-[e]->() RETURN count(e) AS n")["n"][0]
    return {**dict(zip(rows["label"], rows["n"], strict=True)), "edges": edges}


def test_ddl_declares_every_table_once() -> None:
    statements = schema_ddl()
    assert statements[0].startswith("CREATE NODE TABLE IF NOT EXISTS Patient(id STRING PRIMARY KEY")
    assert any(
        s.startswith(
            "CREATE REL TABLE IF NOT EXISTS EXTRACTED_FROM(FROM Tumour TO "
            "Report, FROM Measurement TO Report"
        )
        for s in statements
    )


def test_rebuilding_the_same_input_writes_nothing_and_duplicates_nothing(tmp_path: Path) -> None:
    graphs = [assemble_patient(colorectal_patient()), assemble_patient(breast_patient())]
    with EmbeddedStore(tmp_path) as store:
        first = sync_patients(store, graphs, [RUN])
        before = _counts(store)
        again = sync_patients(
            store,
            [assemble_patient(colorectal_patient()), assemble_patient(breast_patient())],
            [RUN],
        )
        assert _counts(store) == before
    assert first.patients_written == 2 and first.nodes_written > 0
    assert (again.patients_written, again.patients_unchanged, again.nodes_written) == (0, 2, 0)
    assert before["Measurement"] == 2 and before["ExtractionRun"] == 1


def test_adding_a_report_rewrites_only_its_patient(tmp_path: Path) -> None:
    with EmbeddedStore(tmp_path) as store:
        sync_patients(
            store,
            [
                assemble_patient(colorectal_patient(with_second_ct=False)),
                assemble_patient(breast_patient()),
            ],
            [RUN],
        )
        stats = sync_patients(
            store,
            [assemble_patient(colorectal_patient()), assemble_patient(breast_patient())],
            [RUN],
        )
        sizes = store.query(
            "MATCH (:Patient {id: 'P1'})-[:HAS_LESION]->(l:Lesion)-[:HAS_MEASUREMENT]->"
            "(m:Measurement) RETURN m.long_axis_mm AS mm ORDER BY m.date"
        )
    assert (stats.patients_written, stats.patients_unchanged) == (1, 1)
    assert sizes["mm"].to_list() == [30.0, 22.0]


def test_a_patient_gone_from_the_input_is_removed(tmp_path: Path) -> None:
    with EmbeddedStore(tmp_path) as store:
        sync_patients(
            store,
            [assemble_patient(colorectal_patient()), assemble_patient(breast_patient())],
            [RUN],
        )
        stats = sync_patients(store, [assemble_patient(breast_patient())], [RUN])
        remaining = store.query("MATCH (n) WHERE n.patient_id = 'P1' RETURN count(*) AS n")
    assert stats.patients_removed == 1
    assert remaining["n"][0] == 0


def test_deleting_patients_takes_their_nodes_and_edges_and_nothing_else(tmp_path: Path) -> None:
    with EmbeddedStore(tmp_path / "breast only") as store:
        sync_patients(store, [assemble_patient(breast_patient())], [RUN])
        breast_only = _counts(store)
    with EmbeddedStore(tmp_path / "both") as store:
        graphs = [assemble_patient(colorectal_patient()), assemble_patient(breast_patient())]
        sync_patients(store, graphs, [RUN])
        store.delete_patients(["P1", "not-a-patient"])
        assert _counts(store) == breast_only


def test_query_parameters_and_dates(tmp_path: Path) -> None:
    with EmbeddedStore(tmp_path) as store:
        sync_patients(store, [assemble_patient(colorectal_patient())], [RUN])
        rows = store.query(
            "MATCH (m:Measurement) WHERE m.date >= date($since) RETURN m.long_axis_mm AS mm",
            {"since": "2024-02-01"},
        )
    assert rows["mm"].to_list() == [22.0]


def test_opening_a_folder_without_a_graph_says_what_to_do(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match=r"no graph database here .* run `graphbuilder build"):
        EmbeddedStore(tmp_path / "nothing", read_only=True)


def test_a_bad_query_is_a_store_error(tmp_path: Path) -> None:
    with EmbeddedStore(tmp_path) as store, pytest.raises(StoreError, match="query failed"):
        store.query("MATCH (n:Nope) RETURN n")


def _backward_lists(store: EmbeddedStore, rel_type: str) -> int:
    return int(
        store.query(
            f"CALL storage_info('{rel_type}') WHERE column_name STARTS WITH 'bwd' "
            "RETURN count(*) AS n"
        )["n"][0]
    )


_EVIDENCE = (
    "MATCH (f)-[e:EXTRACTED_FROM]->(r:Report) "
    "RETURN f.id AS fact, r.id AS report, e.span_start AS start, e.quote AS quote, "
    "e.field_spans AS spans, e.run_id AS run ORDER BY fact, report"
)


def test_a_graph_built_before_edges_were_forward_only_is_converted_keeping_them(
    tmp_path: Path,
) -> None:
    older = GraphSchema(
        GRAPH_SCHEMA.nodes,
        tuple(replace(rel, forward_only=False) for rel in GRAPH_SCHEMA.relationships),
    )
    graphs = [assemble_patient(colorectal_patient()), assemble_patient(breast_patient())]
    with EmbeddedStore(tmp_path, schema=older) as store:
        sync_patients(store, graphs, [RUN])
        before, evidence = _counts(store), store.query(_EVIDENCE)
    assert evidence.height >= 5  # facts of both patients
    with EmbeddedStore(tmp_path) as store:
        assert _backward_lists(store, "EXTRACTED_BY") > 0
        assert _backward_lists(store, "EXTRACTED_FROM") > 0
        store.ensure_schema()
        assert _backward_lists(store, "EXTRACTED_BY") == 0
        assert _backward_lists(store, "EXTRACTED_FROM") == 0
        assert _counts(store) == before
        assert store.query(_EVIDENCE).equals(evidence)  # the quotes and spans came along
        runs = store.query(
            "MATCH (:ExtractionRun {id: 'run:test'})<-[:EXTRACTED_BY]-(r:Report) "
            "RETURN count(r) AS n"
        )
        facts = store.query("MATCH (r:Report)<-[:EXTRACTED_FROM]-(f) RETURN count(f) AS n")
    assert runs["n"][0] == before["Report"]
    assert facts["n"][0] == evidence.height  # against the stored direction, by a scan
