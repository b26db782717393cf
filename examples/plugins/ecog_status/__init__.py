"""An example hospital plugin: the ECOG / WHO performance status of clinical notes.

It is what a hospital writes to add a variable without editing graphbuilder: a pydantic model
(`model.py`), a rules implementation (`rules.py`), a versioned prompt with its examples
(`prompts/`) and the JSON Schema of its answer (`schema.json`), and this declaration. A build
with a language model (`--backend vllm|openai`) asks the prompt; any other runs the rules.
Register it with a plugins file (see `../graphbuilder.plugins.toml`) or an
entry point (see `pyproject.toml`). Its values land in the graph as `VariableValue` nodes
(variable `PerformanceStatus`, field `score`), with lineage and an EXTRACTED_FROM edge.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from ecog_status.model import PerformanceStatus
from graphbuilder.core.vocabulary import ReportKind
from graphbuilder.pipeline.processes.model import AppliesTo, Implementation, Process
from graphbuilder.pipeline.processes.variables import variable_fact_type

HERE = Path(__file__).resolve().parent
PROMPT = HERE / "prompts" / "ecog_status" / "ecog_status.v1.jinja"
SCHEMA = HERE / "schema.json"

RULES = Implementation(
    "rules",
    "ecog_status.rules:extract",
    prompts=(str(PROMPT),),
    schemas=(str(SCHEMA),),
    sources=("ecog_status",),
)
LLM = Implementation(
    "llm",
    "graphbuilder.pipeline.processes.prompted:run",
    prompts=(str(PROMPT),),
    schemas=(str(SCHEMA),),
    sources=("ecog_status.model",),
)

PERFORMANCE_STATUS = Process(
    name="ecog_status",
    version="1",
    purpose="Reads the ECOG / WHO (OMS) performance status, 0 to 4, that a clinical note or "
    'a tumour board states ("OMS 1", "ECOG 0", "PS 2").',
    scope="report",
    outputs=("PerformanceStatus",),
    implementation=RULES,
    inputs=("Report",),
    applies_to=AppliesTo(kinds=frozenset({ReportKind.CONSULTATION, ReportKind.TUMOUR_BOARD})),
    output_model=PerformanceStatus,
    fact_types=(
        variable_fact_type(
            "PerformanceStatus",
            "The ECOG / WHO performance status a clinical note states (0 to 4).",
            PerformanceStatus,
        ),
    ),
)


def processes(family: str = "rules") -> list[Process]:
    """What graphbuilder loads from this plugin (entry point or plugins file), for a build
    whose extraction family is `family`: the prompt when it has a language model."""
    if family == "llm":
        return [replace(PERFORMANCE_STATUS, implementation=LLM)]
    return [PERFORMANCE_STATUS]
