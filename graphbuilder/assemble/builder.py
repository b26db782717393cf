"""Writing one patient's rows: nodes, relationships, and each fact's evidence edge."""

from __future__ import annotations

from typing import Any

from graphbuilder.assemble.evidence import extracted_from
from graphbuilder.core.ids import patient_node_id, report_node_id
from graphbuilder.core.patient_graph import PatientGraph

Node = tuple[str, str]  # (label, id)


class GraphBuilder:
    """Adds rows to a patient's graph; a fact always comes with its EXTRACTED_FROM edge."""

    def __init__(self, patient_id: str) -> None:
        self.patient_id = patient_id
        self.graph = PatientGraph(patient_id)
        self.patient: Node = ("Patient", patient_node_id(patient_id))
        self._report_nodes: dict[str, Node] = {}

    def report_node(self, report_id: str) -> Node:
        node = self._report_nodes.get(report_id)
        if node is None:
            node = ("Report", report_node_id(self.patient_id, report_id))
            self._report_nodes[report_id] = node
        return node

    def node(self, label: str, row: dict[str, Any]) -> Node:
        return (label, self.graph.add_node(label, row))

    def fact(
        self,
        label: str,
        row: dict[str, Any],
        spans: dict[str, tuple[int, int]],
        report_id: str,
        text: str,
        run_id: str,
    ) -> Node:
        """Add a fact node and its EXTRACTED_FROM edge to the report, with the evidence."""
        node = self.node(label, {"patient_id": self.patient_id, **row})
        self.graph.add_relationship(
            "EXTRACTED_FROM", node, self.report_node(report_id), extracted_from(spans, text, run_id)
        )
        return node

    def link(
        self, rel_type: str, source: Node, target: Node, properties: dict[str, Any] | None = None
    ) -> None:
        self.graph.add_relationship(rel_type, source, target, properties)
