"""`assess_line` end to end: a patient's exams in, timepoints and best response out."""

from __future__ import annotations

from graphbuilder.rules.recist import (
    LineAssessment,
    NewLesions,
    PrPolicy,
    RecistOptions,
    Response,
    TimepointAssessment,
    assess_line,
)

from .builders import NODE, D, lesion, series

CR, PR, SD, PD, NE = Response.CR, Response.PR, Response.SD, Response.PD, Response.NE
LIVER = {"L1": "liver"}
TWO = {"L1": "liver", "L2": "lung"}


def overall(assessment: LineAssessment) -> list[Response]:
    return [tp.overall_response for tp in assessment.timepoints]


def test_baseline_is_the_last_exam_on_or_before_the_line_start() -> None:
    rows = series(
        LIVER,
        (D(2023, 11, 2), {"L1": 80}),  # an earlier line's exam
        (D(2024, 1, 5), {"L1": 50}),
        (D(2024, 3, 1), {"L1": 30}),
        (D(2024, 5, 1), {"L1": 31}),
    )
    assessment = assess_line(rows, [], D(2024, 1, 10))
    assert assessment.baseline_date == D(2024, 1, 5)
    assert assessment.baseline_sum_mm == 50.0
    assert [tp.date for tp in assessment.timepoints] == [D(2024, 3, 1), D(2024, 5, 1)]
    assert assessment.explanation.startswith(
        "baseline 2024-01-05 (last exam on or before 2024-01-10): targets chosen by size: "
        "L1 (liver, 50 mm), SoD 50 mm"
    )
    # No start known: the first exam is the baseline.
    assert assess_line(rows).baseline_date == D(2023, 11, 2)
    # The next line's start closes this line (its exam on that day still belongs here).
    closed = assess_line(rows, [], D(2024, 1, 10), line_end=D(2024, 3, 1))
    assert [tp.date for tp in closed.timepoints] == [D(2024, 3, 1)]


def test_no_exam_before_the_line_start_means_no_baseline() -> None:
    assessment = assess_line(series(LIVER, (D(2024, 2, 1), {"L1": 30})), [], D(2024, 1, 10))
    assert (assessment.baseline_date, assessment.timepoints) == (None, ())
    assert assessment.best.response is NE
    assert "no lesion assessment on or before the line start 2024-01-10" in assessment.explanation


def test_minus_30_percent_is_pr_and_minus_29_9_is_not() -> None:
    # Eisenhauer 2009 §4.3.1; the boundary named in issue 6.
    at = assess_line(series(LIVER, (D(2024, 1, 1), {"L1": 100}), (D(2024, 3, 1), {"L1": 70})))
    near = assess_line(series(LIVER, (D(2024, 1, 1), {"L1": 100}), (D(2024, 3, 1), {"L1": 70.1})))
    assert (at.timepoints[0].target_response, at.timepoints[0].pct_vs_baseline) == (PR, -30.0)
    assert (near.timepoints[0].target_response, near.timepoints[0].pct_vs_baseline) == (SD, -29.9)


def test_plus_20_percent_with_only_4_mm_is_not_pd() -> None:
    # Eisenhauer 2009 §4.3.1: PD needs >= 20 % AND >= 5 mm above the nadir.
    assessment = assess_line(
        series(LIVER, (D(2024, 1, 1), {"L1": 20}), (D(2024, 3, 1), {"L1": 24}))
    )
    timepoint = assessment.timepoints[0]
    assert (timepoint.target_response, timepoint.pct_vs_nadir) == (SD, 20.0)
    assert timepoint.abs_vs_nadir_mm == 4.0
    assert "+20.0 % vs nadir 20 mm (+4 mm): target SD" in timepoint.explanation


def test_pd_is_measured_from_the_nadir_not_from_baseline() -> None:
    # Eisenhauer 2009 §4.3.1: the reference for PD is the smallest sum on study.
    assessment = assess_line(
        series(
            LIVER,
            (D(2024, 1, 1), {"L1": 50}),
            (D(2024, 3, 1), {"L1": 30}),
            (D(2024, 5, 1), {"L1": 37}),
        )
    )
    last = assessment.timepoints[-1]
    assert (last.nadir_sum_mm, last.pct_vs_baseline, last.pct_vs_nadir) == (30.0, -26.0, 23.3)
    assert last.overall_response is PD


def test_explanation_quotes_the_numbers() -> None:
    assessment = assess_line(
        series(
            LIVER,
            (D(2024, 1, 1), {"L1": 60}),
            (D(2024, 3, 1), {"L1": 40}),
            (D(2024, 4, 1), {"L1": 45}),
        )
    )
    assert assessment.timepoints[-1].explanation == (
        "SoD 45 mm: -25.0 % vs baseline 60 mm, +12.5 % vs nadir 40 mm (+5 mm): target SD; "
        "no non-target lesion; no new lesion → SD (vs previous 40 mm: +12.5 %, SD)"
    )


def test_nadir_of_zero_after_cr_and_reappearance() -> None:
    # Nadir 0: percentages against it do not exist; any reappearance after CR is PD
    # (RECIST Working Group Q&A, "Does a new lesion always result in PD?").
    rows = series(
        TWO,
        (D(2024, 1, 1), {"L1": 30, "L2": 20}),
        (D(2024, 3, 1), {"L1": "absent", "L2": "absent"}),
        (D(2024, 5, 1), {"L1": "too_small", "L2": "absent"}),
    )
    complete, back = assess_line(rows).timepoints
    assert (complete.target_response, complete.sum_mm) == (CR, 0.0)
    assert (back.target_response, back.sum_mm, back.nadir_sum_mm) == (PD, 5.0, 0.0)
    assert back.pct_vs_nadir is None and back.abs_vs_nadir_mm == 5.0
    assert "vs nadir 0 mm (+5 mm)" in back.explanation
    assert "L1 reappeared after CR" in back.explanation


def test_nodes_count_by_short_axis_and_cr_keeps_their_size_in_the_sum() -> None:
    # Eisenhauer 2009 §4.3.2: CR with target nodes < 10 mm; the sum need not be 0.
    rows = series(
        {"L1": "liver", "N1": NODE},
        (D(2024, 1, 1), {"L1": 30, "N1": 18}),
        (D(2024, 3, 1), {"L1": "absent", "N1": 8}),
    )
    timepoint = assess_line(rows).timepoints[0]
    assert (timepoint.overall_response, timepoint.sum_mm) == (CR, 8.0)


def test_split_lesion_fragments_are_added() -> None:
    # Eisenhauer 2009 §4.3.2, "lesions that split": the fragments' diameters are summed.
    rows = [
        lesion("L1", D(2024, 1, 1), 40),
        lesion("L1", D(2024, 3, 1), 15),
        lesion("L1", D(2024, 3, 1), 12),
    ]
    timepoint = assess_line(rows).timepoints[0]
    assert (timepoint.sum_mm, timepoint.target_response) == (27.0, PR)
    assert "L1 split in 2: fragments added" in timepoint.explanation


def test_merged_lesions_count_once() -> None:
    # Eisenhauer 2009 §4.3.2, "lesions that coalesce": the coalesced mass is measured on one
    # lesion and the other counts 0.
    rows = [
        lesion("L1", D(2024, 1, 1), 30),
        lesion("L2", D(2024, 1, 1), 20),
        lesion("L1", D(2024, 3, 1), 48),
        lesion("L2", D(2024, 3, 1), "present", merged_into="L1"),
    ]
    timepoint = assess_line(rows).timepoints[0]
    assert (timepoint.sum_mm, timepoint.target_response) == (48.0, SD)
    assert "L2 merged into L1: 0 mm" in timepoint.explanation


def test_target_not_assessed_is_ne() -> None:
    # Eisenhauer 2009 §4.4.2.
    rows = series(
        TWO,
        (D(2024, 1, 1), {"L1": 30, "L2": 20}),
        (D(2024, 3, 1), {"L1": 20, "L2": "not_assessed"}),
        (D(2024, 5, 1), {"L1": 20}),  # no row for L2 at all
    )
    assessment = assess_line(rows)
    assert overall(assessment) == [NE, NE]
    assert assessment.timepoints[0].sum_complete is False
    assert assessment.timepoints[0].pct_vs_baseline is None


def _pr_then_creep(*, confirm: bool, policy: PrPolicy) -> list[Response]:
    rows = series(
        LIVER,
        (D(2024, 1, 1), {"L1": 100}),
        (D(2024, 3, 1), {"L1": 70}),
        (D(2024, 4, 5), {"L1": 70}),  # 35 days later: confirms the PR
        (D(2024, 6, 1), {"L1": 80}),  # -20 % vs baseline, +14.3 % vs nadir
    )
    options = RecistOptions(confirm=confirm, pr_policy=policy)
    return overall(assess_line(rows, [], None, options))


def test_working_group_keeps_a_confirmed_pr_and_strict_arithmetic_does_not() -> None:
    # RECIST Working Group FAQ "Managing PR when TP measurements change slightly over time".
    assert _pr_then_creep(confirm=True, policy=PrPolicy.WORKING_GROUP) == [PR, PR, PR]
    assert _pr_then_creep(confirm=True, policy=PrPolicy.STRICT) == [PR, PR, SD]


def test_working_group_needs_the_pr_confirmed_when_confirmation_is_required() -> None:
    rows = series(
        LIVER,
        (D(2024, 1, 1), {"L1": 100}),
        (D(2024, 3, 1), {"L1": 70}),
        (D(2024, 4, 1), {"L1": 80}),
    )
    confirmed = overall(assess_line(rows, [], None, RecistOptions(confirm=True)))
    unconfirmed = overall(assess_line(rows, [], None, RecistOptions(confirm=False)))
    assert (confirmed, unconfirmed) == ([PR, SD], [PR, PR])


def test_reader_calls_win_over_the_lesion_rows() -> None:
    rows = series(TWO, (D(2024, 1, 1), {"L1": 30, "L2": 20}), (D(2024, 3, 1), {"L1": 25, "L2": 20}))
    calls = [TimepointAssessment(D(2024, 3, 1), Response.PD, NewLesions.NONE)]
    timepoint = assess_line(rows, calls).timepoints[0]
    # Eisenhauer 2009 Table 1: unequivocal non-target progression is PD whatever the targets.
    assert (timepoint.target_response, timepoint.overall_response) == (SD, PD)
    assert "non-target PD;" in timepoint.explanation


def test_a_lesion_first_seen_after_baseline_is_a_new_lesion() -> None:
    rows = series(
        {"L1": "liver", "X1": "bone"},
        (D(2024, 1, 1), {"L1": 30}),
        (D(2024, 3, 1), {"L1": 18, "X1": 12}),
    )
    timepoint = assess_line(rows).timepoints[0]
    # Eisenhauer 2009 Table 1: any unequivocal new lesion is PD, even with target PR.
    assert (timepoint.target_response, timepoint.overall_response) == (PR, PD)
    assert "unequivocal new lesion (X1)" in timepoint.explanation


def test_equivocal_new_lesion_confirmed_later_dates_pd_from_the_first_exam() -> None:
    # Eisenhauer 2009 §4.3.5: "progression should be declared using the date of the initial
    # scan" when a later scan confirms an equivocal new lesion.
    rows = series(
        {"L1": "liver", "X1": "bone"},
        (D(2024, 1, 1), {"L1": 30}),
        (D(2024, 3, 1), {"L1": 28, "X1": "too_small"}),
        (D(2024, 5, 1), {"L1": 28, "X1": 14}),
    )
    assessment = assess_line(rows, [], D(2024, 1, 2))
    assert [tp.new_lesions for tp in assessment.timepoints] == [
        NewLesions.EQUIVOCAL,
        NewLesions.UNEQUIVOCAL,
    ]
    assert overall(assessment) == [PD, PD]
    assert "confirmed on 2024-05-01: PD dated from here" in assessment.timepoints[0].explanation
    assert (assessment.best.response, assessment.best.date) == (PD, D(2024, 3, 1))


def test_response_versus_the_previous_exam_is_kept_beside() -> None:
    rows = series(
        LIVER,
        (D(2024, 1, 1), {"L1": 100}),
        (D(2024, 3, 1), {"L1": 50}),
        (D(2024, 5, 1), {"L1": 58}),
    )
    timepoint = assess_line(rows, [], None, RecistOptions(confirm=False)).timepoints[-1]
    # Against baseline and nadir: still PR (-42 %, +16 % vs nadir); against the previous exam,
    # what a radiologist writes: +16.0 %, stable.
    assert (timepoint.overall_response, timepoint.response_vs_previous) == (PR, SD)
    assert (timepoint.previous_sum_mm, timepoint.pct_vs_previous) == (50.0, 16.0)


def test_non_target_only_disease() -> None:
    # Eisenhauer 2009 Table 2; best response label non-CR/non-PD for non-target disease.
    rows = series(
        {"P1": "peritoneum"},
        (D(2024, 1, 1), {"P1": "too_small"}),
        (D(2024, 3, 1), {"P1": "too_small"}),
    )
    assessment = assess_line(rows, [], D(2024, 1, 2))
    assert assessment.targets == () and assessment.non_target_ids == ("P1",)
    assert overall(assessment) == [Response.NON_CR_NON_PD]
    assert assessment.best.response is Response.NON_CR_NON_PD
