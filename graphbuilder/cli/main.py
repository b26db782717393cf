"""The `graphbuilder` command line."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

import graphbuilder
from graphbuilder.cli.common import RichProgress, parse_parameters, reports_errors, state
from graphbuilder.cli.conflicts import conflicts_app
from graphbuilder.cli.dag import dag_command
from graphbuilder.cli.docs import docs_command
from graphbuilder.cli.evaluate import eval_command
from graphbuilder.cli.lineage import lineage_command
from graphbuilder.cli.plan import PluginsOption, build_process_text, plan_command
from graphbuilder.cli.query import password_prompt, queries_command, query_command
from graphbuilder.cli.recist import recist
from graphbuilder.cli.synth import synth
from graphbuilder.core.config import CONFIG_FILE, load_config
from graphbuilder.core.graph_schema import render_markdown
from graphbuilder.extract.backends.llm.settings import DEFAULT_SEED
from graphbuilder.pipeline.build import BuildRequest, BuildSummary, build
from graphbuilder.store.open import neo4j_credentials

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
    VLLM = "vllm"
    OPENAI = "openai"


class StoreKind(StrEnum):
    EMBEDDED = "embedded"
    NEO4J = "neo4j"


class PromptFormat(StrEnum):
    CHAT = "chat"
    COMPLETION = "completion"


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
    llm_model: Annotated[
        str | None,
        typer.Option(help="LLM backends: model directory (vllm) or served model name (openai)."),
    ] = None,
    llm_revision: Annotated[
        str | None, typer.Option(help="The model's revision, recorded and part of the cache key.")
    ] = None,
    llm_endpoint: Annotated[
        str | None, typer.Option(help="openai backend: server URL, e.g. http://127.0.0.1:8000.")
    ] = None,
    allow_remote_llm: Annotated[
        bool | None,
        typer.Option(help="Allow an endpoint that is not loopback or a private address."),
    ] = None,
    llm_cache: Annotated[
        Path | None, typer.Option(help="LLM answer cache folder (default: OUT/cache/llm).")
    ] = None,
    frozen: Annotated[
        bool | None,
        typer.Option(help="Replay cached LLM answers only; fail listing any cache miss."),
    ] = None,
    samples: Annotated[
        int | None, typer.Option(help="Ask K times and keep only what all K answers agree on.")
    ] = None,
    temperature: Annotated[
        float | None, typer.Option(help="Sampling temperature (default 0: greedy).")
    ] = None,
    seed: Annotated[
        int | None, typer.Option(help=f"Sampling seed (sample k uses seed + k; {DEFAULT_SEED}).")
    ] = None,
    max_tokens: Annotated[
        int | None, typer.Option(help="Answer token budget (default: each task's own).")
    ] = None,
    llm_tasks: Annotated[
        str | None,
        typer.Option(
            help="Comma-separated tasks (default: all): radiology_evolution, "
            "radiology_lesions, pathology, treatments."
        ),
    ] = None,
    llm_prompt_format: Annotated[
        PromptFormat | None,
        typer.Option(help="chat (system + user messages; the default) or completion (one text)."),
    ] = None,
    llm_concurrency: Annotated[
        int | None, typer.Option(help="openai backend: requests in flight at once (8).")
    ] = None,
    llm_timeout: Annotated[
        float | None, typer.Option(help="openai backend: seconds to wait for one answer (300).")
    ] = None,
    llm_engine_arg: Annotated[
        list[str] | None,
        typer.Option(
            help="vllm backend: a vllm.LLM argument NAME=VALUE, e.g. tensor_parallel_size=2 "
            "(repeatable)."
        ),
    ] = None,
    store: Annotated[
        StoreKind | None,
        typer.Option(help="Where the graph goes: embedded (OUT/graph.lbug) or a Neo4j server."),
    ] = None,
    neo4j_uri: Annotated[
        str | None,
        typer.Option(
            help="--store neo4j: bolt://HOST:PORT or neo4j://HOST:PORT; credentials from "
            "NEO4J_USER/NEO4J_PASSWORD or a prompt, never on the command line."
        ),
    ] = None,
    neo4j_database: Annotated[
        str | None, typer.Option(help="--store neo4j: the database (default: the server's).")
    ] = None,
    plugins: PluginsOption = None,
) -> None:
    """Ingest reports, extract facts, assemble each patient and load the graph.

    LLM settings can also live under [extract.llm] in graphbuilder.toml; flags override them."""
    config_path = config or (Path(CONFIG_FILE) if Path(CONFIG_FILE).is_file() else None)
    llm_flags = {
        "model": llm_model,
        "model_revision": llm_revision,
        "endpoint": llm_endpoint,
        "allow_remote": allow_remote_llm,
        "cache_dir": llm_cache,
        "frozen": frozen,
        "samples": samples,
        "temperature": temperature,
        "seed": seed,
        "max_tokens": max_tokens,
        "tasks": [name.strip() for name in llm_tasks.split(",")] if llm_tasks else None,
        "prompt_format": llm_prompt_format.value if llm_prompt_format else None,
        "concurrency": llm_concurrency,
        "timeout_s": llm_timeout,
        "engine_args": parse_parameters(llm_engine_arg) if llm_engine_arg else None,
    }
    settings = load_config(
        config_path,
        {
            "ingest.on_error": on_error.value if on_error else None,
            "extract.backend": backend.value if backend else None,
            "ingest.text_column": text_column,
            "store.kind": store.value if store else None,
            "store.neo4j_uri": neo4j_uri,
            "store.neo4j_database": neo4j_database,
            **{f"extract.llm.{name}": value for name, value in llm_flags.items()},
        },
    )
    credentials = (
        neo4j_credentials(prompt=password_prompt()) if settings.store.kind == "neo4j" else None
    )
    request = BuildRequest(
        input=input,
        out=out,
        config=settings,
        extractions=extractions,
        events=events,
        input_format=input_format.value,
        neo4j_credentials=credentials,
        plugins=plugins,
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
    skipped = summary.extraction_details.get("lines_skipped", [])
    for failure in [*skipped, *summary.failures][:5]:
        stdout.print(f"[yellow]warning:[/] {escape(failure)}", highlight=False)
    if summary.rejected_rows:
        stdout.print(f"Rejected rows are listed in {summary.out / 'rejects.csv'}")
    stdout.print(build_process_text(summary), markup=False, highlight=False, soft_wrap=True, end="")


@app.command("schema")
def schema_command() -> None:
    """Print the graph schema (labels, properties, relationships) as Markdown."""
    sys.stdout.write(render_markdown())


app.command("query")(query_command)
app.command("queries")(queries_command)
app.command("recist")(recist)
app.command("eval")(eval_command)
app.command("synth")(synth)
app.add_typer(conflicts_app, name="conflicts")
app.command("plan")(plan_command)
app.command("dag")(dag_command)
app.command("lineage")(lineage_command)
app.command("docs")(docs_command)
