"""`graphbuilder plan INPUT --out DIR`: what a build would run, and why, before running it.

Registered in `cli/main.py` with `app.command("plan")(plan_command)`.
"""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from graphbuilder.cli.common import reports_errors
from graphbuilder.core.config import CONFIG_FILE, load_config
from graphbuilder.pipeline.build import BuildRequest, BuildSummary
from graphbuilder.pipeline.plan import plan_build
from graphbuilder.pipeline.processes.report import plan_text


class PlanFormat(StrEnum):
    TEXT = "text"
    JSON = "json"


class PlanBackend(StrEnum):
    AUTO = "auto"
    RULES = "rules"
    VLLM = "vllm"
    OPENAI = "openai"


PluginsOption = Annotated[
    Path | None,
    typer.Option(
        "--plugins",
        help="Plugins file listing hospital processes (default: ./graphbuilder.plugins.toml "
        "if present; installed `graphbuilder.processes` entry points are always loaded).",
    ),
]


@reports_errors
def plan_command(
    input: Annotated[Path, typer.Argument(help="Reports, as `graphbuilder build` takes them.")],
    out: Annotated[Path, typer.Option("--out", "-o", help="The build's output folder.")],
    extractions: Annotated[
        Path | None, typer.Option(help="Precomputed extractions (JSONL), as for build.")
    ] = None,
    events: Annotated[
        Path | None, typer.Option(help="Structured events; default: treatments.csv beside INPUT.")
    ] = None,
    backend: Annotated[PlanBackend | None, typer.Option(help="Extraction backend.")] = None,
    config: Annotated[
        Path | None, typer.Option(help=f"Settings file (default: ./{CONFIG_FILE} if present).")
    ] = None,
    plugins: PluginsOption = None,
    format: Annotated[PlanFormat, typer.Option("--format", "-f")] = PlanFormat.TEXT,
) -> None:
    """Show what `graphbuilder build` would run, on how many reports and patients, and why."""
    config_path = config or (Path(CONFIG_FILE) if Path(CONFIG_FILE).is_file() else None)
    settings = load_config(config_path, {"extract.backend": backend.value if backend else None})
    request = BuildRequest(
        input=input, out=out, config=settings, extractions=extractions, events=events
    )
    plan = plan_build(request, plugins)
    tallies = [tally.as_dict() for tally in plan.tallies]
    if format is PlanFormat.JSON:
        document = {
            "reports": plan.reports,
            "patients": plan.patients,
            "patients_unchanged": plan.patients_unchanged,
            "changes": plan.changes,
            "processes": tallies,
        }
        sys.stdout.write(json.dumps(document, indent=2, ensure_ascii=False) + "\n")
        return
    sys.stdout.write(
        plan_text(
            tallies,
            reports=plan.reports,
            patients=plan.patients,
            unchanged=plan.patients_unchanged,
            changes=plan.changes,
        )
    )


def build_process_text(summary: BuildSummary) -> str:
    """The per-process table `graphbuilder build` prints at the end, as `plan` does."""
    return plan_text(
        summary.processes,
        reports=summary.reports,
        patients=summary.patients,
        unchanged=summary.patients - summary.patients_computed,
        planned=False,
    )
