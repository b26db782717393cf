"""`graphbuilder query` (a folder or a Neo4j URI, Cypher or a named query) and `queries`."""

from __future__ import annotations

import getpass
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import polars as pl
import typer
from rich.console import Console
from rich.table import Table

from graphbuilder.cli.common import parse_parameters, reports_errors
from graphbuilder.store.open import Prompt, open_target
from graphbuilder.store.queries import ENGINES, NamedQuery, load_library, named_query, run_named

stdout = Console()


class OutputFormat(StrEnum):
    TABLE = "table"
    CSV = "csv"
    JSON = "json"
    PARQUET = "parquet"


def password_prompt() -> Prompt | None:
    """Ask for a missing Neo4j password only when someone is at the terminal."""
    return getpass.getpass if sys.stdin.isatty() else None


@reports_errors
def query_command(
    target: Annotated[
        str,
        typer.Argument(
            help="A build's output folder, or a Neo4j URI (bolt://HOST:PORT, neo4j://HOST:PORT; "
            "credentials from NEO4J_USER/NEO4J_PASSWORD or a prompt)."
        ),
    ],
    cypher: Annotated[
        str | None, typer.Argument(help="A Cypher query; parameters as $name.")
    ] = None,
    named: Annotated[
        str | None,
        typer.Option("--named", "-n", help="A named query (`graphbuilder queries` lists them)."),
    ] = None,
    param: Annotated[
        list[str] | None,
        typer.Option("--param", "-p", help="A query parameter NAME=VALUE (repeatable)."),
    ] = None,
    format: Annotated[OutputFormat, typer.Option("--format", "-f")] = OutputFormat.TABLE,
    output: Annotated[
        Path | None, typer.Option("--output", help="Write to this file (required for parquet).")
    ] = None,
    neo4j_database: Annotated[
        str | None, typer.Option(help="Neo4j: the database (default: the server's default).")
    ] = None,
) -> None:
    """Run a Cypher query (or a named one) on a built graph and print (or write) its rows."""
    if (cypher is None) == (named is None):
        raise typer.BadParameter("give either a CYPHER query or --named NAME", param_hint="CYPHER")
    query = named_query(named) if named is not None else None
    parameters = split_pairs(param or []) if query else parse_parameters(param or [])
    with open_target(target, database=neo4j_database, prompt=password_prompt()) as store:
        if query is not None:
            rows = run_named(store, query, parameters)
        else:
            assert cypher is not None
            rows = store.query(cypher, parameters)
    write_rows(rows, format, output)


def split_pairs(pairs: list[str]) -> dict[str, str]:
    """`["months=6"]` → {"months": "6"}: a named query types each value from its header."""
    values: dict[str, str] = {}
    for pair in pairs:
        name, sep, text = pair.partition("=")
        if not sep or not name:
            raise typer.BadParameter(f"{pair!r} is not NAME=VALUE", param_hint="--param")
        values[name] = text
    return values


@reports_errors
def queries_command(
    name: Annotated[str | None, typer.Argument(help="Show this query's header and Cypher.")] = None,
    engine: Annotated[
        str, typer.Option(help=f"With NAME: the text this engine runs ({', '.join(ENGINES)}).")
    ] = "neo4j",
) -> None:
    """List the named Cypher queries (question, parameters, columns), or show one."""
    if name is not None:
        sys.stdout.write(named_query(name).text(engine))
        return
    library = load_library()
    sys.stdout.write("\n".join(describe(query) for query in library.values()))
    sys.stdout.write(f"\n{len(library)} named queries; run one with "
                     "`graphbuilder query TARGET --named NAME --param k=v`\n")  # fmt: skip


def describe(query: NamedQuery) -> str:
    parameters = ", ".join(p.signature() for p in query.parameters) or "none"
    if query.variants:
        files = ", ".join(f"{engine}: {path.name}" for engine, path in query.variants.items())
        engines = f"{query.path.name} (Neo4j); {files} — {query.dialect}"
    else:
        engines = f"{query.path.name}, the same text on both"
    return "\n".join(
        [
            query.name,
            f"  Question:   {query.question}",
            f"  Parameters: {parameters}",
            f"  Columns:    {', '.join(query.columns)}",
            f"  Files:      {engines}",
            "",
        ]
    )


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
