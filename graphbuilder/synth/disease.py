"""True lesion sizes over time, and what an exam measures of them.

A treatment sets an `Effect`: lesions shrink towards a plateau (`remaining` of their size,
reached in about four months, more or less strongly per lesion), then regrow exponentially
after `ttp` days. A lesion whose true size falls under a few millimetres is gone for good.
An exam reports every lesion of its region with the measurement error of a radiologist
(about 3 %), rounded to the millimetre; sometimes a range ("12-13 mm") is written instead.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from dataclasses import dataclass

from graphbuilder.synth.course import Exam, LesionTrack, Measure, Patient

GONE_BELOW_MM = 2.5  # non-nodal lesion no longer visible
NODE_GONE_BELOW_MM = 4.0  # short axis of a node no longer seen
TOO_SMALL_BELOW_MM = 5.0  # visible but "trop petite pour être mesurée"
RANGE_SHARE = 0.05  # measures written as a range (the gold value is its middle)
_REGION_ORGANS: dict[str, frozenset[str] | None] = {
    "tap": None,  # thorax-abdomen-pelvis CT: every organ
    "pet": None,
    "liver": frozenset({"liver"}),
    "breast": frozenset({"breast", "lymph_node"}),
    "mammo": frozenset({"breast"}),
}


@dataclass(frozen=True, slots=True)
class Effect:
    """How lesions evolve from `start`: shrink to `remaining`, regrow after `ttp` days."""

    start: dt.date
    remaining: float
    ttp: int | None  # None: no regrowth
    growth: float  # log-growth per day after ttp (and for lesions born under the effect)


def untreated(start: dt.date, rng: random.Random) -> Effect:
    """Disease left alone grows by 25 to 60 % every two months."""
    return Effect(start, 1.0, 0, math.log(rng.uniform(1.25, 1.6)) / 60)


def start_effect(patient: Patient, effect: Effect) -> None:
    """Anchor every visible lesion at its current size: the effect applies from here."""
    for lesion in patient.lesions:
        if not lesion.gone and lesion.born <= effect.start:
            lesion.anchor, lesion.anchor_short = lesion.size, lesion.short
            lesion.anchor_date = effect.start


def _factor(effect: Effect, lesion: LesionTrack, date: dt.date) -> float:
    anchor_date = lesion.anchor_date or lesion.born
    if anchor_date > effect.start:  # born while the disease was progressing: it only grows
        return math.exp(effect.growth * (date - anchor_date).days)
    days = (date - effect.start).days
    exponent = lesion.sensitivity
    if effect.ttp is None or days <= effect.ttp:
        return float(effect.remaining ** (exponent * min(1.0, days / 120)))
    plateau = effect.remaining ** (exponent * min(1.0, effect.ttp / 120))
    return float(plateau * math.exp(effect.growth * exponent * (days - effect.ttp)))


def advance(patient: Patient, effect: Effect, date: dt.date) -> None:
    """Set every lesion's true size at `date` under `effect`."""
    for lesion in patient.lesions:
        if lesion.gone or lesion.removed or lesion.born > date:
            continue
        if lesion.anchor_date is None:
            lesion.anchor, lesion.anchor_short, lesion.anchor_date = (
                lesion.size,
                lesion.short,
                lesion.born,
            )
        factor = _factor(effect, lesion, date)
        lesion.size = lesion.anchor * factor
        lesion.short = lesion.anchor_short * factor
        if lesion.nodal:
            lesion.gone = lesion.short < NODE_GONE_BELOW_MM
        else:
            lesion.gone = lesion.size < GONE_BELOW_MM
        if lesion.gone:
            lesion.size = lesion.short = 0.0


def in_region(region: str, lesion: LesionTrack) -> bool:
    organs = _REGION_ORGANS[region]
    if organs is None:
        return True
    if region == "breast" and lesion.organ == "lymph_node":
        return lesion.location == "axillaire"
    return lesion.organ in organs


def _measured(true_mm: float, rng: random.Random) -> float:
    """A radiologist's reading of a true size: ±3 %, to the millimetre, sometimes a range."""
    value = max(1.0, round(true_mm * (1.0 + rng.gauss(0.0, 0.03))))
    if rng.random() < RANGE_SHARE:
        return value - 0.5  # written "value-1 - value mm"
    return float(value)


def measure(
    patient: Patient, rng: random.Random, date: dt.date, region: str, previous: Exam | None
) -> list[Measure]:
    """What an exam of `region` on `date` reports of each lesion (gone ones once seen)."""
    earlier = {m.lesion.key: m for m in previous.measures} if previous else {}
    measures: list[Measure] = []
    for lesion in patient.lesions:
        if lesion.born > date or lesion.removed or not in_region(region, lesion):
            continue
        before = earlier.get(lesion.key)
        if lesion.gone:
            if before is not None:  # described as gone as long as it was described before
                measures.append(Measure(lesion, 0.0, 0.0, "disappeared", None, None, before))
            continue
        is_new = previous is not None and before is None and lesion.born > previous.date
        measures.append(_present(lesion, rng, "new" if is_new else "present", before))
    for item in measures:
        if item.previous is not None and previous is not None:
            item.previous_date = previous.date
    return measures


def _present(
    lesion: LesionTrack, rng: random.Random, status: str, before: Measure | None
) -> Measure:
    if not lesion.measurable_text:
        return Measure(lesion, lesion.size, lesion.short, status, None, None, before)
    if lesion.nodal:
        short = _measured(lesion.short, rng)
        long = _measured(lesion.size, rng) if rng.random() < 0.6 else None
        if long is not None and long <= short:
            long = None
        return Measure(lesion, lesion.size, lesion.short, status, long, short, before)
    long = _measured(lesion.size, rng)
    if long < TOO_SMALL_BELOW_MM:
        status = "too_small" if status == "present" else status
        if status == "too_small":
            return Measure(lesion, lesion.size, lesion.short, status, None, None, before)
        long = TOO_SMALL_BELOW_MM
    second: float | None = _measured(lesion.short, rng) if rng.random() < 0.35 else None
    if second is not None and second >= long:
        second = None
    return Measure(lesion, lesion.size, lesion.short, status, long, second, before)


def new_lesion(
    patient: Patient,
    rng: random.Random,
    *,
    organ: str,
    born: dt.date,
    size: float,
    location: str | None = None,
    laterality: str | None = None,
    nodal: bool = False,
    primary: bool = False,
) -> LesionTrack:
    """Create and register a lesion; nodes get a short axis, bone lesions are not measured."""
    short = size * rng.uniform(0.55, 0.85)
    lesion = LesionTrack(
        key=f"L{len(patient.lesions) + 1}",
        organ=organ,
        location=location,
        laterality=laterality,
        nodal=nodal,
        born=born,
        size=size,
        short=short,
        sensitivity=rng.uniform(0.8, 1.2),
        measurable_text=organ != "bone",
        primary=primary,
    )
    patient.lesions.append(lesion)
    return lesion
