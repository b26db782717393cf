"""Timepoint response tables and the target response rules, each case citing its source."""

from __future__ import annotations

import pytest

from graphbuilder.rules.recist import NewLesions, Response, TargetLesion
from graphbuilder.rules.recist.lesions import group_by_date
from graphbuilder.rules.recist.timepoint import (
    derive_new_lesions,
    derive_non_target,
    measure_targets,
    overall_response,
    target_response,
)

from .builders import NODE, D, series

CR, PR, SD, PD, NE = Response.CR, Response.PR, Response.SD, Response.PD, Response.NE
NN, NONE = Response.NON_CR_NON_PD, Response.NONE
NO, EQUIVOCAL, YES = NewLesions.NONE, NewLesions.EQUIVOCAL, NewLesions.UNEQUIVOCAL

TABLE_1 = "Eisenhauer 2009 §4.4.1 Table 1 (target ± non-target disease)"
TABLE_2 = "Eisenhauer 2009 §4.4.1 Table 2 (non-target disease only)"

OVERALL_CASES = [
    # target, non-target, new lesions, overall, source
    (CR, CR, NO, CR, TABLE_1),
    (CR, NONE, NO, CR, TABLE_1 + ": no non-target at baseline"),
    (CR, NN, NO, PR, TABLE_1),
    (CR, NE, NO, PR, TABLE_1 + ": CR, not evaluated → PR"),
    (PR, NN, NO, PR, TABLE_1),
    (PR, CR, NO, PR, TABLE_1 + ": PR with non-PD non-targets"),
    (PR, NE, NO, PR, TABLE_1 + ": PR with non-targets not all evaluated"),
    (SD, NN, NO, SD, TABLE_1),
    (SD, NE, NO, SD, TABLE_1),
    (SD, NONE, NO, SD, TABLE_1),
    (NE, NN, NO, NE, TABLE_1 + ": targets not all evaluated"),
    (NE, CR, NO, NE, TABLE_1),
    (PD, CR, NO, PD, TABLE_1 + ": PD, any, yes or no"),
    (PD, NN, YES, PD, TABLE_1),
    (CR, PD, NO, PD, TABLE_1 + ": any, PD, yes or no"),
    (NE, PD, NO, PD, TABLE_1),
    (CR, CR, YES, PD, TABLE_1 + ": any, any, yes"),
    (PR, NN, YES, PD, TABLE_1),
    (SD, NE, EQUIVOCAL, SD, "Eisenhauer 2009 §4.3.5: an equivocal new lesion is not yet PD"),
    (NONE, CR, NO, CR, TABLE_2),
    (NONE, NN, NO, NN, TABLE_2),
    (NONE, NE, NO, NE, TABLE_2),
    (NONE, PD, NO, PD, TABLE_2 + ": unequivocal PD, yes or no"),
    (NONE, NN, YES, PD, TABLE_2 + ": any, yes"),
    (NONE, NONE, NO, NE, "no target and no non-target disease at baseline: not evaluable"),
    (NONE, NONE, YES, PD, TABLE_2 + ": any, yes"),
]


@pytest.mark.parametrize(("target", "non_target", "new", "expected", "source"), OVERALL_CASES)
def test_overall_timepoint_response_tables(
    target: Response, non_target: Response, new: NewLesions, expected: Response, source: str
) -> None:
    assert overall_response(target, non_target, new) is expected, source


ORGANS = {"L1": "liver", "L2": "lung", "L3": "kidney", "N1": NODE}
BASELINE = D(2024, 1, 10)
FOLLOW_UP = D(2024, 3, 10)


def _targets(sizes: dict[str, float]) -> list[TargetLesion]:
    return [
        TargetLesion(
            lesion_id, ORGANS[lesion_id], ORGANS[lesion_id], ORGANS[lesion_id] == NODE, float(size)
        )
        for lesion_id, size in sizes.items()
    ]


def _respond(
    baseline: dict[str, float],
    follow_up: dict[str, float | str],
    *,
    nadir: int | None = None,
    after_cr: bool = False,
    held: bool = False,
) -> tuple[Response, str]:
    lesions = group_by_date(series(ORGANS, (FOLLOW_UP, follow_up)))[FOLLOW_UP]
    measure = measure_targets(_targets(baseline), lesions)
    baseline_tenths = round(sum(baseline.values()) * 10)
    return target_response(
        measure,
        baseline_tenths,
        baseline_tenths if nadir is None else nadir,
        after_complete_response=after_cr,
        partial_response_held=held,
    )


def test_missing_target_with_progression_on_the_rest_is_pd() -> None:
    # Eisenhauer 2009 §4.4.2: baseline sum 50 mm over three lesions; only two assessed at
    # follow-up but they sum 80 mm: PD whatever the missing lesion contributes.
    response, reason = _respond({"L1": 20, "L2": 20, "L3": 10}, {"L1": 40, "L2": 40})
    assert response is PD
    assert "L3 not assessed" in reason


def test_missing_target_without_progression_is_ne() -> None:
    # Eisenhauer 2009 §4.4.2: otherwise the timepoint is not evaluable.
    response, reason = _respond(
        {"L1": 20, "L2": 20, "L3": 10}, {"L1": 10, "L2": 10, "L3": "not_assessed"}
    )
    assert (response, reason) == (NE, "L3 not assessed")


def test_complete_response_allows_target_nodes_below_10_mm() -> None:
    # Eisenhauer 2009 §4.3.2: target nodes keep their short axis in the sum; CR when every
    # node is < 10 mm even though the sum is not zero.
    response, _ = _respond({"L1": 30, "N1": 20}, {"L1": "absent", "N1": 9.9})
    assert response is CR
    response, _ = _respond({"L1": 30, "N1": 20}, {"L1": "absent", "N1": 10})
    assert response is PR


def test_too_small_to_measure_counts_5_mm_and_is_not_complete_response() -> None:
    # Eisenhauer 2009 §4.3.2: a lesion too small to measure is present and counts 5 mm;
    # a lesion gone counts 0.
    lesions = group_by_date(series(ORGANS, (FOLLOW_UP, {"L1": "too_small", "L2": "absent"})))
    measure = measure_targets(_targets({"L1": 30, "L2": 20}), lesions[FOLLOW_UP])
    assert (measure.sum_tenths, measure.all_normal) == (50, False)
    assert measure.notes == ("L1 too small to measure: 5 mm",)
    response, _ = _respond({"L1": 30, "L2": 20}, {"L1": "too_small", "L2": "absent"})
    assert response is PR


def test_reappearance_after_overall_cr_is_pd() -> None:
    # RECIST Working Group Q&A, "Does a new lesion always result in PD?": after an overall CR
    # the reappearance of any lesion is PD, even below the arithmetic threshold.
    response, reason = _respond(
        {"L1": 30, "L2": 20}, {"L1": 3, "L2": "absent"}, nadir=0, after_cr=True
    )
    assert (response, reason) == (PD, "L1 reappeared after CR")


def test_node_reappears_only_at_10_mm() -> None:
    # RECIST Working Group Q&A, "Abnormal lymph node": a target node has "reappeared" only
    # when it is >= 10 mm again.
    still, _ = _respond({"L1": 30, "N1": 20}, {"L1": "absent", "N1": 9}, nadir=70, after_cr=True)
    back, _ = _respond({"L1": 30, "N1": 20}, {"L1": "absent", "N1": 10}, nadir=70, after_cr=True)
    assert (still, back) == (CR, PD)


def test_reappearance_without_prior_cr_is_added_to_the_sum() -> None:
    # RECIST Working Group Q&A: a lesion that disappears and reappears is not PD by itself
    # unless the overall response was CR; its size goes back into the sum.
    response, _ = _respond({"L1": 30, "L2": 20}, {"L1": 20, "L2": 4}, nadir=200)
    assert response is PR  # 24 mm vs baseline 50 mm (-52 %), +4 mm vs nadir 20 mm


def test_working_group_holds_a_reached_pr_until_pd() -> None:
    # RECIST Working Group FAQ "Managing PR when TP measurements change slightly over time":
    # sums 100 → 70 → 80: PR is kept while PD criteria are not met.
    held, reason = _respond({"L1": 100}, {"L1": 80}, nadir=700, held=True)
    strict, _ = _respond({"L1": 100}, {"L1": 80}, nadir=700, held=False)
    assert (held, strict) == (PR, SD)
    assert "Working Group" in reason


def test_non_target_status_from_lesion_rows() -> None:
    lesions = group_by_date(
        series({"T1": NODE, "T2": "bone", "T3": "pleura"}, (FOLLOW_UP, {"T1": 8, "T2": "absent"}))
    )[FOLLOW_UP]
    # T3 has no row at this exam: not all non-targets evaluated.
    assert derive_non_target(["T1", "T2", "T3"], lesions, after_complete_response=False) is NE
    # Eisenhauer 2009 §4.3.3: CR needs every non-target gone and every node < 10 mm.
    assert derive_non_target(["T1", "T2"], lesions, after_complete_response=False) is CR
    assert derive_non_target([], lesions, after_complete_response=False) is NONE


def test_new_lesions_from_lesion_rows() -> None:
    organs = {"L1": "liver", "X1": "liver", "X2": "bone", "X3": NODE, "X4": NODE}
    lesions = group_by_date(
        series(organs, (FOLLOW_UP, {"L1": 20, "X2": "too_small", "X3": 12, "X4": 8}))
    )[FOLLOW_UP]
    finding = derive_new_lesions({"L1"}, lesions)
    # Too small and a 12 mm node: equivocal (Eisenhauer 2009 §4.3.5); an 8 mm node is normal.
    assert (finding.status, finding.lesion_ids) == (EQUIVOCAL, ("X2", "X3"))
    lesions = group_by_date(series(organs, (FOLLOW_UP, {"X1": 11})))[FOLLOW_UP]
    assert derive_new_lesions({"L1"}, lesions).status is YES
