"""One patient's outputs as plain strings and rows, ready to be appended by the writers.

Serialising here (in the worker, when generating in parallel) keeps the writing process light.
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass
from typing import Any

from graphbuilder.core.ids import digest
from graphbuilder.synth.patient import Report, SynthPatient

LOINC = {
    "radiology": ("18748-4", "Diagnostic imaging study"),
    "pathology": ("11526-1", "Pathology study"),
    "consultation": ("11488-4", "Consult note"),
    "tumour_board": ("11488-4", "Consult note"),
}
_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), check_circular=False)
Row = tuple[str, str, str, str, str]  # patient_id, report_id, date (ISO), kind, text
Event = tuple[str, str, str, str, str, str, str]


def to_json(value: Any) -> str:
    return _ENCODER.encode(value)


@dataclass(frozen=True, slots=True)
class PatientOutput:
    patient_id: str
    site: str
    rows: list[Row]
    gold_lines: list[str]
    truth_line: str
    events: list[Event]
    contradictions: list[str]
    fhir_line: str | None


def serialise(synth: SynthPatient, fhir: bool) -> PatientOutput:
    patient = synth.patient
    return PatientOutput(
        patient_id=patient.patient_id,
        site=patient.profile.site,
        rows=[(r.patient_id, r.report_id, r.date, r.kind, r.text) for r in synth.reports],
        gold_lines=[to_json(report.gold) for report in synth.reports],
        truth_line=to_json(synth.truth),
        events=events(synth),
        contradictions=[record["type"] for record in patient.contradictions],
        fhir_line=to_json(fhir_bundle(synth.reports)) if fhir else None,
    )


def events(synth: SynthPatient) -> list[Event]:
    """treatments.csv rows: the diagnosis, every treatment course, the death."""
    patient = synth.patient
    profile = patient.profile
    diagnosis = f"{profile.histology.label} ({profile.site})"
    rows: list[Event] = [
        (patient.patient_id, "diagnosis", diagnosis, "", patient.diagnosis_date.isoformat(), "", "")
    ]
    for course in patient.courses:
        rows.append(
            (
                patient.patient_id,
                "treatment",
                course.name,
                course.category,
                course.start.isoformat(),
                course.end.isoformat() if course.end else "",
                "" if course.line is None else str(course.line),
            )
        )
    if patient.death_date is not None:
        rows.append((patient.patient_id, "death", "", "", patient.death_date.isoformat(), "", ""))
    return rows


def fhir_bundle(reports: list[Report]) -> dict[str, Any]:
    """A FHIR R4 collection Bundle of the patient's reports as DocumentReferences."""
    entries = []
    for position, report in enumerate(reports):
        code, display = LOINC[report.kind]
        resource_id = digest(report.patient_id, report.report_id, position, length=32)
        doc_type: dict[str, Any] = {
            "coding": [{"system": "http://loinc.org", "code": code, "display": display}]
        }
        if report.kind == "tumour_board":
            doc_type["text"] = "RCP"
        resource = {
            "resourceType": "DocumentReference",
            "id": resource_id,
            "status": "current",
            "identifier": [{"system": "urn:graphbuilder:synth:report", "value": report.report_id}],
            "type": doc_type,
            "subject": {"reference": f"Patient/{report.patient_id}"},
            "date": f"{report.date}T12:00:00Z",  # noon UTC: the same day in every time zone
            "content": [
                {
                    "attachment": {
                        "contentType": "text/plain; charset=utf-8",
                        "language": "fr",
                        "data": base64.b64encode(report.text.encode("utf-8")).decode("ascii"),
                    }
                }
            ],
        }
        entries.append({"fullUrl": f"urn:uuid:{_uuid(resource_id)}", "resource": resource})
    return {"resourceType": "Bundle", "type": "collection", "entry": entries}


def _uuid(hex32: str) -> str:
    """The 8-4-4-4-12 form a urn:uuid needs, from 32 deterministic hex digits."""
    return f"{hex32[:8]}-{hex32[8:12]}-{hex32[12:16]}-{hex32[16:20]}-{hex32[20:]}"
