"""Sizes that cannot all be right: a quoted previous size, two sizes on one date, a unit slip.

Two sizes differ when they are more than 1 mm and more than 10 % apart (radiologists round).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from itertools import pairwise

from graphbuilder.assemble.facts import MeasurementFact, PatientFacts
from graphbuilder.rules.conflicts.model import Conflict, Involved, RuleInfo, Severity, conflict, mm
from graphbuilder.rules.timepoints import PatientRecist

QUOTED_PREVIOUS = RuleInfo(
    "quoted-previous-size",
    "sizes",
    Severity.WARNING,
    "The previous size a report quotes for a lesion differs from the size measured then.",
)
SAME_DATE_SIZE = RuleInfo(
    "same-date-size",
    "sizes",
    Severity.WARNING,
    "Two reports give the same lesion different sizes on the same date.",
)
UNIT_SLIP = RuleInfo(
    "size-unit-slip",
    "sizes",
    Severity.WARNING,
    "A lesion's size jumps by a factor of about 10 between two exams: cm written as mm or "
    "the reverse.",
)
IMPLAUSIBLE = RuleInfo(
    "implausible-size",
    "sizes",
    Severity.ERROR,
    "A size no exam gives: short axis above the long axis, under 2 mm, or over 300 mm.",
)
RULES = (QUOTED_PREVIOUS, SAME_DATE_SIZE, UNIT_SLIP, IMPLAUSIBLE)
SLIP_RATIO = (8.0, 12.5)
SMALLEST_MEASURABLE_MM = 2.0  # below this (and above 0), no imaging measures a lesion
LARGEST_LESION_MM = 300.0


def differs(a: float, b: float) -> bool:
    return abs(a - b) > max(1.0, 0.1 * max(a, b))


def _slip(a: float, b: float) -> bool:
    low, high = min(a, b), max(a, b)
    return low > 0 and SLIP_RATIO[0] <= high / low <= SLIP_RATIO[1]


def _by_lesion(facts: PatientFacts) -> dict[str, list[MeasurementFact]]:
    lesions: dict[str, list[MeasurementFact]] = defaultdict(list)
    for m in sorted(facts.measurements, key=lambda m: (m.date, m.report_id)):
        lesions[m.lesion_id].append(m)
    return lesions


def _reference(
    m: MeasurementFact, history: list[MeasurementFact], comparisons: tuple[dt.date, ...]
) -> MeasurementFact | None:
    """The measurement the quote refers to: on its date, a comparison date, or the last one."""
    earlier = [h for h in history if h.date < m.date and h.status != "disappeared"]
    if m.previous_date is not None:
        dated = [h for h in earlier if h.date == m.previous_date]
    else:
        dated = [h for h in earlier if h.date in comparisons] or earlier[-1:]
    return dated[-1] if dated else None


def _axis_pairs(m: MeasurementFact, ref: MeasurementFact) -> Iterable[tuple[str, float, float]]:
    for axis, quoted, measured in (
        ("long", m.previous_long_axis_mm, ref.long_axis_mm),
        ("short", m.previous_short_axis_mm, ref.short_axis_mm),
    ):
        if quoted is not None and measured is not None:
            yield axis, quoted, measured


def _quoted(facts: PatientFacts, lesions: dict[str, list[MeasurementFact]]) -> list[Conflict]:
    comparisons = {exam.report_id: exam.comparison_dates for exam in facts.exams}
    found = []
    for history in lesions.values():
        for m in history:
            ref = _reference(m, history, comparisons.get(m.report_id, ()))
            if ref is None:
                continue
            off = [(a, q, r) for a, q, r in _axis_pairs(m, ref) if differs(q, r)]
            if not off:
                continue
            axis, quoted, measured = off[0]
            slip = " (a factor of about 10: cm written as mm?)" if _slip(quoted, measured) else ""
            message = (
                f"the report of {m.date} quotes a previous {axis} axis of {mm(quoted)} for "
                f"this lesion; the exam of {ref.date} measured {mm(measured)}{slip}"
            )
            details = {"axis": axis, "quoted_mm": quoted, "measured_mm": measured}
            involves = (
                Involved("Measurement", m.node_id, "quoted"),
                Involved("Measurement", ref.node_id, "measured"),
            )
            found.append(conflict(facts.patient_id, QUOTED_PREVIOUS, message, involves, details))
    return found


def _same_date(facts: PatientFacts, lesions: dict[str, list[MeasurementFact]]) -> list[Conflict]:
    found = []
    for history in lesions.values():
        by_date: dict[dt.date, list[MeasurementFact]] = defaultdict(list)
        for m in history:
            if m.recist_axis_mm is not None:
                by_date[m.date].append(m)
        for date, same in by_date.items():
            first = same[0]
            for other in same[1:]:
                a, b = first.recist_axis_mm, other.recist_axis_mm
                assert a is not None and b is not None
                if other.report_id == first.report_id or not differs(a, b):
                    continue
                message = f"two reports give this lesion {mm(a)} and {mm(b)} on {date}"
                involves = (
                    Involved("Measurement", first.node_id, "measured"),
                    Involved("Measurement", other.node_id, "measured"),
                )
                details = {"sizes_mm": [a, b], "date": date.isoformat()}
                found.append(conflict(facts.patient_id, SAME_DATE_SIZE, message, involves, details))
    return found


def _unit_slips(facts: PatientFacts, lesions: dict[str, list[MeasurementFact]]) -> list[Conflict]:
    found = []
    for history in lesions.values():
        sized = [m for m in history if m.long_axis_mm]
        for before, after in pairwise(sized):
            a, b = before.long_axis_mm, after.long_axis_mm
            assert a is not None and b is not None
            if before.date == after.date or not _slip(a, b):
                continue
            message = (
                f"this lesion measures {mm(a)} on {before.date} and {mm(b)} on {after.date}, "
                f"a factor of {max(a, b) / min(a, b):.1f}: a cm/mm slip?"
            )
            involves = (
                Involved("Measurement", before.node_id, "earlier"),
                Involved("Measurement", after.node_id, "later"),
            )
            details = {"sizes_mm": [a, b]}
            found.append(conflict(facts.patient_id, UNIT_SLIP, message, involves, details))
    return found


def _usual(size: float | None) -> bool:
    """A size no check below flags (absent, or in the measurable range)."""
    return size is None or SMALLEST_MEASURABLE_MM <= size <= LARGEST_LESION_MM


def _implausible(facts: PatientFacts) -> list[Conflict]:
    found = []
    for m in facts.measurements:
        long, short = m.long_axis_mm, m.short_axis_mm
        if _usual(long) and _usual(short) and (long is None or short is None or short <= long):
            continue  # the common case, decided without building the messages
        problems = []
        if long is not None and short is not None and short > long:
            problems.append(f"short axis {mm(short)} above long axis {mm(long)}")
        for axis, value in (("long", long), ("short", short)):
            if value is not None and 0 < value < SMALLEST_MEASURABLE_MM:
                problems.append(f"{axis} axis {mm(value)} is below what imaging measures")
            if value is not None and value > LARGEST_LESION_MM:
                problems.append(f"{axis} axis {mm(value)} is above any lesion's size")
        if problems:
            message = f"the exam of {m.date}: " + "; ".join(problems)
            involves = (Involved("Measurement", m.node_id, "measured"),)
            details = {"long_mm": long, "short_mm": short}
            found.append(conflict(facts.patient_id, IMPLAUSIBLE, message, involves, details))
    return found


def detect(facts: PatientFacts, recist: PatientRecist) -> list[Conflict]:
    lesions = _by_lesion(facts)
    return [
        *_quoted(facts, lesions),
        *_same_date(facts, lesions),
        *_unit_slips(facts, lesions),
        *_implausible(facts),
    ]
