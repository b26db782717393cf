"""A patient's RECIST results as graph rows: the lines' numbers, timepoints and their edges."""

from __future__ import annotations

from typing import Any

from graphbuilder.assemble.lines import VERSION as LINES_VERSION
from graphbuilder.core.patient_graph import PatientGraph
from graphbuilder.rules.timepoints import VERSION, LineRecist, PatientRecist, TimepointRecord


def add_recist_rows(graph: PatientGraph, recist: PatientRecist) -> None:
    """Fill each TreatmentLine's RECIST properties and add its timepoints, chained by NEXT."""
    lines = graph.nodes.get("TreatmentLine", {})
    for line in recist.lines:
        line_row = lines.get(line.line.node_id)
        if line_row is not None:
            line_row.update(_line_properties(line))
        node = ("TreatmentLine", line.line.node_id)
        previous: TimepointRecord | None = None
        for timepoint in line.timepoints:
            row = _row(recist, timepoint)
            if timepoint.kind == "baseline":
                total = line.assessment.baseline_sum_mm
                row.update(sum_mm=total, baseline_sum_mm=total, nadir_sum_mm=total)
            point = ("RecistTimepoint", graph.add_node("RecistTimepoint", row))
            graph.add_relationship("HAS_TIMEPOINT", node, point)
            if previous is not None:
                graph.add_relationship(
                    "NEXT",
                    ("RecistTimepoint", previous.node_id),
                    point,
                    {"days": (timepoint.date - previous.date).days},
                )
            for measurement_id, role in timepoint.based_on:
                graph.add_relationship(
                    "BASED_ON", point, ("Measurement", measurement_id), {"role": role}
                )
            for assessment_id in timepoint.assessment_ids:
                graph.add_relationship("COMPARED_WITH", point, ("StatedAssessment", assessment_id))
            previous = timepoint


def _line_properties(line: LineRecist) -> dict[str, Any]:
    assessment = line.assessment
    return {
        "baseline_date": assessment.baseline_date,
        "baseline_sum_mm": assessment.baseline_sum_mm,
        "target_count": len(assessment.targets),
        "best_response": assessment.best.response.value,
        "best_response_date": assessment.best.date,
        "recist_explanation": assessment.explanation,
        "version": f"{LINES_VERSION}+{VERSION}",
    }


def _row(recist: PatientRecist, timepoint: TimepointRecord) -> dict[str, Any]:
    row: dict[str, Any] = {
        "id": timepoint.node_id,
        "patient_id": recist.patient_id,
        "date": timepoint.date,
        "kind": timepoint.kind,
        "source": timepoint.source,
        "previous_date": timepoint.previous_date,
        "explanation": timepoint.explanation,
        "version": VERSION,
    }
    result = timepoint.result
    if result is None:
        return row
    row.update(
        sum_mm=result.sum_mm,
        sum_complete=result.sum_complete,
        baseline_sum_mm=result.baseline_sum_mm,
        nadir_sum_mm=result.nadir_sum_mm,
        pct_vs_baseline=result.pct_vs_baseline,
        pct_vs_nadir=result.pct_vs_nadir,
        abs_vs_nadir_mm=result.abs_vs_nadir_mm,
        previous_sum_mm=result.previous_sum_mm,
        pct_vs_previous=result.pct_vs_previous,
        response_vs_previous=result.response_vs_previous.value,
        target_response=result.target_response.value,
        non_target_response=result.non_target_response.value,
        new_lesions=result.new_lesions.value,
        new_lesion_count=result.new_lesion_count,
        overall_response=result.overall_response.value,
    )
    return row
