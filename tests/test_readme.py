"""The README is the front door: its commands are run here exactly as written."""

import os
import re
import subprocess
import sys
from pathlib import Path

import polars as pl
import pytest

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
BIN = Path(sys.executable).parent


def console_commands(prefix: str) -> list[str]:
    """Commands starting with `prefix` in the README's console blocks (comments stripped)."""
    blocks = re.findall(r"```console\n(.*?)```", README, flags=re.DOTALL)
    lines = [line for block in blocks for line in block.splitlines()]
    return [re.sub(r"\s+#[^$'\"]*$", "", line).strip() for line in lines if line.startswith(prefix)]


def run(command: str, out: Path) -> subprocess.CompletedProcess[str]:
    """Run a README command with its `out/...` folders moved under `out`."""
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}"}
    command = re.sub(r"(?<![\w/])out/", f"{out}/", command)
    return subprocess.run(
        command,
        shell=True,
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def manifest_counts() -> dict[str, int]:
    counts = pl.read_csv(ROOT / "examples" / "manifest.csv").group_by("patient_id").len()
    return dict(zip(counts["patient_id"], counts["len"], strict=True))


def test_the_readme_names_the_two_front_door_commands() -> None:
    assert console_commands("make ") == ["make demo", "make test"]
    assert "bash .ci/run" not in README or "make test" in (ROOT / ".ci" / "run").read_text()
    assert "make test" in (ROOT / ".ci" / "run").read_text()


@pytest.mark.slow
def test_make_demo_builds_the_examples_and_prints_reports_per_patient(tmp_path: Path) -> None:
    result = subprocess.run(
        ["make", "demo", f"OUT={tmp_path / 'demo'}"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    for patient, reports in manifest_counts().items():
        assert re.search(rf"│ {patient}\s+│ {reports}\s+│", result.stdout), patient
    assert (tmp_path / "demo" / "graph.lbug").exists()


@pytest.mark.slow
def test_every_usage_command_in_the_readme_runs(tmp_path: Path) -> None:
    commands = console_commands("graphbuilder ")
    assert len(commands) >= 4
    for command in commands:
        result = run(command, tmp_path)
        assert result.returncode == 0, f"{command}\n{result.stdout[-1500:]}{result.stderr[-1500:]}"
