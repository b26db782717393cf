"""The `graphbuilder` command as a user runs it: build, query, schema, errors."""

import json
from pathlib import Path

import polars as pl
import pytest
from typer.testing import CliRunner

import graphbuilder
from graphbuilder.cli.main import app
from graphbuilder.core.graph_schema import render_markdown

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
REPORTS_PER_PATIENT = "MATCH (p:Patient)-[:HAS_REPORT]->(r:Report) RETURN p.id AS patient, "
REPORTS_PER_PATIENT += "count(r) AS reports ORDER BY patient"

runner = CliRunner()


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("out")
    result = runner.invoke(
        app,
        ["build", str(EXAMPLES), "--out", str(out), "--extractions", str(EXAMPLES / "gold.jsonl")],
    )
    assert result.exit_code == 0, result.output
    return out


def _manifest_counts() -> dict[str, int]:
    manifest = pl.read_csv(EXAMPLES / "manifest.csv")
    counts = manifest.group_by("patient_id").len()
    return dict(zip(counts["patient_id"], counts["len"], strict=True))


def test_build_writes_the_graph_and_a_summary(built: Path) -> None:
    summary = json.loads((built / "build.json").read_text())
    assert summary["reports"] == sum(_manifest_counts().values())
    assert summary["backend"] == "precomputed" and summary["extraction_failures"] == 0
    assert (built / "graph.lbug").exists() and (built / "extractions.jsonl").exists()


def test_query_counts_reports_per_patient_as_the_manifest_does(built: Path) -> None:
    result = runner.invoke(app, ["query", str(built), REPORTS_PER_PATIENT, "--format", "csv"])
    assert result.exit_code == 0, result.output
    rows = pl.read_csv(result.stdout.encode())
    assert dict(zip(rows["patient"], rows["reports"], strict=True)) == _manifest_counts()


def test_query_parameters_and_output_formats(built: Path, tmp_path: Path) -> None:
    cypher = (
        "MATCH (l:Lesion)-[:HAS_MEASUREMENT]->(m:Measurement) WHERE l.patient_id = $p "
        "RETURN l.organ AS organ, m.date AS date, m.long_axis_mm AS mm ORDER BY date, mm"
    )
    as_json = runner.invoke(app, ["query", str(built), cypher, "--param", "p=P001", "-f", "json"])
    assert as_json.exit_code == 0, as_json.output
    rows = json.loads(as_json.stdout)
    assert rows and "liver" in {row["organ"] for row in rows}
    target = tmp_path / "rows.parquet"
    as_parquet = runner.invoke(
        app, ["query", str(built), cypher, "-p", "p=P001", "-f", "parquet", "--output", str(target)]
    )
    assert as_parquet.exit_code == 0, as_parquet.output
    assert pl.read_parquet(target).height == len(rows)
    as_table = runner.invoke(app, ["query", str(built), cypher, "-p", "p=P001"])
    assert f"{len(rows)} row(s)" in as_table.stdout


def test_rebuilding_the_same_input_writes_nothing(built: Path) -> None:
    result = runner.invoke(
        app,
        [
            "build",
            str(EXAMPLES),
            "--out",
            str(built),
            "--extractions",
            str(EXAMPLES / "gold.jsonl"),
        ],
    )
    assert result.exit_code == 0, result.output
    summary = json.loads((built / "build.json").read_text())
    assert summary["patients_written"] == 0 and summary["nodes_written"] == 0


def test_errors_are_one_line_and_exit_non_zero(tmp_path: Path) -> None:
    missing = runner.invoke(app, ["build", str(tmp_path / "nothing"), "--out", str(tmp_path)])
    assert missing.exit_code == 2
    assert missing.output.count("\n") == 1 and missing.output.startswith("error:")
    no_graph = runner.invoke(app, ["query", str(tmp_path / "empty"), "RETURN 1"])
    assert no_graph.exit_code == 1
    assert "no graph database here" in no_graph.output


def test_debug_shows_the_traceback(tmp_path: Path) -> None:
    result = runner.invoke(app, ["--debug", "query", str(tmp_path / "empty"), "RETURN 1"])
    assert result.exit_code == 1
    assert isinstance(result.exception, graphbuilder.core.errors.StoreError)


def test_bad_parameters_are_refused(built: Path) -> None:
    result = runner.invoke(app, ["query", str(built), "RETURN 1", "--param", "oops"])
    assert result.exit_code == 2 and "is not NAME=VALUE" in result.output


def test_schema_prints_the_checked_in_markdown() -> None:
    result = runner.invoke(app, ["schema"])
    assert result.exit_code == 0 and result.stdout == render_markdown()


def test_version() -> None:
    result = runner.invoke(app, ["--version"])
    assert result.stdout.strip() == f"graphbuilder {graphbuilder.__version__}"


def _gold_with_bad_lines(tmp_path: Path) -> Path:
    """The examples' gold with P001_R01's line given twice (the copy changed) and P002_R01's
    line broken: what another tool's export may hold."""
    lines = (EXAMPLES / "gold.jsonl").read_text(encoding="utf-8").splitlines()
    by_report = {json.loads(line)["report_id"]: index for index, line in enumerate(lines)}
    broken = json.loads(lines[by_report["P002_R01"]])
    broken["radiology"] = {"lesions": [{"organ": 3}]}
    lines[by_report["P002_R01"]] = json.dumps(broken)
    lines.append(lines[by_report["P001_R01"]].replace('"P001_R01"', '"P001_R01" ', 1))
    path = tmp_path / "gold.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_bad_extraction_lines_stop_the_build_unless_skipped(tmp_path: Path) -> None:
    gold = _gold_with_bad_lines(tmp_path)
    command = ["build", str(EXAMPLES), "--extractions", str(gold)]
    stopped = runner.invoke(app, [*command, "--out", str(tmp_path / "stopped")])
    assert stopped.exit_code == 2
    assert "gold.jsonl:49: report 'P001_R01': a second extraction" in stopped.output

    skipped = runner.invoke(app, [*command, "--out", str(tmp_path / "out"), "--on-error", "skip"])
    assert skipped.exit_code == 0, skipped.output
    summary = json.loads((tmp_path / "out" / "build.json").read_text())
    (line,) = summary["extraction_details"]["lines_skipped"]
    assert "gold.jsonl:49: report 'P001_R01': a second extraction" in line
    assert "(the first is on line 1)" in line
    (failure,) = summary["failures"]
    assert failure.startswith("report 'P002_R01':") and "not a valid ReportExtraction" in failure
    assert summary["patients"] == 5 and summary["extraction_failures"] == 1
