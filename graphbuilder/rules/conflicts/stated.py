"""What a report states about the evolution, against RECIST computed from the measurements.

Both views are compared: RECIST 1.1 against baseline and nadir (the timepoint's overall
response), and the same tables against the previous exam, which is what radiologists usually
compare with. A statement that matches neither is an error; one that matches only the previous
exam is a warning (the references differ, and so may the decision); one that matches RECIST is
no conflict. "Stability" matches the previous exam when the sum moved by less than a response
or a progression would (-30 % to +20 %) with no new lesion, whatever category the tables give
(a residual node below 10 mm is a "CR" of the targets, yet "stable" to the reader). A report
that leaves the evolution undetermined while RECIST computes progression is a warning.
Non-target-only disease (non-CR/non-PD) and non-evaluable timepoints contradict nothing.
The conflict involves the statement, the timepoint and the target measurements it sums, so
that a steward can correct any of them.
"""

from __future__ import annotations

from graphbuilder.assemble.facts import ExamFact, PatientFacts
from graphbuilder.rules.conflicts.model import Conflict, Involved, RuleInfo, Severity, conflict, mm
from graphbuilder.rules.recist import TimepointResult
from graphbuilder.rules.timepoints import PatientRecist, TimepointRecord

STATED_VS_COMPUTED = RuleInfo(
    "stated-vs-computed",
    "stated evolution",
    Severity.ERROR,
    "The evolution or RECIST category a report states disagrees with RECIST computed from the "
    "measurements (against baseline and nadir, and against the previous exam).",
)
RULES = (STATED_VS_COMPUTED,)

_EVOLUTION = {
    "Progression": frozenset({"PD"}),
    "Stability": frozenset({"SD"}),
    "Response": frozenset({"PR", "CR"}),
}
_UNKNOWABLE = frozenset({"NE", "none", "non-CR/non-PD"})


def _stated(exam: ExamFact) -> tuple[str, frozenset[str]] | None:
    """What the report states and the computed categories that agree with it."""
    if exam.recist_category in ("CR", "PR", "SD", "PD"):
        return exam.recist_category, frozenset({exam.recist_category})
    if exam.evolution in _EVOLUTION:
        return exam.evolution, _EVOLUTION[exam.evolution]
    if exam.evolution == "Unknown":
        return "Unknown", frozenset()
    return None


def _numbers(result: TimepointResult) -> str:
    if result.sum_mm is None:
        return "no target lesion"
    parts = [f"SoD {mm(result.sum_mm)}"]
    if result.pct_vs_baseline is not None:
        parts.append(f"{result.pct_vs_baseline:+.1f} % vs baseline {mm(result.baseline_sum_mm)}")
    if result.pct_vs_nadir is not None:
        parts.append(f"{result.pct_vs_nadir:+.1f} % vs nadir {mm(result.nadir_sum_mm)}")
    if result.new_lesions.value != "none":
        parts.append(f"{result.new_lesions.value} new lesion")
    return ", ".join(parts)


def _previous(result: TimepointResult, timepoint: TimepointRecord) -> str:
    pct = f"{result.pct_vs_previous:+.1f} % " if result.pct_vs_previous is not None else ""
    return f"{pct}vs {mm(result.previous_sum_mm)} on {timepoint.previous_date}"


def _agrees_with_previous(label: str, accepted: frozenset[str], result: TimepointResult) -> bool:
    previous = result.response_vs_previous.value
    if previous in _UNKNOWABLE or previous in accepted:
        return True
    pct = result.pct_vs_previous
    steady = pct is not None and -30.0 < pct < 20.0 and result.new_lesions.value == "none"
    return label in ("Stability", "SD") and steady


def _check(
    facts: PatientFacts, exam: ExamFact, timepoint: TimepointRecord, result: TimepointResult
) -> Conflict | None:
    stated = _stated(exam)
    computed, previous = result.overall_response.value, result.response_vs_previous.value
    if stated is None or (computed in _UNKNOWABLE and previous in _UNKNOWABLE):
        return None
    label, accepted = stated
    if label == "Unknown":
        if "PD" not in (computed, previous):
            return None
        severity = Severity.WARNING
    else:
        if computed in _UNKNOWABLE or computed in accepted:
            return None
        agrees = _agrees_with_previous(label, accepted, result)
        severity = Severity.WARNING if agrees else Severity.ERROR
    message = (
        f"the report of {exam.date} states {label}; RECIST 1.1 computes {computed} "
        f"({_numbers(result)}) and {previous} against the previous exam "
        f"({_previous(result, timepoint)})"
    )
    assert exam.node_id is not None
    details = {
        "stated": label,
        "computed": computed,
        "vs_previous": previous,
        "sum_mm": result.sum_mm,
        "pct_vs_baseline": result.pct_vs_baseline,
        "pct_vs_nadir": result.pct_vs_nadir,
        "pct_vs_previous": result.pct_vs_previous,
        "new_lesions": result.new_lesions.value,
    }
    involves = (
        Involved("StatedAssessment", exam.node_id, "stated"),
        Involved("RecistTimepoint", timepoint.node_id, "computed"),
        *(
            Involved("Measurement", measurement_id, "target")
            for measurement_id, role in timepoint.based_on
            if role == "target"
        ),
    )
    return conflict(facts.patient_id, STATED_VS_COMPUTED, message, involves, details, severity)


def detect(facts: PatientFacts, recist: PatientRecist) -> list[Conflict]:
    exams = {exam.node_id: exam for exam in facts.exams if exam.node_id is not None}
    found = []
    for _, timepoint in recist.follow_ups():
        assert timepoint.result is not None
        for assessment_id in timepoint.assessment_ids:
            exam = exams.get(assessment_id)
            if exam is not None and (hit := _check(facts, exam, timepoint, timepoint.result)):
                found.append(hit)
    return found
