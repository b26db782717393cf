"""`graphbuilder dag`: the process DAG as Mermaid text, and as an SVG image when asked.

Registered in `cli/main.py` with `app.command("dag")(dag_command)`.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from graphbuilder.cli.common import reports_errors
from graphbuilder.cli.plan import PluginsOption
from graphbuilder.pipeline.processes.builtin import FAMILIES
from graphbuilder.pipeline.processes.registry import plugin_processes, process_dag
from graphbuilder.pipeline.processes.render import mermaid, svg


@reports_errors
def dag_command(
    svg_file: Annotated[
        Path | None, typer.Option("--svg", help="Also write the DAG as an SVG image here.")
    ] = None,
    family: Annotated[
        str, typer.Option("--family", help=f"Extraction implementations: {', '.join(FAMILIES)}.")
    ] = "rules",
    plugins: PluginsOption = None,
) -> None:
    """Print the process DAG (Mermaid flowchart text); the DAG is validated first."""
    if family not in FAMILIES:
        raise typer.BadParameter(f"{family!r} is not one of {', '.join(FAMILIES)}")
    chosen = next(name for name in FAMILIES if name == family)
    dag = process_dag(chosen, plugins=plugin_processes(plugins, family=chosen))
    sys.stdout.write(mermaid(dag))
    if svg_file is not None:
        svg_file.write_text(svg(dag), encoding="utf-8")
        print(f"wrote {svg_file}", file=sys.stderr)
