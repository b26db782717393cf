"""The `vllm` backend with real vLLM (the CPU build) on a tiny random model built by the suite.

One engine serves the whole module. A random model writes schema-valid JSON (structured outputs
force it) whose quotes are mostly not in the report: those values are dropped and counted, which
is grounding at work. What is shown: schema-valid answers, identical results from identical runs,
replay from the cache without a model call, `--frozen` (no model loaded; a miss fails), truncation
with a tiny token budget, the prefix cache serving the shared instruction, and the benchmark
script's figures (on this CPU, for the tiny model).
"""

from __future__ import annotations

import importlib.util
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("vllm", reason="vLLM is not installed: make install-llm")

from graphbuilder.core.errors import ExtractionError
from graphbuilder.extract.backend import ExtractionOutcome, ReportInput
from graphbuilder.extract.backends.llm.backend import LLMBackend
from graphbuilder.extract.backends.llm.cache import ResponseCache
from graphbuilder.extract.backends.llm.generation import Completion
from graphbuilder.extract.backends.llm.responses import AnswerProblem, parse_answer
from graphbuilder.extract.backends.llm.settings import LLMSettings
from graphbuilder.extract.backends.llm.tasks import TASKS_BY_NAME
from graphbuilder.extract.backends.llm.vllm_engine import VllmGenerator
from graphbuilder.extract.backends.precomputed import evidence_mismatch
from tests.extract.backends.llm.corpus import one_report_per_kind, radiology_reports
from tests.extract.backends.llm.fakes import report

pytestmark = [pytest.mark.llm, pytest.mark.slow]

# Eager mode loads in ~25 s instead of ~70 s; stats logging keeps vLLM's prefix-cache counters.
ENGINE_ARGS = {"max_model_len": 4096, "enforce_eager": True, "disable_log_stats": False}
ROOT = Path(__file__).resolve().parents[4]
EVOLUTION = ("radiology_evolution",)


def llm_settings(model: Path, cache: Path, **overrides: Any) -> LLMSettings:
    values: dict[str, Any] = {"model": str(model), "cache_dir": cache, "engine_args": ENGINE_ARGS}
    return LLMSettings(**{**values, **overrides})


@pytest.fixture(scope="module")
def generator(
    tiny_model_dir: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[VllmGenerator]:
    """The one in-process engine of this module (loads in ~25 s on a CPU)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("VLLM_CPU_KVCACHE_SPACE", "1")
        engine = VllmGenerator(llm_settings(tiny_model_dir, tmp_path_factory.mktemp("unused")))
        assert engine.engine is not None
        yield engine
    engine.close()


def run(backend: LLMBackend, reports: list[ReportInput]) -> dict[str, ExtractionOutcome]:
    return {outcome.report_id: outcome for outcome in backend.extract(reports)}


def cached_answers(cache: Path) -> dict[str, tuple[str | None, str | None]]:
    """Every cached answer: key → (text, failure)."""
    store = ResponseCache(cache, read_only=True)
    assert store._connection is not None
    keys = [key for (key,) in store._connection.execute("SELECT key FROM answers")]
    return {key: (a.text, a.failure) for key, a in store.get_many(keys).items()}


@pytest.fixture(scope="module")
def evolution_run(
    generator: VllmGenerator, tiny_model_dir: Path, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, LLMBackend, dict[str, ExtractionOutcome]]:
    cache = tmp_path_factory.mktemp("evolution") / "cache"
    backend = LLMBackend(llm_settings(tiny_model_dir, cache, tasks=EVOLUTION), generator)
    return cache, backend, run(backend, radiology_reports())


def test_every_answer_of_every_task_is_schema_valid_json(
    generator: VllmGenerator, tiny_model_dir: Path, tmp_path: Path
) -> None:
    settings = llm_settings(tiny_model_dir, tmp_path / "cache", max_tokens=200, max_retries=0)
    backend = LLMBackend(settings, generator)
    reports = one_report_per_kind()
    outcomes = run(backend, reports)

    assert set(outcomes) == {r.report_id for r in reports}
    store = ResponseCache(tmp_path / "cache", read_only=True)
    assert store._connection is not None
    rows = store._connection.execute("SELECT components, answer FROM answers").fetchall()
    assert len(rows) == 4  # two radiology tasks, pathology, treatments
    valid = 0
    for components, raw in rows:
        task = TASKS_BY_NAME[json.loads(components)["task"]]
        stored = json.loads(raw)
        parsed = parse_answer(Completion(stored["text"], stored["finish_reason"]), task.answer)
        if stored["failure"] is None:
            assert isinstance(parsed, task.answer)  # schema-valid
            valid += 1
        else:  # a random model may ramble to the budget; the grammar never lets it break form
            assert isinstance(parsed, AnswerProblem) and parsed.kind == "truncated"
    assert valid >= 1
    texts = {r.report_id: r.text for r in reports}
    for outcome in outcomes.values():
        if outcome.extraction is not None:
            assert evidence_mismatch(outcome.extraction, texts[outcome.report_id]) is None
    assert backend.summary()["counters"]["requests"] == 4


def test_the_random_model_answers_in_form_and_its_invented_quotes_are_dropped(
    evolution_run: tuple[Path, LLMBackend, dict[str, ExtractionOutcome]],
) -> None:
    _, backend, outcomes = evolution_run
    counters = backend.summary()["counters"]

    assert counters["requests"] == counters["model_requests"] - counters.get("retries", 0) == 6
    assert counters["answers_valid"] >= 1
    succeeded = [o for o in outcomes.values() if o.succeeded]
    assert succeeded
    dropped = counters.get("values_ungrounded", 0) + counters.get("objects_dropped", 0)
    warnings = sum(len(o.warnings) for o in outcomes.values())
    assert warnings >= dropped  # every dropped value is reported
    reports = {r.report_id: r.text for r in radiology_reports()}
    for outcome in succeeded:
        assert outcome.extraction is not None
        assert evidence_mismatch(outcome.extraction, reports[outcome.report_id]) is None


def test_two_identical_runs_give_identical_results(
    evolution_run: tuple[Path, LLMBackend, dict[str, ExtractionOutcome]],
    generator: VllmGenerator,
    tiny_model_dir: Path,
    tmp_path: Path,
) -> None:
    first_cache, _, first = evolution_run
    backend = LLMBackend(
        llm_settings(tiny_model_dir, tmp_path / "cache", tasks=EVOLUTION), generator
    )
    second = run(backend, radiology_reports())

    assert second == first
    assert cached_answers(tmp_path / "cache") == cached_answers(first_cache)
    assert backend.summary()["counters"].get("cache_hits", 0) == 0


def test_a_rebuild_replays_the_cache_without_a_model_call(
    evolution_run: tuple[Path, LLMBackend, dict[str, ExtractionOutcome]],
    generator: VllmGenerator,
    tiny_model_dir: Path,
) -> None:
    cache, _, first = evolution_run
    replay = LLMBackend(llm_settings(tiny_model_dir, cache, tasks=EVOLUTION), generator)

    assert run(replay, radiology_reports()) == first
    counters = replay.summary()["counters"]
    assert counters["cache_hits"] == counters["requests"] == 6
    assert counters.get("model_requests", 0) == 0


def test_frozen_replays_without_loading_a_model_and_fails_on_a_miss(
    evolution_run: tuple[Path, LLMBackend, dict[str, ExtractionOutcome]],
    tiny_model_dir: Path,
    tmp_path: Path,
) -> None:
    cache, _, first = evolution_run
    settings = llm_settings(tiny_model_dir, cache, tasks=EVOLUTION, frozen=True)
    unloaded = VllmGenerator(settings)
    assert run(LLMBackend(settings, unloaded), radiology_reports()) == first

    empty = llm_settings(tiny_model_dir, tmp_path / "empty", tasks=EVOLUTION, frozen=True)
    with pytest.raises(ExtractionError, match=r"--frozen: 6 LLM answer\(s\) .* CT1 \(radiology_ev"):
        run(LLMBackend(empty, unloaded), radiology_reports())
    assert unloaded._engine is None  # never loaded: a frozen run cannot call a model


def test_a_tiny_token_budget_truncates_and_is_retried_then_recorded(
    generator: VllmGenerator, tiny_model_dir: Path, tmp_path: Path
) -> None:
    settings = llm_settings(
        tiny_model_dir, tmp_path / "cache", tasks=EVOLUTION, max_tokens=4, max_retries=1
    )
    backend = LLMBackend(settings, generator)
    outcomes = run(backend, radiology_reports()[:2])

    for outcome in outcomes.values():
        assert outcome.extraction is None
        assert outcome.failure == (
            "radiology_evolution: truncated: the answer was cut at 8 tokens "
            "(max_tokens or the model's context length) (after 2 attempts)"
        )
    store = ResponseCache(tmp_path / "cache", read_only=True)
    assert store._connection is not None
    [(raw,), _] = store._connection.execute("SELECT answer FROM answers").fetchall()
    assert [a["max_tokens"] for a in json.loads(raw)["attempts"]] == [4, 8]
    assert backend.summary()["counters"]["failed_truncated"] == 2


def test_a_report_too_long_for_the_context_fails_without_stopping_the_batch(
    generator: VllmGenerator, tiny_model_dir: Path, tmp_path: Path
) -> None:
    long_text = "Scanner de contrôle. " + "Lésion hépatique stable du segment VI. " * 600
    reports = [*radiology_reports()[:1], report("LONG", long_text)]
    backend = LLMBackend(
        llm_settings(tiny_model_dir, tmp_path / "cache", tasks=EVOLUTION), generator
    )
    outcomes = run(backend, reports)

    failure = outcomes["LONG"].failure
    assert failure is not None
    assert re.fullmatch(
        r"radiology_evolution: the prompt has \d+ tokens; the model's context is 4096 "
        r"\(max_model_len\)",
        failure,
    )
    assert outcomes["CT1"].failure is None or "truncated" in outcomes["CT1"].failure
    assert len(ResponseCache(tmp_path / "cache")) == 1  # the refusal is not an answer


def test_the_shared_instruction_is_served_from_the_prefix_cache(
    evolution_run: tuple[Path, LLMBackend, dict[str, ExtractionOutcome]],
) -> None:
    _, backend, _ = evolution_run
    counters = backend.summary()["counters"]
    instruction_share = counters["cached_prompt_tokens"] / counters["prompt_tokens"]
    assert 0.5 < instruction_share < 1


def test_the_run_records_vllm_and_the_device(
    evolution_run: tuple[Path, LLMBackend, dict[str, ExtractionOutcome]],
) -> None:
    _, backend, _ = evolution_run
    parameters = backend.info().parameters

    assert parameters["versions"]["vllm"] == "0.32.0"
    assert parameters["device"] == "cpu" and parameters["batch_invariant"] is False
    assert parameters["structured_outputs"]["backend"] == "xgrammar"
    assert parameters["vllm_env"]["VLLM_CPU_KVCACHE_SPACE"] == "1"
    assert backend.info().model_revision.startswith("local-")


def test_the_benchmark_reports_throughput_tokens_and_prefix_cache_hits(
    generator: VllmGenerator, tiny_model_dir: Path, tmp_path: Path
) -> None:
    spec = importlib.util.spec_from_file_location("bench_llm", ROOT / "bench" / "bench_llm.py")
    assert spec is not None and spec.loader is not None
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    reports = bench.corpus_reports(ROOT / "examples", 8)
    settings = llm_settings(tiny_model_dir, tmp_path / "cache", tasks=EVOLUTION, max_tokens=64)

    lines = bench.measure(settings, generator, reports)

    assert re.fullmatch(r"model .*tiny-llama-\d+ on cpu \(vLLM 0\.32\.0\)", lines[0])
    assert re.match(r"8 reports \(\d with a task\), \d+ requests \(radiology_evolution\)", lines[1])
    assert re.fullmatch(
        r"extraction: [\d.]+ s wall; [\d.]+ reports/s, [\d.]+ model requests/s", lines[2]
    )
    assert re.match(r"tokens: [\d,]+ prompt tokens/s, [\d,]+ generated tokens/s", lines[3])
    hit_rate = re.match(r"prefix cache: ([\d.]+)% of prompt tokens served \(vLLM counter", lines[4])
    assert hit_rate is not None and float(hit_rate.group(1)) > 0
    assert lines[5].startswith("answers: ")
