"""`assess_line`: RECIST 1.1 for one patient's treatment line, from linked lesion observations.

Baseline is the last exam on or before the line start (the first exam when no start is known);
only exams after it, and up to `line_end` when given, are follow-ups. Every follow-up keeps its
numbers (sum of diameters, baseline, nadir, changes) and a one-line explanation; the change
against the previous exam, what radiologists usually write, is kept beside it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import replace

from graphbuilder.rules.recist.arithmetic import format_mm, tenths_to_mm
from graphbuilder.rules.recist.best_response import best_overall_response
from graphbuilder.rules.recist.followup import LineState, assess_follow_up
from graphbuilder.rules.recist.irecist import apply_irecist
from graphbuilder.rules.recist.lesions import LesionSnapshot, group_by_date
from graphbuilder.rules.recist.model import (
    BestResponse,
    DatedResponse,
    LesionObservation,
    LineAssessment,
    NewLesions,
    RecistOptions,
    Response,
    TimepointAssessment,
    TimepointResult,
)
from graphbuilder.rules.recist.targets import Baseline, classify_baseline

DEFAULT_OPTIONS = RecistOptions()


def _choose_baseline(dates: Iterable[dt.date], line_start: dt.date | None) -> dt.date | None:
    if line_start is None:
        return min(dates, default=None)
    return max((date for date in dates if date <= line_start), default=None)


def _initial_state(baseline: Baseline) -> LineState:
    target_ids = tuple(target.lesion_id for target in baseline.targets)
    total = sum(baseline.target_tenths.values())
    return LineState(
        targets=baseline.targets,
        target_ids=target_ids,
        non_target_ids=baseline.non_target_ids,
        known_ids=frozenset(target_ids).union(baseline.non_target_ids),
        baseline_tenths=total,
        nadir_tenths=total,
        previous_tenths=total,
    )


def _backdate_equivocal(results: list[TimepointResult]) -> list[TimepointResult]:
    """An equivocal new lesion later confirmed is PD from the first exam that showed it
    (Eisenhauer 2009 §4.3.5)."""
    revised = list(results)
    for index, result in enumerate(results):
        if result.new_lesions is not NewLesions.UNEQUIVOCAL:
            continue
        first = index
        while first > 0 and results[first - 1].new_lesions is NewLesions.EQUIVOCAL:
            first -= 1
        for earlier in range(first, index):
            if revised[earlier].overall_response is Response.PD:
                continue
            revised[earlier] = replace(
                revised[earlier],
                overall_response=Response.PD,
                explanation=f"{revised[earlier].explanation}; the equivocal new lesion is "
                f"confirmed on {result.date.isoformat()}: PD dated from here",
            )
    return revised


def _no_baseline(line_start: dt.date | None, why: str) -> LineAssessment:
    best = BestResponse(Response.NE, None, why)
    return LineAssessment(line_start, None, None, (), (), (), best, why)


def assess_line(
    observations: Iterable[LesionObservation],
    timepoints: Iterable[TimepointAssessment] = (),
    line_start: dt.date | None = None,
    options: RecistOptions = DEFAULT_OPTIONS,
    *,
    line_end: dt.date | None = None,
) -> LineAssessment:
    """RECIST 1.1 (or iRECIST) timepoints and best overall response for one treatment line.

    `observations` hold lesions already linked across exams (same `lesion_id`); `timepoints`
    hold the reader's non-target and new-lesion calls, which win over what the lesion rows
    suggest. Exams after `line_end` (inclusive bound) belong to the next line.
    """
    return assess_snapshots(
        group_by_date(observations), timepoints, line_start, options, line_end=line_end
    )


def assess_snapshots(
    by_date: Mapping[dt.date, Mapping[str, LesionSnapshot]],
    timepoints: Iterable[TimepointAssessment] = (),
    line_start: dt.date | None = None,
    options: RecistOptions = DEFAULT_OPTIONS,
    *,
    line_end: dt.date | None = None,
) -> LineAssessment:
    """`assess_line` on observations already reduced to snapshots per date (`group_by_date`):
    a patient's lines share their exams, which are then reduced once."""
    baseline_date = _choose_baseline(by_date, line_start)
    if baseline_date is None:
        where = f"on or before the line start {line_start}" if line_start else "at all"
        return _no_baseline(line_start, f"no lesion assessment {where}: no baseline")
    baseline = classify_baseline(by_date[baseline_date].values())
    readers = {tp.date: tp for tp in timepoints}
    follow_ups = sorted(
        date
        for date in set(by_date).union(readers)
        if date > baseline_date and (line_end is None or date <= line_end)
    )
    state = _initial_state(baseline)
    results = [
        assess_follow_up(date, by_date.get(date, {}), readers.get(date), state, options)
        for date in follow_ups
    ]
    results = _backdate_equivocal(results)
    if options.irecist:
        results = apply_irecist(results)
    reference = line_start or baseline_date
    best = best_overall_response(
        [DatedResponse(r.date, r.overall_response) for r in results], reference, options
    )
    explanation = _line_explanation(line_start, baseline_date, baseline, len(results), best)
    return LineAssessment(
        line_start=line_start,
        baseline_date=baseline_date,
        baseline_sum_mm=tenths_to_mm(state.baseline_tenths) if baseline.targets else None,
        targets=baseline.targets,
        non_target_ids=baseline.non_target_ids,
        timepoints=tuple(results),
        best=best,
        explanation=explanation,
    )


def _line_explanation(
    line_start: dt.date | None,
    baseline_date: dt.date,
    baseline: Baseline,
    follow_ups: int,
    best: BestResponse,
) -> str:
    when = f"last exam on or before {line_start}" if line_start else "first exam"
    total = sum(baseline.target_tenths.values())
    sum_part = f", SoD {format_mm(total)}" if baseline.targets else ""
    return (
        f"baseline {baseline_date} ({when}): {baseline.note}{sum_part}; "
        f"{len(baseline.non_target_ids)} non-target(s); {follow_ups} follow-up(s); "
        f"best overall response {best.explanation}"
    )
