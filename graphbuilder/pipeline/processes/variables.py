"""Hospital-defined variables in the graph: a plugin's facts as generic `VariableValue` nodes.

A plugin process outputs its own pydantic model; every evidenced value in it (top level, in a
list, or in a nested model, by dotted path) becomes one `VariableValue` node: the variable (the
fact type the process declares), the field, the value as text (and as a number when it is
one), the report's date, and an EXTRACTED_FROM edge to the report with the evidence and the run
— like a built-in fact. The graph schema does not change when a hospital adds a variable, so
the stores, queries and exports take it as it is.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from enum import Enum
from typing import Any, get_args

from pydantic import BaseModel

from graphbuilder.assemble.evidence import extracted_from
from graphbuilder.core.ids import fact_id, report_node_id
from graphbuilder.core.patient_graph import PatientGraph
from graphbuilder.extract.model import Evidence, Evidenced
from graphbuilder.pipeline.processes.model import FactType, Process, ReportView

VARIABLE_LABEL = "VariableValue"
VARIABLE_PROPERTIES = ("variable", "field", "value", "value_number", "date")


def evidenced_values(model: BaseModel, prefix: str = "") -> Iterator[tuple[str, Any, Evidence]]:
    """(dotted field, value, evidence) for every evidenced value of a model."""
    for name in type(model).model_fields:
        value = getattr(model, name)
        items = value if isinstance(value, list) else [value]
        for item in items:
            evidence = getattr(item, "evidence", None)
            if isinstance(evidence, Evidence):
                yield prefix + name, item.value, evidence
            elif isinstance(item, BaseModel):
                yield from evidenced_values(item, f"{prefix}{name}.")


def variable_fact_type(name: str, description: str, model: type[BaseModel]) -> FactType:
    """The fact type of a hospital-defined variable: its values land as VariableValue nodes."""
    return FactType(name, description, {VARIABLE_LABEL: VARIABLE_PROPERTIES}, model)


def evidenced_fields(
    model: type[BaseModel] | None, prefix: str = ""
) -> Iterator[tuple[str, str, str]]:
    """(dotted field, value type, meaning) of every evidenced field a model can hold."""
    if model is None:
        return
    for name, info in model.model_fields.items():
        for candidate in _model_classes(info.annotation):
            if issubclass(candidate, Evidenced):
                value_type = candidate.model_fields["value"].annotation
                type_name = getattr(value_type, "__name__", str(value_type))
                yield prefix + name, type_name, info.description or ""
            else:
                yield from evidenced_fields(candidate, f"{prefix}{name}.")


def _model_classes(annotation: Any) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [found for arg in get_args(annotation) for found in _model_classes(arg)]


def add_variable_rows(
    graph: PatientGraph, process: Process, view: ReportView, output: BaseModel, run_id: str
) -> int:
    """Add the output's values as VariableValue nodes; returns how many were added."""
    variable = process.outputs[0]
    report = view.report
    report_node = ("Report", report_node_id(graph.patient_id, report.report_id))
    added = 0
    for index, (field_path, value, evidence) in enumerate(evidenced_values(output)):
        plain = value.value if isinstance(value, Enum) else value
        node_id = fact_id(
            "variable", graph.patient_id, report.report_id, variable, field_path, index
        )
        row = {
            "id": node_id,
            "patient_id": graph.patient_id,
            "variable": variable,
            "field": field_path,
            "value": plain if isinstance(plain, str) else json.dumps(plain, default=str),
            "value_number": _number(plain),
            "date": report.date,
        }
        node = (VARIABLE_LABEL, graph.add_node(VARIABLE_LABEL, row))
        graph.add_relationship("HAS_VARIABLE", ("Patient", graph.patient_id), node)
        spans = {field_path: (evidence.start, evidence.end)}
        graph.add_relationship(
            "EXTRACTED_FROM", node, report_node, extracted_from(spans, report.text, run_id)
        )
        added += 1
    return added


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)
