"""A tiny two-patient history, built in code, for assembly and store tests."""

from __future__ import annotations

import datetime as dt

from graphbuilder.assemble import PatientInput, ReportRecord
from graphbuilder.core.ids import text_sha256
from graphbuilder.extract.model import ReportExtraction
from tests.support.evidence import evidenced

CT_1 = "TDM TAP du 10/01/2024. Foie : lésion du segment VI de 30 mm. Conclusion : bilan initial."
CT_2 = (
    "TDM TAP du 12/04/2024. Foie : lésion du segment VI de 22 mm (contre 30 mm). "
    "Pas de nouvelle lésion. Conclusion : réponse partielle."
)
PATHOLOGY = "Biopsie mammaire gauche : carcinome infiltrant. RE positifs à 90 %. Ki67 à 30 %."


def ct_extraction(
    report_id: str, text: str, size: str, evolution: str, mm: float, previous: str | None = None
) -> ReportExtraction:
    lesion = {
        "organ": evidenced("liver", text, "Foie"),
        "location": evidenced("VI", text, "segment VI"),
        "nodal": evidenced(False, text, "lésion du segment"),
        "long_axis_mm": evidenced(mm, text, size),
        "status": evidenced("present", text, "lésion du segment"),
    }
    if previous:
        lesion["previous"] = {"long_axis_mm": evidenced(30.0, text, previous)}
    conclusion = text.split("Conclusion : ")[1].rstrip(".")
    return ReportExtraction.model_validate(
        {
            "report_id": report_id,
            "radiology": {
                "lesions": [lesion],
                "stated_evolution": evidenced(evolution, text, conclusion),
            },
        }
    )


def pathology_extraction(report_id: str) -> ReportExtraction:
    return ReportExtraction.model_validate(
        {
            "report_id": report_id,
            "pathology": [
                {
                    "specimen_type": evidenced("biopsy", PATHOLOGY, "Biopsie"),
                    "laterality": evidenced("left", PATHOLOGY, "gauche"),
                    "er_status": evidenced("positive", PATHOLOGY, "RE positifs"),
                    "er_percent": evidenced(90.0, PATHOLOGY, "90 %"),
                    "ki67_percent": evidenced(30.0, PATHOLOGY, "30 %"),
                }
            ],
        }
    )


def record(
    report_id: str, date: dt.date, kind: str, text: str, extraction: ReportExtraction | None
) -> ReportRecord:
    return ReportRecord(
        report_id=report_id,
        date=date,
        kind=kind,
        text=text,
        sha256=text_sha256(text),
        source=f"{report_id}.txt",
        extraction=extraction,
        run_id="run:test" if extraction else None,
    )


def colorectal_patient(with_second_ct: bool = True) -> PatientInput:
    reports = [
        record(
            "CT1",
            dt.date(2024, 1, 10),
            "radiology",
            CT_1,
            ct_extraction("CT1", CT_1, "30 mm", "Not-a-follow-up", 30.0),
        )
    ]
    if with_second_ct:
        reports.append(
            record(
                "CT2",
                dt.date(2024, 4, 12),
                "radiology",
                CT_2,
                ct_extraction("CT2", CT_2, "22 mm", "Response", 22.0, previous="30 mm"),
            )
        )
    events = [
        {
            "patient_id": "P1",
            "event": "treatment",
            "name": "FOLFOX",
            "category": "chemotherapy",
            "start_date": dt.date(2024, 1, 20),
            "end_date": None,
            "line": 1,
        }
    ]
    return PatientInput("P1", reports, events)


def breast_patient() -> PatientInput:
    return PatientInput(
        "P2",
        [record("AP1", dt.date(2024, 2, 1), "pathology", PATHOLOGY, pathology_extraction("AP1"))],
    )
