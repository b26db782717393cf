"""Synthetic corpus generation speed and memory (issue 3, item 5: 10,000 patients in < 1 minute).

    .venv/bin/python bench/bench_synth.py [--patients 10000] [--seed 7] [--workers 1]
                                          [--formats jsonl] [--noise-rate 0.02] [--out DIR]

Generates the corpus into a temporary folder (or --out), then prints patients/s, reports/s,
MB/s of output written, wall and CPU time, and peak resident memory (this process and, with
--workers > 1, the largest worker). CPU time is printed too because the machine may be shared.
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

from graphbuilder.synth import SynthConfig, generate, parse_formats


def _folder_bytes(folder: Path) -> int:
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file())


def run(patients: int, seed: int, workers: int, formats: str, noise_rate: float, out: Path) -> str:
    config = SynthConfig(
        patients=patients,
        seed=seed,
        noise_rate=noise_rate,
        formats=parse_formats(formats),
        workers=workers,
    )
    cpu_before = time.process_time()
    children_before = resource.getrusage(resource.RUSAGE_CHILDREN)
    wall_before = time.perf_counter()
    summary = generate(config, out)
    wall = time.perf_counter() - wall_before
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (time.process_time() - cpu_before) + (
        children.ru_utime + children.ru_stime - children_before.ru_utime - children_before.ru_stime
    )
    megabytes = _folder_bytes(out) / 1e6
    peak_self = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    peak_child = children.ru_maxrss / 1024
    lines = [
        f"synth {summary.patients:,} patients, {summary.reports:,} reports, "
        f"{summary.characters / max(summary.reports, 1):,.0f} characters/report, "
        f"formats {formats}, workers {workers}, noise {noise_rate}",
        f"wall {wall:.1f} s, cpu {cpu:.1f} s",
        f"{summary.patients / wall:,.0f} patients/s, {summary.reports / wall:,.0f} reports/s, "
        f"{megabytes / wall:,.1f} MB/s ({megabytes:,.1f} MB written)",
        f"cpu-bound rate: {summary.reports / cpu:,.0f} reports/s of CPU",
        f"peak RSS {peak_self:,.0f} MB (largest worker {peak_child:,.0f} MB)",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--patients", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--formats", default="jsonl")
    parser.add_argument("--noise-rate", type=float, default=0.02)
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args(argv)
    if args.out is not None:
        print(run(args.patients, args.seed, args.workers, args.formats, args.noise_rate, args.out))
        return 0
    with tempfile.TemporaryDirectory(prefix="bench-synth-") as folder:
        print(
            run(args.patients, args.seed, args.workers, args.formats, args.noise_rate, Path(folder))
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
