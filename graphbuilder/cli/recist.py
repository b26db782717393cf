"""`graphbuilder recist`: RECIST 1.1 from hand-abstracted tables (CSV or Parquet).

The lead registers it with `app.command("recist")(recist)` in `cli/main.py`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from graphbuilder.cli.common import reports_errors
from graphbuilder.core.errors import ConfigError
from graphbuilder.rules.recist.batch import assess_patients, best_responses
from graphbuilder.rules.recist.model import PrPolicy, RecistOptions
from graphbuilder.rules.recist.outputs import (
    PATIENT_SCHEMA,
    TIMEPOINT_SCHEMA,
    best_response_rows,
    patient_rows,
    timepoint_rows,
    write_table,
)
from graphbuilder.rules.recist.tables import (
    read_measurements,
    read_responses,
    read_starts,
    read_timepoints,
)


@reports_errors
def recist(
    out: Annotated[
        Path,
        typer.Option(
            "--out",
            "-o",
            help="Output folder for timepoints.csv, patients.csv and their JSON twins.",
        ),
    ],
    measurements: Annotated[
        Path | None,
        typer.Argument(
            help="Lesion measurements: patient_id, date, lesion_id, organ, nodal, long_axis_mm, "
            "short_axis_mm, status (present|absent|too_small|not_assessed), optional target "
            "and merged_into.",
            metavar="MEASUREMENTS",
            show_default=False,
        ),
    ] = None,
    timepoints: Annotated[
        Path | None,
        typer.Option(
            "--timepoints",
            help="Reader calls per exam: patient_id, date, non_target "
            "(CR|non-CR/non-PD|PD|NE|none), new_lesions (none|equivocal|unequivocal).",
        ),
    ] = None,
    starts: Annotated[
        Path | None,
        typer.Option(
            "--starts",
            help="Treatment line starts: patient_id, start_date. Baseline is the last "
            "exam on or before each start; without it, the first exam.",
        ),
    ] = None,
    responses: Annotated[
        Path | None,
        typer.Option(
            "--responses",
            help="Instead of MEASUREMENTS: assessed responses (patient_id, date, "
            "response); only the best overall response is derived.",
        ),
    ] = None,
    confirm: Annotated[
        bool, typer.Option("--confirm/--no-confirm", help="CR and PR need a confirming exam.")
    ] = True,
    min_confirm_days: Annotated[
        int, typer.Option(help="Days between a response and its confirmation.", min=0)
    ] = 28,
    min_sd_days: Annotated[
        int, typer.Option(help="Days after the line start (or baseline) before SD counts.", min=0)
    ] = 42,
    pr_policy: Annotated[
        PrPolicy,
        typer.Option(
            help="working-group: a reached PR stays PR until PD; strict: arithmetic only."
        ),
    ] = PrPolicy.WORKING_GROUP,
    irecist: Annotated[
        bool,
        typer.Option(
            "--irecist/--no-irecist", help="iRECIST: progression is iUPD until confirmed (iCPD)."
        ),
    ] = False,
) -> None:
    """RECIST 1.1 timepoints and best overall response per patient and treatment line."""
    if (measurements is None) == (responses is None):
        raise ConfigError("give either MEASUREMENTS or --responses RESPONSES (exactly one)")
    if responses is not None and timepoints is not None:
        raise ConfigError("--timepoints goes with MEASUREMENTS, not with --responses")
    options = RecistOptions(
        confirm=confirm,
        min_confirm_days=min_confirm_days,
        min_sd_days=min_sd_days,
        pr_policy=pr_policy,
        irecist=irecist,
    )
    line_starts = read_starts(starts) if starts is not None else {}
    if responses is not None:
        bests = best_responses(read_responses(responses), line_starts, options)
        written = write_table(best_response_rows(bests), PATIENT_SCHEMA, out, "patients")
        typer.echo(f"best overall response for {len(bests)} line(s) → {written[0]}")
        return
    assert measurements is not None
    readings = read_timepoints(timepoints) if timepoints is not None else {}
    lines = assess_patients(read_measurements(measurements), readings, line_starts, options)
    rows = timepoint_rows(lines)
    timepoint_files = write_table(rows, TIMEPOINT_SCHEMA, out, "timepoints")
    patient_files = write_table(patient_rows(lines), PATIENT_SCHEMA, out, "patients")
    patients = len({line.patient_id for line in lines})
    typer.echo(
        f"RECIST 1.1{' (iRECIST)' if irecist else ''}: {patients} patient(s), {len(lines)} "
        f"line(s), {len(rows)} timepoint(s) → {timepoint_files[0]}, {patient_files[0]}"
    )
