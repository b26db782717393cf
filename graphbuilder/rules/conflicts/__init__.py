"""Contradiction rules: one module per family, each rule with an id, a severity and a message.

`detect_conflicts(facts, recist)` runs every rule on one patient's facts (as extracted) and
RECIST results, and returns the conflicts in a stable order. `RULES` documents them all:

| family | rule ids |
| --- | --- |
| stated evolution | stated-vs-computed |
| sizes | quoted-previous-size, same-date-size, size-unit-slip, implausible-size |
| pathology | receptor-flip, receptor-discordance |
| anatomy | laterality-conflict, organ-conflict, histology-conflict |
| lesions | no-new-lesion-vs-first-seen, lesion-gone-then-back |
| dates | before-diagnosis, after-death, treatment-end-before-start, missing-comparison-exam |
| treatments | ongoing-after-end |
| reports | duplicate-report-id |
"""

from __future__ import annotations

from collections.abc import Callable

from graphbuilder.assemble.facts import PatientFacts
from graphbuilder.rules.conflicts import (
    anatomy,
    dates,
    lesions,
    pathology,
    reports,
    sizes,
    stated,
    treatments,
)
from graphbuilder.rules.conflicts.model import Conflict, Involved, RuleInfo, Severity
from graphbuilder.rules.timepoints import PatientRecist

VERSION = "conflicts.v1"
_FAMILIES = (stated, sizes, pathology, anatomy, lesions, dates, treatments, reports)
RULES: tuple[RuleInfo, ...] = tuple(rule for family in _FAMILIES for rule in family.RULES)
_DETECTORS: tuple[Callable[[PatientFacts, PatientRecist], list[Conflict]], ...] = tuple(
    family.detect for family in _FAMILIES
)


def detect_conflicts(facts: PatientFacts, recist: PatientRecist) -> tuple[Conflict, ...]:
    """Every rule's conflicts for one patient, by rule then id; one conflict per id."""
    found: dict[str, Conflict] = {}
    for detect in _DETECTORS:
        for item in detect(facts, recist):
            found.setdefault(item.id, item)
    return tuple(sorted(found.values(), key=lambda c: (c.rule, c.id)))


__all__ = [
    "RULES",
    "VERSION",
    "Conflict",
    "Involved",
    "RuleInfo",
    "Severity",
    "detect_conflicts",
]
