"""The `graphbuilder` command line."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import polars as pl
import typer
from rich.console import Console
from rich.table import Table

import graphbuilder
from graphbuilder.cli.common import RichProgress, parse_parameters, reports_errors, state
from graphbuilder.cli.evaluate import eval_command
from graphbuilder.cli.recist import recist
from graphbuilder.core.config import CONFIG_FILE, load_config
from graphbuilder.core.graph_schema import render_markdown
from graphbuilder.pipeline.build import BuildRequest, BuildSummary, build
from graphbuilder.store.embedded import EmbeddedStore

app = typer.Typer(
    name="graphbuilder",
    help="Build longitudinal oncology patient graphs from French clinical reports.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
stdout = Console()


def _version(value: bool) -> None:
    if value:
        print(f"graphbuilder {graphbuilder.__version__}")
        raise typer.Exit()


@app.callback()
def main(
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks on errors.")] = False,
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
) -> None:
    state["debug"] = debug


class OnError(StrEnum):
    FAIL = "fail"
    SKIP = "skip"


class InputFormatChoice(StrEnum):
    AUTO = "auto"
    FOLDER = "folder"
    JSONL = "jsonl"
    TABLE = "table"
    FHIR = "fhir"


class Backend(StrEnum):
    AUTO = "auto"
    RULES = "rules"


@app.command("build")
@reports_errors
def build_command(
    input: Annotated[
        Path,
        typer.Argument(
            help="Reports: a folder with manifest.csv, a JSONL, "
            "CSV or Parquet file, or FHIR DocumentReferences."
        ),
    ],
    out: Annotated[
        Path,
        typer.Option(
            "--out", "-o", help="Output folder (graph database, extractions, rejects, build.json)."
        ),
    ],
    extractions: Annotated[
        Path | None,
        typer.Option(
            help="Load extractions made elsewhere (JSONL of ReportExtraction) instead of "
            "extracting."
        ),
    ] = None,
    events: Annotated[
        Path | None,
        typer.Option(
            help="Structured events (CSV/Parquet); default: treatments.csv beside the input."
        ),
    ] = None,
    backend: Annotated[Backend | None, typer.Option(help="Extraction backend.")] = None,
    on_error: Annotated[
        OnError | None,
        typer.Option(help="fail: stop at the first bad input row; skip: write it to rejects.csv."),
    ] = None,
    input_format: Annotated[
        InputFormatChoice,
        typer.Option("--format", help="Input format; auto tells it from the path."),
    ] = InputFormatChoice.AUTO,
    text_column: Annotated[
        str | None,
        typer.Option(help="Column (CSV, Parquet) or key (JSONL) holding the report text."),
    ] = None,
    config: Annotated[
        Path | None, typer.Option(help=f"Settings file (default: ./{CONFIG_FILE} if present).")
    ] = None,
) -> None:
    """Ingest reports, extract facts, assemble each patient and load the graph."""
    config_path = config or (Path(CONFIG_FILE) if Path(CONFIG_FILE).is_file() else None)
    settings = load_config(
        config_path,
        {
            "ingest.on_error": on_error.value if on_error else None,
            "extract.backend": backend.value if backend else None,
            "ingest.text_column": text_column,
        },
    )
    request = BuildRequest(
        input=input,
        out=out,
        config=settings,
        extractions=extractions,
        events=events,
        input_format=input_format.value,
    )
    _print_summary(build(request, RichProgress()))


def _print_summary(summary: BuildSummary) -> None:
    table = Table(title=f"Graph built in {summary.out}", show_header=False)
    for label, value in (
        ("patients", summary.patients),
        ("reports", summary.reports),
        ("rejected input rows", summary.rejected_rows),
        ("duplicate reports dropped", summary.duplicates_dropped),
        ("extraction backend", summary.backend),
        ("failed extractions", summary.extraction_failures),
        (
            "patients written / unchanged / removed",
            f"{summary.patients_written} / {summary.patients_unchanged} / "
            f"{summary.patients_removed}",
        ),
        (
            "nodes / relationships written",
            f"{summary.nodes_written} / {summary.relationships_written}",
        ),
    ):
        table.add_row(label, str(value))
    stdout.print(table)
    for failure in summary.failures[:5]:
        stdout.print(f"[yellow]warning:[/] {failure}", highlight=False)
    if summary.rejected_rows:
        stdout.print(f"Rejected rows are listed in {summary.out / 'rejects.csv'}")


class OutputFormat(StrEnum):
    TABLE = "table"
    CSV = "csv"
    JSON = "json"
    PARQUET = "parquet"


@app.command("query")
@reports_errors
def query_command(
    target: Annotated[Path, typer.Argument(help="A build's output folder.")],
    cypher: Annotated[str, typer.Argument(help="A Cypher query; parameters as $name.")],
    param: Annotated[
        list[str] | None,
        typer.Option("--param", "-p", help="A query parameter NAME=VALUE (repeatable)."),
    ] = None,
    format: Annotated[OutputFormat, typer.Option("--format", "-f")] = OutputFormat.TABLE,
    output: Annotated[
        Path | None, typer.Option("--output", help="Write to this file (required for parquet).")
    ] = None,
) -> None:
    """Run a Cypher query on a built graph and print (or write) its rows."""
    with EmbeddedStore(target, read_only=True) as store:
        rows = store.query(cypher, parse_parameters(param or []))
    write_rows(rows, format, output)


def write_rows(rows: pl.DataFrame, format: OutputFormat, output: Path | None) -> None:
    """Print or write query rows in the chosen format."""
    if format is OutputFormat.PARQUET:
        if output is None:
            raise typer.BadParameter("parquet needs --output FILE", param_hint="--format")
        rows.write_parquet(output)
        return
    if format is OutputFormat.TABLE:
        if output is not None:
            raise typer.BadParameter(
                "a table is for the terminal; use csv or json with --output", param_hint="--format"
            )
        _print_table(rows)
        return
    text = rows.write_csv() if format is OutputFormat.CSV else rows.write_json()
    if output is None:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
    else:
        output.write_text(text, encoding="utf-8")


def _print_table(rows: pl.DataFrame) -> None:
    table = Table(*rows.columns)
    for row in rows.iter_rows():
        table.add_row(*("" if value is None else str(value) for value in row))
    stdout.print(table)
    stdout.print(f"{rows.height} row(s)")


@app.command("schema")
def schema_command() -> None:
    """Print the graph schema (labels, properties, relationships) as Markdown."""
    sys.stdout.write(render_markdown())


app.command("recist")(recist)
app.command("eval")(eval_command)
