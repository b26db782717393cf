"""The longitudinal benchmark still runs end to end (on a small synthetic corpus)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).parents[2] / "bench" / "bench_longitudinal.py"


def test_the_benchmark_derives_patients_and_reports_rates_memory_and_detection() -> None:
    completed = subprocess.run(
        [sys.executable, str(SCRIPT), "--patients", "40", "--contradiction-rate", "0.5"],
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    out = completed.stdout
    assert re.search(r"generated 40 patients, [\d,]+ reports", out)
    assert re.search(r"40 patients in [\d.]+ s \([\d.]+ s CPU\): [\d,]+ patients/s", out)
    assert re.search(r"peak memory of the pass \(graphs kept\): [\d,]+ MiB traced", out)
    assert re.search(r"derived: [\d,]+ treatment lines, [\d,]+ RECIST timepoints", out)
    found = re.findall(r"^  (\w+) +(\d+) / +(\d+)", out, flags=re.MULTILINE)
    assert found and all(int(hits) <= int(total) for _, hits, total in found)
    detected = {kind: int(hits) for kind, hits, _ in found}
    assert detected.get("duplicate_report_id", 0) > 0  # injected at rate 0.5 into 40 patients
