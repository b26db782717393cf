"""Benchmark of incremental builds: a full build, a rebuild with nothing new, and rebuilds after
adding 1 % new reports, on one synthetic corpus, in one run.

    .venv/bin/python bench/bench_incremental.py [--patients 10000] [--seed 7] [--keep DIR]
                                                [--backend precomputed|rules]

Targets (issue 9): a no-change rebuild under 5 % of the full build, a 1 % addition under 10 %.
The 1 % of new reports comes two ways, each measured: (a) one new report for each of 1 % x
reports patients (their latest exam or note, held back from the first build), so many patients
change a little; (b) new patients, whole, until they make 1 % of the reports. By default the
extractions are the generator's gold, replayed by the precomputed backend: the rules backend
reads about 200 reports a second here, so 150,000 reports would take some 13 minutes of a full
build, which would also flatter the ratios; replaying measures the pipeline (keys, cache,
assembly, rules, load) itself. `--backend rules` measures with the rules extracting.
"""

from __future__ import annotations

import os

os.environ.setdefault("POLARS_MAX_THREADS", "1")  # one core, before polars is imported

import argparse
import json
import random
import resource
import shutil
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from graphbuilder.core.config import Config, ExtractConfig
from graphbuilder.pipeline.build import BuildRequest, BuildSummary, build
from graphbuilder.pipeline.plan import plan_build
from graphbuilder.synth import SynthConfig, generate

T = TypeVar("T")
SHARE = 0.01


def timed(label: str, action: Callable[[], T]) -> tuple[T, float]:
    started = time.perf_counter()
    result = action()
    seconds = time.perf_counter() - started
    print(f"  {label:<44} {seconds:8.2f} s", flush=True)
    return result, seconds


def split_corpus(corpus: Path, seed: int) -> dict[str, list[bytes]]:
    """The corpus lines: `base` (first build), `follow_ups` and `new_patients` (1 % each)."""
    lines = corpus.read_bytes().splitlines(keepends=True)
    by_patient: defaultdict[str, list[int]] = defaultdict(list)
    dates: list[str] = []
    for index, line in enumerate(lines):
        record = json.loads(line)
        by_patient[record["patient_id"]].append(index)
        dates.append(record["date"])
    wanted = max(1, round(SHARE * len(lines)))
    rng = random.Random(seed)
    patients = sorted(by_patient)
    rng.shuffle(patients)
    new_patients: list[int] = []
    while len(new_patients) < wanted:
        new_patients += by_patient[patients.pop()]
    follow_ups = [max(by_patient[pid], key=lambda i: (dates[i], i)) for pid in patients[:wanted]]
    held = set(new_patients) | set(follow_ups)
    return {
        "base": [line for index, line in enumerate(lines) if index not in held],
        "follow_ups": [lines[index] for index in sorted(follow_ups)],
        "new_patients": [lines[index] for index in sorted(new_patients)],
    }


def write(path: Path, *parts: list[bytes]) -> Path:
    with path.open("wb") as handle:
        for part in parts:
            handle.writelines(part)
    return path


def run(work: Path, patients: int, seed: int, backend: str) -> dict[str, float]:
    corpus_dir, out = work / "corpus", work / "graph"
    print(f"graphbuilder incremental build benchmark — {patients} synthetic patients, {backend}")
    generate(SynthConfig(patients=patients, seed=seed, contradiction_rate=0.0), corpus_dir)
    parts = split_corpus(corpus_dir / "corpus.jsonl", seed)
    reports = corpus_dir / "reports.jsonl"  # one input file, as a hospital export grows
    gold = corpus_dir / "gold.jsonl"
    print(
        f"  corpus: {len(parts['base'])} reports in the first build; then +"
        f"{len(parts['follow_ups'])} follow-up reports, then +{len(parts['new_patients'])} "
        "reports of new patients"
    )

    extractions = gold if backend == "precomputed" else None
    config = Config(extract=ExtractConfig(backend="rules")) if backend == "rules" else Config()
    request = BuildRequest(input=reports, out=out, extractions=extractions, config=config)
    write(reports, parts["base"])
    full, full_s = timed("full build", lambda: build(request))
    same, same_s = timed("rebuild, nothing new", lambda: build(request))
    plan, plan_s = timed("plan, nothing new", lambda: plan_build(request))
    write(reports, parts["base"], parts["follow_ups"])  # appended: earlier lines keep their place
    a, a_s = timed("rebuild, +1 % reports (follow-ups)", lambda: build(request))
    write(reports, parts["base"], parts["follow_ups"], parts["new_patients"])
    b, b_s = timed("rebuild, +1 % reports (new patients)", lambda: build(request))
    report_figures(full, [("nothing new", same, same_s), ("+1 % follow-ups", a, a_s),
                          ("+1 % new patients", b, b_s)], full_s)  # fmt: skip
    assert plan.patients_unchanged == plan.patients
    return {"full_s": full_s, "same_s": same_s, "plan_s": plan_s, "a_s": a_s, "b_s": b_s}


def report_figures(
    full: BuildSummary, runs: list[tuple[str, BuildSummary, float]], full_s: float
) -> None:
    print(
        f"\n  full build: {full.reports} reports, {full.patients} patients, "
        f"{full.nodes_written} nodes, {full_s:.1f} s"
    )
    targets = {"nothing new": 5.0}
    for label, summary, seconds in runs:
        share = 100 * seconds / full_s
        target = targets.get(label, 10.0)
        verdict = "meets" if share < target else "MISSES"
        print(
            f"  {label:<20} {seconds:7.1f} s = {share:5.1f} % of full ({verdict} < {target:.0f} %)"
            f"; patients computed {summary.patients_computed}, written {summary.patients_written}"
        )
    print(f"  peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--patients", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--keep", type=Path, help="keep the corpus and graph in this folder")
    parser.add_argument("--backend", choices=("precomputed", "rules"), default="precomputed")
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="bench-incremental-"))
    try:
        run(work, args.patients, args.seed, args.backend)
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
