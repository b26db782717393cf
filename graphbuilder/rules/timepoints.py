"""RECIST 1.1 per treatment line, from a patient's linked lesions (`assess_patient`).

Inputs to the engine, per line: one observation per lesion and exam date (when two reports
describe the same lesion on the same date, the one with a measurement wins; the conflict
rules flag differing sizes), restricted to exams after the last surgery before the line; the
reader's "no new lesion" when the report states it; and an empty reading for a follow-up exam
that describes no lesion, so that it is a timepoint (not evaluable) rather than skipped.

Quoted previous sizes: when a report quotes a lesion's size on an earlier date (or on its one
comparison date) and no exam of that date is in the corpus, the quote stands in for the
missing exam. That exam then takes part like any other (as a baseline, or as the previous exam
the next one is compared with) and its timepoint says `source = quoted`.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

from graphbuilder.assemble.facts import (
    ExamFact,
    LesionFact,
    MeasurementFact,
    PatientFacts,
    TreatmentLine,
)
from graphbuilder.core.ids import fact_id
from graphbuilder.rules.recist import (
    LesionObservation,
    LesionStatus,
    LineAssessment,
    NewLesions,
    RecistOptions,
    TimepointAssessment,
    TimepointResult,
)
from graphbuilder.rules.recist.engine import assess_snapshots
from graphbuilder.rules.recist.lesions import group_by_date

VERSION = "recist-lines.v1"
DEFAULT_OPTIONS = RecistOptions()
_STATUS = {
    "new": LesionStatus.PRESENT,
    "present": LesionStatus.PRESENT,
    "disappeared": LesionStatus.ABSENT,
    "too_small": LesionStatus.TOO_SMALL,
}
_TARGET = {"target": True, "non_target": False}

# (lesion label → (observation, measurement id)) per exam date
_Observed = dict[dt.date, dict[str, tuple[LesionObservation, str]]]


@dataclass(frozen=True)
class TimepointRecord:
    """One exam of a line as computed: the baseline (no `result`) or a follow-up."""

    node_id: str
    date: dt.date
    kind: str  # baseline | follow_up
    source: str  # measured | quoted
    result: TimepointResult | None
    previous_date: dt.date | None
    based_on: tuple[tuple[str, str], ...]  # (measurement id, role)
    assessment_ids: tuple[str, ...]
    explanation: str


@dataclass(frozen=True)
class LineRecist:
    line: TreatmentLine
    assessment: LineAssessment
    timepoints: tuple[TimepointRecord, ...]


@dataclass(frozen=True)
class PatientRecist:
    patient_id: str
    lines: tuple[LineRecist, ...]

    def follow_ups(self) -> Iterator[tuple[LineRecist, TimepointRecord]]:
        for line in self.lines:
            for timepoint in line.timepoints:
                if timepoint.result is not None:
                    yield line, timepoint


def lesion_labels(lesions: tuple[LesionFact, ...]) -> dict[str, str]:
    """Readable names for the engine's explanations: 'liver VI', 'lymph node 4R', '… #2'."""
    labels: dict[str, str] = {}
    seen: Counter[str] = Counter()
    for lesion in lesions:
        parts = [lesion.organ.replace("_", " "), lesion.location or "", lesion.laterality or ""]
        base = " ".join(part for part in parts if part)
        seen[base] += 1
        labels[lesion.node_id] = base if seen[base] == 1 else f"{base} #{seen[base]}"
    return labels


def _observation(label: str, date: dt.date, m: MeasurementFact, quoted: bool) -> LesionObservation:
    if quoted:
        return LesionObservation(
            label,
            date,
            m.organ,
            m.nodal,
            LesionStatus.PRESENT,
            m.previous_long_axis_mm,
            m.previous_short_axis_mm,
        )
    return LesionObservation(
        label,
        date,
        m.organ,
        m.nodal,
        _STATUS.get(m.status, LesionStatus.PRESENT),
        m.long_axis_mm,
        m.short_axis_mm,
        _TARGET.get(m.target) if m.target else None,
    )


def _measured(facts: PatientFacts, labels: dict[str, str]) -> _Observed:
    """One observation per lesion and date: a measured one rather than one without size."""
    chosen: dict[tuple[dt.date, str], MeasurementFact] = {}
    for m in facts.measurements:
        key = (m.date, m.lesion_id)
        kept = chosen.get(key)
        if kept is None or (kept.recist_axis_mm is None and m.recist_axis_mm is not None):
            chosen[key] = m
    observed: _Observed = {}
    for (date, lesion_id), m in chosen.items():
        label = labels[lesion_id]
        observed.setdefault(date, {})[label] = (_observation(label, date, m, False), m.node_id)
    return observed


def _quoted(facts: PatientFacts, labels: dict[str, str]) -> _Observed:
    """Sizes quoted for exams that are not in the corpus, by the date they were measured."""
    exam_dates = facts.exam_dates()
    comparisons = {exam.report_id: exam.comparison_dates for exam in facts.exams}
    observed: _Observed = {}
    for m in facts.measurements:
        if m.previous_long_axis_mm is None and m.previous_short_axis_mm is None:
            continue
        compared = comparisons.get(m.report_id, ())
        date = m.previous_date or (compared[0] if len(compared) == 1 else None)
        if date is None or date in exam_dates or date >= m.date:
            continue
        label = labels[m.lesion_id]
        on_date = observed.setdefault(date, {})
        if label not in on_date:
            on_date[label] = (_observation(label, date, m, True), m.node_id)
    return observed


def _readings(exams: tuple[ExamFact, ...]) -> dict[dt.date, TimepointAssessment]:
    """The reader's calls per exam date; follow-ups without lesion rows still count."""
    readings: dict[dt.date, TimepointAssessment] = {}
    for exam in exams:
        if exam.is_follow_up is False and not exam.has_lesions:
            continue
        new = NewLesions.NONE if exam.no_new_lesion else None
        if exam.date not in readings or new is not None:
            readings[exam.date] = TimepointAssessment(exam.date, None, new)
    return readings


def assess_patient(facts: PatientFacts, options: RecistOptions = DEFAULT_OPTIONS) -> PatientRecist:
    """RECIST 1.1 for every treatment line of the patient (none without a line)."""
    labels = lesion_labels(facts.lesions)
    observed = _measured(facts, labels)
    quoted = _quoted(facts, labels)
    for date, lesions in quoted.items():
        observed.setdefault(date, {}).update(lesions)
    readings = _readings(facts.exams)
    assessments: dict[dt.date, list[str]] = {}
    for exam in facts.exams:
        if exam.node_id is not None:
            assessments.setdefault(exam.date, []).append(exam.node_id)
    context = _Context(facts.patient_id, observed, frozenset(quoted), assessments)
    # Reduced once for all the lines (they share their exams), in the observations' order.
    rows = (obs for lesions in observed.values() for obs, _ in lesions.values())
    snapshots = group_by_date(rows) if facts.lines else {}
    lines = []
    for line in facts.lines:
        after = line.baseline_after
        assessment = assess_snapshots(
            {d: s for d, s in snapshots.items() if after is None or d > after},
            [r for d, r in readings.items() if after is None or d > after],
            line.start_date,
            options,
            line_end=line.assessed_until,
        )
        lines.append(LineRecist(line, assessment, context.records(line, assessment)))
    return PatientRecist(facts.patient_id, tuple(lines))


@dataclass(frozen=True)
class _Context:
    patient_id: str
    observed: _Observed
    quoted_dates: frozenset[dt.date]
    assessments: dict[dt.date, list[str]]

    def records(
        self, line: TreatmentLine, assessment: LineAssessment
    ) -> tuple[TimepointRecord, ...]:
        baseline_date = assessment.baseline_date
        if baseline_date is None:
            return ()
        targets = {target.lesion_id for target in assessment.targets}
        non_targets = set(assessment.non_target_ids)
        records = [self._baseline(line, assessment, baseline_date, targets, non_targets)]
        previous = baseline_date
        for result in assessment.timepoints:
            records.append(self._follow_up(line, result, previous, targets, non_targets))
            if result.sum_complete:
                previous = result.date
        return tuple(records)

    def _record(
        self,
        line: TreatmentLine,
        date: dt.date,
        kind: str,
        result: TimepointResult | None,
        previous: dt.date | None,
        roles: tuple[set[str], set[str]],
        explanation: str,
    ) -> TimepointRecord:
        quoted = date in self.quoted_dates
        targets, non_targets = roles
        based_on = []
        for label, (observation, measurement_id) in sorted(self.observed.get(date, {}).items()):
            if quoted and measurement_id:
                role = "quoted"
            elif label in targets:
                role = "target"
            elif label in non_targets:
                role = "non_target"
            elif kind == "follow_up" and observation.status is not LesionStatus.ABSENT:
                role = "new"
            else:
                continue
            based_on.append((measurement_id, role))
        if quoted:
            explanation = f"exam not in the corpus, sizes quoted by a later report: {explanation}"
        return TimepointRecord(
            node_id=fact_id("timepoint", self.patient_id, line.node_id, date),
            date=date,
            kind=kind,
            source="quoted" if quoted else "measured",
            result=result,
            previous_date=previous,
            based_on=tuple(based_on),
            assessment_ids=tuple(self.assessments.get(date, ())),
            explanation=explanation,
        )

    def _baseline(
        self,
        line: TreatmentLine,
        assessment: LineAssessment,
        date: dt.date,
        targets: set[str],
        non_targets: set[str],
    ) -> TimepointRecord:
        return self._record(
            line, date, "baseline", None, None, (targets, non_targets), assessment.explanation
        )

    def _follow_up(
        self,
        line: TreatmentLine,
        result: TimepointResult,
        previous: dt.date,
        targets: set[str],
        non_targets: set[str],
    ) -> TimepointRecord:
        return self._record(
            line,
            result.date,
            "follow_up",
            result,
            previous,
            (targets, non_targets),
            result.explanation,
        )
