"""The DAG a build runs: the built-in processes for its extraction family, plus plugins."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from graphbuilder.core.errors import ConfigError
from graphbuilder.extract.backends.llm.settings import LLMSettings
from graphbuilder.extract.registry import resolve_backend
from graphbuilder.ingest.options import OnError
from graphbuilder.pipeline.processes.builtin import Family, builtin_processes
from graphbuilder.pipeline.processes.dag import ProcessDag
from graphbuilder.pipeline.processes.extraction import (
    BackendSource,
    ExtractionSource,
    PrecomputedSource,
)
from graphbuilder.pipeline.processes.model import Process
from graphbuilder.pipeline.processes.plugins import (
    default_plugins_file,
    load_plugins,
    read_plugins_file,
)
from graphbuilder.rules.recist import RecistOptions


def family_of(backend: str, extractions: Path | None = None) -> Family:
    """The extraction family of a configured backend (`auto` is the rules)."""
    if extractions is not None or backend == "precomputed":
        return "precomputed"
    return "llm" if backend in ("vllm", "openai") else "rules"


def extraction_source(
    backend: str,
    extractions: Path | None = None,
    llm: LLMSettings | None = None,
    on_error: OnError = "fail",
    index_file: Path | None = None,
    *,
    save_index: bool = True,
) -> ExtractionSource:
    """Where the extraction processes take reports' extractions from, for this configuration
    (`on_error` as for the input rows: what a bad line of `extractions` does; `index_file`
    keeps the index of `extractions` from one build to the next: read if it is for this very
    file, else made, and then saved unless `save_index` is false)."""
    if extractions is not None:
        if backend not in ("auto", "precomputed"):
            raise ConfigError(
                f"--extractions loads precomputed extractions; it cannot be "
                f"combined with the {backend!r} backend"
            )
        return PrecomputedSource(extractions, on_error, index_file, save_index=save_index)
    return BackendSource(resolve_backend(backend, None, llm), family_of(backend))


def plugin_processes(
    plugins_file: Path | None = None, *, entry_points: bool = True, family: Family = "rules"
) -> tuple[Process, ...]:
    """Processes from entry points and the plugins file (the given one, or the default)."""
    path = plugins_file or default_plugins_file()
    spec = read_plugins_file(path) if path is not None else None
    return load_plugins(spec, entry_points=entry_points, family=family)


def process_dag(
    family: Family = "rules",
    recist: RecistOptions | None = None,
    plugins: Sequence[Process] = (),
) -> ProcessDag:
    """The validated DAG: built-in processes of `family`, then the plugins' processes."""
    return ProcessDag.build([*builtin_processes(family, recist), *plugins])
