"""Building evidenced values in tests from quotes, without offset arithmetic."""

from __future__ import annotations

from typing import Any

from graphbuilder.extract.model import Evidence


def quote(text: str, fragment: str, occurrence: int = 0) -> Evidence:
    """The Evidence of the `occurrence`-th appearance of `fragment` in `text`."""
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(fragment, start + 1)
    return Evidence(start=start, end=start + len(fragment), text=fragment)


def evidenced(value: Any, text: str, fragment: str, occurrence: int = 0) -> dict[str, Any]:
    """`{"value": value, "evidence": {...}}` for model_validate, quoting `fragment`."""
    return {"value": value, "evidence": quote(text, fragment, occurrence).model_dump()}
