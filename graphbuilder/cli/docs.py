"""`graphbuilder docs --out DIR`: the pipeline's documentation, generated from the code.

Registered in `cli/main.py` with `app.command("docs")(docs_command)`. The checked-in `docs/`
folder is `graphbuilder docs --out docs --builtin-only`; a test fails when it is stale.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from graphbuilder.cli.common import reports_errors
from graphbuilder.cli.plan import PluginsOption
from graphbuilder.pipeline.processes.builtin import FAMILIES
from graphbuilder.pipeline.processes.docs import generate_docs
from graphbuilder.pipeline.processes.registry import plugin_processes, process_dag


@reports_errors
def docs_command(
    out: Annotated[Path, typer.Option("--out", "-o", help="Folder to write the docs into.")],
    plugins: PluginsOption = None,
    builtin_only: Annotated[
        bool, typer.Option(help="Leave out every plugin (the checked-in docs/ are built so).")
    ] = False,
) -> None:
    """Generate the docs: graph schema, processes, prompt catalogue, data dictionary, DAG."""
    dags = {
        family: process_dag(
            family, plugins=() if builtin_only else plugin_processes(plugins, family=family)
        )
        for family in FAMILIES
    }
    written = generate_docs(out, dags)
    print(f"wrote {len(written)} files into {out}")
