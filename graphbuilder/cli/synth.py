"""`graphbuilder synth`: generate a synthetic French oncology corpus with gold and truth.

The lead registers it in `cli/main.py` with `app.command("synth")(synth)`.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from graphbuilder.cli.common import RichProgress, reports_errors
from graphbuilder.synth import SynthConfig, SynthSummary, generate, parse_formats

stdout = Console()


@reports_errors
def synth(
    patients: Annotated[int, typer.Option("--patients", "-n", help="Number of patients.")] = 100,
    seed: Annotated[int, typer.Option(help="Seed: the same seed gives the same files.")] = 0,
    out: Annotated[Path, typer.Option("--out", "-o", help="Output folder.")] = Path("synth"),
    noise_rate: Annotated[
        float, typer.Option(help="Share of running-text words with a typo or OCR error (0 to 1).")
    ] = 0.0,
    contradiction_rate: Annotated[
        float,
        typer.Option(
            help="Probability of each contradiction type per patient whose course allows it."
        ),
    ] = 0.05,
    formats: Annotated[
        str, typer.Option(help="Report formats, comma-separated: jsonl, folder, parquet, fhir.")
    ] = "jsonl",
    workers: Annotated[
        int,
        typer.Option(help="Processes rendering patients (0: one per CPU, at most 8). Same output."),
    ] = 0,
    validate: Annotated[
        bool,
        typer.Option(help="Validate every gold record against the schema and its text (slow)."),
    ] = False,
) -> None:
    """Simulate patients' courses and write French reports, gold extractions and truth."""
    if workers == 0:
        workers = max(1, min(8, os.cpu_count() or 1))
    config = SynthConfig(
        patients=patients,
        seed=seed,
        noise_rate=noise_rate,
        contradiction_rate=contradiction_rate,
        formats=parse_formats(formats),
        workers=workers,
        validate=validate,
    )
    summary = generate(config, out, RichProgress())
    stdout.print(summary_table(summary, out))


def summary_table(summary: SynthSummary, out: Path) -> Table:
    table = Table(title=f"Synthetic corpus in {out}", show_header=False)
    table.add_column("what")
    table.add_column("value")
    rate = summary.reports / summary.seconds if summary.seconds else 0.0
    table.add_row("patients", f"{summary.patients:,}")
    table.add_row("reports", f"{summary.reports:,} ({rate:,.0f} reports/s)")
    table.add_row("cancers", _counts(summary.cancers))
    table.add_row("report kinds", _counts(summary.kinds))
    table.add_row("contradictions", _counts(summary.contradictions) or "none")
    table.add_row("files", ", ".join(summary.files))
    table.add_row("time", f"{summary.seconds:.1f} s")
    return table


def _counts(counter: dict[str, int]) -> str:
    return ", ".join(f"{name} {count:,}" for name, count in sorted(counter.items()))
