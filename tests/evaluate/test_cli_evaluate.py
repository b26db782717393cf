"""`graphbuilder eval` from the command line, on the bundled examples and a synthetic truth."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from typer.testing import CliRunner

from graphbuilder.cli.evaluate import eval_command

from .reports import ct_gold, write_jsonl
from .truth_fixtures import TIMEPOINTS, write_truth

app = typer.Typer()


@app.callback()
def _root() -> None:
    """Keeps `eval` a sub-command, as on the real `graphbuilder` app."""


app.command("eval")(eval_command)
runner = CliRunner()
GOLD = Path(__file__).resolve().parents[2] / "examples" / "gold.jsonl"


def test_eval_prints_the_tables_and_writes_json_and_csv(tmp_path: Path) -> None:
    out, table = tmp_path / "eval.json", tmp_path / "fields.csv"
    result = runner.invoke(
        app, ["eval", str(GOLD), str(GOLD), "--json", str(out), "--by-field-csv", str(table)]
    )
    assert result.exit_code == 0, result.output
    assert "Extraction, per field" in result.output
    assert "Stated evolution (5 classes)" in result.output
    assert "long_axis_mm" in result.output
    assert json.loads(out.read_text(encoding="utf-8"))["sections"][-1]["f1"] == 1.0
    assert table.read_text(encoding="utf-8").startswith("section,field,kind,support,")


def test_eval_scores_recist_and_conflicts_against_a_truth(tmp_path: Path) -> None:
    gold = write_jsonl(tmp_path / "gold.jsonl", ct_gold())
    (tmp_path / "tp.csv").write_text(TIMEPOINTS, encoding="utf-8")
    conflicts = [{"rule": "laterality_flip", "patient_id": "P1", "report_ids": ["P1-R5"]}]
    (tmp_path / "conflicts.json").write_text(json.dumps(conflicts), encoding="utf-8")
    args = [
        "eval", str(gold), str(gold), "--truth", str(write_truth(tmp_path)),
        "--timepoints", str(tmp_path / "tp.csv"), "--conflicts", str(tmp_path / "conflicts.json"),
        "--json", str(tmp_path / "eval.json"),
    ]  # fmt: skip
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "RECIST agreement with the truth" in result.output
    assert "Conflict detection against injected contradictions" in result.output
    data = json.loads((tmp_path / "eval.json").read_text(encoding="utf-8"))
    assert data["recist"]["timepoints"]["agreement"] == 4 / 6
    assert data["conflicts"]["overall"]["recall"] == 1 / 3


def test_bad_input_is_one_line_naming_file_and_line(tmp_path: Path) -> None:
    gold = write_jsonl(tmp_path / "gold.jsonl", ct_gold())
    bad = tmp_path / "pred.jsonl"
    bad.write_text(
        '{"report_id": "R-CT", "radiology": {"modality": "scanner"}}\n', encoding="utf-8"
    )
    result = runner.invoke(app, ["eval", str(bad), str(gold)])
    assert result.exit_code == 2
    assert "pred.jsonl:1: report 'R-CT': not a ReportExtraction" in result.output


def test_longitudinal_inputs_need_the_truth(tmp_path: Path) -> None:
    gold = write_jsonl(tmp_path / "gold.jsonl", ct_gold())
    result = runner.invoke(app, ["eval", str(gold), str(gold), "--conflicts", str(gold)])
    assert result.exit_code == 2
    assert "--conflicts are scored against the synthetic truth" in result.output
