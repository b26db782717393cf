"""before-diagnosis, after-death, treatment-end-before-start, missing-comparison-exam."""

from dataclasses import replace

from graphbuilder.rules.conflicts import detect_conflicts
from graphbuilder.rules.conflicts.model import Severity
from graphbuilder.rules.timepoints import PatientRecist
from tests.rules.factories import D, exam, facts, measurement, treatment

NO_RECIST = PatientRecist("P1", ())


def _rules(patient, rule):
    return [c for c in detect_conflicts(patient, NO_RECIST) if c.rule == rule]


def test_a_follow_up_exam_or_a_treatment_before_the_diagnosis() -> None:
    patient = replace(
        facts(
            exams=[
                exam("CT0", D(2024, 1, 5), follow_up=False),  # the work-up: fine
                exam("CT1", D(2024, 1, 20), follow_up=True),
            ],
            treatments=[treatment("FOLFOX", start=D(2024, 1, 25))],
        ),
        diagnosis_date=D(2024, 2, 1),
    )
    found = sorted(c.message for c in _rules(patient, "before-diagnosis"))
    assert found == [
        "FOLFOX starts on 2024-01-25, before the diagnosis of 2024-02-01",
        "a follow-up exam on 2024-01-20, before the diagnosis of 2024-02-01",
    ]
    later = replace(patient, diagnosis_date=D(2024, 1, 1))
    assert _rules(later, "before-diagnosis") == []


def test_a_report_or_a_treatment_after_death() -> None:
    patient = replace(
        facts(
            exams=[exam("CT1", D(2025, 9, 1))],
            treatments=[treatment("gemcitabine", start=D(2025, 3, 11))],
        ),
        death_date=D(2025, 8, 14),
    )
    (conflict,) = _rules(patient, "after-death")
    assert conflict.message == "a radiology report dated 2025-09-01, after death on 2025-08-14"
    assert {i.role for i in conflict.involves} == {"report", "death"}
    alive_then = replace(patient, death_date=D(2025, 12, 1))
    assert _rules(alive_then, "after-death") == []


def test_a_treatment_ending_before_it_starts() -> None:
    wrong = facts(treatments=[treatment("EC", start=D(2023, 5, 30), end=D(2023, 3, 28))])
    (conflict,) = _rules(wrong, "treatment-end-before-start")
    assert conflict.message == "EC (structured) ends on 2023-03-28, before it starts on 2023-05-30"
    right = facts(treatments=[treatment("EC", start=D(2023, 3, 28), end=D(2023, 5, 30))])
    assert _rules(right, "treatment-end-before-start") == []


def test_a_comparison_exam_that_is_not_in_the_corpus_or_not_before() -> None:
    patient = facts(
        measurements=[measurement("CT2", D(2024, 4, 12), long=20)],
        exams=[
            exam("CT1", D(2024, 1, 10)),
            exam("CT2", D(2024, 4, 12), comparisons=(D(2024, 2, 1),)),
        ],
    )
    (absent,) = _rules(patient, "missing-comparison-exam")
    assert absent.severity is Severity.WARNING
    assert absent.message.endswith("no exam of 2024-02-01 in the corpus")
    future = facts(exams=[exam("CT2", D(2024, 4, 12), comparisons=(D(2024, 5, 1),))])
    (later,) = _rules(future, "missing-comparison-exam")
    assert later.severity is Severity.ERROR and "2024-05-01 is not before it" in later.message
    present = facts(
        exams=[
            exam("CT1", D(2024, 1, 10)),
            exam("CT2", D(2024, 4, 12), comparisons=(D(2024, 1, 10),)),
        ]
    )
    assert _rules(present, "missing-comparison-exam") == []
