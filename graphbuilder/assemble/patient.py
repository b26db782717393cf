"""Assemble one patient's graph from its reports, their extractions and structured events."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from graphbuilder.assemble.evidence import extracted_from, field_spans, value_of
from graphbuilder.assemble.lesions import AnatomicalKey, TrackedLesion, anatomical_keys
from graphbuilder.core.ids import fact_id, patient_node_id, report_node_id
from graphbuilder.core.patient_graph import PatientGraph
from graphbuilder.extract.model import (
    PathologyResult,
    RadiologyFindings,
    ReportExtraction,
    TnmStage,
    Treatment,
    Tumour,
)


@dataclass(frozen=True)
class ReportRecord:
    """A corpus row, with the extraction made from it (if any) and the run that made it."""

    report_id: str
    date: dt.date
    kind: str
    text: str
    sha256: str
    source: str
    extraction: ReportExtraction | None = None
    run_id: str | None = None


@dataclass(frozen=True)
class PatientInput:
    patient_id: str
    reports: list[ReportRecord]
    events: list[dict[str, Any]] = field(default_factory=list)  # rows of the events table


def assemble_patient(patient: PatientInput) -> PatientGraph:
    """Build the patient's subgraph; ids are content-derived, so assembly is repeatable."""
    graph = PatientGraph(patient.patient_id)
    builder = _Builder(graph, patient.patient_id)
    builder.add_patient(patient.events)
    lesions: dict[AnatomicalKey, TrackedLesion] = {}
    for report in sorted(patient.reports, key=lambda r: (r.date, r.report_id)):
        builder.add_report(report)
        extraction = report.extraction
        if extraction is None or report.run_id is None:
            continue
        if extraction.radiology is not None:
            builder.add_radiology(report, extraction.radiology, lesions)
        for pathology in extraction.pathology:
            builder.add_pathology(report, pathology)
        for treatment in extraction.treatments:
            builder.add_text_treatment(report, treatment)
        for tumour in extraction.tumours:
            builder.add_tumour(report, tumour)
    for event in patient.events:
        if event.get("event") == "treatment":
            builder.add_structured_treatment(event)
    return graph


class _Builder:
    def __init__(self, graph: PatientGraph, patient_id: str) -> None:
        self.graph = graph
        self.patient_id = patient_id
        self.patient = ("Patient", patient_node_id(patient_id))

    def add_patient(self, events: list[dict[str, Any]]) -> None:
        deaths = [e["start_date"] for e in events if e.get("event") == "death"]
        self.graph.add_node(
            "Patient",
            {
                "id": self.patient[1],
                "patient_id": self.patient_id,
                "death_date": min(deaths) if deaths else None,
            },
        )

    def add_report(self, report: ReportRecord) -> None:
        node = ("Report", report_node_id(self.patient_id, report.report_id))
        self.graph.add_node(
            "Report",
            {
                "id": node[1],
                "patient_id": self.patient_id,
                "report_id": report.report_id,
                "date": report.date,
                "kind": report.kind,
                "sha256": report.sha256,
                "n_chars": len(report.text),
                "source": report.source,
            },
        )
        self.graph.add_relationship("HAS_REPORT", self.patient, node)
        if report.run_id is not None:
            self.graph.add_relationship("EXTRACTED_BY", node, ("ExtractionRun", report.run_id))

    def _fact(
        self,
        label: str,
        row: dict[str, Any],
        spans: dict[str, tuple[int, int]],
        report: ReportRecord,
    ) -> tuple[str, str]:
        """Add a fact node and its EXTRACTED_FROM edge to the report, with the evidence."""
        node = (label, self.graph.add_node(label, {"patient_id": self.patient_id, **row}))
        report_node = ("Report", report_node_id(self.patient_id, report.report_id))
        self.graph.add_relationship(
            "EXTRACTED_FROM",
            node,
            report_node,
            extracted_from(spans, report.text, str(report.run_id)),
        )
        return node

    def add_radiology(
        self,
        report: ReportRecord,
        findings: RadiologyFindings,
        lesions: dict[AnatomicalKey, TrackedLesion],
    ) -> None:
        exam_date = value_of(findings.exam_date) or report.date
        report_node = ("Report", report_node_id(self.patient_id, report.report_id))
        if any(
            (
                findings.stated_evolution,
                findings.stated_recist,
                findings.is_follow_up,
                findings.no_new_lesion,
                findings.modality,
            )
        ):
            node = self._fact(
                "StatedAssessment",
                {
                    "id": fact_id("assessment", self.patient_id, report.report_id),
                    "date": exam_date,
                    "evolution": value_of(findings.stated_evolution),
                    "recist_category": value_of(findings.stated_recist),
                    "is_follow_up": value_of(findings.is_follow_up),
                    "modality": value_of(findings.modality),
                    "no_new_lesion": value_of(findings.no_new_lesion),
                },
                assessment_spans(findings),
                report,
            )
            self.graph.add_relationship("HAS_ASSESSMENT", report_node, node)
        for lesion, key in zip(findings.lesions, anatomical_keys(findings.lesions), strict=True):
            tracked = lesions.setdefault(key, TrackedLesion(key, exam_date))
            lesion_node = (
                "Lesion",
                self.graph.add_node(
                    "Lesion",
                    {
                        "id": fact_id("lesion", self.patient_id, *key, tracked.first_seen),
                        "patient_id": self.patient_id,
                        "organ": key[0],
                        "location": value_of(lesion.location),
                        "laterality": key[2] or None,
                        "nodal": key[3],
                        "first_seen": tracked.first_seen,
                    },
                ),
            )
            self.graph.add_relationship("HAS_LESION", self.patient, lesion_node)
            previous = lesion.previous
            measurement = self._fact(
                "Measurement",
                {
                    "id": fact_id("measurement", self.patient_id, report.report_id, *key),
                    "date": exam_date,
                    "long_axis_mm": value_of(lesion.long_axis_mm),
                    "short_axis_mm": value_of(lesion.short_axis_mm),
                    "status": value_of(lesion.status),
                    "target": value_of(lesion.target),
                    "previous_long_axis_mm": value_of(previous.long_axis_mm) if previous else None,
                    "previous_short_axis_mm": value_of(previous.short_axis_mm)
                    if previous
                    else None,
                    "previous_date": value_of(previous.date) if previous else None,
                },
                field_spans(lesion),
                report,
            )
            self.graph.add_relationship("HAS_MEASUREMENT", lesion_node, measurement)

    def add_pathology(self, report: ReportRecord, result: PathologyResult) -> None:
        row = {name: value_of(getattr(result, name)) for name in _PATHOLOGY_COLUMNS}
        tnm = value_of(result.tnm)
        node = self._fact(
            "PathologyResult",
            {
                "id": fact_id(
                    "pathology", self.patient_id, report.report_id, result.model_dump_json()
                ),
                "date": report.date,
                **row,
                "tnm": format_tnm(tnm) if tnm else None,
            },
            field_spans(result),
            report,
        )
        self.graph.add_relationship(
            "HAS_PATHOLOGY", ("Report", report_node_id(self.patient_id, report.report_id)), node
        )

    def add_text_treatment(self, report: ReportRecord, treatment: Treatment) -> None:
        name = treatment.name.value
        start, line = value_of(treatment.start), value_of(treatment.line)
        node = self._fact(
            "Treatment",
            {
                "id": fact_id("treatment", self.patient_id, "text", name.lower(), start, line),
                "name": name,
                "category": value_of(treatment.category),
                "start_date": start,
                "end_date": value_of(treatment.end),
                "status": value_of(treatment.status),
                "line": line,
                "dose_gy": value_of(treatment.dose_gy),
                "fractions": value_of(treatment.fractions),
                "source": "text",
            },
            field_spans(treatment),
            report,
        )
        self.graph.add_relationship("RECEIVED", self.patient, node)

    def add_structured_treatment(self, event: dict[str, Any]) -> None:
        node = (
            "Treatment",
            self.graph.add_node(
                "Treatment",
                {
                    "id": fact_id(
                        "treatment",
                        self.patient_id,
                        "structured",
                        event["name"],
                        event.get("start_date"),
                    ),
                    "patient_id": self.patient_id,
                    "name": event["name"],
                    "category": event.get("category") or "other",
                    "start_date": event.get("start_date"),
                    "end_date": event.get("end_date"),
                    "status": None,
                    "line": event.get("line"),
                    "source": "structured",
                },
            ),
        )
        self.graph.add_relationship("RECEIVED", self.patient, node)

    def add_tumour(self, report: ReportRecord, tumour: Tumour) -> None:
        site, laterality = value_of(tumour.site), value_of(tumour.laterality)
        node = self._fact(
            "Tumour",
            {
                "id": fact_id("tumour", self.patient_id, site, laterality),
                "site": site,
                "histology": value_of(tumour.histology),
                "laterality": laterality,
                "diagnosis_date": value_of(tumour.diagnosis_date),
            },
            field_spans(tumour),
            report,
        )
        self.graph.add_relationship("HAS_TUMOUR", self.patient, node)


_PATHOLOGY_COLUMNS = (
    "specimen_type",
    "morphology",
    "morphology_icdo",
    "laterality",
    "sbr_grade",
    "tumour_size_mm",
    "margins_clear",
    "nodes_examined",
    "nodes_positive",
    "lymphovascular_invasion",
    "extracapsular_spread",
    "er_status",
    "er_percent",
    "pr_status",
    "pr_percent",
    "her2_status",
    "her2_ihc",
    "her2_ish",
    "ki67_percent",
)


def format_tnm(tnm: TnmStage) -> str:
    """`TnmStage(prefix='yp', t='2', n='1', m='0')` → 'ypT2N1M0'."""
    parts = [
        f"{letter}{value}"
        for letter, value in (("T", tnm.t), ("N", tnm.n), ("M", tnm.m))
        if value is not None
    ]
    return (tnm.prefix or "") + "".join(parts)


_ASSESSMENT_FIELDS = ("stated_evolution", "stated_recist", "is_follow_up", "no_new_lesion")


def assessment_spans(findings: RadiologyFindings) -> dict[str, tuple[int, int]]:
    """The assessment's evidence is the conclusion's wording, not the exam date at the top."""
    spans = field_spans(findings)
    stated = {name: span for name, span in spans.items() if name in _ASSESSMENT_FIELDS}
    return stated or spans
