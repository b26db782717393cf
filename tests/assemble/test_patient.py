import datetime as dt
import json

from graphbuilder.assemble import assemble_patient
from tests.support.patients import CT_2, breast_patient, colorectal_patient


def test_one_liver_lesion_followed_across_two_scans() -> None:
    graph = assemble_patient(colorectal_patient())
    assert len(graph.nodes["Lesion"]) == 1
    lesion = next(iter(graph.nodes["Lesion"].values()))
    assert lesion["organ"] == "liver" and lesion["first_seen"] == dt.date(2024, 1, 10)
    sizes = sorted((m["date"], m["long_axis_mm"]) for m in graph.nodes["Measurement"].values())
    assert sizes == [(dt.date(2024, 1, 10), 30.0), (dt.date(2024, 4, 12), 22.0)]
    assert len(graph.relationships[("HAS_MEASUREMENT", "Lesion", "Measurement")]) == 2


def test_every_fact_points_to_its_report_sentence() -> None:
    graph = assemble_patient(colorectal_patient())
    edges = graph.relationships[("EXTRACTED_FROM", "Measurement", "Report")]
    second = next(
        props
        for (_, report), props in edges.items()
        if report
        == next(r["id"] for r in graph.nodes["Report"].values() if r["report_id"] == "CT2")
    )
    assert second["quote"] == CT_2[second["span_start"] : second["span_end"]]
    assert "22 mm (contre 30 mm" in second["quote"]
    spans = json.loads(second["field_spans"])
    start, end = spans["long_axis_mm"]
    assert CT_2[start:end] == "22 mm"
    assert second["run_id"] == "run:test"


def test_the_stated_assessment_quotes_the_conclusion() -> None:
    graph = assemble_patient(colorectal_patient())
    assessments = sorted(graph.nodes["StatedAssessment"].values(), key=lambda a: a["date"])
    assert [a["evolution"] for a in assessments] == ["Not-a-follow-up", "Response"]
    quotes = {
        p["quote"]
        for p in graph.relationships[("EXTRACTED_FROM", "StatedAssessment", "Report")].values()
    }
    assert quotes == {"bilan initial", "réponse partielle"}


def test_structured_treatments_and_pathology_land_in_the_graph() -> None:
    treatments = assemble_patient(colorectal_patient()).nodes["Treatment"].values()
    assert [(t["name"], t["source"], t["line"]) for t in treatments] == [
        ("FOLFOX", "structured", 1)
    ]
    pathology = next(iter(assemble_patient(breast_patient()).nodes["PathologyResult"].values()))
    assert pathology["er_status"] == "positive" and pathology["ki67_percent"] == 30.0
    assert pathology["laterality"] == "left" and pathology["specimen_type"] == "biopsy"


def test_assembly_is_repeatable() -> None:
    assert (
        assemble_patient(colorectal_patient()).content_hash()
        == assemble_patient(colorectal_patient()).content_hash()
    )
