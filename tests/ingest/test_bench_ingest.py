"""The ingestion benchmark script still runs (on a small corpus)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).parents[2] / "bench" / "bench_ingest.py"


def test_the_benchmark_ingests_both_formats_and_prints_rates() -> None:
    completed = subprocess.run(
        [sys.executable, str(SCRIPT), "--reports", "300", "--repeat", "1"],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    lines = completed.stdout.splitlines()
    assert lines[0].startswith("generated 300 reports")
    for name, line in zip(("jsonl", "parquet"), lines[1:], strict=True):
        assert re.fullmatch(rf"{name} +300 reports ingested: [\d,]+ reports/s \(best of 1\)", line)
