"""`graphbuilder plan`: what a build would run and why, like `make -n`; build prints it too."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from graphbuilder.cli.main import app

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
GOLD = ["--extractions", str(EXAMPLES / "gold.jsonl")]
runner = CliRunner()


def test_plan_before_and_after_a_build(tmp_path: Path) -> None:
    out = tmp_path / "out"
    before = runner.invoke(app, ["plan", str(EXAMPLES), "--out", str(out), *GOLD])
    assert before.exit_code == 0, before.output
    assert before.stdout.startswith("48 reports, 5 patients: 5 to compute, 0 unchanged")
    assert "radiology_lesions    1        report     48" in before.stdout
    assert not out.exists()  # a plan writes nothing
    built = runner.invoke(app, ["build", str(EXAMPLES), "--out", str(out), *GOLD])
    assert built.exit_code == 0, built.output
    assert "48 reports, 5 patients: 5 computed, 0 unchanged" in built.stdout
    assert "curation             1        patient     5" in built.stdout
    after = runner.invoke(app, ["plan", str(EXAMPLES), "--out", str(out), *GOLD, "-f", "json"])
    plan = json.loads(after.stdout)
    assert plan["patients_unchanged"] == 5 and plan["changes"] == []
    assert all(process["ran"] == 0 for process in plan["processes"])


def test_plan_names_a_new_plugin_process(tmp_path: Path) -> None:
    out = tmp_path / "out"
    runner.invoke(app, ["build", str(EXAMPLES), "--out", str(out), *GOLD])
    plugins = EXAMPLES / "plugins" / "graphbuilder.plugins.toml"
    result = runner.invoke(
        app, ["plan", str(EXAMPLES), "--out", str(out), *GOLD, "--plugins", str(plugins)]
    )
    assert result.exit_code == 0, result.output
    assert "ecog_status: new process" in result.stdout
    assert "ecog_status          1        report     15       0       33" in result.stdout
    assert "5 to compute" in result.stdout
