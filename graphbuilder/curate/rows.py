"""Conflicts and the steward's decisions as graph rows.

Conflict nodes point to the facts on each side (INVOLVES, with the side's role); every log
entry about a conflict found is a Resolution node (RESOLVES), with ACCEPTS to the accepted
fact and, for a correction in force, CORRECTS to the corrected fact, whose row is marked
`curation = corrected` while keeping its extracted value.

Conflicts are found on the facts as extracted; when a correction moves an exam (a corrected
date), a timepoint the conflict was computed on may be absent from the graph written with the
corrections: the edge to it is left out, the conflict's details keep its values.
"""

from __future__ import annotations

import json
from typing import Any

from graphbuilder.core.patient_graph import PatientGraph
from graphbuilder.curate.log import Decision
from graphbuilder.curate.review import ConflictReview, Correction, CurationReview, Ruling
from graphbuilder.rules.conflicts import VERSION as RULES_VERSION


def add_curation_rows(graph: PatientGraph, review: CurationReview) -> None:
    patient = ("Patient", graph.patient_id)
    corrections = {c.entry_id: c for c in review.corrections}
    for item in review.conflicts:
        node = ("Conflict", graph.add_node("Conflict", _conflict_row(graph.patient_id, item)))
        graph.add_relationship("HAS_CONFLICT", patient, node)
        for involved in item.conflict.involves:
            if involved.node_id in graph.nodes.get(involved.label, {}):  # see below
                graph.add_relationship(
                    "INVOLVES", node, (involved.label, involved.node_id), {"role": involved.role}
                )
        labels = {involved.node_id: involved.label for involved in item.conflict.involves}
        for ruling in item.rulings:
            _add_ruling(graph, node, ruling, labels, corrections)


def _conflict_row(patient_id: str, item: ConflictReview) -> dict[str, Any]:
    conflict = item.conflict
    return {
        "id": conflict.id,
        "patient_id": patient_id,
        "rule": conflict.rule,
        "severity": conflict.severity.value,
        "message": conflict.message,
        "status": item.status,
        "fingerprint": conflict.fingerprint,
        "details": conflict.details_json(),
        "version": RULES_VERSION,
    }


def _add_ruling(
    graph: PatientGraph,
    conflict: tuple[str, str],
    ruling: Ruling,
    labels: dict[str, str],
    corrections: dict[str, Correction],
) -> None:
    entry = ruling.entry
    row = {
        "id": entry.entry_id,
        "patient_id": graph.patient_id,
        "conflict_id": entry.conflict_id,
        "decision": entry.decision.value,
        "status": ruling.status,
        "author": entry.author,
        "decided_at": entry.at,
        "reason": entry.reason,
        "fact_id": entry.fact_id,
        "field": entry.field,
        "value": None if entry.field is None else json.dumps(entry.value),
    }
    node = ("Resolution", graph.add_node("Resolution", row))
    graph.add_relationship("RESOLVES", node, conflict)
    label = labels.get(entry.fact_id or "")
    if label is None or ruling.status != "applied":
        return
    if entry.decision is Decision.ACCEPT:
        graph.add_relationship("ACCEPTS", node, (label, str(entry.fact_id)))
    correction = corrections.get(entry.entry_id)
    if correction is not None:
        graph.add_relationship(
            "CORRECTS",
            node,
            (label, correction.fact_id),
            {
                "field": correction.field,
                "original_value": json.dumps(entry.original_value),
                "corrected_value": json.dumps(entry.value),
            },
        )
        fact = graph.nodes.get(label, {}).get(correction.fact_id)
        if fact is not None:
            fact["curation"] = "corrected"
