"""Invariants of the engine over generated trajectories (hypothesis)."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from hypothesis import given, settings
from hypothesis import strategies as st

from graphbuilder.rules.recist import (
    LesionObservation,
    NewLesions,
    PrPolicy,
    RecistOptions,
    Response,
    TimepointAssessment,
    assess_line,
)
from graphbuilder.rules.recist.arithmetic import is_progression

from .builders import lesion

ORGANS = ("liver", "lung", "bone", "spleen", "kidney")  # distinct organs: every lesion a target
START = dt.date(2024, 1, 1)
# Worse to better: the overall response may never be better than the target response allows.
RANK = {Response.PD: 0, Response.NE: 1, Response.SD: 2, Response.PR: 3, Response.CR: 4}

sizes = st.integers(min_value=0, max_value=1500).map(lambda tenths: tenths / 10)
# Mostly measured sizes; gone, too small or not assessed now and then.
lesion_values = st.one_of(sizes, sizes, st.sampled_from(["absent", "too_small", "not_assessed"]))
non_target_calls = st.one_of(
    st.none(), st.sampled_from([Response.CR, Response.NON_CR_NON_PD, Response.PD, Response.NE])
)
new_lesion_calls = st.one_of(st.none(), st.sampled_from(list(NewLesions)))


@dataclass(frozen=True)
class Case:
    observations: list[LesionObservation]
    calls: list[TimepointAssessment]
    baseline_tenths: int
    follow_up_values: list[list[float | str]]


@st.composite
def cases(draw: st.DrawFn) -> Case:
    count = draw(st.integers(min_value=1, max_value=5))
    baseline = draw(st.lists(st.integers(100, 1500), min_size=count, max_size=count))
    gaps = draw(st.lists(st.integers(14, 120), min_size=1, max_size=6))
    observations = [
        lesion(f"L{i}", START, size / 10, organ=ORGANS[i]) for i, size in enumerate(baseline)
    ]
    calls: list[TimepointAssessment] = []
    values_by_exam: list[list[float | str]] = []
    date = START
    for gap in gaps:
        date += dt.timedelta(days=gap)
        values = draw(st.lists(lesion_values, min_size=count, max_size=count))
        values_by_exam.append(values)
        observations += [
            lesion(f"L{i}", date, value, organ=ORGANS[i]) for i, value in enumerate(values)
        ]
        calls.append(TimepointAssessment(date, draw(non_target_calls), draw(new_lesion_calls)))
    return Case(observations, calls, sum(baseline), values_by_exam)


def _tenths(value: float | str) -> int | None:
    if value == "absent":
        return 0
    if value == "too_small":
        return 50
    if value == "not_assessed":
        return None
    return round(float(value) * 10)


@given(cases())
def test_an_unequivocal_new_lesion_is_always_pd(case: Case) -> None:
    # Eisenhauer 2009 Table 1: "Any, Any, Yes → PD".
    for timepoint, call in zip(
        assess_line(case.observations, case.calls).timepoints, case.calls, strict=True
    ):
        if call.new_lesions is NewLesions.UNEQUIVOCAL:
            assert timepoint.overall_response is Response.PD


@given(cases())
def test_sum_20_percent_and_5_mm_above_the_nadir_is_target_pd(case: Case) -> None:
    # Eisenhauer 2009 §4.3.1, checked against a nadir computed here independently.
    timepoints = assess_line(case.observations, case.calls).timepoints
    nadir = case.baseline_tenths
    for timepoint, values in zip(timepoints, case.follow_up_values, strict=True):
        sizes = [_tenths(value) for value in values]
        if None in sizes:
            continue
        total = sum(size or 0 for size in sizes)
        assert timepoint.sum_mm == total / 10
        if is_progression(total, nadir):
            assert timepoint.target_response is Response.PD
        nadir = min(nadir, total)


@settings(max_examples=60)
@given(cases(), st.randoms(use_true_random=False))
def test_input_order_does_not_matter(case: Case, shuffler: random.Random) -> None:
    expected = assess_line(case.observations, case.calls)
    observations, calls = list(case.observations), list(case.calls)
    shuffler.shuffle(observations)
    shuffler.shuffle(calls)
    assert assess_line(observations, calls) == expected


@given(cases())
def test_overall_is_never_better_than_the_target_response(case: Case) -> None:
    for timepoint in assess_line(case.observations, case.calls).timepoints:
        assert RANK[timepoint.overall_response] <= RANK[timepoint.target_response]


@given(cases())
def test_printed_percentages_agree_with_the_category_under_strict_arithmetic(case: Case) -> None:
    # Truncated percentages: a printed -30.0 % is PR and a printed -29.9 % is not.
    options = RecistOptions(pr_policy=PrPolicy.STRICT)
    for timepoint in assess_line(case.observations, case.calls, None, options).timepoints:
        if not timepoint.sum_complete or timepoint.target_response in (Response.CR, Response.PD):
            continue
        assert timepoint.pct_vs_baseline is not None
        is_pr = timepoint.target_response is Response.PR
        assert is_pr == (timepoint.pct_vs_baseline <= -30.0)


@given(cases(), st.booleans())
def test_best_response_is_never_better_than_every_timepoint(case: Case, confirm: bool) -> None:
    assessment = assess_line(case.observations, case.calls, START, RecistOptions(confirm=confirm))
    best = assessment.best.response
    if best is Response.NON_CR_NON_PD:
        return
    reached = [RANK[tp.overall_response] for tp in assessment.timepoints]
    assert RANK[best] <= max(reached, default=RANK[Response.NE])


@settings(max_examples=50)
@given(cases())
def test_irecist_matches_recist_until_the_first_progression(case: Case) -> None:
    recist = assess_line(case.observations, case.calls).timepoints
    irecist = assess_line(case.observations, case.calls, None, RecistOptions(irecist=True))
    for plain, immune in zip(recist, irecist.timepoints, strict=True):
        if plain.overall_response is Response.PD:
            assert immune.overall_response is Response.IUPD
            break
        assert (
            str(immune.overall_response)
            == {
                Response.CR: "iCR",
                Response.PR: "iPR",
                Response.SD: "iSD",
                Response.NE: "iNE",
            }[plain.overall_response]
        )
