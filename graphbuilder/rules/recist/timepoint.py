"""One follow-up exam: target, non-target and new-lesion status, combined by the RECIST tables.

Target response (Eisenhauer 2009 §4.3.1): CR when every non-nodal target is gone and every
target node is below 10 mm; PD at >= 20 % and >= 5 mm above the nadir; PR at >= 30 % below
baseline; SD otherwise. NE when a target was not assessed, unless what was assessed already
shows PD (§4.4.2). A target reappearing after an overall CR is PD (RECIST Working Group Q&A,
"Does a new lesion always result in PD?"; nodes reappear only at >= 10 mm).
Overall response: Table 1 (targets, with or without non-targets) and Table 2 (non-targets only)
of §4.4.1.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass

from graphbuilder.rules.recist.arithmetic import (
    NODE_MEASURABLE_TENTHS,
    NODE_NORMAL_BELOW_TENTHS,
    is_partial_response,
    is_progression,
)
from graphbuilder.rules.recist.lesions import LesionSnapshot
from graphbuilder.rules.recist.model import (
    ABSENT,
    CR,
    EQUIVOCAL,
    NE,
    NO_DISEASE,
    NO_NEW_LESION,
    NON_CR_NON_PD,
    NOT_ASSESSED,
    PD,
    PR,
    PRESENT,
    SD,
    TOO_SMALL,
    UNEQUIVOCAL,
    NewLesions,
    Response,
    TargetLesion,
)


@dataclass(frozen=True, slots=True)
class TargetMeasure:
    """The sum of diameters of the targets on one date (partial when some were not assessed)."""

    sum_tenths: int
    complete: bool
    all_normal: bool
    missing: tuple[str, ...]
    reappeared: tuple[str, ...]
    notes: tuple[str, ...]


def _lesion_note(target_id: str, lesion: LesionSnapshot) -> str | None:
    if lesion.merged_into is not None:
        return f"{target_id} merged into {lesion.merged_into}: 0 mm"
    if lesion.fragments > 1:
        return f"{target_id} split in {lesion.fragments}: fragments added"
    if lesion.status is TOO_SMALL and not lesion.nodal:
        return f"{target_id} too small to measure: 5 mm"
    if lesion.status is PRESENT and lesion.size_tenths is None:
        return f"{target_id} present but not measured"
    return None


def measure_targets(
    targets: Sequence[TargetLesion], lesions: Mapping[str, LesionSnapshot]
) -> TargetMeasure:
    """Sum the targets' diameters on one exam; a target without a row was not assessed."""
    total = 0
    missing: list[str] = []
    reappeared: list[str] = []
    notes: list[str] = []
    all_normal = True
    for target in targets:
        lesion = lesions.get(target.lesion_id)
        if lesion is None or lesion.size_tenths is None:
            missing.append(target.lesion_id)
            if lesion is not None and (note := _lesion_note(target.lesion_id, lesion)):
                notes.append(note)
            continue
        size = lesion.size_tenths
        total += size
        if not lesion.normal_or_gone:
            all_normal = False
            reappeared.append(target.lesion_id)
        if note := _lesion_note(target.lesion_id, lesion):
            notes.append(note)
    return TargetMeasure(
        total,
        not missing,
        all_normal and not missing,
        tuple(missing),
        tuple(reappeared),
        tuple(notes),
    )


def target_response(
    measure: TargetMeasure,
    baseline_tenths: int,
    nadir_tenths: int,
    *,
    after_complete_response: bool,
    partial_response_held: bool,
) -> tuple[Response, str]:
    """The target category and, when it is not plain arithmetic, the reason in a few words."""
    if after_complete_response and measure.reappeared:
        return PD, f"{', '.join(measure.reappeared)} reappeared after CR"
    if not measure.complete:
        missing = ", ".join(measure.missing)
        if is_progression(measure.sum_tenths, nadir_tenths):
            return PD, f"PD already on the assessed targets ({missing} not assessed)"
        return NE, f"{missing} not assessed"
    if measure.all_normal:
        return CR, "all targets gone, nodes < 10 mm"
    if is_progression(measure.sum_tenths, nadir_tenths):
        return PD, ""
    if is_partial_response(measure.sum_tenths, baseline_tenths):
        return PR, ""
    if partial_response_held:
        return PR, "PR held until PD (RECIST Working Group)"
    return SD, ""


def derive_non_target(
    non_target_ids: Collection[str],
    lesions: Mapping[str, LesionSnapshot],
    *,
    after_complete_response: bool,
) -> Response:
    """Non-target status from the measurement rows, when the reader gave none.

    Sizes cannot show "unequivocal progression", a reader's judgement, except that a
    non-target reappearing after an overall CR is PD.
    """
    if not non_target_ids:
        return NO_DISEASE
    all_gone = True
    for lesion_id in non_target_ids:
        lesion = lesions.get(lesion_id)
        if lesion is None or lesion.status is NOT_ASSESSED:
            return NE
        if not lesion.normal_or_gone:
            all_gone = False
    if all_gone:
        return CR
    return PD if after_complete_response else NON_CR_NON_PD


@dataclass(frozen=True, slots=True)
class NewLesionFinding:
    """Lesions seen on a follow-up that were not disease at baseline."""

    status: NewLesions
    lesion_ids: tuple[str, ...]
    sum_tenths: int


def derive_new_lesions(
    known_ids: Collection[str], lesions: Mapping[str, LesionSnapshot]
) -> NewLesionFinding:
    """A measured non-nodal lesion or a node >= 15 mm is unequivocal; a lesion too small to
    measure, or a node of 10-15 mm, is equivocal (it needs the next exam, §4.3.5)."""
    status = NO_NEW_LESION
    found: list[str] = []
    total = 0
    unknown = [lesion_id for lesion_id in lesions if lesion_id not in known_ids]
    for lesion_id in sorted(unknown) if len(unknown) > 1 else unknown:
        lesion = lesions[lesion_id]
        if lesion.status in (ABSENT, NOT_ASSESSED):
            continue
        size = lesion.size_tenths
        if lesion.nodal:
            if size is not None and size < NODE_NORMAL_BELOW_TENTHS:
                continue
            clear = size is not None and size >= NODE_MEASURABLE_TENTHS
        else:
            clear = lesion.status is PRESENT
        found.append(lesion_id)
        total += size or 0
        if clear:
            status = UNEQUIVOCAL
        elif status is NO_NEW_LESION:
            status = EQUIVOCAL
    return NewLesionFinding(status, tuple(found), total)


def overall_response(target: Response, non_target: Response, new: NewLesions) -> Response:
    """Eisenhauer 2009 §4.4.1, Table 1 (with targets) and Table 2 (non-targets only)."""
    if new is UNEQUIVOCAL or target is PD or non_target is PD:
        return PD
    if target is NO_DISEASE:
        if non_target in (CR, NON_CR_NON_PD, NE):
            return non_target
        return NE  # neither target nor non-target disease at baseline
    if target is CR:
        return CR if non_target in (CR, NO_DISEASE) else PR
    return target  # PR, SD or NE whatever the (non-PD) non-targets
