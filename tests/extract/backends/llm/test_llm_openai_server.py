"""The `openai` backend against vLLM's OpenAI-compatible server, started here on a loopback port.

Shown: schema-valid answers through HTTP, the `build` command with `--backend openai` and then
`--frozen` (a replay, and a miss that fails), and a server killed in the middle of a run: the
answers received before are kept by the cache, and the rerun asks only for the rest. The kill
test stops the module's server, so it stays last in this file.
"""

from __future__ import annotations

import json
import os
import signal
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("vllm", reason="vLLM is not installed: make install-llm")

from typer.testing import CliRunner

from graphbuilder.cli.main import app
from graphbuilder.extract.backend import ExtractionOutcome
from graphbuilder.extract.backends.llm.backend import LLMBackend
from graphbuilder.extract.backends.llm.cache import ResponseCache
from graphbuilder.extract.backends.llm.openai_client import OpenAIGenerator
from graphbuilder.extract.backends.llm.settings import LLMSettings
from tests.extract.backends.llm.corpus import radiology_reports, write_jsonl
from tests.support.tiny_llm import OpenAIServer, free_loopback_port, start_openai_server

pytestmark = [pytest.mark.llm, pytest.mark.slow]

runner = CliRunner()
EVOLUTION = ("radiology_evolution",)


@pytest.fixture(scope="module")
def server(
    tiny_model_dir: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[OpenAIServer]:
    """vLLM's server on the tiny model (ready in about a minute on a CPU)."""
    with start_openai_server(
        tiny_model_dir, free_loopback_port(), log_dir=tmp_path_factory.mktemp("server")
    ) as running:
        yield running


def openai_settings(server: OpenAIServer, cache: Path, **overrides: Any) -> LLMSettings:
    values: dict[str, Any] = {
        "model": server.model,
        "endpoint": server.base_url,
        "cache_dir": cache,
        "tasks": EVOLUTION,
        "concurrency": 4,
        "timeout_s": 120.0,
    }
    return LLMSettings(**{**values, **overrides})


def extract(settings: LLMSettings) -> tuple[LLMBackend, dict[str, ExtractionOutcome]]:
    backend = LLMBackend(settings, OpenAIGenerator(settings))
    return backend, {o.report_id: o for o in backend.extract(radiology_reports())}


def test_the_server_answers_in_form_and_says_what_it_runs(
    server: OpenAIServer, tmp_path: Path
) -> None:
    backend, outcomes = extract(openai_settings(server, tmp_path / "cache"))

    assert len(outcomes) == 6
    summary = backend.summary()
    assert summary["counters"]["answers_valid"] >= 1
    assert summary["counters"].get("unavailable", 0) == 0
    assert summary["server"]["version"] == "0.32.0"
    assert [model["id"] for model in summary["server"]["models"]] == [server.model]
    assert all(o.succeeded or "truncated" in (o.failure or "") for o in outcomes.values())


def build(*arguments: str) -> Any:
    return runner.invoke(app, ["build", *arguments], catch_exceptions=False)


def test_the_build_command_extracts_with_openai_and_replays_frozen(
    server: OpenAIServer, tmp_path: Path
) -> None:
    corpus = write_jsonl(tmp_path / "reports.jsonl")
    llm = [
        "--backend",
        "openai",
        "--llm-model",
        server.model,
        "--llm-endpoint",
        server.base_url,
        "--llm-tasks",
        "radiology_evolution",
    ]

    first = build(str(corpus), "--out", str(tmp_path / "first"), *llm)
    assert first.exit_code == 0, first.output
    summary = json.loads((tmp_path / "first" / "build.json").read_text())
    assert summary["backend"] == "openai"
    assert summary["extraction_details"]["counters"]["requests"] == 4
    assert (tmp_path / "first" / "cache" / "llm" / "responses.sqlite").is_file()

    cache = str(tmp_path / "first" / "cache" / "llm")
    replay = build(
        str(corpus), "--out", str(tmp_path / "replay"), *llm, "--llm-cache", cache, "--frozen"
    )
    assert replay.exit_code == 0, replay.output
    assert (tmp_path / "replay" / "extractions.jsonl").read_text() == (
        tmp_path / "first" / "extractions.jsonl"
    ).read_text()

    miss = build(
        str(corpus),
        "--out",
        str(tmp_path / "miss"),
        *llm,
        "--llm-cache",
        str(tmp_path / "empty"),
        "--frozen",
    )
    assert miss.exit_code == 1
    assert "--frozen: 4 LLM answer(s) are not in the cache" in miss.output
    assert "CT1 (radiology_evolution)" in miss.output


def test_a_server_killed_mid_run_keeps_what_was_done_and_the_rerun_resumes(
    server: OpenAIServer, tiny_model_dir: Path, tmp_path: Path
) -> None:
    settings = openai_settings(
        server, tmp_path / "cache", concurrency=1, http_retries=1, backoff_s=0.05
    )
    backend = LLMBackend(settings, OpenAIGenerator(settings))
    outcomes: list[ExtractionOutcome] = []
    for outcome in backend.extract(radiology_reports()):
        outcomes.append(outcome)
        if len(outcomes) == 1:  # the first answer is in: kill the server and its engine
            os.killpg(server.process.pid, signal.SIGKILL)
            server.process.wait(timeout=30)

    lost = [
        o
        for o in outcomes
        if o.failure and ("cannot reach" in o.failure or "not sent" in o.failure)
    ]
    assert len(outcomes) == 6 and lost
    done = len(ResponseCache(tmp_path / "cache"))
    assert 1 <= done == 6 - len(lost)

    with start_openai_server(tiny_model_dir, free_loopback_port(), log_dir=tmp_path) as restarted:
        resumed, again = extract(replace(settings, endpoint=restarted.base_url))

    counters = resumed.summary()["counters"]
    assert counters["cache_hits"] == done
    assert counters["model_requests"] - counters.get("retries", 0) == len(lost)
    assert not any("cannot reach" in (o.failure or "") for o in again.values())
    assert len(ResponseCache(tmp_path / "cache")) == 6
    for outcome in outcomes:
        if outcome not in lost:
            assert again[outcome.report_id] == outcome
