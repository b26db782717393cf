"""Readable builders for RECIST test cases: a lesion table and its exams, one line each."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from graphbuilder.rules.recist import LesionObservation, LesionStatus

D = dt.date
NODE = "lymph node"


def series(
    organs: Mapping[str, str], *exams: tuple[dt.date, Mapping[str, float | str]]
) -> list[LesionObservation]:
    """`series({"L1": "liver"}, (D(2024, 1, 1), {"L1": 40}), (D(2024, 3, 1), {"L1": "absent"}))`.

    A number is the diameter RECIST counts (short axis for a lesion whose organ is
    "lymph node", long axis otherwise); a string is a status (absent, too_small, not_assessed).
    A lesion left out of an exam has no row for that date.
    """
    rows: list[LesionObservation] = []
    for date, sizes in exams:
        for lesion_id, value in sizes.items():
            rows.append(lesion(lesion_id, date, value, organ=organs[lesion_id]))
    return rows


def lesion(
    lesion_id: str,
    date: dt.date,
    value: float | str,
    *,
    organ: str = "liver",
    target: bool | None = None,
    merged_into: str | None = None,
) -> LesionObservation:
    nodal = organ == NODE
    if isinstance(value, str):
        status, size = LesionStatus(value), None
    else:
        status, size = LesionStatus.PRESENT, value
    return LesionObservation(
        lesion_id=lesion_id,
        date=date,
        organ=organ,
        nodal=nodal,
        status=status,
        long_axis_mm=None if nodal else size,
        short_axis_mm=size if nodal else None,
        target=target,
        merged_into=merged_into,
    )
