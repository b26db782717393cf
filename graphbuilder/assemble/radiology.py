"""Radiology reports: exams, lesions linked across them, measurements and stated assessments."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from graphbuilder.assemble.builder import GraphBuilder
from graphbuilder.assemble.evidence import (
    Unpacked,
    extracted_from,
    field_spans,
    unpack,
    value_of,
)
from graphbuilder.assemble.facts import ExamFact, LesionFact, MeasurementFact
from graphbuilder.assemble.lesions import (
    ExamSightings,
    LinkedLesions,
    Sighting,
    link_lesions,
    normalise_location,
)
from graphbuilder.core.ids import fact_id
from graphbuilder.extract.model import RadiologyFindings


@dataclass(frozen=True, slots=True)
class Exam:
    """A radiology report with findings, dated by its exam date (else the report date)."""

    report_id: str
    text: str
    run_id: str
    date: dt.date
    findings: RadiologyFindings


@dataclass(frozen=True, slots=True)
class RadiologyFacts:
    lesions: tuple[LesionFact, ...]
    measurements: tuple[MeasurementFact, ...]
    exams: tuple[ExamFact, ...]


def _sighting(report_id: str, index: int, date: dt.date, values: dict[str, Any]) -> Sighting:
    """A lesion as lesion linking reads it, from its unpacked values."""
    nodal = values["nodal"]
    long_axis, short_axis = values.get("long_axis_mm"), values.get("short_axis_mm")
    quoted_short, quoted_long = (
        values.get("previous.short_axis_mm"),
        values.get("previous.long_axis_mm"),
    )
    quoted = quoted_short if nodal and quoted_short is not None else quoted_long
    location = values.get("location")
    return Sighting(
        report_id=report_id,
        index=index,
        date=date,
        organ=values["organ"],
        location=normalise_location(location),
        location_text=location,
        laterality=values.get("laterality", ""),
        nodal=nodal,
        size_mm=(short_axis if short_axis is not None else long_axis) if nodal else long_axis,
        status=values["status"],
        quoted_mm=quoted,
        quoted_date=values.get("previous.date"),
    )


def exam_sightings(exam: Exam, lesions: Sequence[Unpacked]) -> ExamSightings:
    return ExamSightings(
        exam.report_id,
        exam.date,
        tuple(
            _sighting(exam.report_id, i, exam.date, lesion.values)
            for i, lesion in enumerate(lesions)
        ),
    )


def add_radiology(builder: GraphBuilder, exams: Sequence[Exam]) -> RadiologyFacts:
    """Link the lesions of every exam, then write lesions, measurements and assessments."""
    lesions = [[unpack(lesion) for lesion in exam.findings.lesions] for exam in exams]
    all_sightings = [exam_sightings(exam, read) for exam, read in zip(exams, lesions, strict=True)]
    linked = link_lesions(builder.patient_id, all_sightings)
    lesion_facts = _add_lesions(builder, linked)
    measurements: list[MeasurementFact] = []
    exam_facts: list[ExamFact] = []
    for exam, sightings, read in zip(exams, all_sightings, lesions, strict=True):
        for sighting, lesion in zip(sightings.sightings, read, strict=True):
            measurements.append(_add_measurement(builder, exam, sighting, lesion, linked))
        exam_facts.append(_add_assessment(builder, exam))
    return RadiologyFacts(lesion_facts, tuple(measurements), tuple(exam_facts))


def _add_lesions(builder: GraphBuilder, linked: LinkedLesions) -> tuple[LesionFact, ...]:
    facts = []
    for track in linked.tracks:
        node = builder.node(
            "Lesion",
            {
                "id": track.lesion_id,
                "patient_id": builder.patient_id,
                "organ": track.organ,
                "location": track.location,
                "laterality": track.laterality,
                "nodal": track.nodal,
                "first_seen": track.first_seen,
                "last_seen": track.last_seen,
            },
        )
        builder.link("HAS_LESION", builder.patient, node)
        facts.append(
            LesionFact(
                track.lesion_id,
                track.organ,
                track.location,
                track.laterality,
                track.nodal,
                track.first_seen,
                track.last_seen,
            )
        )
    return tuple(facts)


def _add_measurement(
    builder: GraphBuilder, exam: Exam, sighting: Sighting, lesion: Unpacked, linked: LinkedLesions
) -> MeasurementFact:
    link = linked.links[(exam.report_id, sighting.index)]
    values = lesion.values
    laterality = sighting.laterality or None
    fact = MeasurementFact(
        node_id=fact_id(
            "measurement",
            builder.patient_id,
            exam.report_id,
            sighting.organ,
            sighting.location,
            sighting.laterality,
            sighting.nodal,
            sighting.index,
        ),
        lesion_id=link.lesion_id,
        report_id=exam.report_id,
        date=exam.date,
        organ=sighting.organ,
        location=sighting.location_text,
        laterality=laterality,
        nodal=sighting.nodal,
        long_axis_mm=values.get("long_axis_mm"),
        short_axis_mm=values.get("short_axis_mm"),
        status=sighting.status,
        target=values.get("target"),
        previous_long_axis_mm=values.get("previous.long_axis_mm"),
        previous_short_axis_mm=values.get("previous.short_axis_mm"),
        previous_date=sighting.quoted_date,
        link_confidence=link.confidence,
        new_lesion_candidate=link.new_candidate,
    )
    node = builder.fact(
        "Measurement",
        {
            "id": fact.node_id,
            "date": fact.date,
            "long_axis_mm": fact.long_axis_mm,
            "short_axis_mm": fact.short_axis_mm,
            "status": fact.status,
            "target": fact.target,
            "previous_long_axis_mm": fact.previous_long_axis_mm,
            "previous_short_axis_mm": fact.previous_short_axis_mm,
            "previous_date": fact.previous_date,
            "link_confidence": link.confidence,
            "link_basis": link.basis,
            "new_lesion_candidate": link.new_candidate,
        },
        lesion.properties(exam.text, exam.run_id),
        exam.report_id,
    )
    builder.link("HAS_MEASUREMENT", ("Lesion", link.lesion_id), node)
    return fact


_ASSESSMENT_FIELDS = ("stated_evolution", "stated_recist", "is_follow_up", "no_new_lesion")


def assessment_spans(findings: RadiologyFindings) -> dict[str, tuple[int, int]]:
    """The assessment's evidence is the conclusion's wording, not the exam date at the top."""
    spans = field_spans(findings)
    stated = {name: span for name, span in spans.items() if name in _ASSESSMENT_FIELDS}
    return stated or spans


def _add_assessment(builder: GraphBuilder, exam: Exam) -> ExamFact:
    findings = exam.findings
    evolution, recist = value_of(findings.stated_evolution), value_of(findings.stated_recist)
    follow_up, no_new = value_of(findings.is_follow_up), value_of(findings.no_new_lesion)
    node_id = None
    stated = (evolution, recist, follow_up, no_new, findings.modality)
    if any(value is not None for value in stated):
        node = builder.fact(
            "StatedAssessment",
            {
                "id": fact_id("assessment", builder.patient_id, exam.report_id),
                "date": exam.date,
                "evolution": evolution,
                "recist_category": recist,
                "is_follow_up": follow_up,
                "modality": value_of(findings.modality),
                "no_new_lesion": no_new,
            },
            extracted_from(assessment_spans(findings), exam.text, exam.run_id),
            exam.report_id,
        )
        builder.link("HAS_ASSESSMENT", builder.report_node(exam.report_id), node)
        node_id = node[1]
    return ExamFact(
        node_id=node_id,
        report_id=exam.report_id,
        report_node_id=builder.report_node(exam.report_id)[1],
        date=exam.date,
        evolution=evolution,
        recist_category=recist,
        is_follow_up=follow_up,
        no_new_lesion=no_new,
        comparison_dates=tuple(d.value for d in findings.comparison_dates),
        has_lesions=bool(findings.lesions),
    )
