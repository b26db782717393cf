"""From a fact's evidence spans to the EXTRACTED_FROM relationship's properties.

These run for every fact of every report (tens of thousands a second), so they read the
models' attributes directly rather than through pydantic's field machinery, and write the
`field_spans` JSON from a template made once per set of fields.
"""

from __future__ import annotations

from enum import Enum
from functools import lru_cache
from typing import Any, NamedTuple

from pydantic import BaseModel

from graphbuilder.extract.model import Evidenced


class Spans(NamedTuple):
    """A fact's evidence kept apart from the text it points into: each evidenced field (by
    dotted path) with its start and end offsets. `properties` gives the EXTRACTED_FROM edge's
    properties once the text is at hand, so a kept reading of a report need not hold quotes."""

    names: tuple[str, ...]
    starts: tuple[int, ...]
    ends: tuple[int, ...]

    def properties(self, text: str, run_id: str) -> dict[str, Any]:
        """The EXTRACTED_FROM properties (see `extracted_from`)."""
        return _properties(self, text, run_id)


class Unpacked(NamedTuple):
    """A fact read in one pass: its plain values by dotted field path (enums as their string
    value, absent fields missing) and the spans of its evidence."""

    values: dict[str, Any]
    spans: Spans


def unpack(fact: BaseModel) -> Unpacked:
    """Values and evidence of a fact, walking its fields once (`value_of` field by field and
    then `field_spans` would walk them twice)."""
    values: dict[str, Any] = {}
    names: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    _collect(fact, "", values, (names, starts, ends))
    return Unpacked(values, Spans(_shared(tuple(names)), tuple(starts), tuple(ends)))


def field_spans(fact: BaseModel) -> dict[str, tuple[int, int]]:
    """Every evidenced field of a fact, by dotted path: {'long_axis_mm': (120, 125)}."""
    spans = unpack(fact).spans
    return dict(zip(spans.names, zip(spans.starts, spans.ends, strict=True), strict=True))


def extracted_from(spans: dict[str, tuple[int, int]], text: str, run_id: str) -> dict[str, Any]:
    """EXTRACTED_FROM properties: the span covering all the fact's evidence, and each field's.

    `field_spans` is the JSON `{"field": [start, end], ...}` with sorted keys (field paths are
    plain identifiers, so it is written directly).
    """
    return _properties(spans_of(spans), text, run_id)


def spans_of(spans: dict[str, tuple[int, int]]) -> Spans:
    """`Spans` from {field: (start, end)}."""
    return Spans(
        _shared(tuple(spans)),
        tuple(a for a, _ in spans.values()),
        tuple(b for _, b in spans.values()),
    )


@lru_cache(maxsize=1024)
def _shared(names: tuple[str, ...]) -> tuple[str, ...]:
    # One tuple object per set of fields: a pickle of a report's facts then holds it once.
    return names


def _collect(
    fact: BaseModel,
    prefix: str,
    values: dict[str, Any],
    spans: tuple[list[str], list[int], list[int]],
) -> None:
    names, starts, ends = spans
    for name, field in fact.__dict__.items():
        if field is None:
            continue
        kind = _KINDS.get(type(field)) or _kind(type(field))
        if kind is _EVIDENCED:
            value = field.value
            values[prefix + name] = value._value_ if isinstance(value, Enum) else value
            evidence = field.evidence
            names.append(prefix + name)
            starts.append(evidence.start)
            ends.append(evidence.end)
        elif kind is _NESTED:  # a nested model (a previous size)
            _collect(field, f"{prefix}{name}.", values, spans)


# What a model's attribute is, by its type, decided once per type (isinstance checks through
# pydantic's metaclass cost more than the rest of the walk).
_EVIDENCED, _NESTED, _PLAIN = "evidenced", "nested", "plain"
_KINDS: dict[type, str] = {}


def _kind(value_type: type) -> str:
    if issubclass(value_type, Evidenced):
        kind = _EVIDENCED
    elif issubclass(value_type, BaseModel):
        kind = _NESTED
    else:
        kind = _PLAIN
    _KINDS[value_type] = kind
    return kind


def _properties(spans: Spans, text: str, run_id: str) -> dict[str, Any]:
    if not spans.names:
        raise ValueError("a fact must carry evidence")
    start, end = min(spans.starts), max(spans.ends)
    return {
        "span_start": start,
        "span_end": end,
        "quote": text[start:end],
        "field_spans": _spans_template(spans.names).format(*spans.starts, *spans.ends),
        "run_id": run_id,
    }


@lru_cache(maxsize=1024)  # a few dozen sets of fields recur across all facts
def _spans_template(names: tuple[str, ...]) -> str:
    """'{{"a": [{0}, {2}], "b": [{1}, {3}]}}' for names ('a', 'b'), keys sorted: `format`
    with the starts then the ends, in the names' order, writes the JSON."""
    count = len(names)
    order = sorted(range(count), key=names.__getitem__)
    fields = ", ".join(f'"{names[i]}": [{{{i}}}, {{{count + i}}}]' for i in order)
    return "{{" + fields + "}}"


def value_of(field: Evidenced[Any] | None) -> Any:
    """The plain value of an optional evidenced field (enums as their string value)."""
    if field is None:
        return None
    value = field.value
    return value._value_ if isinstance(value, Enum) else value  # _value_: no descriptor
