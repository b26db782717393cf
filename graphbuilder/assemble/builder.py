"""Writing one patient's rows: nodes, relationships, and each fact's evidence edge."""

from __future__ import annotations

from typing import Any

from graphbuilder.core.ids import fact_id, patient_node_id, report_node_id
from graphbuilder.core.patient_graph import PatientGraph

Node = tuple[str, str]  # (label, id)


class GraphBuilder:
    """Adds rows to a patient's graph; a fact always comes with its EXTRACTED_FROM edge."""

    def __init__(self, patient_id: str) -> None:
        self.patient_id = patient_id
        self.graph = PatientGraph(patient_id)
        self.patient: Node = ("Patient", patient_node_id(patient_id))
        self._report_nodes: dict[str, Node] = {}
        self._shared_ids: dict[tuple[object, ...], str] = {}

    def report_node(self, report_id: str) -> Node:
        node = self._report_nodes.get(report_id)
        if node is None:
            node = ("Report", report_node_id(self.patient_id, report_id))
            self._report_nodes[report_id] = node
        return node

    def shared_id(self, kind: str, *parts: object) -> str:
        """`fact_id` of a fact many reports state (a tumour, a treatment), hashed once.

        The parts are strings, dates, ints and None, whose equality is their text's."""
        key = (kind, *parts)
        found = self._shared_ids.get(key)
        if found is None:
            found = self._shared_ids[key] = fact_id(kind, self.patient_id, *parts)
        return found

    def node(self, label: str, row: dict[str, Any]) -> Node:
        return (label, self.graph.add_node(label, row))

    def fact(
        self, label: str, row: dict[str, Any], evidence: dict[str, Any], report_id: str
    ) -> Node:
        """Add a fact node (its row gets the `patient_id`) and its EXTRACTED_FROM edge to the
        report, whose properties are the evidence (`Spans.properties`, `extracted_from`)."""
        row["patient_id"] = self.patient_id  # every caller builds the row for this call
        node = (label, self.graph.add_node(label, row))
        self.graph.add_relationship("EXTRACTED_FROM", node, self.report_node(report_id), evidence)
        return node

    def link(
        self, rel_type: str, source: Node, target: Node, properties: dict[str, Any] | None = None
    ) -> None:
        self.graph.add_relationship(rel_type, source, target, properties)
