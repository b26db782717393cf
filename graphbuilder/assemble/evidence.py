"""From a fact's evidence spans to the EXTRACTED_FROM relationship's properties.

These run for every fact of every report (tens of thousands a second), so they read the
models' attributes directly rather than through pydantic's field machinery.
"""

from __future__ import annotations

from enum import Enum
from typing import Any

from pydantic import BaseModel

from graphbuilder.extract.model import Evidence, Evidenced


def field_spans(fact: BaseModel, prefix: str = "") -> dict[str, tuple[int, int]]:
    """Every evidenced field of a fact, by dotted path: {'long_axis_mm': (120, 125)}."""
    spans: dict[str, tuple[int, int]] = {}
    for name, value in fact.__dict__.items():
        if value is None:
            continue
        evidence = getattr(value, "evidence", None)  # an Evidenced value
        if isinstance(evidence, Evidence):
            spans[prefix + name] = (evidence.start, evidence.end)
        elif isinstance(value, BaseModel):  # a nested model (a previous size, a TNM)
            spans.update(field_spans(value, f"{prefix}{name}."))
    return spans


def extracted_from(spans: dict[str, tuple[int, int]], text: str, run_id: str) -> dict[str, Any]:
    """EXTRACTED_FROM properties: the span covering all the fact's evidence, and each field's.

    `field_spans` is the JSON `{"field": [start, end], ...}` with sorted keys (field paths are
    plain identifiers, so it is written directly).
    """
    if not spans:
        raise ValueError("a fact must carry evidence")
    start, end = -1, -1
    fields = []
    for name, (a, b) in sorted(spans.items()):
        start = a if start < 0 or a < start else start
        end = b if b > end else end
        fields.append(f'"{name}": [{a}, {b}]')
    return {
        "span_start": start,
        "span_end": end,
        "quote": text[start:end],
        "field_spans": "{" + ", ".join(fields) + "}",
        "run_id": run_id,
    }


def value_of(field: Evidenced[Any] | None) -> Any:
    """The plain value of an optional evidenced field (enums as their string value)."""
    if field is None:
        return None
    value = field.value
    return value.value if isinstance(value, Enum) else value
