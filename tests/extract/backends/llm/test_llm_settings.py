"""LLM settings are validated once; errors name the setting and what is accepted."""

from __future__ import annotations

from dataclasses import fields
from pathlib import Path

import pytest

from graphbuilder.core.config import Config, LLMConfig
from graphbuilder.core.errors import ConfigError
from graphbuilder.extract.backends.llm.settings import LLMSettings
from graphbuilder.pipeline.build import BuildRequest


def test_the_defaults_are_the_reproducible_ones() -> None:
    settings = LLMSettings(model="/models/mistral")
    assert settings.temperature == 0 and settings.samples == 1
    assert settings.structured_outputs == {"backend": "xgrammar", "disable_any_whitespace": True}
    assert settings.batch_invariant == "auto" and not settings.allow_remote


def test_several_samples_need_a_temperature() -> None:
    with pytest.raises(
        ConfigError, match=r"llm\.samples: 3 samples at temperature 0 .* --temperature"
    ):
        LLMSettings(model="m", samples=3)
    assert LLMSettings(model="m", samples=3, temperature=0.7).samples == 3


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"model": " "}, "llm.model: a model is required"),
        ({"temperature": 3.0}, "llm.temperature"),
        ({"max_tokens": 0}, "llm.max_tokens"),
        ({"concurrency": 0}, "llm.concurrency"),
        ({"prompt_format": "json"}, "llm.prompt_format: 'json' is not accepted"),
    ],
)
def test_a_bad_setting_is_named(overrides: dict[str, object], message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        LLMSettings(**{"model": "m", **overrides})  # type: ignore[arg-type]


def test_the_cache_folder_is_filled_in_only_when_not_given(tmp_path: Path) -> None:
    assert LLMSettings(model="m").with_defaults(tmp_path).cache_dir == tmp_path
    given = LLMSettings(model="m", cache_dir=tmp_path / "mine")
    assert given.with_defaults(tmp_path).cache_dir == tmp_path / "mine"


def test_every_setting_of_extract_llm_in_graphbuilder_toml_is_a_backend_setting(
    tmp_path: Path,
) -> None:
    """[extract.llm] (core/config.py) lists the file's settings apart from LLMSettings, which
    core cannot import: a build turns one into the other, key by key."""
    assert set(LLMConfig.model_fields) <= {field.name for field in fields(LLMSettings)}
    config = Config.model_validate(
        {"extract": {"llm": {"model": "/models/m", "samples": 2, "temperature": 0.5}}}
    )
    settings = BuildRequest(input=tmp_path, out=tmp_path / "out", config=config).llm_settings()
    assert settings == LLMSettings(
        model="/models/m", samples=2, temperature=0.5, cache_dir=tmp_path / "out" / "cache" / "llm"
    )
    assert BuildRequest(input=tmp_path, out=tmp_path / "out").llm_settings() is None
