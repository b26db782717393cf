"""Run the engine over many patients, splitting each patient's exams into treatment lines.

Line i of a patient runs from its start to the next line's start: exams up to and including
that next start date are follow-ups of line i (the exam on that day is also the next line's
baseline). A patient with no start date gets one line whose baseline is the first exam.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from graphbuilder.rules.recist.best_response import best_overall_response
from graphbuilder.rules.recist.engine import assess_line
from graphbuilder.rules.recist.model import (
    BestResponse,
    DatedResponse,
    LesionObservation,
    LineAssessment,
    RecistOptions,
    TimepointAssessment,
)


@dataclass(frozen=True, slots=True)
class PatientLine:
    """One patient's assessment for one treatment line."""

    patient_id: str
    assessment: LineAssessment


@dataclass(frozen=True, slots=True)
class PatientBest:
    """Best overall response derived from a patient's assessed timepoint responses."""

    patient_id: str
    line_start: dt.date | None
    best: BestResponse


def line_windows(starts: Sequence[dt.date]) -> list[tuple[dt.date | None, dt.date | None]]:
    """(start, end) of each line: [(s1, s2), (s2, s3), (s3, None)]; [(None, None)] if none."""
    ordered = sorted(set(starts))
    if not ordered:
        return [(None, None)]
    ends: list[dt.date | None] = [*ordered[1:], None]
    return list(zip(ordered, ends, strict=True))


def assess_patients(
    measurements: Mapping[str, Sequence[LesionObservation]],
    timepoints: Mapping[str, Sequence[TimepointAssessment]],
    starts: Mapping[str, Sequence[dt.date]],
    options: RecistOptions,
) -> list[PatientLine]:
    """Every patient's lines, in patient then line order."""
    patients = sorted(set(measurements).union(timepoints, starts))
    results: list[PatientLine] = []
    for patient in patients:
        observations = measurements.get(patient, ())
        readings = timepoints.get(patient, ())
        for start, end in line_windows(starts.get(patient, ())):
            assessment = assess_line(observations, readings, start, options, line_end=end)
            results.append(PatientLine(patient, assessment))
    return results


def best_responses(
    responses: Mapping[str, Sequence[DatedResponse]],
    starts: Mapping[str, Sequence[dt.date]],
    options: RecistOptions,
) -> list[PatientBest]:
    """Best overall response per patient and line from already assessed responses.

    With line starts, a line's responses are those after its start and up to the next start,
    and stable disease duration counts from the start; without, there is one line and the
    minimum SD duration cannot be checked.
    """
    results: list[PatientBest] = []
    for patient in sorted(set(responses).union(starts)):
        dated = responses.get(patient, ())
        for start, end in line_windows(starts.get(patient, ())):
            window = [
                r
                for r in dated
                if (start is None or r.date > start) and (end is None or r.date <= end)
            ]
            best = best_overall_response(window, start, options)
            results.append(PatientBest(patient, start, best))
    return results
