"""One lesion on one date, reduced to the diameter RECIST counts for it.

Nodes count by short axis and other lesions by long axis (Eisenhauer 2009 §4.2). A lesion gone
counts 0 and a lesion too small to measure 5 mm (§4.3.2). Fragments of a split lesion are added
together, and a lesion that coalesced into another counts 0 while the other carries the whole
mass (§4.3.2, "lesions that split or coalesce").
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from graphbuilder.rules.recist.arithmetic import (
    NODE_NORMAL_BELOW_TENTHS,
    TOO_SMALL_TENTHS,
    to_tenths,
)
from graphbuilder.rules.recist.model import (
    ABSENT,
    NOT_ASSESSED,
    PRESENT,
    TOO_SMALL,
    LesionObservation,
    LesionStatus,
)


@dataclass(slots=True)  # not frozen: one per lesion and exam, and twice as cheap to build
class LesionSnapshot:
    """A lesion on one date. `size_tenths` is None when it was not assessed or not measured."""

    lesion_id: str
    organ: str
    nodal: bool
    status: LesionStatus
    size_tenths: int | None
    fragments: int
    merged_into: str | None
    target_flag: bool | None

    @property
    def assessed(self) -> bool:
        return self.size_tenths is not None

    @property
    def normal_or_gone(self) -> bool:
        """Gone (non-nodal) or back to a normal node (< 10 mm short axis)."""
        if self.size_tenths is None:
            return False
        if self.nodal:
            return self.size_tenths < NODE_NORMAL_BELOW_TENTHS
        return self.size_tenths == 0


def _fragment_tenths(observation: LesionObservation) -> int | None:
    status = observation.status
    if status is ABSENT:
        return 0
    if status is TOO_SMALL:
        return TOO_SMALL_TENTHS
    if status is NOT_ASSESSED:
        return None
    axis = observation.short_axis_mm if observation.nodal else observation.long_axis_mm
    return None if axis is None else to_tenths(axis)


def _combined_status(statuses: Iterable[LesionStatus]) -> LesionStatus:
    seen = set(statuses)
    for status in (
        NOT_ASSESSED,
        PRESENT,
        TOO_SMALL,
    ):
        if status in seen:
            return status
    return ABSENT


def snapshot(observations: Sequence[LesionObservation]) -> LesionSnapshot:
    """Reduce the rows of one lesion on one date (one row, or the fragments of a split)."""
    first = observations[0]
    if len(observations) == 1 and first.merged_into is None:  # the usual case, kept cheap
        return LesionSnapshot(
            first.lesion_id,
            first.organ,
            first.nodal,
            first.status,
            _fragment_tenths(first),
            1,
            None,
            first.target,
        )
    merged_into = next((o.merged_into for o in observations if o.merged_into), None)
    flags = [o.target for o in observations if o.target is not None]
    target_flag = any(flags) if flags else None
    if merged_into is not None:
        return LesionSnapshot(
            first.lesion_id,
            first.organ,
            first.nodal,
            ABSENT,
            0,
            len(observations),
            merged_into,
            target_flag,
        )
    sizes = [_fragment_tenths(observation) for observation in observations]
    total = None if None in sizes else sum(size or 0 for size in sizes)
    status = _combined_status(o.status for o in observations)
    return LesionSnapshot(
        first.lesion_id,
        first.organ,
        first.nodal,
        status,
        total,
        len(observations),
        None,
        target_flag,
    )


def group_by_date(
    observations: Iterable[LesionObservation],
) -> dict[dt.date, dict[str, LesionSnapshot]]:
    """Snapshots of every lesion, per exam date."""
    rows: dict[dt.date, dict[str, list[LesionObservation]]] = {}
    for observation in observations:
        rows.setdefault(observation.date, {}).setdefault(observation.lesion_id, []).append(
            observation
        )
    return {
        date: {lesion_id: snapshot(group) for lesion_id, group in lesions.items()}
        for date, lesions in rows.items()
    }
