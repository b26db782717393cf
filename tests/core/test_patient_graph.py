import datetime as dt

import pytest

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
