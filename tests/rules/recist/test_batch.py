"""Splitting a patient's exams into treatment lines, for tables and assessed responses."""

from __future__ import annotations

from graphbuilder.rules.recist import DatedResponse, RecistOptions, Response
from graphbuilder.rules.recist.batch import assess_patients, best_responses, line_windows

from .builders import D, series


def test_line_windows() -> None:
    assert line_windows([]) == [(None, None)]
    assert line_windows([D(2024, 6, 1), D(2024, 1, 1), D(2024, 1, 1)]) == [
        (D(2024, 1, 1), D(2024, 6, 1)),
        (D(2024, 6, 1), None),
    ]


def test_each_line_has_its_own_baseline_and_the_exam_at_a_new_start_closes_the_old_line() -> None:
    rows = series(
        {"L1": "liver"},
        (D(2024, 1, 2), {"L1": 40}),
        (D(2024, 3, 1), {"L1": 25}),
        (D(2024, 6, 1), {"L1": 38}),  # progression: the second line starts that day
        (D(2024, 8, 1), {"L1": 20}),
    )
    first, second = assess_patients(
        {"P1": rows}, {}, {"P1": [D(2024, 1, 5), D(2024, 6, 1)]}, RecistOptions()
    )
    assert (first.patient_id, first.assessment.baseline_date) == ("P1", D(2024, 1, 2))
    assert [tp.date for tp in first.assessment.timepoints] == [D(2024, 3, 1), D(2024, 6, 1)]
    assert [tp.overall_response for tp in first.assessment.timepoints] == [Response.PR, Response.PD]
    assert second.assessment.baseline_date == D(2024, 6, 1)
    assert second.assessment.baseline_sum_mm == 38.0
    assert second.assessment.timepoints[0].overall_response is Response.PR


def test_best_responses_per_line_from_assessed_responses() -> None:
    responses = {
        "P1": [
            DatedResponse(D(2024, 3, 1), Response.PR),
            DatedResponse(D(2024, 4, 1), Response.PR),
            DatedResponse(D(2024, 7, 20), Response.SD),  # 49 days into line 2
        ]
    }
    first, second = best_responses(
        responses, {"P1": [D(2024, 1, 5), D(2024, 6, 1)]}, RecistOptions()
    )
    assert (first.line_start, first.best.response, first.best.date) == (
        D(2024, 1, 5),
        Response.PR,
        D(2024, 3, 1),
    )
    assert (second.best.response, second.best.date) == (Response.SD, D(2024, 7, 20))
