"""The curation log applied to a build's conflicts (`review_conflicts`) and facts.

For each conflict found, the log's latest entry decides its status: none → open; a decision
whose fingerprint is the conflict's → resolved; a decision made on other values (the facts
changed since) → stale, and the conflict is reopened; `reopen` → reopened. Earlier entries are
superseded. An applied correction changes the value downstream computations use
(`apply_corrections`); the fact itself keeps its extracted value and is marked corrected in the
graph. Entries about conflicts no longer found are kept in the log and reported as orphaned.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, fields, replace
from typing import Any

from graphbuilder.assemble.facts import PatientFacts
from graphbuilder.core.graph_schema import GRAPH_SCHEMA, PropertyType
from graphbuilder.curate.log import CurationEntry, Decision
from graphbuilder.rules.conflicts import Conflict

VERSION = "curation.v1"


@dataclass(frozen=True)
class Ruling:
    """A log entry about a conflict, and whether it holds: applied, stale or superseded."""

    entry: CurationEntry
    status: str


@dataclass(frozen=True)
class ConflictReview:
    conflict: Conflict
    status: str  # open | resolved | reopened
    rulings: tuple[Ruling, ...]


@dataclass(frozen=True)
class Correction:
    """A value the steward corrected: used downstream instead of the extracted one."""

    label: str
    fact_id: str
    field: str
    value: Any
    original: Any
    entry_id: str


@dataclass(frozen=True)
class CurationReview:
    conflicts: tuple[ConflictReview, ...]
    corrections: tuple[Correction, ...]
    orphaned: tuple[CurationEntry, ...]

    def count(self, status: str) -> int:
        return sum(1 for review in self.conflicts if review.status == status)

    def stale(self) -> int:
        return sum(1 for r in self.conflicts for ruling in r.rulings if ruling.status == "stale")


def review_conflicts(
    conflicts: Sequence[Conflict], entries: Sequence[CurationEntry]
) -> CurationReview:
    """Each conflict's status and rulings, and the corrections that apply."""
    by_conflict: dict[str, list[CurationEntry]] = defaultdict(list)
    for entry in entries:  # in log order: a later line supersedes an earlier one
        by_conflict[entry.conflict_id].append(entry)
    reviews, corrections = [], []
    for item in conflicts:
        history = by_conflict.pop(item.id, [])
        review = _review(item, history)
        reviews.append(review)
        if review.status == "resolved" and history[-1].decision is Decision.CORRECT:
            correction = _correction(item, history[-1])
            if correction is not None:
                corrections.append(correction)
    orphaned = tuple(entry for history in by_conflict.values() for entry in history)
    return CurationReview(tuple(reviews), tuple(corrections), orphaned)


def _review(item: Conflict, history: list[CurationEntry]) -> ConflictReview:
    if not history:
        return ConflictReview(item, "open", ())
    *earlier, latest = history
    rulings = [Ruling(entry, "superseded") for entry in earlier]
    if latest.decision is Decision.REOPEN:
        status, latest_status = "reopened", "applied"
    elif latest.fingerprint == item.fingerprint:
        status, latest_status = "resolved", "applied"
    else:
        status, latest_status = "reopened", "stale"
    return ConflictReview(item, status, (*rulings, Ruling(latest, latest_status)))


def _correction(item: Conflict, entry: CurationEntry) -> Correction | None:
    label = next((i.label for i in item.involves if i.node_id == entry.fact_id), None)
    if label is None or entry.fact_id is None or entry.field is None:
        return None
    if entry.field not in GRAPH_SCHEMA.node(label).property_names():
        return None  # a hand-edited line naming no property of the fact: nothing to apply
    return Correction(
        label=label,
        fact_id=entry.fact_id,
        field=entry.field,
        value=typed_value(label, entry.field, entry.value),
        original=typed_value(label, entry.field, entry.original_value),
        entry_id=entry.entry_id,
    )


def typed_value(label: str, field: str, value: Any) -> Any:
    """A logged (JSON) value as the graph property's type: '2024-05-28' → a date."""
    if value is None:
        return None
    kind = next(p.type for p in GRAPH_SCHEMA.node(label).properties if p.name == field)
    if kind is PropertyType.DATE:
        return dt.date.fromisoformat(str(value))
    if kind is PropertyType.DOUBLE:
        return float(value)
    if kind is PropertyType.INT64:
        return int(value)
    if kind is PropertyType.BOOLEAN:
        return value if isinstance(value, bool) else str(value).lower() == "true"
    return str(value)


_COLLECTIONS = ("measurements", "exams", "treatments", "tumours", "pathology")


def apply_corrections(facts: PatientFacts, corrections: Sequence[Correction]) -> PatientFacts:
    """The facts with each correction's value in place of the extracted one."""
    if not corrections:
        return facts
    wanted: dict[str, dict[str, Any]] = defaultdict(dict)
    for correction in corrections:
        wanted[correction.fact_id][correction.field] = correction.value
    changes: dict[str, Any] = {}
    for name in _COLLECTIONS:
        records = getattr(facts, name)
        changes[name] = tuple(_corrected(record, wanted) for record in records)
    return replace(facts, **changes)


def _corrected(record: Any, wanted: dict[str, dict[str, Any]]) -> Any:
    values = wanted.get(record.node_id)
    if not values:
        return record
    names = {f.name for f in fields(record)}
    usable = {name: value for name, value in values.items() if name in names}
    return replace(record, **usable) if usable else record
