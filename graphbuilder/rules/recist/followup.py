"""One follow-up exam of a line: its categories, its numbers and its one-line explanation.

`LineState` carries what later exams depend on (nadir, previous sum, whether the last evaluated
exam was a CR, whether a PR has been reached and confirmed); `assess_follow_up` reads it and
moves it forward.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from graphbuilder.rules.recist.arithmetic import (
    format_mm,
    format_pct,
    format_signed_mm,
    is_partial_response,
    is_progression,
    percent_change_tenths,
    percent_value,
    tenths_to_mm,
)
from graphbuilder.rules.recist.lesions import LesionSnapshot
from graphbuilder.rules.recist.model import (
    CR,
    NE,
    NO_DISEASE,
    NO_NEW_LESION,
    PD,
    PR,
    SD,
    NewLesions,
    PrPolicy,
    RecistOptions,
    Response,
    TargetLesion,
    TimepointAssessment,
    TimepointResult,
)
from graphbuilder.rules.recist.timepoint import (
    NewLesionFinding,
    TargetMeasure,
    derive_new_lesions,
    derive_non_target,
    measure_targets,
    overall_response,
    target_response,
)


@dataclass(slots=True)
class LineState:
    """The line's baseline and targets, and what later timepoints depend on."""

    targets: tuple[TargetLesion, ...]
    target_ids: tuple[str, ...]
    non_target_ids: tuple[str, ...]
    known_ids: frozenset[str]
    baseline_tenths: int
    nadir_tenths: int
    previous_tenths: int
    last_evaluated_overall: Response | None = None
    response_run_start: dt.date | None = None
    partial_response_established: bool = False


@dataclass(frozen=True, slots=True)
class _Numbers:
    """Changes in tenths of a percent (None when they do not apply) and mm vs the nadir."""

    vs_baseline: int | None
    vs_nadir: int | None
    change_tenths: int | None
    vs_previous: int | None


def _numbers(measure: TargetMeasure | None, target: Response, state: LineState) -> _Numbers:
    if measure is None:
        return _Numbers(None, None, None, None)
    total = measure.sum_tenths
    if not measure.complete:
        if target is not PD:
            return _Numbers(None, None, None, None)
        # PD shown by the assessed targets alone: the change vs the nadir is meaningful.
        vs_nadir = percent_change_tenths(total, state.nadir_tenths)
        return _Numbers(None, vs_nadir, total - state.nadir_tenths, None)
    return _Numbers(
        percent_change_tenths(total, state.baseline_tenths),
        percent_change_tenths(total, state.nadir_tenths),
        total - state.nadir_tenths,
        percent_change_tenths(total, state.previous_tenths),
    )


def _versus_previous(
    measure: TargetMeasure | None, previous_tenths: int, non_target: Response, new: NewLesions
) -> Response:
    """The same tables, with the previous exam's sum as both reference and nadir."""
    if measure is None:
        target = NO_DISEASE
    elif not measure.complete:
        progressed = is_progression(measure.sum_tenths, previous_tenths)
        target = PD if progressed else NE
    elif measure.all_normal:
        target = CR
    elif is_progression(measure.sum_tenths, previous_tenths):
        target = PD
    elif is_partial_response(measure.sum_tenths, previous_tenths):
        target = PR
    else:
        target = SD
    return overall_response(target, non_target, new)


def _sum_phrase(measure: TargetMeasure, numbers: _Numbers, state: LineState) -> str:
    total, nadir = format_mm(measure.sum_tenths), format_mm(state.nadir_tenths)
    if not measure.complete:
        return f"partial SoD {total} vs nadir {nadir}"
    baseline = format_mm(state.baseline_tenths)
    if numbers.vs_baseline is not None:
        baseline = f"{format_pct(numbers.vs_baseline)} vs baseline {baseline}"
    else:
        baseline = f"baseline {baseline}"
    change = format_signed_mm(numbers.change_tenths or 0)
    nadir_pct = f"{format_pct(numbers.vs_nadir)} " if numbers.vs_nadir is not None else ""
    return f"SoD {total}: {baseline}, {nadir_pct}vs nadir {nadir} ({change})"


def _explain(
    measure: TargetMeasure | None,
    numbers: _Numbers,
    state: LineState,
    target: tuple[Response, str],
    non_target: tuple[Response, bool],
    new: tuple[NewLesions, NewLesionFinding, bool],
    overall_and_previous: tuple[Response, Response],
) -> str:
    overall, versus_previous = overall_and_previous
    if measure is None:
        target_part = "no target lesion"
    else:
        notes = [*measure.notes, target[1]] if target[1] else measure.notes
        detail = f" ({'; '.join(notes)})" if notes else ""
        target_part = f"{_sum_phrase(measure, numbers, state)}: target {target[0]}{detail}"
    if non_target[0] is NO_DISEASE:
        non_target_part = "no non-target lesion"
    else:
        source = " (from lesion rows)" if non_target[1] else ""
        non_target_part = f"non-target {non_target[0]}{source}"
    status, finding, derived = new
    if status is NO_NEW_LESION:
        new_part = "no new lesion"
    else:
        ids = f" ({', '.join(finding.lesion_ids)})" if derived and finding.lesion_ids else ""
        new_part = f"{status} new lesion{ids}"
    previous = ""
    if measure is not None:
        pct = numbers.vs_previous
        change = f"{format_pct(pct)}, " if pct is not None else ""
        previous = f" (vs previous {format_mm(state.previous_tenths)}: {change}{versus_previous})"
    return f"{target_part}; {non_target_part}; {new_part} → {overall}{previous}"


def _target(
    measure: TargetMeasure | None, state: LineState, options: RecistOptions
) -> tuple[Response, str]:
    if measure is None:
        return NO_DISEASE, ""
    held = options.pr_policy is PrPolicy.WORKING_GROUP and state.partial_response_established
    return target_response(
        measure,
        state.baseline_tenths,
        state.nadir_tenths,
        after_complete_response=state.last_evaluated_overall is CR,
        partial_response_held=held,
    )


def assess_follow_up(
    date: dt.date,
    lesions: Mapping[str, LesionSnapshot],
    reader: TimepointAssessment | None,
    state: LineState,
    options: RecistOptions,
) -> TimepointResult:
    """Assess one follow-up exam, then move `state` past it."""
    after_cr = state.last_evaluated_overall is CR
    measure = measure_targets(state.targets, lesions) if state.targets else None
    target = _target(measure, state, options)
    non_target_derived = reader is None or reader.non_target is None
    if reader is None or reader.non_target is None:
        non_target = derive_non_target(
            state.non_target_ids, lesions, after_complete_response=after_cr
        )
    else:
        non_target = reader.non_target
    finding = derive_new_lesions(state.known_ids, lesions)
    new_derived = reader is None or reader.new_lesions is None
    new = finding.status if reader is None or reader.new_lesions is None else reader.new_lesions
    overall = overall_response(target[0], non_target, new)
    versus_previous = _versus_previous(measure, state.previous_tenths, non_target, new)
    numbers = _numbers(measure, target[0], state)
    explanation = _explain(
        measure,
        numbers,
        state,
        target,
        (non_target, non_target_derived),
        (new, finding, new_derived),
        (overall, versus_previous),
    )
    has_targets = measure is not None
    result = TimepointResult(
        date=date,
        sum_mm=tenths_to_mm(measure.sum_tenths) if measure is not None else None,
        sum_complete=measure is not None and measure.complete,
        baseline_sum_mm=tenths_to_mm(state.baseline_tenths) if has_targets else None,
        nadir_sum_mm=tenths_to_mm(state.nadir_tenths) if has_targets else None,
        pct_vs_baseline=percent_value(numbers.vs_baseline),
        pct_vs_nadir=percent_value(numbers.vs_nadir),
        abs_vs_nadir_mm=None
        if numbers.change_tenths is None
        else tenths_to_mm(numbers.change_tenths),
        previous_sum_mm=tenths_to_mm(state.previous_tenths) if has_targets else None,
        pct_vs_previous=percent_value(numbers.vs_previous),
        response_vs_previous=versus_previous,
        target_response=target[0],
        non_target_response=non_target,
        new_lesions=new,
        overall_response=overall,
        target_lesion_ids=state.target_ids,
        new_lesion_count=len(finding.lesion_ids),
        new_lesion_sum_mm=tenths_to_mm(finding.sum_tenths),
        explanation=explanation,
    )
    _advance(state, measure, result, options)
    return result


def _advance(
    state: LineState, measure: TargetMeasure | None, result: TimepointResult, options: RecistOptions
) -> None:
    """Update nadir, previous sum and the PR bookkeeping after a timepoint."""
    if measure is not None and measure.complete:
        state.nadir_tenths = min(state.nadir_tenths, measure.sum_tenths)
        state.previous_tenths = measure.sum_tenths
    if result.overall_response is not NE:
        state.last_evaluated_overall = result.overall_response
    if result.target_response in (PR, CR):
        if state.response_run_start is None:
            state.response_run_start = result.date
        days = (result.date - state.response_run_start).days
        if not options.confirm or days >= options.min_confirm_days:
            state.partial_response_established = True
    elif result.target_response is not NE:
        state.response_run_start = None
