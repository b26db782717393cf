"""One frozen configuration object, read from `graphbuilder.toml` plus command-line flags.

Validated once; an error names the dotted path of the bad setting and what is accepted, e.g.
`graphbuilder.toml: ingest.on_error: 'ignore' is not accepted (accepted: 'fail', 'skip')`.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from graphbuilder.core.errors import ConfigError

CONFIG_FILE = "graphbuilder.toml"


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class IngestConfig(_Section):
    on_error: Literal["fail", "skip"] = "fail"
    text_column: str = "text"


class LLMConfig(_Section):
    """`[extract.llm]`: the LLM backends' settings, so that a build and its plan read the same
    model, prompts and sampling from a file kept with the run. Unset keys take the defaults of
    the backends' settings (extract/backends/llm/settings.py); paths are relative to the
    folder graphbuilder runs in, as on the command line."""

    model: str | None = None  # vllm: a model folder; openai: the served model's name
    model_revision: str | None = None
    tokenizer: str | None = None
    endpoint: str | None = None  # openai: the server's URL
    allow_remote: bool | None = None
    cache_dir: Path | None = None
    frozen: bool | None = None
    tasks: tuple[str, ...] | None = None
    prompt_format: Literal["chat", "completion"] | None = None
    prompts_dir: Path | None = None
    samples: int | None = None
    temperature: float | None = None
    top_p: float | None = None
    seed: int | None = None
    max_tokens: int | None = None
    batch_size: int | None = None
    engine_args: dict[str, Any] | None = None  # vllm: extra vllm.LLM arguments
    concurrency: int | None = None
    timeout_s: float | None = None

    def given(self) -> dict[str, Any]:
        """The settings the file or the flags gave."""
        return self.model_dump(exclude_none=True)


class ExtractConfig(_Section):
    backend: Literal["auto", "rules", "vllm", "openai", "precomputed"] = "auto"
    llm: LLMConfig = Field(default_factory=LLMConfig)


class StoreConfig(_Section):
    kind: Literal["embedded", "neo4j"] = "embedded"
    neo4j_uri: str | None = None
    neo4j_database: str | None = None


class Config(_Section):
    ingest: IngestConfig = Field(default_factory=IngestConfig)
    extract: ExtractConfig = Field(default_factory=ExtractConfig)
    store: StoreConfig = Field(default_factory=StoreConfig)


def load_config(path: Path | None = None, overrides: dict[str, Any] | None = None) -> Config:
    """Read the TOML file (if any), apply dotted-path overrides (`{"ingest.on_error": "skip"}`)."""
    data: dict[str, Any] = {}
    source = str(path) if path else "command line"
    if path is not None:
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except OSError as error:
            raise ConfigError(f"{path}: cannot read the configuration ({error.strerror})") from None
        except tomllib.TOMLDecodeError as error:
            raise ConfigError(f"{path}: not valid TOML ({error})") from None
    for dotted, value in (overrides or {}).items():
        if value is None:
            continue
        *parents, leaf = dotted.split(".")
        section = data
        for parent in parents:
            section = section.setdefault(parent, {})
        section[leaf] = value
    try:
        return Config.model_validate(data)
    except ValidationError as error:
        raise ConfigError(_describe(error, source)) from None


def _describe(error: ValidationError, source: str) -> str:
    first = error.errors()[0]
    dotted = ".".join(str(part) for part in first["loc"])
    if first["type"] == "extra_forbidden":
        return f"{source}: {dotted}: unknown setting — remove it or check its spelling"
    accepted = first.get("ctx", {}).get("expected")
    hint = f" (accepted: {accepted})" if accepted else ""
    return f"{source}: {dotted}: {first['input']!r} is not accepted{hint}"
