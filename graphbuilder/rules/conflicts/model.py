"""What a contradiction rule reports: a `Conflict` with its id, severity, message and facts.

A conflict deletes nothing: it points to the facts on each side (`Involved`, with the side's
role) and says what disagrees in a message made of values and dates only; the report text
stays on the facts' EXTRACTED_FROM edges. Its id is derived from the rule and the facts
involved, so a rebuild finds the same conflict again; its fingerprint is derived from the
values compared, so a steward's decision goes stale when one of them changes.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from graphbuilder.core.ids import digest, fact_id


class Severity(StrEnum):
    ERROR = "error"  # both cannot be true: one source is wrong
    WARNING = "warning"  # very likely an error, or a disagreement that changes a decision
    INFO = "info"  # worth a look; often explained by something the sources do not say


@dataclass(frozen=True)
class Involved:
    """A fact a conflict rests on: its graph label and id, and the side it stands for."""

    label: str
    node_id: str
    role: str


@dataclass(frozen=True)
class RuleInfo:
    """A contradiction rule as documented: id, family, default severity, what it checks."""

    id: str
    family: str
    severity: Severity
    summary: str


@dataclass(frozen=True)
class Conflict:
    id: str
    patient_id: str
    rule: str
    severity: Severity
    message: str
    involves: tuple[Involved, ...]
    fingerprint: str
    details: Mapping[str, Any]

    def details_json(self) -> str:
        return json.dumps(self.details, sort_keys=True, default=str, ensure_ascii=False)


def conflict(
    patient_id: str,
    rule: RuleInfo,
    message: str,
    involves: tuple[Involved, ...],
    details: Mapping[str, Any],
    severity: Severity | None = None,
) -> Conflict:
    """A conflict whose id comes from the rule and facts, its fingerprint from `details`."""
    node_ids = sorted({item.node_id for item in involves})
    values = json.dumps(details, sort_keys=True, default=str)
    return Conflict(
        id=fact_id("conflict", patient_id, rule.id, *node_ids),
        patient_id=patient_id,
        rule=rule.id,
        severity=severity or rule.severity,
        message=message,
        involves=involves,
        fingerprint=digest(rule.id, *node_ids, values),
        details=details,
    )


def mm(value: float | None) -> str:
    """12.0 → '12 mm', 12.5 → '12.5 mm'."""
    if value is None:
        return "no size"
    return f"{value:g} mm"
