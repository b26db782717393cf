"""Choosing an LLM backend from the command line: what is missing is said, and how to fix it."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from typer.testing import CliRunner

from graphbuilder.cli.main import app
from tests.extract.backends.llm.corpus import write_jsonl

ROOT = Path(__file__).resolve().parents[4]
runner = CliRunner()


def build(tmp_path: Path, *options: str) -> tuple[int, str]:
    corpus = write_jsonl(tmp_path / "reports.jsonl")
    result = runner.invoke(app, ["build", str(corpus), "--out", str(tmp_path / "out"), *options])
    return result.exit_code, " ".join(result.output.split())


def test_an_llm_backend_without_a_model_says_which_option_is_missing(tmp_path: Path) -> None:
    code, output = build(tmp_path, "--backend", "vllm")
    assert code == 2 and "the vllm backend needs a model: give --llm-model" in output


def test_the_openai_backend_needs_an_endpoint(tmp_path: Path) -> None:
    code, output = build(tmp_path, "--backend", "openai", "--llm-model", "m")
    assert code == 2 and "llm.endpoint: the openai backend needs --llm-endpoint URL" in output


def test_a_remote_endpoint_is_refused(tmp_path: Path) -> None:
    code, output = build(
        tmp_path, "--backend", "openai", "--llm-model", "m", "--llm-endpoint", "http://8.8.8.8:8000"
    )
    assert code == 2 and "report text would leave the hospital" in output
    assert "--allow-remote-llm" in output


def test_samples_without_a_temperature_are_refused(tmp_path: Path) -> None:
    code, output = build(tmp_path, "--backend", "vllm", "--llm-model", "m", "--samples", "3")
    assert code == 2 and "3 samples at temperature 0 are all the same answer" in output


def test_a_settings_file_gives_the_llm_settings_and_flags_override_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # graphbuilder.toml is read from the folder it runs in
    (tmp_path / "graphbuilder.toml").write_text(
        '[extract]\nbackend = "vllm"\n[extract.llm]\nmodel = "m"\nsamples = 3\n'
    )
    code, output = build(tmp_path)  # the file's model and samples, at the default temperature
    assert code == 2 and "3 samples at temperature 0 are all the same answer" in output
    code, output = build(tmp_path, "--samples", "1", "--backend", "openai")
    assert code == 2 and "the openai backend needs --llm-endpoint URL" in output


def test_a_plan_reads_the_llm_settings_of_the_settings_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    corpus = write_jsonl(tmp_path / "reports.jsonl")
    plan = ["plan", str(corpus), "--out", str(tmp_path / "out"), "--format", "json"]
    (tmp_path / "graphbuilder.toml").write_text('[extract]\nbackend = "openai"\n')
    refused = runner.invoke(app, plan)
    assert refused.exit_code == 2
    assert "give --llm-model, or `model` under [extract.llm]" in " ".join(refused.output.split())
    (tmp_path / "graphbuilder.toml").write_text(
        '[extract]\nbackend = "openai"\n[extract.llm]\nmodel = "m"\n'
        'endpoint = "http://127.0.0.1:9"\ntasks = ["radiology_lesions"]\n'
    )
    planned = runner.invoke(app, plan)  # nothing is asked of the server: a plan runs nothing
    assert planned.exit_code == 0, planned.output
    runs = {tally["process"]: tally["ran"] for tally in json.loads(planned.output)["processes"]}
    assert runs["radiology_lesions"] == 4  # the corpus's radiology reports


def test_without_vllm_the_vllm_backend_says_how_to_install_it(tmp_path: Path) -> None:
    script = textwrap.dedent(
        """
        import sys
        sys.modules["vllm"] = None  # as on a machine without the LLM extra
        from pathlib import Path
        from graphbuilder.core.errors import ExtractionError
        from graphbuilder.extract.backends.llm.settings import LLMSettings
        from graphbuilder.extract.registry import resolve_backend
        settings = LLMSettings(model="/models/m", cache_dir=Path(sys.argv[1]))
        try:
            resolve_backend("vllm", None, settings)
        except ExtractionError as error:
            print(error)
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(tmp_path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    assert done.stdout.strip() == (
        "the vllm backend needs vLLM, which is not installed — install it with "
        "`make install-llm` (the CPU build, for tests and small runs) or `pip install vllm` "
        "on a GPU server"
    )
