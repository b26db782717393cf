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


class ExtractConfig(_Section):
    backend: Literal["auto", "rules", "vllm", "openai", "precomputed"] = "auto"


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
