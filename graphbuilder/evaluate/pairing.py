"""Which gold and predicted items of one report describe the same thing, and how well.

Each function scores a candidate (gold, predicted) pair for `matching.assign`: None when the
pair is not allowed, otherwise a higher number for a closer pair.

- Lesions: same organ required; then the normalised location, laterality and nodal flag
  (location weighs most), then the closest size. A lesion put in the wrong segment of the
  right organ is still matched when nothing better is left, and its location is scored wrong.
- Pathology results: any pair is allowed; same specimen type first, then the number of other
  variables they agree on.
- Treatments: same normalised name required; then same start, line, status, category.
- Tumours: same site required; then same laterality, diagnosis date, histology.
"""

from __future__ import annotations

from graphbuilder.evaluate.fields import (
    PATHOLOGY_FIELDS,
    SPECIMEN_TYPE,
    agree,
    normalise_location,
    normalise_text,
)
from graphbuilder.extract.model import Lesion, PathologyResult, Treatment, Tumour


def lesion_score(gold: Lesion, predicted: Lesion) -> int | None:
    if gold.organ.value != predicted.organ.value:
        return None
    score = 1000 * (_location(gold) == _location(predicted))
    score += 500 * (_laterality(gold) == _laterality(predicted))
    score += 500 * (gold.nodal.value == predicted.nodal.value)
    return score + _size_closeness(gold, predicted)


def _location(lesion: Lesion) -> str:
    return normalise_location(lesion.location.value) if lesion.location else ""


def _laterality(lesion: Lesion) -> str:
    return lesion.laterality.value.value if lesion.laterality else ""


def _reference_size(lesion: Lesion) -> float | None:
    """The size RECIST would use: short axis of a node, long axis otherwise."""
    first, second = (
        (lesion.short_axis_mm, lesion.long_axis_mm)
        if lesion.nodal.value
        else (lesion.long_axis_mm, lesion.short_axis_mm)
    )
    chosen = first or second
    return chosen.value if chosen else None


def _size_closeness(gold: Lesion, predicted: Lesion) -> int:
    """100 for equal sizes, 10 less per millimetre apart, 0 when a size is missing."""
    a, b = _reference_size(gold), _reference_size(predicted)
    if a is None or b is None:
        return 0
    return max(0, 100 - round(10 * abs(a - b)))


def pathology_score(gold: PathologyResult, predicted: PathologyResult) -> int:
    same_specimen = agree(SPECIMEN_TYPE, gold, predicted)
    agreeing = sum(
        agree(spec, gold, predicted) for spec in PATHOLOGY_FIELDS if spec is not SPECIMEN_TYPE
    )
    return 1000 * same_specimen + agreeing


def treatment_name(treatment: Treatment) -> str:
    return normalise_text(treatment.name.value)


def treatment_score(gold: Treatment, predicted: Treatment) -> int | None:
    if treatment_name(gold) != treatment_name(predicted):
        return None
    return (
        100 * _same(gold.start, predicted.start)
        + 50 * _same(gold.line, predicted.line)
        + 20 * _same(gold.status, predicted.status)
        + 10 * _same(gold.category, predicted.category)
    )


def tumour_score(gold: Tumour, predicted: Tumour) -> int | None:
    if gold.site.value != predicted.site.value:
        return None
    histology = (
        gold.histology is not None
        and predicted.histology is not None
        and normalise_text(gold.histology.value) == normalise_text(predicted.histology.value)
    )
    return (
        100 * _same(gold.laterality, predicted.laterality)
        + 50 * _same(gold.diagnosis_date, predicted.diagnosis_date)
        + 10 * histology
    )


def _same(a: object, b: object) -> bool:
    """Two optional evidenced values carry the same value (both absent: the same too)."""
    value_a = getattr(a, "value", None)
    value_b = getattr(b, "value", None)
    return value_a == value_b
