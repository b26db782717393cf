"""What a process is: a declared step that produces facts, and what it sees when it runs.

A `Process` names its version, what it applies to, the processes it depends on, the fact types
it reads and writes, its implementation (rules, an LLM prompt with its schema, a computation or
precomputed extractions) and its parameters. Report-scope processes run once per report they
apply to; patient-scope processes once per patient. Declarations are plain data: the DAG, the
plan, the cache keys, the lineage and the docs are all derived from them.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from pydantic import BaseModel

from graphbuilder.core.errors import ConfigError
from graphbuilder.core.vocabulary import ReportKind
from graphbuilder.extract.backend import ReportInput

Scope = Literal["report", "patient"]
ImplementationKind = Literal["rules", "llm", "precomputed", "computation"]


@dataclass(frozen=True)
class FactType:
    """A kind of fact a process outputs, and where it lands in the graph.

    `graph` maps each node label the facts fill to the properties they fill there (the data
    dictionary's "produced by"); empty for facts only other processes read.
    """

    name: str
    description: str
    graph: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    model: type[BaseModel] | None = None


@dataclass(frozen=True)
class ReportView:
    """One report as a report-scope process sees it: the report and its upstream outputs."""

    unit: str  # the unit id: patient/report (see `report_unit_id`)
    report: ReportInput
    source: str  # file (and line) the report was read from
    upstream: Mapping[str, Any] = field(default_factory=dict)  # process → output (None: nothing)
    failed: frozenset[str] = frozenset()  # the upstream processes whose run on it failed


@dataclass(frozen=True)
class Condition:
    """A predicate on a report's upstream outputs: "radiology reports classified as follow-ups".

    `reads` names the processes whose outputs `test` looks at; they must be dependencies.
    """

    description: str
    test: Callable[[ReportView], bool]
    reads: tuple[str, ...] = ()


@dataclass(frozen=True)
class AppliesTo:
    """Which reports a report-scope process runs on: report kinds, and/or a condition."""

    kinds: frozenset[ReportKind] | None = None  # None: every kind
    condition: Condition | None = None

    def matches(self, view: ReportView) -> bool:
        if self.kinds is not None and view.report.kind not in self.kinds:
            return False
        return self.condition is None or self.condition.test(view)

    def describe(self) -> str:
        if self.kinds is None and self.condition is not None:
            return self.condition.description
        kinds = (
            "every report"
            if self.kinds is None
            else " and ".join(sorted(kind.value for kind in self.kinds)) + " reports"
        )
        if self.condition is None:
            return kinds
        return f"{kinds} {self.condition.description}"


@dataclass(frozen=True)
class Implementation:
    """How a process computes its output.

    `reference` is `module:attribute`, a callable. Report scope: `(views, context) -> outcomes`,
    one `ReportOutcome` per view. Patient scope: `(view, context) -> output`. `sources` are the
    modules whose source code is part of the cache key (default: the reference's module), so a
    changed rule re-runs the process. `prompts` and `schemas` are the files (relative to the
    project root, or absolute for a plugin) an LLM implementation uses; `tasks` the LLM
    backend's tasks it takes its fields from.
    """

    kind: ImplementationKind
    reference: str
    prompts: tuple[str, ...] = ()
    schemas: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    tasks: tuple[str, ...] = ()

    @property
    def module(self) -> str:
        return self.reference.partition(":")[0]

    def source_modules(self) -> tuple[str, ...]:
        return self.sources or (self.module,)

    def load(self) -> Callable[..., Any]:
        module_name, _, attribute = self.reference.partition(":")
        try:
            module = importlib.import_module(module_name)
            function: Callable[..., Any] = getattr(module, attribute)
        except (ImportError, AttributeError) as error:
            raise ConfigError(
                f"implementation {self.reference!r} cannot be loaded ({error}) — check the "
                "process declaration and that its package is installed"
            ) from None
        return function


@dataclass(frozen=True)
class Process:
    """A declared step of the pipeline (see the module docstring)."""

    name: str
    version: str
    purpose: str
    scope: Scope
    outputs: tuple[str, ...]
    implementation: Implementation
    inputs: tuple[str, ...] = ()
    depends_on: tuple[str, ...] = ()
    applies_to: AppliesTo = field(default_factory=AppliesTo)
    parameters: Mapping[str, Any] = field(default_factory=dict)
    output_model: type[BaseModel] | None = None  # report scope: outputs are stored as its JSON
    fact_types: tuple[FactType, ...] = ()  # fact types this declaration introduces (plugins)

    @property
    def label(self) -> str:
        return f"{self.name}@{self.version}"

    def reads_processes(self) -> tuple[str, ...]:
        """Processes named by `depends_on` and by the applies-to condition."""
        condition = self.applies_to.condition
        reads = condition.reads if condition is not None else ()
        return tuple(dict.fromkeys((*self.depends_on, *reads)))


@dataclass(frozen=True)
class ReportOutcome:
    """A report-scope process's result for one report: an output (None: nothing found), or a
    failure (not cached: the next build tries again)."""

    output: Any = None
    warnings: tuple[str, ...] = ()
    failure: str | None = None


@dataclass(frozen=True)
class PatientView:
    """One patient as a patient-scope process sees it."""

    patient_id: str
    reports: Sequence[ReportView]  # every report of the patient, in corpus order
    report_outputs: Mapping[str, Mapping[str, Any]]  # process → unit → output (applied only)
    upstream: Mapping[str, Any]  # patient-scope process → its output for this patient
    failures: Mapping[str, frozenset[str]] = field(default_factory=dict)  # process → units
    events: Sequence[Mapping[str, Any]] = ()
    curation: Sequence[Any] = ()  # the patient's curation-log entries
