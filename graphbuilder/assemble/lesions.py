"""Lesion identity across a patient's reports.

A first, conservative linking: the same anatomical key (organ, sub-location, laterality, nodal)
and the same rank among that key's lesions in the report is the same physical lesion. Size
continuity and quoted previous sizes refine this in the longitudinal engine.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from graphbuilder.core.dates import strip_accents
from graphbuilder.extract.model import Lesion

AnatomicalKey = tuple[str, str, str, bool, int]


def normalise_location(location: str | None) -> str:
    """'Segment VI', 'seg. 6' and 'S6' should meet: lower-case, no accents, roman digits."""
    if not location:
        return ""
    text = strip_accents(location).lower()
    text = re.sub(r"\b(segment|seg\.?|s)\s*", "s", text)
    return " ".join(text.split())


def anatomical_keys(lesions: list[Lesion]) -> list[AnatomicalKey]:
    """One key per lesion of a report; lesions sharing a location are told apart by rank."""
    seen: dict[tuple[str, str, str, bool], int] = {}
    keys = []
    for lesion in lesions:
        base = (
            lesion.organ.value.value,
            normalise_location(lesion.location.value if lesion.location else None),
            lesion.laterality.value.value if lesion.laterality else "",
            lesion.nodal.value,
        )
        rank = seen.get(base, 0)
        seen[base] = rank + 1
        keys.append((*base, rank))
    return keys


@dataclass
class TrackedLesion:
    key: AnatomicalKey
    first_seen: dt.date
