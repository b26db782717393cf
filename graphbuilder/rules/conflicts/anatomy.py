"""Laterality and histology that disagree for the same tumour or the same lesion.

A tumour's laterality: a site said left by some statements and right by others (bilateral
cancers exist, hence a warning). Pathology results count for the tumour when the patient has
one primary site. A lesion's laterality or organ: lesion linking keeps a lesion whose side or
organ changed only on strong evidence (the same sub-location and a quoted previous size that
is its size then), so that the contradiction shows here; without it, the lesion becomes a
new-lesion candidate (and the old one is not seen again). Histology: two statements naming
different families (`patterns.histology_family`).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from graphbuilder.assemble.facts import MeasurementFact, PatientFacts
from graphbuilder.rules.conflicts.model import Conflict, Involved, RuleInfo, Severity, conflict
from graphbuilder.rules.conflicts.patterns import histology_family
from graphbuilder.rules.timepoints import PatientRecist

LATERALITY = RuleInfo(
    "laterality-conflict",
    "anatomy",
    Severity.WARNING,
    "The same tumour or lesion is said to be on the left by one source, the right by another.",
)
ORGAN = RuleInfo(
    "organ-conflict",
    "anatomy",
    Severity.WARNING,
    "The same lesion (same sub-location, matching quoted previous size) is placed in another "
    "organ by a later report.",
)
HISTOLOGY = RuleInfo(
    "histology-conflict",
    "anatomy",
    Severity.WARNING,
    "Two sources name different histology families for the same tumour.",
)
RULES = (LATERALITY, ORGAN, HISTOLOGY)
_SIDES = ("left", "right")


@dataclass(frozen=True, slots=True)
class _Statement:
    """One source's statement: which fact, when, and what it says (a side, a family)."""

    label: str
    node_id: str
    date: dt.date
    report_id: str
    value: str


def _single_site(facts: PatientFacts) -> str | None:
    sites = {tumour.site for tumour in facts.tumours}
    return next(iter(sites)) if len(sites) == 1 else None


def _tumour_statements(facts: PatientFacts, field: str) -> dict[str, list[_Statement]]:
    """Per site, each tumour statement and, with one site, each pathology result's."""
    by_site: dict[str, list[_Statement]] = defaultdict(list)
    for t in facts.tumours:
        value = t.laterality if field == "laterality" else histology_family(t.histology)
        if value:
            by_site[t.site].append(_Statement("Tumour", t.node_id, t.date, t.report_id, value))
    single = _single_site(facts)
    if single is not None:
        for p in facts.pathology:
            value = (
                p.laterality
                if field == "laterality"
                else histology_family(p.morphology, p.morphology_icdo)
            )
            if value:
                statement = _Statement("PathologyResult", p.node_id, p.date, p.report_id, value)
                by_site[single].append(statement)
    return by_site


def _split(statements: list[_Statement]) -> dict[str, list[_Statement]]:
    groups: dict[str, list[_Statement]] = defaultdict(list)
    for statement in sorted(statements, key=lambda s: (s.date, s.report_id, s.node_id)):
        groups[statement.value].append(statement)
    return groups


def _tumour_conflicts(facts: PatientFacts) -> list[Conflict]:
    found = []
    for field, rule in (("laterality", LATERALITY), ("histology", HISTOLOGY)):
        for site, statements in sorted(_tumour_statements(facts, field).items()):
            groups = _split([s for s in statements if s.value != "bilateral"])
            if len(groups) < 2:
                continue
            ranked = sorted(groups.values(), key=lambda g: (-len(g), g[0].date))
            most, other = ranked[0], ranked[1]
            message = (
                f"the {site} tumour's {field} is {most[0].value} in {len(most)} statement(s) "
                f"(first on {most[0].date}) and {other[0].value} in {len(other)} "
                f"(first on {other[0].date})"
            )
            details = {"site": site, **{value: len(g) for value, g in sorted(groups.items())}}
            involves = _involving(facts, most[0], other[0])
            found.append(conflict(facts.patient_id, rule, message, involves, details))
    return found


def _involving(facts: PatientFacts, *statements: _Statement) -> tuple[Involved, ...]:
    """The facts and, since one Tumour node gathers every report's statement, their reports."""
    reports = {report.report_id: report.node_id for report in facts.reports}
    involved: dict[str, Involved] = {}
    for s in statements:
        involved.setdefault(s.node_id, Involved(s.label, s.node_id, s.value))
    for s in statements:
        involved.setdefault(reports[s.report_id], Involved("Report", reports[s.report_id], s.value))
    return tuple(involved.values())


def _lesion_anatomy(facts: PatientFacts) -> list[Conflict]:
    """A lesion said left then right, or in one organ then another."""
    seen: dict[tuple[str, str], dict[str, MeasurementFact]] = defaultdict(dict)
    for m in sorted(facts.measurements, key=lambda m: (m.date, m.report_id)):
        seen[(m.lesion_id, "organ")].setdefault(m.organ, m)
        if m.laterality in _SIDES:
            seen[(m.lesion_id, "laterality")].setdefault(m.laterality, m)
    found = []
    for (lesion_id, field), first in seen.items():
        if len(first) < 2:
            continue
        (value_a, a), (value_b, b) = list(first.items())[:2]
        message = (
            f"this lesion's {field} is {value_a.replace('_', ' ')} on {a.date} and "
            f"{value_b.replace('_', ' ')} on {b.date}, with the same sub-location and a quoted "
            "previous size that matches"
        )
        involves = (
            Involved("Lesion", lesion_id, "lesion"),
            Involved("Measurement", a.node_id, value_a),
            Involved("Measurement", b.node_id, value_b),
        )
        details = {field: [value_a, value_b], "dates": [a.date.isoformat(), b.date.isoformat()]}
        rule = LATERALITY if field == "laterality" else ORGAN
        found.append(conflict(facts.patient_id, rule, message, involves, details))
    return found


def detect(facts: PatientFacts, recist: PatientRecist) -> list[Conflict]:
    return [*_tumour_conflicts(facts), *_lesion_anatomy(facts)]
