"""Stamping lineage on a patient's graph: which processes, in which versions and runs, made
each node.

A process is credited on a node when it fills one of the node's non-empty properties (its fact
types' `graph` mapping) and, for a report-scope process, when it ran on one of the reports the
node was read from (EXTRACTED_FROM; a lesion through its measurements). The node that creates a
label (assembly for extracted facts, recist for timepoints, ...) is always credited. The three
properties hold aligned comma-separated lists, in the DAG's order.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from graphbuilder.core.ids import report_node_id
from graphbuilder.core.patient_graph import PatientGraph, Row
from graphbuilder.pipeline.processes.dag import ProcessDag
from graphbuilder.pipeline.processes.keys import Identity
from graphbuilder.pipeline.processes.model import Process
from graphbuilder.pipeline.processes.state import ChunkState, PatientSources
from graphbuilder.pipeline.processes.variables import VARIABLE_LABEL

LINEAGE_PROPERTIES = ("process", "process_version", "process_run")
UNSTAMPED = frozenset({"Patient", "Report", "ExtractionRun"})
CREATORS: Mapping[str, str] = {
    "Tumour": "assembly",
    "Lesion": "assembly",
    "Measurement": "assembly",
    "Treatment": "assembly",
    "StatedAssessment": "assembly",
    "PathologyResult": "assembly",
    "TreatmentLine": "assembly",
    "RecistTimepoint": "recist",
    "Conflict": "conflicts",
    "Resolution": "curation",
}


@dataclass(frozen=True)
class _Credit:
    process: Process
    properties: tuple[str, ...]  # () : every property


class LineageStamper:
    """Stamps graphs of one DAG (the credits per label are worked out once)."""

    def __init__(self, dag: ProcessDag, identities: Mapping[str, Identity]) -> None:
        self.dag = dag
        self.identities = identities
        self.credits: defaultdict[str, list[_Credit]] = defaultdict(list)
        self._stamps: dict[tuple[str, ...], tuple[str, str, str]] = {}
        for process in dag.order:
            for fact_name in process.outputs:
                fact = dag.fact_types.get(fact_name)
                for label, properties in fact.graph.items() if fact else ():
                    self.credits[label].append(_Credit(process, properties))

    def stamp(self, graph: PatientGraph, patient: PatientSources, state: ChunkState) -> None:
        units = {
            report_node_id(patient.patient_id, view.report.report_id): view.unit
            for view in patient.reports
        }
        reports = _node_reports(graph)
        for label, rows in graph.nodes.items():
            if label in UNSTAMPED:
                continue
            for node_id, row in rows.items():
                node_units = [units[r] for r in reports.get(node_id, ()) if r in units]
                self._stamp_row(label, row, node_units, state)

    def _stamp_row(self, label: str, row: Row, units: Sequence[str], state: ChunkState) -> None:
        if label == VARIABLE_LABEL:
            credited = [self.dag.process(self.dag.producer_of(str(row["variable"])) or "")]
        else:
            credited = [
                credit.process
                for credit in self.credits.get(label, ())
                if _fills(credit, row) and _ran_on(credit.process, units, state)
            ]
            creator = CREATORS.get(label)
            if creator in self.dag and all(p.name != creator for p in credited):
                credited.append(self.dag.process(str(creator)))
        names = tuple(sorted({process.name for process in credited}))
        stamp = self._stamps.get(names)
        if stamp is None:
            ordered = [process for process in self.dag.order if process.name in names]
            stamp = (
                ",".join(p.name for p in ordered),
                ",".join(p.version for p in ordered),
                ",".join(self.identities[p.name].run_id for p in ordered),
            )
            self._stamps[names] = stamp
        row["process"], row["process_version"], row["process_run"] = stamp


def _fills(credit: _Credit, row: Row) -> bool:
    return not credit.properties or any(row.get(name) is not None for name in credit.properties)


def _ran_on(process: Process, units: Sequence[str], state: ChunkState) -> bool:
    if process.scope == "patient":
        return True
    return any(state.applied((process.name, unit)) for unit in units)


def _node_reports(graph: PatientGraph) -> dict[str, set[str]]:
    """node id → the report node ids it was read from (a lesion: its measurements')."""
    reports: defaultdict[str, set[str]] = defaultdict(set)
    for (rel_type, _, target), rows in graph.relationships.items():
        if rel_type == "EXTRACTED_FROM" and target == "Report":
            for source_id, report_id in rows:
                reports[source_id].add(report_id)
    for (rel_type, _, _), rows in graph.relationships.items():
        if rel_type == "HAS_MEASUREMENT":
            for lesion_id, measurement_id in rows:
                reports[lesion_id] |= reports.get(measurement_id, set())
    return reports
