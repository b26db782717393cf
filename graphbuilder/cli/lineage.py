"""`graphbuilder lineage DIR FACT_ID`: from a derived fact back to measurements and reports.

Registered in `cli/main.py` with `app.command("lineage")(lineage_command)`.
"""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from typing import Annotated

import typer

from graphbuilder.cli.common import reports_errors
from graphbuilder.cli.query import password_prompt
from graphbuilder.pipeline.processes.trace import LineageWalker, render_trace
from graphbuilder.store.open import open_target


class LineageFormat(StrEnum):
    TEXT = "text"
    JSON = "json"


@reports_errors
def lineage_command(
    target: Annotated[
        str, typer.Argument(help="A build's output folder, or a Neo4j URI (bolt://HOST:PORT).")
    ],
    fact_id: Annotated[
        str, typer.Argument(help="Id of any node: a RecistTimepoint, a Conflict, a Measurement...")
    ],
    depth: Annotated[int, typer.Option(help="How many relationships deep to follow.")] = 8,
    format: Annotated[LineageFormat, typer.Option("--format", "-f")] = LineageFormat.TEXT,
    neo4j_database: Annotated[
        str | None, typer.Option(help="Neo4j: the database (default: the server's default).")
    ] = None,
) -> None:
    """Show the chain a fact rests on: processes, versions and runs, down to report sentences."""
    with open_target(target, database=neo4j_database, prompt=password_prompt()) as store:
        root = LineageWalker(store).trace(fact_id, max_depth=depth)
    if format is LineageFormat.JSON:
        sys.stdout.write(json.dumps(root.as_dict(), indent=2, ensure_ascii=False) + "\n")
    else:
        sys.stdout.write(render_trace(root))
