from pathlib import Path

import pytest

from graphbuilder.core.config import load_config
from graphbuilder.core.errors import ConfigError


def test_defaults_are_the_embedded_store_and_the_best_available_backend() -> None:
    config = load_config()
    assert config.ingest.on_error == "fail"
    assert config.extract.backend == "auto"
    assert config.store.kind == "embedded"


def test_file_settings_are_overridden_by_flags(tmp_path: Path) -> None:
    path = tmp_path / "graphbuilder.toml"
    path.write_text('[ingest]\non_error = "skip"\n[extract]\nbackend = "rules"\n')
    config = load_config(path, {"extract.backend": "auto", "ingest.on_error": None})
    assert config.ingest.on_error == "skip"
    assert config.extract.backend == "auto"


def test_a_bad_value_names_its_dotted_path_and_the_accepted_values(tmp_path: Path) -> None:
    path = tmp_path / "graphbuilder.toml"
    path.write_text('[ingest]\non_error = "ignore"\n')
    with pytest.raises(
        ConfigError,
        match=r"ingest\.on_error: 'ignore' is not accepted "
        r"\(accepted: 'fail' or 'skip'\)",
    ):
        load_config(path)


def test_an_unknown_setting_is_named(tmp_path: Path) -> None:
    path = tmp_path / "graphbuilder.toml"
    path.write_text("[store]\nkinds = 'neo4j'\n")
    with pytest.raises(ConfigError, match=r"store\.kinds: unknown setting"):
        load_config(path)


def test_invalid_toml_is_reported_with_the_file(tmp_path: Path) -> None:
    path = tmp_path / "graphbuilder.toml"
    path.write_text("[ingest\n")
    with pytest.raises(ConfigError, match=r"graphbuilder\.toml: not valid TOML"):
        load_config(path)


def test_llm_settings_live_under_extract_llm_and_flags_override_them(tmp_path: Path) -> None:
    path = tmp_path / "graphbuilder.toml"
    path.write_text(
        '[extract]\nbackend = "vllm"\n[extract.llm]\nmodel = "/models/tiny"\nsamples = 3\n'
        'temperature = 0.7\ntasks = ["pathology", "treatments"]\n'
        "[extract.llm.engine_args]\ntensor_parallel_size = 2\n"
    )
    config = load_config(path, {"extract.llm.temperature": 0.9, "extract.llm.seed": None})
    assert config.extract.llm.given() == {
        "model": "/models/tiny",
        "samples": 3,
        "temperature": 0.9,
        "tasks": ("pathology", "treatments"),
        "engine_args": {"tensor_parallel_size": 2},
    }


def test_an_unknown_llm_setting_is_named(tmp_path: Path) -> None:
    path = tmp_path / "graphbuilder.toml"
    path.write_text('[extract.llm]\nmodle = "/models/tiny"\n')
    with pytest.raises(ConfigError, match=r"extract\.llm\.modle: unknown setting"):
        load_config(path)


def test_the_readme_settings_examples_are_valid(tmp_path: Path) -> None:
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    blocks = [part.split("```")[0] for part in readme.split("```toml\n")[1:]]
    assert blocks
    for number, block in enumerate(blocks):
        path = tmp_path / f"example{number}.toml"
        path.write_text(block, encoding="utf-8")
        load_config(path)  # raises, naming the setting, if the README shows a wrong one
