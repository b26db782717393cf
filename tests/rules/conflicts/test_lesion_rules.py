"""no-new-lesion-vs-first-seen and lesion-gone-then-back."""

from graphbuilder.rules.conflicts import detect_conflicts
from graphbuilder.rules.timepoints import PatientRecist
from tests.rules.factories import D, exam, facts, measurement

NO_RECIST = PatientRecist("P1", ())
JAN, APR, JUL = D(2024, 1, 10), D(2024, 4, 12), D(2024, 7, 10)


def _rules(patient, rule):
    return [c for c in detect_conflicts(patient, NO_RECIST) if c.rule == rule]


def test_no_new_lesion_stated_while_a_lesion_is_first_seen() -> None:
    patient = facts(
        measurements=[
            measurement("CT1", JAN, "L1", 30),
            measurement("CT2", APR, "L1", 28),
            measurement("CT2", APR, "L2", 14, organ="lung", candidate=True),
        ],
        exams=[exam("CT2", APR, no_new_lesion=True)],
    )
    (conflict,) = _rules(patient, "no-new-lesion-vs-first-seen")
    assert conflict.message == (
        "the report of 2024-04-12 states no new lesion, but a lung lesion is first seen in it "
        "(no earlier lesion matches it; link confidence 0.90)"
    )
    assert [i.role for i in conflict.involves] == ["stated", "first seen"]


def test_a_new_lesion_announced_as_such_is_no_conflict() -> None:
    patient = facts(
        measurements=[
            measurement("CT1", JAN, "L1", 30),
            measurement("CT2", APR, "L2", 14, status="new", candidate=True),
        ],
        exams=[exam("CT2", APR, no_new_lesion=False)],
    )
    assert _rules(patient, "no-new-lesion-vs-first-seen") == []


def test_a_lesion_gone_then_back() -> None:
    patient = facts(
        measurements=[
            measurement("CT1", JAN, long=12),
            measurement("CT2", APR, status="disappeared"),
            measurement("CT3", JUL, long=9),
        ]
    )
    (conflict,) = _rules(patient, "lesion-gone-then-back")
    assert conflict.message == (
        "this lesion is reported gone on 2024-04-12 and present again on 2024-07-10"
    )
    still_gone = facts(
        measurements=[
            measurement("CT1", JAN, long=12),
            measurement("CT2", APR, status="disappeared"),
            measurement("CT3", JUL, status="disappeared"),
        ]
    )
    assert _rules(still_gone, "lesion-gone-then-back") == []
