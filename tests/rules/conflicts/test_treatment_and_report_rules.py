"""ongoing-after-end (text against structured data) and duplicate-report-id."""

from graphbuilder.rules import conflicts
from graphbuilder.rules.conflicts import RULES, detect_conflicts
from graphbuilder.rules.timepoints import PatientRecist
from tests.rules.factories import D, duplicate, facts, treatment

NO_RECIST = PatientRecist("P1", ())
RECORDED_END = D(2024, 5, 28)


def _rules(patient, rule):
    return [c for c in detect_conflicts(patient, NO_RECIST) if c.rule == rule]


def _folfiri(said_on, *, kind: str = "consultation", end=RECORDED_END):
    return facts(
        treatments=[
            treatment("FOLFIRI", start=D(2023, 11, 21), end=end, line=2),
            treatment(
                "FOLFIRI", "text", start=D(2023, 11, 21), status="ongoing", report="L10",
                report_date=said_on,
            ),
        ],
        kinds={"L10": kind},
    )  # fmt: skip


def test_a_letter_saying_ongoing_after_the_recorded_end() -> None:
    (conflict,) = _rules(_folfiri(D(2024, 6, 18)), "ongoing-after-end")
    assert conflict.message == (
        "a report of 2024-06-18 says FOLFIRI is ongoing; the structured data records its end "
        "on 2024-05-28, 21 days earlier"
    )
    assert [i.role for i in conflict.involves] == ["text", "structured"]


def test_ongoing_before_the_end_or_in_a_radiology_indication_is_fine() -> None:
    assert _rules(_folfiri(D(2024, 5, 1)), "ongoing-after-end") == []
    assert _rules(_folfiri(D(2024, 6, 18), end=None), "ongoing-after-end") == []
    assert _rules(_folfiri(D(2024, 6, 18), kind="radiology"), "ongoing-after-end") == []


def test_the_course_a_report_dates_is_the_one_compared() -> None:
    """Bevacizumab given twice: the letter says the first course (from January) goes on."""
    patient = facts(
        treatments=[
            treatment("bevacizumab", start=D(2021, 1, 28), end=D(2021, 6, 28)),
            treatment("bevacizumab", start=D(2021, 7, 18), end=D(2022, 11, 19)),
            treatment(
                "bevacizumab", "text", start=D(2021, 1, 28), status="ongoing", report="L11",
                report_date=D(2021, 8, 1),
            ),
        ],
        kinds={"L11": "consultation"},
    )  # fmt: skip
    (conflict,) = _rules(patient, "ongoing-after-end")
    assert "its end on 2021-06-28" in conflict.message
    undated = facts(
        treatments=[
            *patient.treatments[:2],
            treatment("bevacizumab", "text", status="ongoing", report="L11",
                      report_date=D(2021, 8, 1)),
        ],
        kinds={"L11": "consultation"},
    )  # fmt: skip
    assert _rules(undated, "ongoing-after-end") == []  # the second course was running


def test_a_report_id_given_with_two_texts() -> None:
    (conflict,) = _rules(facts(duplicates=[duplicate("R7")]), "duplicate-report-id")
    assert conflict.message == (
        "report id R7 is given with 2 different texts (a.txt, b.txt); the first one was assembled"
    )
    assert _rules(facts(), "duplicate-report-id") == []


def test_every_rule_is_documented_once() -> None:
    ids = [rule.id for rule in RULES]
    assert len(ids) == len(set(ids)) == 18
    assert all(rule.summary and rule.family for rule in RULES)
    assert all(rule.id in conflicts.__doc__ for rule in RULES)  # the package's table
