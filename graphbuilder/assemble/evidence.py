"""From a fact's evidence spans to the EXTRACTED_FROM relationship's properties."""

from __future__ import annotations

import json
from enum import Enum
from typing import Any

from pydantic import BaseModel

from graphbuilder.extract.model import Evidence, Evidenced


def field_spans(fact: BaseModel, prefix: str = "") -> dict[str, tuple[int, int]]:
    """Every evidenced field of a fact, by dotted path: {'long_axis_mm': (120, 125)}."""
    spans: dict[str, tuple[int, int]] = {}
    for name in type(fact).model_fields:
        value = getattr(fact, name)
        path = f"{prefix}{name}"
        if isinstance(value, Evidenced):
            spans[path] = (value.evidence.start, value.evidence.end)
        elif isinstance(value, BaseModel) and not isinstance(value, Evidence):
            spans.update(field_spans(value, f"{path}."))
    return spans


def extracted_from(spans: dict[str, tuple[int, int]], text: str, run_id: str) -> dict[str, Any]:
    """EXTRACTED_FROM properties: the span covering all the fact's evidence, and each field's."""
    if not spans:
        raise ValueError("a fact must carry evidence")
    start = min(span[0] for span in spans.values())
    end = max(span[1] for span in spans.values())
    return {
        "span_start": start,
        "span_end": end,
        "quote": text[start:end],
        "field_spans": json.dumps({k: list(v) for k, v in sorted(spans.items())}),
        "run_id": run_id,
    }


def value_of(field: Evidenced[Any] | None) -> Any:
    """The plain value of an optional evidenced field (enums as their string value)."""
    if field is None:
        return None
    return field.value.value if isinstance(field.value, Enum) else field.value
