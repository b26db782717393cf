import datetime as dt
import pickle

import pytest

from graphbuilder.core.graph_schema import GRAPH_SCHEMA, GraphSchema
from graphbuilder.core.patient_graph import PatientGraph


def _report(graph: PatientGraph, report_id: str) -> None:
    graph.add_node(
        "Report",
        {
            "id": report_id,
            "patient_id": "P1",
            "report_id": report_id,
            "date": dt.date(2024, 1, 1),
            "kind": "radiology",
            "sha256": "x",
            "n_chars": 10,
            "source": "f.txt",
        },
    )


def test_rows_are_checked_against_the_graph_schema() -> None:
    graph = PatientGraph("P1")
    with pytest.raises(ValueError, match=r"Patient has no properties \['age'\]"):
        graph.add_node("Patient", {"id": "P1", "patient_id": "P1", "age": 50})
    with pytest.raises(ValueError, match=r"Report 'R1' lacks required \['report_id', 'date'"):
        graph.add_node("Report", {"id": "R1", "patient_id": "P1"})
    with pytest.raises(ValueError, match="HAS_REPORT does not go from Report to Patient"):
        graph.add_relationship("HAS_REPORT", ("Report", "R1"), ("Patient", "P1"))


def test_content_hash_ignores_insertion_order_but_not_content() -> None:
    first, second = PatientGraph("P1"), PatientGraph("P1")
    _report(first, "R1")
    _report(first, "R2")
    _report(second, "R2")
    _report(second, "R1")
    assert first.content_hash() == second.content_hash()
    second.nodes["Report"]["R1"]["n_chars"] = 11
    assert first.content_hash() != second.content_hash()


def test_relationship_properties_and_labels_are_checked_too() -> None:
    graph = PatientGraph("P1")
    _report(graph, "R1")
    with pytest.raises(ValueError, match=r"HAS_REPORT has no properties \['weight'\]"):
        graph.add_relationship("HAS_REPORT", ("Patient", "P1"), ("Report", "R1"), {"weight": 1})
    with pytest.raises(KeyError, match="no node label 'Visit'"):
        graph.add_node("Visit", {"id": "V1"})
    graph.add_relationship("HAS_REPORT", ("Patient", "P1"), ("Report", "R1"))
    assert graph.relationships[("HAS_REPORT", "Patient", "Report")] == {("P1", "R1"): {}}


def test_a_pickled_graph_refers_to_the_built_in_schema_instead_of_copying_it() -> None:
    graph = PatientGraph("P1")
    _report(graph, "R1")
    blob = pickle.dumps(graph)
    restored = pickle.loads(blob)
    assert restored == graph and restored.schema is GRAPH_SCHEMA
    assert len(blob) < len(pickle.dumps(GRAPH_SCHEMA)) / 10
    with pytest.raises(ValueError, match="no properties"):
        restored.add_node("Report", {"id": "R2", "colour": "blue"})


def test_a_pickled_graph_keeps_a_schema_of_its_own() -> None:
    reports_only = GraphSchema(nodes=(GRAPH_SCHEMA.node("Report"),), relationships=())
    graph = PatientGraph("P1", schema=reports_only)
    _report(graph, "R1")
    restored = pickle.loads(pickle.dumps(graph))
    assert restored.schema == reports_only and restored.nodes == graph.nodes
    with pytest.raises(KeyError, match="Patient"):
        restored.add_node("Patient", {"id": "P1", "patient_id": "P1"})
