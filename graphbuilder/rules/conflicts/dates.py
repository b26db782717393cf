"""Dates that cannot be: before the diagnosis, after death, an end before its start, a
comparison with an exam that is not there (or not yet done).

"Before the diagnosis" concerns what presupposes the cancer is known (a follow-up exam, a
systemic treatment started); work-up exams and the diagnostic biopsy itself precede it.
The diagnosis date is the events file's, else the earliest a report states.
"""

from __future__ import annotations

import datetime as dt

from graphbuilder.assemble.facts import ExamFact, PatientFacts
from graphbuilder.assemble.lines import SYSTEMIC
from graphbuilder.rules.conflicts.model import Conflict, Involved, RuleInfo, Severity, conflict
from graphbuilder.rules.timepoints import PatientRecist

BEFORE_DIAGNOSIS = RuleInfo(
    "before-diagnosis",
    "dates",
    Severity.ERROR,
    "A follow-up exam or a systemic treatment dated before the diagnosis.",
)
AFTER_DEATH = RuleInfo(
    "after-death",
    "dates",
    Severity.ERROR,
    "A report or a treatment dated after the patient's death.",
)
END_BEFORE_START = RuleInfo(
    "treatment-end-before-start",
    "dates",
    Severity.ERROR,
    "A treatment that ends before it starts.",
)
MISSING_COMPARISON = RuleInfo(
    "missing-comparison-exam",
    "dates",
    Severity.WARNING,
    "A report compares with (or quotes a size from) an exam of a date that is not in the "
    "corpus, or that is not before it (then an error).",
)
RULES = (BEFORE_DIAGNOSIS, AFTER_DEATH, END_BEFORE_START, MISSING_COMPARISON)


def _diagnosis(facts: PatientFacts) -> tuple[dt.date, Involved] | None:
    if facts.diagnosis_date is not None:
        return facts.diagnosis_date, Involved("Patient", facts.patient_node_id, "diagnosis")
    stated = [t for t in facts.tumours if t.diagnosis_date is not None]
    if not stated:
        return None
    first = min(stated, key=lambda t: (t.diagnosis_date, t.report_id))
    assert first.diagnosis_date is not None
    return first.diagnosis_date, Involved("Tumour", first.node_id, "diagnosis")


def _exam_node(exam: ExamFact) -> Involved:
    if exam.node_id is not None:
        return Involved("StatedAssessment", exam.node_id, "exam")
    return Involved("Report", exam.report_node_id, "exam")


def _before_diagnosis(facts: PatientFacts) -> list[Conflict]:
    known = _diagnosis(facts)
    if known is None:
        return []
    diagnosed, source = known
    found = []
    for exam in facts.exams:
        if exam.is_follow_up and exam.date < diagnosed:
            message = f"a follow-up exam on {exam.date}, before the diagnosis of {diagnosed}"
            involves = (_exam_node(exam), source)
            details = {"date": exam.date.isoformat(), "diagnosis": diagnosed.isoformat()}
            found.append(conflict(facts.patient_id, BEFORE_DIAGNOSIS, message, involves, details))
    for t in facts.treatments:
        if t.category in SYSTEMIC and t.start_date is not None and t.start_date < diagnosed:
            message = f"{t.name} starts on {t.start_date}, before the diagnosis of {diagnosed}"
            involves = (Involved("Treatment", t.node_id, "treatment"), source)
            details = {"start": t.start_date.isoformat(), "diagnosis": diagnosed.isoformat()}
            found.append(conflict(facts.patient_id, BEFORE_DIAGNOSIS, message, involves, details))
    return _unique(found)


def _after_death(facts: PatientFacts) -> list[Conflict]:
    death = facts.death_date
    if death is None:
        return []
    patient = Involved("Patient", facts.patient_node_id, "death")
    found = []
    for report in facts.reports:
        if report.date > death:
            message = f"a {report.kind} report dated {report.date}, after death on {death}"
            involves = (Involved("Report", report.node_id, "report"), patient)
            details = {"date": report.date.isoformat(), "death": death.isoformat()}
            found.append(conflict(facts.patient_id, AFTER_DEATH, message, involves, details))
    for t in facts.treatments:
        if t.start_date is not None and t.start_date > death:
            message = f"{t.name} starts on {t.start_date}, after death on {death}"
            involves = (Involved("Treatment", t.node_id, "treatment"), patient)
            details = {"start": t.start_date.isoformat(), "death": death.isoformat()}
            found.append(conflict(facts.patient_id, AFTER_DEATH, message, involves, details))
    return _unique(found)


def _end_before_start(facts: PatientFacts) -> list[Conflict]:
    found = []
    for t in facts.treatments:
        if t.start_date is not None and t.end_date is not None and t.end_date < t.start_date:
            message = (
                f"{t.name} ({t.source}) ends on {t.end_date}, before it starts on {t.start_date}"
            )
            involves = (Involved("Treatment", t.node_id, t.source),)
            details = {"start": t.start_date.isoformat(), "end": t.end_date.isoformat()}
            found.append(conflict(facts.patient_id, END_BEFORE_START, message, involves, details))
    return _unique(found)


def _missing_comparisons(facts: PatientFacts) -> list[Conflict]:
    exams = facts.exam_dates() | {r.date for r in facts.reports if r.kind == "radiology"}
    quoted: dict[str, set[dt.date]] = {}
    for m in facts.measurements:
        if m.previous_date is not None:
            quoted.setdefault(m.report_id, set()).add(m.previous_date)
    found = []
    for exam in facts.exams:
        named = set(exam.comparison_dates) | quoted.get(exam.report_id, set())
        later = sorted(d for d in named if d >= exam.date)
        absent = sorted(d for d in named if d < exam.date and d not in exams)
        if not later and not absent:
            continue
        parts = [f"no exam of {', '.join(map(str, absent))} in the corpus"] if absent else []
        if later:
            parts.append(f"{', '.join(map(str, later))} is not before it")
        message = f"the report of {exam.date} compares with an exam that cannot be used: " + (
            "; ".join(parts)
        )
        severity = Severity.ERROR if later else Severity.WARNING
        involves = tuple(
            dict.fromkeys((_exam_node(exam), Involved("Report", exam.report_node_id, "report")))
        )
        details = {"absent": [str(d) for d in absent], "not_before": [str(d) for d in later]}
        found.append(
            conflict(facts.patient_id, MISSING_COMPARISON, message, involves, details, severity)
        )
    return found


def _unique(conflicts: list[Conflict]) -> list[Conflict]:
    """One conflict per id (a Treatment node several reports state is checked once)."""
    return list({c.id: c for c in conflicts}.values())


def detect(facts: PatientFacts, recist: PatientRecist) -> list[Conflict]:
    return [
        *_before_diagnosis(facts),
        *_after_death(facts),
        *_end_before_start(facts),
        *_missing_comparisons(facts),
    ]
