"""The LLM backends' settings: one frozen object, validated once, for `vllm` and `openai`.

Defaults are the reproducible ones: greedy decoding (temperature 0), a fixed seed, one sample,
xgrammar structured outputs with compact JSON. Nothing here imports vLLM or an HTTP client, so
the pipeline and the CLI can build settings on a machine without the LLM extra.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal

from graphbuilder.core.errors import ConfigError

LLM_BACKENDS = ("vllm", "openai")
PromptFormat = Literal["chat", "completion"]
BatchInvariance = Literal["auto", "on", "off"]
SchemaField = Literal["structured_outputs", "response_format"]

DEFAULT_SEED = 20240607
# Structured outputs pinned to one backend: with "auto" the first request would decide for the
# whole engine. Compact JSON also stops a weak model from looping on whitespace.
DEFAULT_STRUCTURED_OUTPUTS: Mapping[str, Any] = {
    "backend": "xgrammar",
    "disable_any_whitespace": True,
}


@dataclass(frozen=True)
class LLMSettings:
    """Everything that configures an LLM extraction run.

    `model` is a model directory (or Hugging Face id) for `vllm`, and the served model name for
    `openai`. `max_tokens=None` lets each task use its own budget. `cache_dir=None` means the
    pipeline picks `<out>/cache/llm`.
    """

    model: str
    model_revision: str | None = None
    tokenizer: str | None = None
    # Sampling: greedy by default; K samples at T > 0 measure stability.
    temperature: float = 0.0
    top_p: float = 1.0
    seed: int = DEFAULT_SEED
    samples: int = 1
    max_tokens: int | None = None
    max_retries: int = 2
    tasks: tuple[str, ...] | None = None
    prompt_format: PromptFormat = "chat"
    prompts_dir: Path | None = None
    # Cache and replay.
    cache_dir: Path | None = None
    frozen: bool = False
    # In-process vLLM.
    batch_size: int = 256
    engine_args: Mapping[str, Any] = field(default_factory=dict)
    structured_outputs: Mapping[str, Any] = field(
        default_factory=lambda: dict(DEFAULT_STRUCTURED_OUTPUTS)
    )
    batch_invariant: BatchInvariance = "auto"
    # An OpenAI-compatible server.
    endpoint: str | None = None
    allow_remote: bool = False
    concurrency: int = 8
    timeout_s: float = 300.0
    http_retries: int = 3
    backoff_s: float = 1.0
    schema_field: SchemaField = "structured_outputs"
    api_key_env: str = "GRAPHBUILDER_LLM_API_KEY"

    def __post_init__(self) -> None:
        _check(bool(self.model.strip()), "llm.model", "a model is required (--llm-model)")
        _check(0 <= self.temperature <= 2, "llm.temperature", "must be between 0 and 2")
        _check(0 < self.top_p <= 1, "llm.top_p", "must be in (0, 1]")
        _check(self.samples >= 1, "llm.samples", "must be at least 1")
        _check(
            self.samples == 1 or self.temperature > 0,
            "llm.samples",
            f"{self.samples} samples at temperature 0 are all the same answer — "
            "give --temperature > 0 to measure stability",
        )
        _check(self.max_tokens is None or self.max_tokens >= 1, "llm.max_tokens", "must be >= 1")
        _check(self.max_retries >= 0, "llm.max_retries", "must be >= 0")
        _check(self.batch_size >= 1, "llm.batch_size", "must be >= 1")
        _check(self.concurrency >= 1, "llm.concurrency", "must be >= 1")
        _check(self.timeout_s > 0, "llm.timeout_s", "must be > 0")
        _check(self.http_retries >= 0, "llm.http_retries", "must be >= 0")
        _check(self.backoff_s >= 0, "llm.backoff_s", "must be >= 0")
        _check(
            self.prompt_format in ("chat", "completion"),
            "llm.prompt_format",
            f"{self.prompt_format!r} is not accepted (accepted: 'chat', 'completion')",
        )
        _check(
            self.batch_invariant in ("auto", "on", "off"),
            "llm.batch_invariant",
            f"{self.batch_invariant!r} is not accepted (accepted: 'auto', 'on', 'off')",
        )

    def with_defaults(self, cache_dir: Path) -> LLMSettings:
        """These settings with the cache directory filled in when none was given."""
        return self if self.cache_dir is not None else replace(self, cache_dir=cache_dir)


def _check(condition: bool, dotted: str, message: str) -> None:
    if not condition:
        raise ConfigError(f"{dotted}: {message}")
