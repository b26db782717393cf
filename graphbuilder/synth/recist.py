"""RECIST 1.1 categories as the simulation intends them, computed from the sizes the reports state.

This is the truth side, written independently of `graphbuilder.rules.recist`, so that the
rules can be checked against it. Per treatment episode: the baseline is the last exam before
the episode starts; targets are the measurable lesions there (non-nodal long axis ≥ 10 mm,
node short axis ≥ 15 mm), at most 5 and 2 per organ, largest first. A target gone counts 0, a
target too small to measure 5 mm. Overall: any new lesion is PD; then target PD (≥ 20 % and
≥ 5 mm above the nadir); CR needs every target and non-target gone (nodes < 10 mm); PR is
≥ 30 % below baseline; else SD. Sizes with a unit slip are taken as the simulation meant them.
"""

from __future__ import annotations

from typing import Any

from graphbuilder.synth.course import Episode, Exam, Measure

MAX_TARGETS = 5
MAX_PER_ORGAN = 2
EVOLUTION_OF = {"CR": "Response", "PR": "Response", "SD": "Stability", "PD": "Progression"}


def _diameter(measure: Measure) -> float | None:
    """The diameter a target contributes (None when the lesion was not sized)."""
    if measure.status == "disappeared":
        return 0.0
    if measure.status == "too_small":
        return 5.0
    return measure.short_mm if measure.lesion.nodal else measure.long_mm


def select_targets(baseline: Exam) -> list[str]:
    """Lesion keys of the targets at baseline."""
    candidates: list[tuple[float, str, str]] = []
    for measure in baseline.measures:
        if measure.status not in ("present", "new"):
            continue
        lesion = measure.lesion
        size = measure.short_mm if lesion.nodal else measure.long_mm
        if size is None or size < (15.0 if lesion.nodal else 10.0):
            continue
        candidates.append((size, lesion.key, lesion.organ))
    candidates.sort(key=lambda item: (-item[0], int(item[1][1:])))
    chosen: list[str] = []
    per_organ: dict[str, int] = {}
    for _, key, organ in candidates:
        if len(chosen) == MAX_TARGETS or per_organ.get(organ, 0) == MAX_PER_ORGAN:
            continue
        per_organ[organ] = per_organ.get(organ, 0) + 1
        chosen.append(key)
    return chosen


def _sum(exam: Exam, targets: list[str]) -> float | None:
    by_key = {m.lesion.key: m for m in exam.measures}
    total = 0.0
    for key in targets:
        measure = by_key.get(key)
        value = None if measure is None else _diameter(measure)
        if value is None:
            return None
        total += value
    return total


def _target_response(exam: Exam, targets: list[str], sod: float, base: float, nadir: float) -> str:
    by_key = {m.lesion.key: m for m in exam.measures}
    complete = all(
        (by_key[key].short_mm or 0.0) < 10.0
        if by_key[key].lesion.nodal
        else by_key[key].status == "disappeared"
        for key in targets
    )
    if sod >= 1.2 * nadir and sod - nadir >= 5.0:
        return "PD"
    if complete:
        return "CR"
    if sod <= 0.7 * base:
        return "PR"
    return "SD"


def _non_targets_gone(exam: Exam, targets: list[str]) -> bool:
    for measure in exam.measures:
        if measure.lesion.key in targets:
            continue
        if measure.lesion.nodal:
            if measure.status != "disappeared" and (measure.short_mm or 0.0) >= 10.0:
                return False
        elif measure.status != "disappeared":
            return False
    return True


def assess_next(episode: Episode, exam: Exam) -> dict[str, Any] | None:
    """The timepoint of `exam`, the episode's newest exam (earlier timepoints already assessed)."""
    if episode.baseline is None:
        return None
    targets = select_targets(episode.baseline)
    base = _sum(episode.baseline, targets) if targets else None
    nadir = base
    for earlier in episode.timepoints:
        if earlier is not exam and earlier.recist and earlier.recist["sum_mm"] is not None:
            nadir = (
                earlier.recist["sum_mm"] if nadir is None else min(nadir, earlier.recist["sum_mm"])
            )
    return assess_timepoint(exam, targets, base, nadir)


def assess_timepoint(
    exam: Exam, targets: list[str], base: float | None, nadir: float | None
) -> dict[str, Any]:
    new = [m.lesion.key for m in exam.measures if m.status == "new"]
    result: dict[str, Any] = {
        "targets": targets,
        "baseline_sum_mm": base,
        "nadir_sum_mm": nadir,
        "new_lesions": new,
    }
    sod = _sum(exam, targets) if targets and base is not None else None
    result["sum_mm"] = sod
    target = None
    if sod is not None and base is not None and nadir is not None:
        target = _target_response(exam, targets, sod, base, nadir)
        result["change_from_baseline_pct"] = round(100.0 * (sod - base) / base, 1) if base else None
        result["change_from_nadir_pct"] = round(100.0 * (sod - nadir) / nadir, 1) if nadir else None
    result["target_response"] = target
    if new or target == "PD":
        overall = "PD"
    elif target is None:
        overall = "NE" if targets else "SD"  # non-measurable disease only: non-CR/non-PD
    elif target == "CR":
        overall = "CR" if _non_targets_gone(exam, targets) else "PR"
    else:
        overall = target
    result["overall"] = overall
    return result


def best_overall_response(episode: Episode) -> str | None:
    """CR/PR need a confirming exam ≥ 28 days later; SD needs ≥ 42 days on treatment."""
    points = [(exam.date, exam.recist["overall"]) for exam in episode.timepoints if exam.recist]
    if not points:
        return None
    for wanted in ("CR", "PR"):
        for i, (date, category) in enumerate(points):
            if category not in ("CR", "PR") or (wanted == "CR" and category != "CR"):
                continue
            if any(
                (later - date).days >= 28 and (other == "CR" or (wanted == "PR" and other == "PR"))
                for later, other in points[i + 1 :]
            ):
                return wanted
    if any(cat in ("CR", "PR", "SD") and (d - episode.start).days >= 42 for d, cat in points):
        return "SD"
    if any(category == "PD" for _, category in points):
        return "PD"
    return "NE"
