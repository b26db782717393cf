"""The evaluated fields, section by section, and how two values are judged the same.

Each `FieldSpec` names a field as it appears in the results table, reads its (value, evidence)
slot from one unit (the radiology findings of a report, one lesion, one pathology result, one
treatment, one tumour) and says how two values compare: categories, booleans and dates
exactly, sizes within `SIZE_TOLERANCE_MM`, free text after normalisation.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from graphbuilder.core.dates import strip_accents
from graphbuilder.extract.model import Evidence, Evidenced, TnmStage

SIZE_TOLERANCE_MM = 0.5
_FLOAT_EPSILON = 1e-9

Slot = tuple[Any, Evidence]
"""A value and the evidence it was read from."""

CATEGORICAL, NUMERIC, DATE, TEXT, SET, DETECTION = (
    "categorical",
    "numeric",
    "date",
    "text",
    "set",
    "detection",
)


# ----------------------------------------------------------------------------- comparisons
def exact(gold: Any, predicted: Any) -> bool:
    return bool(gold == predicted)


def within(tolerance: float) -> Callable[[Any, Any], bool]:
    """Numbers equal up to `tolerance` (inclusive)."""

    def same(gold: Any, predicted: Any) -> bool:
        return abs(float(gold) - float(predicted)) <= tolerance + _FLOAT_EPSILON

    return same


@lru_cache(maxsize=65536)
def normalise_text(text: str) -> str:
    """'Adénocarcinome, NST' = 'adenocarcinome nst': case, accents, punctuation do not count."""
    return " ".join(re.sub(r"[^0-9a-z]+", " ", strip_accents(text).lower()).split())


_ROMAN = {"1": "i", "2": "ii", "3": "iii", "4": "iv", "5": "v", "6": "vi", "7": "vii", "8": "viii"}
_SEGMENT = re.compile(r"\b(?:segments?|seg|s) ?([1-8]|iv|v?i{1,3}|v)([ab]?)\b")


@lru_cache(maxsize=65536)
def normalise_location(text: str) -> str:
    """'Segment VI', 'seg. 6', 'S6' and 'VI' meet as 'vi'; otherwise as `normalise_text`."""
    plain = normalise_text(text)
    return _SEGMENT.sub(lambda m: _ROMAN.get(m[1], m[1]) + m[2], plain)


def same_text(gold: Any, predicted: Any) -> bool:
    return normalise_text(str(gold)) == normalise_text(str(predicted))


def same_location(gold: Any, predicted: Any) -> bool:
    return normalise_location(str(gold)) == normalise_location(str(predicted))


def same_code(gold: Any, predicted: Any) -> bool:
    """Codes ('8500/3', 'T1c', 'N0(sn)'): case and spaces do not count."""
    return "".join(str(gold).split()).lower() == "".join(str(predicted).split()).lower()


def _tnm_parts(stage: TnmStage) -> tuple[str, ...]:
    parts = (stage.prefix, stage.t, stage.n, stage.m)
    return tuple("".join((part or "").split()).lower() for part in parts)


def same_tnm(gold: Any, predicted: Any) -> bool:
    return _tnm_parts(gold) == _tnm_parts(predicted)


# ----------------------------------------------------------------------------- specs
@dataclass(frozen=True)
class FieldSpec:
    """One evaluated field: its name, how to read it from a unit and how values compare."""

    name: str
    read: Callable[[Any], Slot | None]
    same: Callable[[Any, Any], bool] = exact
    kind: str = CATEGORICAL

    @property
    def categorical(self) -> bool:
        return self.kind == CATEGORICAL


def slot(evidenced: Evidenced[Any] | None) -> Slot | None:
    return None if evidenced is None else (evidenced.value, evidenced.evidence)


def _attribute(*path: str) -> Callable[[Any], Slot | None]:
    """Reads unit.a.b... (any step may be None) as a slot."""

    def read(unit: Any) -> Slot | None:
        node = unit
        for name in path:
            node = getattr(node, name, None) if node is not None else None
        return slot(node)

    return read


def _tnm_part(part: str) -> Callable[[Any], Slot | None]:
    def read(unit: Any) -> Slot | None:
        tnm = unit.tnm
        value = getattr(tnm.value, part) if tnm is not None else None
        return None if value is None else (value, tnm.evidence)

    return read


def _spec(
    name: str, kind: str = CATEGORICAL, same: Callable[[Any, Any], bool] = exact
) -> FieldSpec:
    return FieldSpec(name, _attribute(*name.split(".")), same, kind)


def _size(name: str) -> FieldSpec:
    return _spec(name, NUMERIC, within(SIZE_TOLERANCE_MM))


def _number(name: str) -> FieldSpec:
    return _spec(name, NUMERIC, within(0.0))


# Report-level radiology fields; `comparison_dates` is scored as a set (see extraction.py).
RADIOLOGY_FIELDS: tuple[FieldSpec, ...] = (
    _spec("exam_date", DATE),
    _spec("modality"),
    _spec("is_follow_up"),
    _spec("no_new_lesion"),
    _spec("stated_evolution"),
    _spec("stated_recist"),
)

# Lesion attributes, scored on matched gold/predicted lesion pairs.
LESION_FIELDS: tuple[FieldSpec, ...] = (
    _spec("location", TEXT, same_location),
    _spec("laterality"),
    _spec("nodal"),
    _size("long_axis_mm"),
    _size("short_axis_mm"),
    _spec("status"),
    _spec("target"),
    _size("previous.long_axis_mm"),
    _size("previous.short_axis_mm"),
    _spec("previous.date", DATE),
)

# The 13 breast variables (with their receptor percentages, HER2 detail and SBR sub-scores)
# and the TNM, scored on every aligned pair of results (a missed result misses all its values).
SPECIMEN_TYPE = _spec("specimen_type")
PATHOLOGY_FIELDS: tuple[FieldSpec, ...] = (
    SPECIMEN_TYPE,
    _spec("morphology", TEXT, same_text),
    _spec("morphology_icdo", TEXT, same_code),
    _spec("laterality"),
    _spec("sbr_grade"),
    _spec("sbr_tubules"),
    _spec("sbr_nuclei"),
    _spec("sbr_mitoses"),
    _size("tumour_size_mm"),
    _spec("margins_clear"),
    _number("nodes_examined"),
    _number("nodes_positive"),
    _spec("lymphovascular_invasion"),
    _spec("extracapsular_spread"),
    _spec("er_status"),
    _number("er_percent"),
    _spec("pr_status"),
    _number("pr_percent"),
    _spec("her2_status"),
    _spec("her2_ihc"),
    _spec("her2_ish"),
    _number("ki67_percent"),
    _spec("tnm", TEXT, same_tnm),
    FieldSpec("tnm.t", _tnm_part("t"), same_code, TEXT),
    FieldSpec("tnm.n", _tnm_part("n"), same_code, TEXT),
    FieldSpec("tnm.m", _tnm_part("m"), same_code, TEXT),
)

# Treatment attributes, scored on treatments matched by normalised name.
TREATMENT_FIELDS: tuple[FieldSpec, ...] = (
    _spec("category"),
    _spec("start", DATE),
    _spec("end", DATE),
    _spec("status"),
    _number("line"),
    _number("cycle"),
    _number("dose_gy"),
    _number("fractions"),
)

# Tumour attributes, scored on tumours matched by site.
TUMOUR_FIELDS: tuple[FieldSpec, ...] = (
    _spec("histology", TEXT, same_text),
    _spec("laterality"),
    _spec("diagnosis_date", DATE),
)


def agree(spec: FieldSpec, gold: Any, predicted: Any) -> bool:
    """Whether two units agree on `spec` (both absent counts as agreeing)."""
    a, b = spec.read(gold), spec.read(predicted)
    if a is None or b is None:
        return a is None and b is None
    return spec.same(a[0], b[0])
