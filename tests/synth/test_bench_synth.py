"""The generation benchmark still runs (on a small corpus) and prints its figures."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).parents[2] / "bench" / "bench_synth.py"


def test_the_benchmark_script_prints_its_figures(tmp_path: Path) -> None:
    completed = subprocess.run(
        [sys.executable, str(SCRIPT), "--patients", "40", "--out", str(tmp_path)],
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    lines = completed.stdout.splitlines()
    assert lines[0].startswith("synth 40 patients, ")
    assert "patients/s" in lines[2] and "reports/s" in lines[2] and "MB/s" in lines[2]
    assert lines[4].startswith("peak RSS ")
