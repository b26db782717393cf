"""The `vllm` and `openai` extraction backends: tasks + prompts + cache around a generator.

`create_llm_backend("vllm", settings)` runs vLLM in this process; `create_llm_backend("openai",
settings)` talks to an OpenAI-compatible server. Both record the same provenance, share the
cache format and produce `ReportExtraction`s whose every value is grounded in the report.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Iterable, Iterator
from typing import Any

import graphbuilder
from graphbuilder.core.errors import ConfigError, ExtractionError
from graphbuilder.extract.backend import BackendInfo, ExtractionOutcome, ReportInput
from graphbuilder.extract.backends.llm.assembly import RunStatistics
from graphbuilder.extract.backends.llm.cache import ResponseCache
from graphbuilder.extract.backends.llm.engine import ExtractionEngine
from graphbuilder.extract.backends.llm.generation import Generator
from graphbuilder.extract.backends.llm.provenance import model_revision
from graphbuilder.extract.backends.llm.settings import LLM_BACKENDS, LLMSettings
from graphbuilder.extract.backends.llm.tasks import select_tasks


class LLMBackend:
    """An `ExtractionBackend` asking a language model, one task per prompt."""

    def __init__(self, settings: LLMSettings, generator: Generator) -> None:
        if settings.cache_dir is None:
            raise ConfigError("llm.cache_dir: the LLM backends need a cache directory")
        self.settings = settings
        self.generator = generator
        self.name = generator.backend
        self.tasks = select_tasks(settings.tasks)
        self.prompts = {task: task.prompt(settings.prompts_dir) for task in self.tasks}
        self.revision = model_revision(settings.model, settings.model_revision)
        self.statistics = RunStatistics()
        self._server: dict[str, Any] | None = None

    def info(self) -> BackendInfo:
        settings = self.settings
        return BackendInfo(
            backend=self.name,
            backend_version=graphbuilder.__version__,
            model=settings.model,
            model_revision=self.revision,
            parameters={
                "tokenizer": settings.tokenizer or settings.model,
                "prompts": {
                    t.name: {"id": p.id, "sha256": p.sha256} for t, p in self.prompts.items()
                },
                "schemas": {task.name: task.schema_sha256() for task in self.tasks},
                "sampling": {
                    "temperature": settings.temperature,
                    "top_p": settings.top_p,
                    "seed": settings.seed,
                    "samples": settings.samples,
                    "max_tokens": {t.name: settings.max_tokens or t.max_tokens for t in self.tasks},
                },
                "max_retries": settings.max_retries,
                "prompt_format": settings.prompt_format,
                **self.generator.describe(),
            },
        )

    def extract(self, reports: Iterable[ReportInput]) -> Iterator[ExtractionOutcome]:
        assert self.settings.cache_dir is not None  # checked in __init__
        cache = ResponseCache(self.settings.cache_dir, read_only=self.settings.frozen)
        identity = {
            "backend": self.name,
            "model": self.settings.model,
            "model_revision": self.revision,
            "tokenizer": self.settings.tokenizer,
            **self.generator.identity(),
        }
        engine = ExtractionEngine(
            self.settings, self.generator, self.prompts, identity, cache, self.statistics
        )
        try:
            yield from engine.run(reports)
        finally:
            cache.close()
        if self.statistics.counters["model_requests"] and self._server is None:
            describe_server = getattr(self.generator, "server_info", None)
            self._server = describe_server() if describe_server else {}

    def summary(self) -> dict[str, Any]:
        """Counters of the runs so far (cache hits, failures, dropped values, agreement)."""
        summary = self.statistics.summary()
        if self._server:
            summary["server"] = self._server
        return summary

    def close(self) -> None:
        self.generator.close()


def create_llm_backend(name: str, settings: LLMSettings | None) -> LLMBackend:
    """The `vllm` or `openai` backend, or an error that says what to install or set."""
    if settings is None:
        raise ConfigError(
            f"the {name} backend needs a model: give --llm-model, or `model` under "
            "[extract.llm] in graphbuilder.toml"
        )
    if name == "vllm":
        from graphbuilder.extract.backends.llm.vllm_engine import VllmGenerator

        return LLMBackend(settings, VllmGenerator(settings))
    if name == "openai":
        if importlib.util.find_spec("httpx") is None:
            raise ExtractionError(
                "the openai backend needs httpx — pip install 'graphbuilder[llm]'"
            )
        from graphbuilder.extract.backends.llm.openai_client import OpenAIGenerator

        return LLMBackend(settings, OpenAIGenerator(settings))
    raise ConfigError(f"{name!r} is not an LLM backend (accepted: {', '.join(LLM_BACKENDS)})")
