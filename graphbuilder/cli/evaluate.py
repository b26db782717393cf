"""`graphbuilder eval PRED GOLD`: score extractions (and RECIST, conflicts) against a gold standard.

The lead registers it with `app.command("eval")(eval_command)` in `cli/main.py`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from graphbuilder.cli.common import reports_errors
from graphbuilder.evaluate import EvaluationRequest, evaluate, render, write_field_csv, write_json


@reports_errors
def eval_command(
    pred: Annotated[
        Path,
        typer.Argument(
            help="Predicted extractions: JSONL of ReportExtraction (a build's extractions.jsonl).",
            show_default=False,
        ),
    ],
    gold: Annotated[
        Path,
        typer.Argument(
            help="Gold extractions: JSONL of ReportExtraction (a synthetic corpus's gold, "
            "or your own annotated sample).",
            show_default=False,
        ),
    ],
    truth: Annotated[
        Path | None,
        typer.Option("--truth", help="Per-patient truth of a synthetic corpus (truth.jsonl)."),
    ] = None,
    timepoints: Annotated[
        Path | None,
        typer.Option(
            "--timepoints",
            help="Predicted RECIST timepoints (CSV/JSON: patient_id, date, overall_response, "
            "optional line_start), e.g. `graphbuilder recist`'s timepoints.csv.",
        ),
    ] = None,
    best_responses: Annotated[
        Path | None,
        typer.Option(
            "--best-responses",
            help="Predicted best overall responses (CSV/JSON: patient_id, "
            "best_overall_response, optional line_start); default: derived from --timepoints.",
        ),
    ] = None,
    conflicts: Annotated[
        Path | None,
        typer.Option(
            "--conflicts",
            help="Detected conflicts (JSON/CSV: rule, patient_id, report_ids).",
        ),
    ] = None,
    conflict_map: Annotated[
        list[str] | None,
        typer.Option(
            "--conflict-map",
            help="TYPE=RULE: conflict rule RULE detects injected contradiction TYPE "
            "(repeatable; each type always maps to the rule of the same id).",
        ),
    ] = None,
    json_out: Annotated[
        Path | None, typer.Option("--json", help="Write every figure to this JSON file.")
    ] = None,
    by_field_csv: Annotated[
        Path | None, typer.Option("--by-field-csv", help="Write the per-field table as CSV.")
    ] = None,
) -> None:
    """Precision, recall, F1 and accuracy per field; RECIST agreement; conflict detection."""
    request = EvaluationRequest(
        predicted=pred,
        gold=gold,
        truth=truth,
        timepoints=timepoints,
        best_responses=best_responses,
        conflicts=conflicts,
        conflict_map=tuple(conflict_map or ()),
    )
    evaluation = evaluate(request)
    render(evaluation, Console(width=max(Console().width, 120)))
    if json_out is not None:
        write_json(evaluation, json_out)
    if by_field_csv is not None:
        write_field_csv(evaluation, by_field_csv)
