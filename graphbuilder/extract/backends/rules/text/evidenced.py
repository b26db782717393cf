"""Evidenced values as the dictionaries pydantic validates into `Evidenced[T]` fields.

Matchers build plain dicts (`{"value": ..., "evidence": Evidence}`) and each section model is
validated once at the end, so an impossible value (a grade of 4, a 3000 mm size) is caught by
the domain model's own constraints rather than by checks repeated here.
"""

from __future__ import annotations

from typing import Any

from graphbuilder.extract.backends.rules.text.document import ReportText

Value = dict[str, Any]


def evidenced(report: ReportText, value: object, start: int, end: int) -> Value | None:
    """`{"value": value, "evidence": ...}` quoting report.text[start:end], or None if blank."""
    evidence = report.evidence(start, end)
    if evidence is None:
        return None
    return {"value": value, "evidence": evidence}


def drop_none(fields: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in fields.items() if value is not None}
