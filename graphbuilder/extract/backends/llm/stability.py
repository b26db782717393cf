"""Stability across K samples: keep what every sample says, drop and report the rest.

Each sample's part (grounded domain data of one task) is compared field by field on values, not
evidence spans (two samples may quote different words for the same value). A single field is
kept when all K samples give the same value; a list keeps the items that every sample gives.
Agreement is the share of samples giving the most common value (fields), or the share of
distinct items that every sample gives (lists). Nothing unstable is silently picked.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Agreement:
    """What the samples agree on, the agreement per field, and the unstable fields."""

    data: dict[str, Any]
    per_field: dict[str, float] = field(default_factory=dict)
    unstable: list[str] = field(default_factory=list)

    def warnings(self, task: str, samples: int) -> list[str]:
        return [
            f"{task}: {name} unstable across {samples} samples "
            f"(agreement {self.per_field[name]:.2f}); disagreeing values dropped"
            for name in self.unstable
        ]


def agree(parts: Sequence[dict[str, Any]], list_fields: frozenset[str]) -> Agreement:
    """Combine K samples of one task's part; `list_fields` names the fields that are lists."""
    if len(parts) == 1:
        return Agreement(dict(parts[0]), dict.fromkeys(parts[0], 1.0))
    result = Agreement(data={})
    names = sorted({name for part in parts for name in part})
    for name in names:
        values = [part.get(name) for part in parts]
        if name in list_fields:
            kept, score = _agree_on_items([value or [] for value in values])
            if kept:
                result.data[name] = kept
        else:
            kept, score = _agree_on_value(values)
            if kept is not None:
                result.data[name] = kept
        result.per_field[name] = score
        if score < 1.0:
            result.unstable.append(name)
    return result


def _agree_on_value(values: list[Any]) -> tuple[Any, float]:
    keys = [_value_key(value) for value in values]
    most_common = Counter(keys).most_common(1)[0][1]
    score = most_common / len(values)
    return (values[0] if score == 1.0 else None), score


def _agree_on_items(lists: list[list[Any]]) -> tuple[list[Any], float]:
    counts = [Counter(_value_key(item) for item in items) for items in lists]
    everywhere = counts[0].copy()
    for other in counts[1:]:
        everywhere &= other
    distinct = set().union(*counts)
    kept: list[Any] = []
    budget = everywhere.copy()
    for item in lists[0]:
        key = _value_key(item)
        if budget[key] > 0:
            kept.append(item)
            budget[key] -= 1
    score = len(everywhere) / len(distinct) if distinct else 1.0
    return kept, score


def _value_key(node: Any) -> str:
    """The node's values without evidence, as canonical JSON."""
    return json.dumps(_values_only(node), sort_keys=True, default=str, ensure_ascii=False)


def _values_only(node: Any) -> Any:
    if isinstance(node, dict):
        if set(node) == {"value", "evidence"}:
            return _values_only(node["value"])
        return {key: _values_only(value) for key, value in node.items()}
    if isinstance(node, list):
        return [_values_only(item) for item in node]
    return node
