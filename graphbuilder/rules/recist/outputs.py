"""Write RECIST results as `timepoints.csv` / `patients.csv` and the same rows as JSON."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import polars as pl

from graphbuilder.core.errors import ExportError, located
from graphbuilder.rules.recist.batch import PatientBest, PatientLine

TIMEPOINT_SCHEMA: dict[str, pl.DataType] = {
    "patient_id": pl.String(),
    "date": pl.Date(),
    "sum_mm": pl.Float64(),
    "pct_vs_baseline": pl.Float64(),
    "pct_vs_nadir": pl.Float64(),
    "target_response": pl.String(),
    "non_target_response": pl.String(),
    "new_lesions": pl.String(),
    "overall_response": pl.String(),
    "line_start": pl.Date(),
    "baseline_sum_mm": pl.Float64(),
    "nadir_sum_mm": pl.Float64(),
    "abs_vs_nadir_mm": pl.Float64(),
    "sum_complete": pl.Boolean(),
    "previous_sum_mm": pl.Float64(),
    "pct_vs_previous": pl.Float64(),
    "response_vs_previous": pl.String(),
    "target_lesions": pl.String(),
    "new_lesion_count": pl.Int64(),
    "explanation": pl.String(),
}
PATIENT_SCHEMA: dict[str, pl.DataType] = {
    "patient_id": pl.String(),
    "baseline_date": pl.Date(),
    "best_overall_response": pl.String(),
    "best_overall_response_date": pl.Date(),
    "line_start": pl.Date(),
    "baseline_sum_mm": pl.Float64(),
    "targets": pl.String(),
    "non_targets": pl.String(),
    "timepoints": pl.Int64(),
    "explanation": pl.String(),
}


def timepoint_rows(lines: Sequence[PatientLine]) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for line in lines:
        for tp in line.assessment.timepoints:
            rows.append(
                {
                    "patient_id": line.patient_id,
                    "date": tp.date,
                    "sum_mm": tp.sum_mm,
                    "pct_vs_baseline": tp.pct_vs_baseline,
                    "pct_vs_nadir": tp.pct_vs_nadir,
                    "target_response": tp.target_response.value,
                    "non_target_response": tp.non_target_response.value,
                    "new_lesions": tp.new_lesions.value,
                    "overall_response": tp.overall_response.value,
                    "line_start": line.assessment.line_start,
                    "baseline_sum_mm": tp.baseline_sum_mm,
                    "nadir_sum_mm": tp.nadir_sum_mm,
                    "abs_vs_nadir_mm": tp.abs_vs_nadir_mm,
                    "sum_complete": tp.sum_complete,
                    "previous_sum_mm": tp.previous_sum_mm,
                    "pct_vs_previous": tp.pct_vs_previous,
                    "response_vs_previous": tp.response_vs_previous.value,
                    "target_lesions": " ".join(tp.target_lesion_ids),
                    "new_lesion_count": tp.new_lesion_count,
                    "explanation": tp.explanation,
                }
            )
    return rows


def patient_rows(lines: Sequence[PatientLine]) -> list[dict[str, Any]]:
    return [
        {
            "patient_id": line.patient_id,
            "baseline_date": line.assessment.baseline_date,
            "best_overall_response": line.assessment.best.response.value,
            "best_overall_response_date": line.assessment.best.date,
            "line_start": line.assessment.line_start,
            "baseline_sum_mm": line.assessment.baseline_sum_mm,
            "targets": " ".join(t.lesion_id for t in line.assessment.targets),
            "non_targets": " ".join(line.assessment.non_target_ids),
            "timepoints": len(line.assessment.timepoints),
            "explanation": line.assessment.explanation,
        }
        for line in lines
    ]


def best_response_rows(results: Sequence[PatientBest]) -> list[dict[str, Any]]:
    return [
        {
            "patient_id": result.patient_id,
            "baseline_date": None,
            "best_overall_response": result.best.response.value,
            "best_overall_response_date": result.best.date,
            "line_start": result.line_start,
            "baseline_sum_mm": None,
            "targets": None,
            "non_targets": None,
            "timepoints": None,
            "explanation": result.best.explanation,
        }
        for result in results
    ]


def write_table(
    rows: list[dict[str, Any]], schema: dict[str, pl.DataType], out_dir: Path, stem: str
) -> tuple[Path, Path]:
    """`stem.csv` and `stem.json` (an array of row objects, dates in ISO form)."""
    csv_path, json_path = out_dir / f"{stem}.csv", out_dir / f"{stem}.json"
    frame = pl.DataFrame(rows, schema=schema)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        frame.write_csv(csv_path)
        frame.write_json(json_path)
    except OSError as error:
        raise ExportError(located(f"cannot write: {error.strerror}", file=str(out_dir))) from None
    return csv_path, json_path
