"""Radiology reports: exams, lesions linked across them, measurements and stated assessments."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from graphbuilder.assemble.builder import GraphBuilder
from graphbuilder.assemble.evidence import Unpacked
from graphbuilder.assemble.facts import ExamFact, LesionFact, MeasurementFact
from graphbuilder.assemble.lesions import (
    ExamSightings,
    LinkedLesions,
    Sighting,
    link_lesions,
    normalise_location,
)
from graphbuilder.assemble.reading import ExamReading, ReportReading
from graphbuilder.core.ids import fact_id


@dataclass(frozen=True, slots=True)
class Exam:
    """A radiology report with findings, as read (`reading.ExamReading`)."""

    report: ReportReading

    @property
    def report_id(self) -> str:
        return self.report.report_id

    @property
    def reading(self) -> ExamReading:
        assert self.report.exam is not None
        return self.report.exam

    @property
    def date(self) -> dt.date:
        return self.reading.date


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


def exam_sightings(exam: Exam) -> ExamSightings:
    return ExamSightings(
        exam.report_id,
        exam.date,
        tuple(
            _sighting(exam.report_id, i, exam.date, lesion.values)
            for i, lesion in enumerate(exam.reading.lesions)
        ),
    )


def add_radiology(builder: GraphBuilder, exams: Sequence[Exam]) -> RadiologyFacts:
    """Link the lesions of every exam, then write lesions, measurements and assessments."""
    all_sightings = [exam_sightings(exam) for exam in exams]
    linked = link_lesions(builder.patient_id, all_sightings)
    lesion_facts = _add_lesions(builder, linked)
    measurements: list[MeasurementFact] = []
    exam_facts: list[ExamFact] = []
    for exam, sightings in zip(exams, all_sightings, strict=True):
        for sighting, lesion in zip(sightings.sightings, exam.reading.lesions, strict=True):
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
    builder: GraphBuilder,
    exam: Exam,
    sighting: Sighting,
    lesion: Unpacked,
    linked: LinkedLesions,
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
        exam.report.evidence(lesion.spans),
        exam.report_id,
    )
    builder.link("HAS_MEASUREMENT", ("Lesion", link.lesion_id), node)
    return fact


def _add_assessment(builder: GraphBuilder, exam: Exam) -> ExamFact:
    reading = exam.reading
    stated, report_node = reading.assessment_row, builder.report_node(exam.report_id)
    if stated is not None:
        evidence = exam.report.evidence(stated.spans)
        node = builder.fact("StatedAssessment", dict(stated.row), evidence, exam.report_id)
        builder.link("HAS_ASSESSMENT", report_node, node)
    values = reading.assessment
    return ExamFact(
        node_id=stated.node_id if stated is not None else None,
        report_id=exam.report_id,
        report_node_id=report_node[1],
        date=exam.date,
        evolution=values["evolution"],
        recist_category=values["recist_category"],
        is_follow_up=values["is_follow_up"],
        no_new_lesion=values["no_new_lesion"],
        comparison_dates=reading.comparison_dates,
        has_lesions=bool(reading.lesions),
    )
