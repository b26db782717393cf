"""From a validated answer to domain data: ground every quote, drop what cannot stand.

A quoted value whose quote is not in the report is dropped and counted. An object that no longer
satisfies its domain class (a lesion whose organ was dropped, a previous size left without a
size) is dropped as a whole and counted. Messages name field paths only, never report text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, ValidationError

from graphbuilder.extract.backends.llm.answers import AnswerModel, QuotedValue, domain_class
from graphbuilder.extract.backends.llm.grounding import Grounder

_DROPPED = object()


@dataclass
class Conversion:
    """The outcome of converting one answer: domain data, and what had to be dropped."""

    data: dict[str, Any]
    ungrounded: list[str] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)

    def warnings(self, task: str) -> list[str]:
        notes = [
            f"{task}: quote not found in the report, value dropped: {p}" for p in self.ungrounded
        ]
        notes += [f"{task}: dropped {p}" for p in self.dropped]
        return notes


def convert_answer(answer: AnswerModel, grounder: Grounder) -> Conversion:
    """The task's part of the domain data (field name → value with evidence)."""
    conversion = Conversion(data={})
    for name in type(answer).model_fields:
        value = _convert(getattr(answer, name), name, grounder, conversion)
        if value is not _DROPPED and value is not None and value != []:
            conversion.data[name] = value
    return conversion


def _convert(node: Any, path: str, grounder: Grounder, conversion: Conversion) -> Any:
    if isinstance(node, QuotedValue):
        evidence = grounder.ground(node.quote)
        if evidence is None:
            conversion.ungrounded.append(path)
            return _DROPPED
        value = getattr(node, "value")  # noqa: B009 — every Quoted model has one
        plain = value.model_dump() if isinstance(value, BaseModel) else value
        return {"value": plain, "evidence": evidence.model_dump()}
    if isinstance(node, AnswerModel):
        return _convert_object(node, path, grounder, conversion)
    if isinstance(node, list):
        return _convert_list(node, path, grounder, conversion)
    return node


def _convert_list(
    node: list[Any], path: str, grounder: Grounder, conversion: Conversion
) -> list[Any]:
    kept = []
    for index, item in enumerate(node):
        converted = _convert(item, f"{path}[{index}]", grounder, conversion)
        if converted == {}:  # nothing left of it (or nothing was said): not a finding
            conversion.dropped.append(f"{path}[{index}] (empty)")
        elif converted is not _DROPPED:
            kept.append(converted)
    return kept


def _convert_object(
    node: AnswerModel, path: str, grounder: Grounder, conversion: Conversion
) -> Any:
    data: dict[str, Any] = {}
    for name in type(node).model_fields:
        value = _convert(getattr(node, name), f"{path}.{name}", grounder, conversion)
        if value is not _DROPPED and value is not None:
            data[name] = value
    domain = domain_class(type(node))
    if domain is None:
        return data
    try:
        domain.model_validate(data)
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "object"
        conversion.dropped.append(f"{path} ({where}: {first['type']})")
        return _DROPPED
    return data
