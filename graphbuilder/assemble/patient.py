"""Assemble one patient's graph from its reports, their extractions and structured events.

`assemble(patient)` returns the graph rows and, beside them, the typed facts the rule passes
read (`PatientFacts`). It reads each report first (`reading.read_report`: what depends on the
report alone), then puts the readings together (`assemble_readings`: lesions linked across
exams, the mentions of each treatment course and tumour gathered, lines); the build keeps
each report's reading, so a new report costs only its own. Ids are content-derived, so
assembling the same input twice gives the same graph. A report id given twice with different
texts is assembled once (the first) and kept as a `DuplicateReport` for the conflict rules.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field, fields
from typing import Any

from graphbuilder.assemble.builder import GraphBuilder
from graphbuilder.assemble.evidence import Unpacked
from graphbuilder.assemble.facts import (
    DuplicateReport,
    PathologyFact,
    PatientFacts,
    ReportFact,
    TreatmentFact,
    TreatmentLine,
    TumourFact,
)
from graphbuilder.assemble.lines import VERSION as LINES_VERSION
from graphbuilder.assemble.lines import course_of_mentions, surgery_dates, treatment_lines
from graphbuilder.assemble.radiology import Exam, add_radiology
from graphbuilder.assemble.reading import (
    ReportReading,
    RowReading,
    read_report,
)
from graphbuilder.core.ids import fact_id
from graphbuilder.core.patient_graph import PatientGraph
from graphbuilder.extract.model import ReportExtraction


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


@dataclass(frozen=True)
class AssembledPatient:
    graph: PatientGraph
    facts: PatientFacts


def assemble_patient(patient: PatientInput) -> PatientGraph:
    """The patient's subgraph (see `assemble` for the facts beside it)."""
    return assemble(patient).graph


def assemble(patient: PatientInput) -> AssembledPatient:
    """Build the patient's subgraph and the facts the rule passes read."""
    readings = [read_record(patient.patient_id, record) for record in patient.reports]
    return assemble_readings(patient.patient_id, readings, patient.events)


def read_record(patient_id: str, record: ReportRecord) -> ReportReading:
    """A corpus row and its extraction, read for assembly (`reading.read_report`)."""
    return read_report(
        patient_id,
        record.report_id,
        date=record.date,
        kind=record.kind,
        text=record.text,
        sha256=record.sha256,
        source=record.source,
        extraction=record.extraction,
        run_id=record.run_id,
    )


def assemble_readings(
    patient_id: str, readings: Sequence[ReportReading], events: Sequence[dict[str, Any]] = ()
) -> AssembledPatient:
    """The patient's subgraph and facts from its reports as read (in any order) and its rows
    of the events table."""
    builder = GraphBuilder(patient_id)
    reports, duplicates = unique_reports(readings)
    death, diagnosis = _event_dates(events, "death"), _event_dates(events, "diagnosis")
    builder.node(
        "Patient",
        {
            "id": builder.patient[1],
            "patient_id": patient_id,
            "death_date": min(death, default=None),
            "diagnosis_date": min(diagnosis, default=None),
        },
    )
    report_facts = tuple(_add_report(builder, report) for report in reports)
    exams = [Exam(report) for report in reports if report.exam is not None]
    radiology = add_radiology(builder, exams)
    facts = _Facts(sides=_tumour_sides(reports), courses=_text_courses(reports))
    for report in reports:
        facts.add_report_facts(builder, report)
    for event in events:
        if event.get("event") == "treatment":
            facts.treatments.append(_add_structured_treatment(builder, event))
    lines = treatment_lines(patient_id, facts.treatments)
    _add_lines(builder, lines)
    return AssembledPatient(
        builder.graph,
        PatientFacts(
            patient_id=patient_id,
            patient_node_id=builder.patient[1],
            death_date=min(death, default=None),
            diagnosis_date=min(diagnosis, default=None),
            reports=report_facts,
            duplicates=tuple(_duplicate_fact(builder, group) for group in duplicates),
            lesions=radiology.lesions,
            measurements=radiology.measurements,
            exams=radiology.exams,
            treatments=tuple(facts.treatments),
            tumours=tuple(facts.tumours),
            pathology=tuple(facts.pathology),
            lines=lines,
            surgeries=surgery_dates(facts.treatments),
        ),
    )


def unique_reports(
    reports: Sequence[ReportReading],
) -> tuple[list[ReportReading], list[list[ReportReading]]]:
    """Reports in date order, one per id (the first given), and the ids given with other texts."""
    first: dict[str, ReportReading] = {}
    others: dict[str, list[ReportReading]] = {}
    for report in reports:
        kept = first.setdefault(report.report_id, report)
        if kept is not report and report.sha256 != kept.sha256:
            others.setdefault(report.report_id, [kept]).append(report)
    ordered = sorted(first.values(), key=lambda r: (r.date, r.report_id))
    return ordered, list(others.values())


def _event_dates(events: Sequence[dict[str, Any]], kind: str) -> list[dt.date]:
    return [e["start_date"] for e in events if e.get("event") == kind and e.get("start_date")]


def _add_report(builder: GraphBuilder, report: ReportReading) -> ReportFact:
    node = builder.report_node(report.report_id)
    builder.node(
        "Report",
        {
            "id": node[1],
            "patient_id": builder.patient_id,
            "report_id": report.report_id,
            "date": report.date,
            "kind": report.kind,
            "sha256": report.sha256,
            "n_chars": report.n_chars,
            "source": report.source,
        },
    )
    builder.link("HAS_REPORT", builder.patient, node)
    if report.run_id is not None:
        builder.link("EXTRACTED_BY", node, ("ExtractionRun", report.run_id))
    return ReportFact(
        node[1], report.report_id, report.date, report.kind, report.sha256, report.source
    )


def _duplicate_fact(builder: GraphBuilder, group: list[ReportReading]) -> DuplicateReport:
    return DuplicateReport(
        node_id=builder.report_node(group[0].report_id)[1],
        report_id=group[0].report_id,
        sha256s=tuple(dict.fromkeys(r.sha256 for r in group)),
        sources=tuple(r.source for r in group),
    )


@dataclass
class _Facts:
    """Facts read from reports other than radiology findings."""

    sides: dict[str, str] = field(default_factory=dict)  # see `_tumour_sides`
    courses: dict[str, tuple[str, dt.date | None]] = field(default_factory=dict)  # `_text_courses`
    treatments: list[TreatmentFact] = field(default_factory=list)
    tumours: list[TumourFact] = field(default_factory=list)
    pathology: list[PathologyFact] = field(default_factory=list)

    def add_report_facts(self, builder: GraphBuilder, report: ReportReading) -> None:
        for result in report.pathology:
            self.pathology.append(_add_pathology(builder, report, result))
        for index, treatment in enumerate(report.treatments):
            course = self.courses[_mention_id(report, index)]
            self.treatments.append(_add_text_treatment(builder, report, treatment, course))
        for tumour in report.tumours:
            self.tumours.append(_add_tumour(builder, report, tumour, self.sides))


def _tumour_sides(reports: Sequence[ReportReading]) -> dict[str, str]:
    """Site → the one laterality the reports give its tumour. A report that names the tumour
    without its side ("l'adénocarcinome pulmonaire") means that tumour, not a second one; a
    site given two sides (both breasts) has two tumours, and a mention without a side stays
    apart from both."""
    sides: defaultdict[str, set[str]] = defaultdict(set)
    for report in reports:
        for tumour in report.tumours:
            side = tumour.values.get("laterality")
            if side is not None:
                sides[tumour.values["site"]].add(side)
    return {site: next(iter(found)) for site, found in sides.items() if len(found) == 1}


def _add_pathology(
    builder: GraphBuilder, report: ReportReading, result: RowReading
) -> PathologyFact:
    row = result.row
    node = builder.fact(
        "PathologyResult", dict(row), report.evidence(result.spans), report.report_id
    )
    builder.link("HAS_PATHOLOGY", builder.report_node(report.report_id), node)
    return PathologyFact(
        node_id=result.node_id,
        report_id=report.report_id,
        date=report.date,
        **{name: row[name] for name in _PATHOLOGY_FACT_FIELDS},
    )


# The PathologyFact fields a pathology row gives (the others say where the row comes from).
_PATHOLOGY_FACT_FIELDS = tuple(
    item.name for item in fields(PathologyFact) if item.name not in {"node_id", "report_id", "date"}
)


def _mention_id(report: ReportReading, index: int) -> str:
    return f"{report.report_id}#{index}"


def _text_courses(reports: Sequence[ReportReading]) -> dict[str, tuple[str, dt.date | None]]:
    """The course each treatment mention speaks of (see `course_of_mentions`), by mention:
    "FOLFOX débuté le 08/02/2023", a later "FOLFOX arrêté" and "sous FOLFOX (1re ligne)" are
    one course, so one Treatment node, whatever each says of its start, status or line."""
    mentions = [
        TreatmentFact(
            node_id=_mention_id(report, index),
            report_id=report.report_id,
            report_date=report.date,
            name=treatment.values["name"],
            category=treatment.values["category"],
            start_date=treatment.values.get("start"),
            end_date=None,
            status=treatment.values.get("status"),
            line=None,
            source="text",
        )
        for report in reports
        for index, treatment in enumerate(report.treatments)
    ]
    return course_of_mentions(mentions)


def _add_text_treatment(
    builder: GraphBuilder,
    report: ReportReading,
    treatment: Unpacked,
    course: tuple[str, dt.date | None],
) -> TreatmentFact:
    values = treatment.values
    name, start, line = values["name"], values.get("start"), values.get("line")
    fact = TreatmentFact(
        node_id=builder.shared_id("treatment", "text", *course),
        report_id=report.report_id,
        report_date=report.date,
        name=name,
        category=values["category"],
        start_date=start,
        end_date=values.get("end"),
        status=values.get("status"),
        line=line,
        source="text",
    )
    row = {
        "id": fact.node_id,
        "name": name,
        "category": fact.category,
        "start_date": start,
        "end_date": fact.end_date,
        "status": fact.status,
        "line": line,
        "dose_gy": values.get("dose_gy"),
        "fractions": values.get("fractions"),
        "source": "text",
    }
    row = _as_latest_stated(builder, row)
    node = builder.fact("Treatment", row, report.evidence(treatment.spans), report.report_id)
    builder.link("RECEIVED", builder.patient, node)
    return fact


# What a report says of where a course stands: taken together, from the latest report that
# says either (an end date with another report's status would be a statement no report made).
_COURSE_STATE = ("status", "end_date")


def _as_latest_stated(builder: GraphBuilder, row: dict[str, Any]) -> dict[str, Any]:
    """A treatment's row as its reports state it, in date order: where the course stands from
    the latest report that says, and every other value as some report stated it. A later
    letter that only names the regimen ("sous FOLFIRI") erases neither its status nor its end,
    nor a dose."""
    stored = builder.graph.nodes.get("Treatment", {}).get(row["id"])
    if stored is None:
        return row
    merged = {name: stored.get(name) if value is None else value for name, value in row.items()}
    if any(row[name] is not None for name in _COURSE_STATE):  # this report says: both are its
        merged.update((name, row[name]) for name in _COURSE_STATE)
    return merged


def _add_structured_treatment(builder: GraphBuilder, event: dict[str, Any]) -> TreatmentFact:
    name, start = event["name"], event.get("start_date")
    fact = TreatmentFact(
        node_id=fact_id("treatment", builder.patient_id, "structured", name, start),
        report_id=None,
        report_date=None,
        name=name,
        category=event.get("category") or "other",
        start_date=start,
        end_date=event.get("end_date"),
        status=None,
        line=event.get("line"),
        source="structured",
    )
    node = builder.node(
        "Treatment",
        {
            "id": fact.node_id,
            "patient_id": builder.patient_id,
            "name": name,
            "category": fact.category,
            "start_date": start,
            "end_date": fact.end_date,
            "status": None,
            "line": fact.line,
            "source": "structured",
        },
    )
    builder.link("RECEIVED", builder.patient, node)
    return fact


def _add_tumour(
    builder: GraphBuilder, report: ReportReading, tumour: Unpacked, sides: dict[str, str]
) -> TumourFact:
    values = tumour.values
    site, laterality = values["site"], values.get("laterality")
    side = laterality or sides.get(site)  # the node's; the fact keeps what this report says
    fact = TumourFact(
        node_id=builder.shared_id("tumour", site, side),
        report_id=report.report_id,
        date=report.date,
        site=site,
        histology=values.get("histology"),
        laterality=laterality,
        diagnosis_date=values.get("diagnosis_date"),
    )
    row = {
        "id": fact.node_id,
        "site": site,
        "histology": fact.histology,
        "laterality": side,
        "diagnosis_date": fact.diagnosis_date,
    }
    evidence = report.evidence(tumour.spans)
    node = builder.fact("Tumour", _as_first_stated(builder, row), evidence, report.report_id)
    builder.link("HAS_TUMOUR", builder.patient, node)
    return fact


def _as_first_stated(builder: GraphBuilder, row: dict[str, Any]) -> dict[str, Any]:
    """A tumour's row as first stated (reports come in date order): a later report that names
    the tumour without its histology or diagnosis date does not erase them, and one that words
    them otherwise is its own fact, which the conflict rules compare. (A treatment's row moves
    on with its reports: `_as_latest_stated`.)"""
    stored = builder.graph.nodes.get("Tumour", {}).get(row["id"])
    if stored is None:
        return row
    return {
        name: value if stored.get(name) is None else stored[name] for name, value in row.items()
    }


def _add_lines(builder: GraphBuilder, lines: tuple[TreatmentLine, ...]) -> None:
    """TreatmentLine nodes as assembly knows them; the RECIST pass adds its numbers."""
    for line in lines:
        node = builder.node("TreatmentLine", line_row(builder.patient_id, line))
        builder.link("HAS_LINE", builder.patient, node)
        for treatment_id in line.treatment_ids:
            builder.link("INCLUDES", node, ("Treatment", treatment_id))


def line_row(patient_id: str, line: TreatmentLine) -> dict[str, Any]:
    return {
        "id": line.node_id,
        "patient_id": patient_id,
        "sequence": line.sequence,
        "stated_number": line.stated_number,
        "regimen": " + ".join(line.regimen),
        "start_date": line.start_date,
        "end_date": line.end_date,
        "assessed_until": line.assessed_until,
        "basis": line.basis,
        "version": LINES_VERSION,
    }
