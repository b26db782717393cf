"""iRECIST (Seymour et al., Lancet Oncol 2017): iUPD, its confirmation (iCPD) and the reset."""

from __future__ import annotations

from collections.abc import Sequence

from graphbuilder.rules.recist import (
    LineAssessment,
    NewLesions,
    RecistOptions,
    Response,
    TimepointAssessment,
    assess_line,
)

from .builders import D, series

IRECIST = RecistOptions(irecist=True)
DATES = [D(2024, 1, 1), D(2024, 3, 1), D(2024, 5, 1), D(2024, 6, 15), D(2024, 8, 1)]


def run(
    sizes: list[dict[str, float | str]], calls: Sequence[TimepointAssessment] = ()
) -> LineAssessment:
    organs = {"L1": "liver", "X1": "bone", "X2": "lung"}
    rows = series(organs, *zip(DATES, sizes, strict=False))
    return assess_line(rows, calls, D(2024, 1, 2), IRECIST)


def overall(assessment: LineAssessment) -> list[str]:
    return [str(tp.overall_response) for tp in assessment.timepoints]


def test_target_growth_of_5_mm_after_iupd_confirms_it() -> None:
    # Seymour 2017, Table 2: after a target iUPD, iCPD needs a further sum increase >= 5 mm.
    assessment = run([{"L1": 50}, {"L1": 30}, {"L1": 40}, {"L1": 45}, {"L1": 20}])
    assert overall(assessment) == ["iPR", "iUPD", "iCPD", "iCPD"]
    assert "iCPD: target sum +5 mm since iUPD" in assessment.timepoints[2].explanation
    assert (assessment.best.response, assessment.best.date) == (Response.ISD, D(2024, 3, 1))


def test_growth_below_5_mm_leaves_iupd_pending() -> None:
    assessment = run([{"L1": 50}, {"L1": 30}, {"L1": 40}, {"L1": 44}])
    assert overall(assessment) == ["iPR", "iUPD", "iUPD"]
    assert "iUPD persists (since 2024-05-01)" in assessment.timepoints[2].explanation


def test_shrinkage_after_iupd_resets_the_bar() -> None:
    # Seymour 2017: when progression is not confirmed and the disease shrinks, the next
    # progression is again only iUPD.
    assessment = run([{"L1": 50}, {"L1": 30}, {"L1": 40}, {"L1": 30}, {"L1": 40}])
    assert overall(assessment) == ["iPR", "iUPD", "iPR", "iUPD"]
    assert "iUPD not confirmed, reset" in assessment.timepoints[2].explanation


def test_a_new_lesion_after_a_target_iupd_confirms_it() -> None:
    # Seymour 2017: progression in another category confirms iUPD.
    assessment = run([{"L1": 50}, {"L1": 30}, {"L1": 40}, {"L1": 40, "X1": 15}])
    assert overall(assessment) == ["iPR", "iUPD", "iCPD"]
    assert "new lesion since iUPD" in assessment.timepoints[2].explanation


def test_new_lesions_confirm_only_when_they_grow_or_multiply() -> None:
    # Seymour 2017, Table 2: new lesions confirm iCPD by number, or by >= 5 mm in their sum.
    grow = run([{"L1": 50}, {"L1": 40, "X1": 12}, {"L1": 40, "X1": 14}, {"L1": 40, "X1": 19}])
    assert overall(grow) == ["iUPD", "iUPD", "iCPD"]
    assert "new lesions +7 mm since iUPD" in grow.timepoints[2].explanation
    more = run([{"L1": 50}, {"L1": 40, "X1": 12}, {"L1": 40, "X1": 12, "X2": 11}])
    assert overall(more) == ["iUPD", "iCPD"]
    assert "more new lesions than at iUPD" in more.timepoints[1].explanation


def test_not_evaluable_exam_neither_confirms_nor_resets() -> None:
    assessment = run([{"L1": 50}, {"L1": 30}, {"L1": 40}, {"L1": "not_assessed"}, {"L1": 46}])
    assert overall(assessment) == ["iPR", "iUPD", "iUPD", "iCPD"]


def test_non_target_progression_called_again_confirms() -> None:
    # Seymour 2017, Table 2: a further increase in non-target disease confirms iCPD.
    calls = [
        TimepointAssessment(DATES[1], Response.PD, NewLesions.NONE),
        TimepointAssessment(DATES[2], Response.NON_CR_NON_PD, NewLesions.NONE),
        TimepointAssessment(DATES[3], Response.PD, NewLesions.NONE),
    ]
    assessment = run([{"L1": 50}, {"L1": 45}, {"L1": 45}, {"L1": 45}], calls)
    # The second exam no longer shows progression anywhere: reset; the third is a new iUPD.
    assert overall(assessment) == ["iUPD", "iSD", "iUPD"]
    calls[1] = TimepointAssessment(DATES[2], Response.PD, NewLesions.NONE)
    assessment = run([{"L1": 50}, {"L1": 45}, {"L1": 45}], calls[:2])
    assert overall(assessment) == ["iUPD", "iCPD"]
    assert "non-target disease grows further" in assessment.timepoints[1].explanation
