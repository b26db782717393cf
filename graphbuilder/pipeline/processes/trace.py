"""`graphbuilder lineage`: from a derived fact back to the measurements, sentences and reports.

The walk starts at any node id and follows the relationships a fact rests on — a timepoint's
measurements (BASED_ON) and the report's own statement (COMPARED_WITH), a conflict's facts
(INVOLVES), a resolution's conflict and facts, a line's treatments, a lesion's measurements —
down to EXTRACTED_FROM, whose offsets and quote are the sentence in the report. Every node
shows the processes, versions and runs that made it (its lineage properties, with the runs'
backend and model). It reads the graph through Cypher that both stores accept.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from graphbuilder.core.errors import InputError
from graphbuilder.core.graph_schema import GRAPH_SCHEMA, GraphSchema
from graphbuilder.store.base import GraphStore

# (relationship type, direction) a node's lineage goes through. "in" follows a relationship
# backwards to show context (the line of a timepoint, the lesion of a measurement), not expanded.
FOLLOWED: dict[str, tuple[tuple[str, str], ...]] = {
    "RecistTimepoint": (("BASED_ON", "out"), ("COMPARED_WITH", "out"), ("HAS_TIMEPOINT", "in")),
    "TreatmentLine": (("INCLUDES", "out"),),
    "Conflict": (("INVOLVES", "out"),),
    "Resolution": (("RESOLVES", "out"), ("ACCEPTS", "out"), ("CORRECTS", "out")),
    "Lesion": (("HAS_MEASUREMENT", "out"),),
    "Measurement": (("EXTRACTED_FROM", "out"), ("HAS_MEASUREMENT", "in")),
    "Report": (),
}
_EXTRACTED = ("EXTRACTED_FROM", "out")
_SHOWN = {
    "RecistTimepoint": ("date", "kind", "overall_response", "explanation"),
    "TreatmentLine": ("sequence", "regimen", "start_date", "best_response"),
    "Measurement": ("date", "long_axis_mm", "short_axis_mm", "status", "target"),
    "Lesion": ("organ", "location", "laterality", "first_seen"),
    "StatedAssessment": ("date", "evolution", "recist_category", "is_follow_up"),
    "Report": ("report_id", "kind", "date", "source"),
    "Conflict": ("rule", "severity", "status", "message"),
    "ExtractionRun": ("process", "process_version", "backend", "model"),
    "VariableValue": ("variable", "field", "value", "date"),
}
_HIDDEN = {"id", "patient_id", "process", "process_version", "process_run", "content_hash"}


@dataclass
class TraceNode:
    """One node of the lineage tree, with the relationship that led to it."""

    label: str
    id: str
    properties: dict[str, Any]
    via: str | None = None  # "BASED_ON (target)", "EXTRACTED_FROM", "← HAS_TIMEPOINT"
    evidence: dict[str, Any] | None = None  # EXTRACTED_FROM: offsets, quote, run
    runs: list[dict[str, Any]] = field(default_factory=list)
    children: list[TraceNode] = field(default_factory=list)
    repeated: bool = False  # already shown higher in the tree

    def as_dict(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "id": self.id,
            "via": self.via,
            "properties": {k: _plain(v) for k, v in self.properties.items()},
            "evidence": self.evidence,
            "runs": self.runs,
            "repeated": self.repeated,
            "children": [child.as_dict() for child in self.children],
        }


class LineageWalker:
    """Walks lineage in one store (see the module docstring)."""

    def __init__(self, store: GraphStore, schema: GraphSchema = GRAPH_SCHEMA) -> None:
        self.store = store
        self.schema = schema
        self._runs: dict[str, dict[str, Any]] = {}

    def trace(self, fact_id: str, max_depth: int = 8) -> TraceNode:
        label = self._label_of(fact_id)
        if label is None:
            raise InputError(
                f"no node with id {fact_id!r} in this graph — ids are shown by "
                "`graphbuilder query` (e.g. MATCH (t:RecistTimepoint) RETURN t.id)"
            )
        return self._walk(label, fact_id, None, None, set(), max_depth)

    def _walk(
        self,
        label: str,
        node_id: str,
        via: str | None,
        evidence: dict[str, Any] | None,
        seen: set[str],
        depth: int,
    ) -> TraceNode:
        properties = self._properties(label, node_id)
        node = TraceNode(label, node_id, properties, via, evidence, self._runs_of(properties))
        if depth <= 0:
            return node
        if node_id in seen:
            node.repeated = True
            return node
        seen.add(node_id)
        steps = FOLLOWED.get(label, (_EXTRACTED,))
        for rel_type, direction in steps:
            for target_label, target_id, rel in self._neighbours(
                label, node_id, rel_type, direction
            ):
                role = rel.get("role")
                text = rel_type + (f" ({role})" if role else "")
                text = text if direction == "out" else f"← {text}"
                extracted = _evidence(rel) if rel_type == "EXTRACTED_FROM" else None
                below = depth - 1 if direction == "out" else 0
                node.children.append(
                    self._walk(target_label, target_id, text, extracted, seen, below)
                )
        return node

    def _label_of(self, node_id: str) -> str | None:
        for node in self.schema.nodes:
            rows = self.store.query(
                f"MATCH (n:{node.label}) WHERE n.id = $id RETURN n.id AS id", {"id": node_id}
            )
            if rows.height:
                return node.label
        return None

    def _properties(self, label: str, node_id: str) -> dict[str, Any]:
        names = self.schema.node(label).property_names()
        columns = ", ".join(f"n.{name} AS {name}" for name in names)
        rows = self.store.query(
            f"MATCH (n:{label}) WHERE n.id = $id RETURN {columns}", {"id": node_id}
        )
        return rows.row(0, named=True) if rows.height else {}

    def _neighbours(
        self, label: str, node_id: str, rel_type: str, direction: str
    ) -> list[tuple[str, str, dict[str, Any]]]:
        relationship = self.schema.relationship(rel_type)
        found = []
        for source, target in relationship.endpoints:
            here, there = (source, target) if direction == "out" else (target, source)
            if here != label:
                continue
            pattern = (
                f"(a:{here})-[r:{rel_type}]->(b:{there})"
                if direction == "out"
                else f"(b:{there})-[r:{rel_type}]->(a:{here})"
            )
            columns = "".join(f", r.{name} AS {name}" for name in relationship.property_names())
            rows = self.store.query(
                f"MATCH {pattern} WHERE a.id = $id RETURN b.id AS node_id{columns} "
                "ORDER BY node_id",
                {"id": node_id},
            )
            for row in rows.iter_rows(named=True):
                found.append((there, str(row.pop("node_id")), row))
        return found

    def _runs_of(self, properties: dict[str, Any]) -> list[dict[str, Any]]:
        runs = []
        processes = str(properties.get("process") or "").split(",")
        versions = str(properties.get("process_version") or "").split(",")
        run_ids = str(properties.get("process_run") or "").split(",")
        for process, version, run_id in zip(processes, versions, run_ids, strict=False):
            if not process:
                continue
            if run_id not in self._runs:
                self._runs[run_id] = self._properties("ExtractionRun", run_id)
            run = self._runs[run_id]
            runs.append(
                {
                    "process": process,
                    "version": version,
                    "run": run_id,
                    "implementation": run.get("backend"),
                    "model": run.get("model"),
                }
            )
        return runs


def _evidence(rel: dict[str, Any]) -> dict[str, Any]:
    return {
        "start": rel.get("span_start"),
        "end": rel.get("span_end"),
        "quote": rel.get("quote"),
        "run": rel.get("run_id"),
    }


def _plain(value: Any) -> Any:
    return value if isinstance(value, str | int | float | bool) or value is None else str(value)


def render_trace(root: TraceNode) -> str:
    """The tree as indented text, one node per line, its lineage and evidence beneath."""
    lines: list[str] = []
    _render(root, "", "", lines)
    return "\n".join(lines) + "\n"


def _render(node: TraceNode, first: str, rest: str, lines: list[str]) -> None:
    via = f"{node.via} → " if node.via else ""
    lines.append(f"{first}{via}{node.label} {node.id}  {_summary(node)}")
    if node.evidence is not None:  # per relationship: shown even for a report seen above
        quote = " ".join(str(node.evidence["quote"]).split())
        lines.append(
            f"{rest}   evidence: characters {node.evidence['start']}–{node.evidence['end']}"
            f" « {quote} » (run {node.evidence['run']})"
        )
    if node.repeated:
        if node.label != "Report":
            lines.append(f"{rest}   (shown above)")
        return
    if node.runs:
        made = ", ".join(
            f"{run['process']}@{run['version']} ({run['implementation'] or '?'}"
            + (f", {run['model']}" if run["model"] else "")
            + f", {run['run']})"
            for run in node.runs
        )
        lines.append(f"{rest}   made by {made}")
    for index, child in enumerate(node.children):
        last = index == len(node.children) - 1
        _render(child, rest + ("└─ " if last else "├─ "), rest + ("   " if last else "│  "), lines)


def _summary(node: TraceNode) -> str:
    names = _SHOWN.get(node.label) or [k for k in node.properties if k not in _HIDDEN][:4]
    values = [f"{name}={_plain(node.properties.get(name))}" for name in names
              if node.properties.get(name) is not None]  # fmt: skip
    return " ".join(values)
