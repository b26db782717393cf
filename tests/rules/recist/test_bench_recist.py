"""The RECIST benchmark script still runs (on a few patients) and prints its figures."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).parents[3] / "bench" / "bench_recist.py"


def test_the_benchmark_runs_the_engine_and_the_tables_and_prints_rates() -> None:
    completed = subprocess.run(
        [sys.executable, str(SCRIPT), "--patients", "200", "--with-tables"],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    lines = completed.stdout.splitlines()
    assert re.fullmatch(r"200 patients, \d+ lesion observations \(seed 7\)", lines[0])
    assert re.match(r"engine: [\d.]+ s wall, [\d.]+ s CPU; [\d,]+ patients/s wall", lines[1])
    assert lines[2].startswith("engine pass peak allocation (tracemalloc): ")
    assert re.match(r"tables \(CSV read \+ engine \+ CSV/JSON write\): [\d.]+ s", lines[3])
