"""RECIST 1.1 per treatment line, from assembled reports to RecistTimepoint rows."""

import datetime as dt
from typing import Any

from graphbuilder.assemble import PatientInput, assemble
from graphbuilder.extract.model import ReportExtraction
from graphbuilder.pipeline.build import derive_patient
from graphbuilder.rules.timepoints import assess_patient
from tests.rules.examples import example_patient
from tests.support.evidence import evidenced
from tests.support.patients import record

FOLFOX = {
    "patient_id": "P9", "event": "treatment", "name": "FOLFOX", "category": "chemotherapy",
    "start_date": dt.date(2024, 1, 20), "end_date": None, "line": 1,
}  # fmt: skip

CT_JANUARY = (
    "TDM TAP du 10/01/2024. Foie : lésion du segment VI de 30 mm, lésion du segment VIII de "
    "20 mm. Conclusion : bilan initial."
)
CT_APRIL = (
    "TDM TAP du 12/04/2024. Foie : lésion du segment VI de 33 mm (contre 30 mm), lésion du "
    "segment VIII de 22 mm (contre 20 mm). Pas de nouvelle lésion. "
    "Conclusion : progression hépatique."
)


def liver_lesion(
    text: str,
    segment: str,
    size: str,
    value: float,
    previous: tuple[str, float] | None = None,
    previous_date: tuple[str, dt.date] | None = None,
) -> dict[str, Any]:
    """A liver lesion quoting `size`; `previous` is (quote, mm), `previous_date` (quote, date)."""
    lesion: dict[str, Any] = {
        "organ": evidenced("liver", text, "Foie"),
        "location": evidenced(segment, text, f"segment {segment} "),
        "nodal": evidenced(False, text, f"segment {segment} "),
        "long_axis_mm": evidenced(value, text, size),
        "status": evidenced("present", text, f"segment {segment} "),
    }
    if previous is not None:
        lesion["previous"] = {"long_axis_mm": evidenced(previous[1], text, previous[0])}
        if previous_date is not None:
            lesion["previous"]["date"] = evidenced(previous_date[1], text, previous_date[0])
    return lesion


def ct(report_id: str, text: str, lesions: list[dict[str, Any]], **stated: Any) -> ReportExtraction:
    radiology: dict[str, Any] = {"lesions": lesions}
    conclusion = text.split("Conclusion : ")[1].rstrip(".")
    radiology["stated_evolution"] = evidenced(stated["evolution"], text, conclusion)
    if stated.get("no_new_lesion"):
        radiology["no_new_lesion"] = evidenced(True, text, "Pas de nouvelle lésion")
    return ReportExtraction.model_validate({"report_id": report_id, "radiology": radiology})


def progression_on_ten_percent() -> PatientInput:
    january = ct(
        "CT1",
        CT_JANUARY,
        [
            liver_lesion(CT_JANUARY, "VI", "30 mm", 30),
            liver_lesion(CT_JANUARY, "VIII", "20 mm", 20),
        ],
        evolution="Not-a-follow-up",
    )
    april = ct(
        "CT2",
        CT_APRIL,
        [
            liver_lesion(CT_APRIL, "VI", "33 mm", 33, ("30 mm", 30)),
            liver_lesion(CT_APRIL, "VIII", "22 mm", 22, ("20 mm", 20)),
        ],
        evolution="Progression",
        no_new_lesion=True,
    )
    return PatientInput(
        "P9",
        [
            record("CT1", dt.date(2024, 1, 10), "radiology", CT_JANUARY, january),
            record("CT2", dt.date(2024, 4, 12), "radiology", CT_APRIL, april),
        ],
        [FOLFOX],
    )


def test_progression_stated_on_ten_percent_growth_is_sd_and_a_conflict_explained() -> None:
    graph = derive_patient(assemble(progression_on_ten_percent())).graph
    follow_up = next(t for t in graph.nodes["RecistTimepoint"].values() if t["kind"] == "follow_up")
    assert (follow_up["sum_mm"], follow_up["pct_vs_baseline"]) == (55.0, 10.0)
    assert follow_up["overall_response"] == "SD"
    assert follow_up["explanation"] == (
        "SoD 55 mm: +10.0 % vs baseline 50 mm, +10.0 % vs nadir 50 mm (+5 mm): target SD; "
        "no non-target lesion; no new lesion → SD (vs previous 50 mm: +10.0 %, SD)"
    )
    (conflict,) = graph.nodes["Conflict"].values()
    assert (conflict["rule"], conflict["severity"], conflict["status"]) == (
        "stated-vs-computed",
        "error",
        "open",
    )
    assert conflict["message"].startswith(
        "the report of 2024-04-12 states Progression; RECIST 1.1 computes SD (SoD 55 mm"
    )
    involved = graph.relationships[("INVOLVES", "Conflict", "StatedAssessment")]
    assert [props["role"] for props in involved.values()] == ["stated"]
    assert "Au total" not in conflict["message"] and "hépatique" not in conflict["message"]


def test_timepoints_are_chained_and_based_on_their_measurements() -> None:
    graph = derive_patient(assemble(progression_on_ten_percent())).graph
    (line,) = graph.nodes["TreatmentLine"].values()
    assert (line["regimen"], line["baseline_date"], line["baseline_sum_mm"]) == (
        "FOLFOX",
        dt.date(2024, 1, 10),
        50.0,
    )
    assert line["best_response"] == "SD" and line["target_count"] == 2
    timepoints = {t["id"]: t for t in graph.nodes["RecistTimepoint"].values()}
    ((first, second), props) = next(
        iter(graph.relationships[("NEXT", "RecistTimepoint", "RecistTimepoint")].items())
    )
    assert timepoints[first]["kind"] == "baseline" and props == {"days": 93}
    roles = [
        p["role"]
        for (tp, _), p in graph.relationships[
            ("BASED_ON", "RecistTimepoint", "Measurement")
        ].items()
        if tp == second
    ]
    assert roles == ["target", "target"]
    assert len(graph.relationships[("COMPARED_WITH", "RecistTimepoint", "StatedAssessment")]) == 2


def test_the_bundled_example_p001_line_by_line() -> None:
    recist = assess_patient(assemble(example_patient("P001")).facts)
    first, second = recist.lines
    assert [
        (t.date.isoformat(), t.result.overall_response.value, t.result.response_vs_previous.value)
        for t in first.timepoints
        if t.result
    ] == [("2023-04-20", "PR", "PR"), ("2023-07-18", "PR", "SD"), ("2023-10-24", "PD", "PD")]
    assert first.assessment.best.response.value == "PR"
    assert second.assessment.baseline_date == dt.date(2023, 10, 24)  # the PD exam, re-baselined
    assert [t.result.overall_response.value for t in second.timepoints if t.result] == ["SD"]


def test_no_baseline_after_a_surgery_means_no_timepoint() -> None:
    """P005: the adjuvant line starts after the resection; no exam since: not evaluable."""
    recist = assess_patient(assemble(example_patient("P005")).facts)
    neoadjuvant, adjuvant, _ = recist.lines
    assert [t.result.overall_response.value for t in neoadjuvant.timepoints if t.result] == [
        "SD",
        "SD",
    ]
    assert adjuvant.timepoints == ()
    assert adjuvant.assessment.explanation.startswith("no lesion assessment on or before")


CT_JULY = (
    "TDM TAP du 10/07/2024. Foie : lésion du segment VI de 21 mm (contre 24 mm le 12/04/2024), "
    "lésion du segment VIII de 14 mm (contre 16 mm). Conclusion : réponse partielle."
)


def test_sizes_quoted_for_an_exam_not_in_the_corpus_stand_in_for_it() -> None:
    """January is here, the April exam is not; the July report quotes April's sizes."""
    january = ct(
        "CT1",
        CT_JANUARY,
        [
            liver_lesion(CT_JANUARY, "VI", "30 mm", 30),
            liver_lesion(CT_JANUARY, "VIII", "20 mm", 20),
        ],
        evolution="Not-a-follow-up",
    )
    july = ct(
        "CT3",
        CT_JULY,
        [
            liver_lesion(CT_JULY, "VI", "21 mm", 21, ("24 mm", 24),
                         ("12/04/2024", dt.date(2024, 4, 12))),
            liver_lesion(CT_JULY, "VIII", "14 mm", 14, ("16 mm", 16)),
        ],
        evolution="Response",
    )  # fmt: skip
    july = july.model_copy(
        update={
            "radiology": july.radiology.model_copy(  # type: ignore[union-attr]
                update={"comparison_dates": [july.radiology.lesions[0].previous.date]}  # type: ignore[union-attr]
            )
        }
    )
    patient = PatientInput(
        "P9",
        [
            record("CT1", dt.date(2024, 1, 10), "radiology", CT_JANUARY, january),
            record("CT3", dt.date(2024, 7, 10), "radiology", CT_JULY, july),
        ],
        [FOLFOX],
    )
    (line,) = assess_patient(assemble(patient).facts).lines
    april, july_point = (t for t in line.timepoints if t.result)
    assert (april.date, april.source) == (dt.date(2024, 4, 12), "quoted")
    assert april.result.sum_mm == 40.0 and april.result.overall_response.value == "SD"
    assert april.explanation.startswith("exam not in the corpus, sizes quoted by a later report")
    assert [role for _, role in april.based_on] == ["quoted", "quoted"]
    assert july_point.previous_date == dt.date(2024, 4, 12)
    assert july_point.result.previous_sum_mm == 40.0  # the quoted sizes, not January's 50
    assert july_point.result.pct_vs_previous == -12.5
    assert july_point.result.overall_response.value == "PR"  # 35 mm: -30 % vs baseline
