"""One report read for assembly: its facts as plain values, with their evidence and ids.

Everything here depends on the report alone (its text, extraction and run), not on the
patient's other reports: the values of each fact by field path, the properties of its
EXTRACTED_FROM edge, and the ids and rows of the facts that belong to this report only (a
measurement, a stated assessment, a pathology result). What depends on the other reports
(which lesion a measurement is, which course a treatment mention speaks of, a tumour's side)
is left to `patient.assemble_readings`.

The build reads each report once and keeps its reading in the process cache, so a patient's
new follow-up report costs assembly the new report's reading and the linking, not the
re-reading of every earlier report. Readings are plain dataclasses of dicts, tuples and
strings: unpickling them is cheap, where rebuilding an extraction's pydantic models is not.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import Any

from graphbuilder.assemble.evidence import (
    Spans,
    Unpacked,
    field_spans,
    spans_of,
    unpack,
    value_of,
)
from graphbuilder.core.ids import fact_id
from graphbuilder.extract.model import (
    PathologyResult,
    RadiologyFindings,
    ReportExtraction,
    TnmStage,
)

# The pathology variables copied from a PathologyResult onto its graph node.
PATHOLOGY_COLUMNS = (
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


@dataclass(frozen=True)
class RowReading:
    """A fact node that belongs to one report: its id, its row (without `patient_id`) and
    the spans of its evidence."""

    node_id: str
    row: dict[str, Any]
    spans: Spans


@dataclass(frozen=True)
class ExamReading:
    """A radiology report with findings, dated by its exam date (else the report date)."""

    date: dt.date
    lesions: tuple[Unpacked, ...]
    assessment: dict[str, Any]  # evolution, recist_category, is_follow_up, modality, ...
    assessment_row: RowReading | None  # the StatedAssessment, when the report states any
    comparison_dates: tuple[dt.date, ...]


# Not frozen slots dataclasses: the cache pickles one reading per report, and pickling goes
# through a Python-level __getstate__ for those, through C for these.
@dataclass(frozen=True)
class ReportReading:
    """What assembly reads of one report (no facts when its extraction failed or none ran:
    the report is then in the graph without them).

    The text, which the evidence quotes, is not kept with the reading (the corpus has it, and
    quotes would double the cache): `placed` puts it back, with the report's current place in
    the input (`source`), which is not part of what the report says either."""

    report_id: str
    date: dt.date
    kind: str
    sha256: str
    source: str
    n_chars: int
    run_id: str | None
    exam: ExamReading | None = None
    pathology: tuple[RowReading, ...] = ()
    treatments: tuple[Unpacked, ...] = ()
    tumours: tuple[Unpacked, ...] = ()
    text: str = ""

    def placed(self, source: str, text: str) -> ReportReading:
        """The reading with the report's current source and its text."""
        return replace(self, source=source, text=text)

    def evidence(self, spans: Spans) -> dict[str, Any]:
        """A fact's EXTRACTED_FROM properties: its spans, quoted from the text."""
        if not self.text and spans.names:
            raise ValueError(f"report {self.report_id!r}: its reading has no text to quote")
        return spans.properties(self.text, str(self.run_id))

    def __getstate__(self) -> dict[str, Any]:
        return {name: value for name, value in self.__dict__.items() if name != "text"}


def read_report(
    patient_id: str,
    report_id: str,
    *,
    date: dt.date,
    kind: str,
    text: str,
    sha256: str,
    source: str,
    extraction: ReportExtraction | None,
    run_id: str | None,
) -> ReportReading:
    """Read one report's extraction for assembly (no facts when `extraction` or `run_id` is
    None: the extraction failed or none ran)."""
    if extraction is None or run_id is None:
        return ReportReading(report_id, date, kind, sha256, source, len(text), run_id, text=text)

    findings = extraction.radiology
    return ReportReading(
        report_id,
        date,
        kind,
        sha256,
        source,
        len(text),
        run_id,
        exam=None if findings is None else _read_exam(patient_id, report_id, date, findings),
        pathology=tuple(
            _read_pathology(patient_id, report_id, date, result) for result in extraction.pathology
        ),
        treatments=tuple(unpack(treatment) for treatment in extraction.treatments),
        tumours=tuple(unpack(tumour) for tumour in extraction.tumours),
        text=text,
    )


_ASSESSMENT_FIELDS = ("stated_evolution", "stated_recist", "is_follow_up", "no_new_lesion")


def assessment_spans(findings: RadiologyFindings) -> dict[str, tuple[int, int]]:
    """The assessment's evidence is the conclusion's wording, not the exam date at the top."""
    spans = field_spans(findings)
    stated = {name: span for name, span in spans.items() if name in _ASSESSMENT_FIELDS}
    return stated or spans


def _read_exam(
    patient_id: str, report_id: str, report_date: dt.date, findings: RadiologyFindings
) -> ExamReading:
    date = value_of(findings.exam_date) or report_date
    assessment = {
        "evolution": value_of(findings.stated_evolution),
        "recist_category": value_of(findings.stated_recist),
        "is_follow_up": value_of(findings.is_follow_up),
        "modality": value_of(findings.modality),
        "no_new_lesion": value_of(findings.no_new_lesion),
    }
    row = None
    if any(value is not None for value in assessment.values()):
        node_id = fact_id("assessment", patient_id, report_id)
        row = RowReading(
            node_id,
            {"id": node_id, "date": date, **assessment},
            spans_of(assessment_spans(findings)),
        )
    return ExamReading(
        date,
        tuple(unpack(lesion) for lesion in findings.lesions),
        assessment,
        row,
        tuple(d.value for d in findings.comparison_dates),
    )


def _read_pathology(
    patient_id: str, report_id: str, date: dt.date, result: PathologyResult
) -> RowReading:
    read = unpack(result)
    tnm = read.values.get("tnm")
    node_id = fact_id("pathology", patient_id, report_id, result.model_dump_json())
    row = {
        "id": node_id,
        "date": date,
        **{name: read.values.get(name) for name in PATHOLOGY_COLUMNS},
        "tnm": format_tnm(tnm) if tnm else None,
    }
    return RowReading(node_id, row, read.spans)


def format_tnm(tnm: TnmStage) -> str:
    """`TnmStage(prefix='yp', t='2', n='1', m='0')` → 'ypT2N1M0'."""
    parts = [
        f"{letter}{value}"
        for letter, value in (("T", tnm.t), ("N", tnm.n), ("M", tnm.m))
        if value is not None
    ]
    return (tnm.prefix or "") + "".join(parts)
