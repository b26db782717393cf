"""LLM extraction throughput with in-process vLLM, on a hospital's GPU (or a CPU for a smoke run).

    .venv/bin/python bench/bench_llm.py --model /models/Mistral-7B-Instruct [--reports 500]
        [--corpus examples/] [--tasks radiology_evolution,radiology_lesions] [--max-tokens N]
        [--engine-arg tensor_parallel_size=2 ...] [--prompt-format chat|completion]

Reads the corpus (any input `graphbuilder build` accepts; the bundled examples by default) and
cycles through it up to --reports reports, each copy made distinct so that the response cache
cannot serve it. Runs every task that applies to each report through the `vllm` backend with an
empty cache and prints: the device and model, model load time, reports/s, prompt and generated
tokens/s, the prefix-cache hit rate (the share of prompt tokens vLLM did not recompute; the shared
instruction is what should hit), and how many answers were valid, truncated or failed.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path
from typing import Any

from graphbuilder.core.vocabulary import ReportKind
from graphbuilder.extract.backend import ReportInput
from graphbuilder.extract.backends.llm.backend import LLMBackend
from graphbuilder.extract.backends.llm.settings import LLMSettings
from graphbuilder.extract.backends.llm.vllm_engine import VllmGenerator
from graphbuilder.ingest import IngestOptions, ingest

ROOT = Path(__file__).resolve().parents[1]


def corpus_reports(path: Path, count: int) -> list[ReportInput]:
    """`count` reports cycled from the corpus; copies get a distinct last line."""
    rows = list(ingest(path, IngestOptions()).corpus.iter_rows(named=True))
    reports = []
    for index in range(count):
        row = rows[index % len(rows)]
        copy = index // len(rows)
        text = row["text"] if copy == 0 else f"{row['text']}\n(copie {copy})"
        reports.append(
            ReportInput(
                row["patient_id"],
                f"{row['report_id']}#{copy}",
                row["date"],
                ReportKind(row["kind"]),
                text,
                row["sha256"],
            )
        )
    return reports


def engine_argument(pair: str) -> tuple[str, Any]:
    name, _, text = pair.partition("=")
    for convert in (int, float):
        try:
            return name, convert(text)
        except ValueError:
            pass
    return name, {"true": True, "false": False}.get(text.lower(), text)


def parse_arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", required=True, help="model directory (or Hugging Face id)")
    parser.add_argument("--corpus", type=Path, default=ROOT / "examples")
    parser.add_argument("--reports", type=int, default=200)
    parser.add_argument("--tasks", default=None, help="comma-separated (default: all)")
    parser.add_argument("--max-tokens", type=int, default=None)
    parser.add_argument("--prompt-format", choices=["chat", "completion"], default="chat")
    parser.add_argument("--batch-size", type=int, default=256)
    parser.add_argument("--engine-arg", action="append", default=[], type=engine_argument)
    return parser.parse_args()


def settings_from(arguments: argparse.Namespace, cache: Path) -> LLMSettings:
    return LLMSettings(
        model=arguments.model,
        cache_dir=cache,
        tasks=tuple(arguments.tasks.split(",")) if arguments.tasks else None,
        max_tokens=arguments.max_tokens,
        prompt_format=arguments.prompt_format,
        batch_size=arguments.batch_size,
        engine_args={"disable_log_stats": False, **dict(arguments.engine_arg)},
    )


def main() -> None:
    arguments = parse_arguments()
    reports = corpus_reports(arguments.corpus, arguments.reports)
    with tempfile.TemporaryDirectory(prefix="bench-llm-") as cache:
        settings = settings_from(arguments, Path(cache))
        generator = VllmGenerator(settings)
        try:
            lines = measure(settings, generator, reports)
        finally:
            generator.close()
    print("\n".join(lines))


def measure(
    settings: LLMSettings, generator: VllmGenerator, reports: list[ReportInput]
) -> list[str]:
    """Load the model (unless loaded), extract every report with an empty cache; the figures."""
    started = time.perf_counter()
    engine = generator.engine
    loaded = time.perf_counter() - started
    backend = LLMBackend(settings, generator)
    started = time.perf_counter()
    outcomes = list(backend.extract(reports))
    elapsed = time.perf_counter() - started
    failed = sum(1 for outcome in outcomes if not outcome.succeeded)
    try:
        metrics = {metric.name: metric for metric in engine.get_metrics()}
    except Exception:  # stats logging off: vLLM keeps no counters
        metrics = {}
    return figures(backend, len(reports), failed, metrics, loaded, elapsed)


def figures(
    backend: LLMBackend,
    reports: int,
    failed: int,
    metrics: dict[str, Any],
    loaded: float,
    elapsed: float,
) -> list[str]:
    info = backend.info().parameters
    counters = backend.summary()["counters"]
    prompt, generated = counters.get("prompt_tokens", 0), counters.get("completion_tokens", 0)
    cached = counters.get("cached_prompt_tokens", 0)
    hits, queries = (_metric(metrics, f"vllm:prefix_cache_{n}") for n in ("hits", "queries"))
    asked = reports - counters.get("reports_without_task", 0)
    requests = counters.get("model_requests", 0)
    problems = ", ".join(
        f"{counters.get(f'failed_{kind}', 0)} {kind.replace('_', ' ')}"
        for kind in ("truncated", "invalid_json", "schema_violation")
    )
    tasks = ", ".join(task.name for task in backend.tasks)
    return [
        f"model {backend.settings.model} on {info['device']} (vLLM {info['versions']['vllm']})",
        f"{reports} reports ({asked} with a task), {counters.get('requests', 0)} requests "
        f"({tasks}); model loaded in {loaded:.1f} s",
        f"extraction: {elapsed:.1f} s wall; {reports / elapsed:.2f} reports/s, "
        f"{requests / elapsed:.2f} model requests/s",
        f"tokens: {prompt / elapsed:,.0f} prompt tokens/s, {generated / elapsed:,.0f} generated "
        f"tokens/s ({prompt:,} prompt, {generated:,} generated)",
        f"prefix cache: {cached / prompt if prompt else 0:.1%} of prompt tokens served "
        f"(vLLM counter since the engine started: {hits / queries if queries else 0:.1%})",
        f"answers: {counters.get('answers_valid', 0)} valid, {problems}, "
        f"{counters.get('unavailable', 0)} unavailable, {counters.get('retries', 0)} retries; "
        f"{failed} reports failed; {counters.get('values_ungrounded', 0)} ungrounded values",
    ]


def _metric(metrics: dict[str, Any], name: str) -> float:
    metric = metrics.get(name)
    return float(getattr(metric, "value", 0) or 0) if metric is not None else 0.0


if __name__ == "__main__":  # vLLM starts its workers with spawn
    main()
