"""quoted-previous-size, same-date-size, size-unit-slip, implausible-size."""

from graphbuilder.rules.conflicts import detect_conflicts
from graphbuilder.rules.timepoints import PatientRecist
from tests.rules.factories import D, exam, facts, measurement

NO_RECIST = PatientRecist("P1", ())
JAN, APR, JUL = D(2024, 1, 10), D(2024, 4, 12), D(2024, 7, 10)


def _rules(patient, rule: str):
    return [c for c in detect_conflicts(patient, NO_RECIST) if c.rule == rule]


def test_a_quoted_previous_size_that_is_not_the_size_measured_then() -> None:
    patient = facts(
        measurements=[
            measurement("CT1", JAN, long=15),
            measurement("CT2", APR, long=18, previous_long=24, previous_date=JAN),
        ]
    )
    (conflict,) = _rules(patient, "quoted-previous-size")
    assert conflict.message == (
        "the report of 2024-04-12 quotes a previous long axis of 24 mm for this lesion; "
        "the exam of 2024-01-10 measured 15 mm"
    )
    assert [(i.node_id, i.role) for i in conflict.involves] == [
        ("m:CT2:L1", "quoted"),
        ("m:CT1:L1", "measured"),
    ]


def test_a_quote_within_rounding_of_the_measured_size_is_fine() -> None:
    patient = facts(
        measurements=[
            measurement("CT1", JAN, long=15),
            measurement("CT2", APR, long=18, previous_long=16),  # 1 mm off: rounding
        ],
        exams=[exam("CT2", APR, comparisons=(JAN,))],
    )
    assert _rules(patient, "quoted-previous-size") == []


def test_an_undated_quote_refers_to_the_comparison_exam() -> None:
    patient = facts(
        measurements=[
            measurement("CT1", JAN, long=30),
            measurement("CT2", APR, long=20),
            measurement("CT3", JUL, long=18, previous_long=30),  # compares with January
        ],
        exams=[exam("CT3", JUL, comparisons=(JAN,))],
    )
    assert _rules(patient, "quoted-previous-size") == []
    patient = facts(
        measurements=[
            measurement("CT1", JAN, long=30),
            measurement("CT2", APR, long=20),
            measurement("CT3", JUL, long=18, previous_long=30),  # no comparison: April
        ]
    )
    assert len(_rules(patient, "quoted-previous-size")) == 1


def test_two_reports_of_one_date_with_different_sizes() -> None:
    same_day = facts(
        measurements=[
            measurement("CT1", JAN, long=30),
            measurement("PET1", JAN, long=41),
        ]
    )
    (conflict,) = _rules(same_day, "same-date-size")
    assert conflict.message == "two reports give this lesion 30 mm and 41 mm on 2024-01-10"
    agreeing = facts(
        measurements=[measurement("CT1", JAN, long=30), measurement("PET1", JAN, long=31)]
    )
    assert _rules(agreeing, "same-date-size") == []


def test_a_size_ten_times_its_neighbour_is_a_unit_slip() -> None:
    slipped = facts(
        measurements=[measurement("CT1", JAN, long=28), measurement("CT2", APR, long=2.6)]
    )
    (conflict,) = _rules(slipped, "size-unit-slip")
    assert "a factor of 10.8: a cm/mm slip?" in conflict.message
    shrinking = facts(
        measurements=[measurement("CT1", JAN, long=28), measurement("CT2", APR, long=9)]
    )
    assert _rules(shrinking, "size-unit-slip") == []


def test_implausible_sizes() -> None:
    patient = facts(
        measurements=[
            measurement("CT1", JAN, "L1", long=12, short=15),
            measurement("CT1", JAN, "L2", long=1.5),
            measurement("CT1", JAN, "L3", long=420),
            measurement("CT1", JAN, "L4", long=25, short=18),
        ]
    )
    found = {c.involves[0].node_id: c.message for c in _rules(patient, "implausible-size")}
    assert found == {
        "m:CT1:L1": "the exam of 2024-01-10: short axis 15 mm above long axis 12 mm",
        "m:CT1:L2": "the exam of 2024-01-10: long axis 1.5 mm is below what imaging measures",
        "m:CT1:L3": "the exam of 2024-01-10: long axis 420 mm is above any lesion's size",
    }
