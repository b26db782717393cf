"""`graphbuilder conflicts` as a data steward uses it, on the bundled examples."""

import json
import shutil
from pathlib import Path

import polars as pl
import pytest
from typer.testing import CliRunner

from graphbuilder.cli.main import app
from graphbuilder.curate import read_log

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
runner = CliRunner()


def _build(out: Path, extractions: Path = EXAMPLES / "gold.jsonl") -> dict[str, object]:
    result = runner.invoke(
        app, ["build", str(EXAMPLES), "--out", str(out), "--extractions", str(extractions)]
    )
    assert result.exit_code == 0, result.output
    summary: dict[str, object] = json.loads((out / "build.json").read_text())
    return summary


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("conflicts") / "graph"
    _build(out)
    return out


@pytest.fixture
def out(built: Path, tmp_path: Path) -> Path:
    """A private copy of the build, whose log (beside it) starts empty."""
    copy = tmp_path / "graph"
    shutil.copytree(built, copy)
    return copy


def _invoke(*args: str) -> str:
    result = runner.invoke(app, ["conflicts", *args])
    assert result.exit_code == 0, result.output
    return result.stdout


def _rows(out: Path, *options: str) -> pl.DataFrame:
    return pl.read_csv(_invoke("list", str(out), "--format", "csv", *options).encode())


def _conflict(out: Path, patient: str, rule: str) -> str:
    rows = _rows(out, "--patient", patient, "--rule", rule, "--status", "all")
    (conflict_id,) = rows["id"].to_list()
    return str(conflict_id)


def test_list_shows_the_documented_inconsistencies_of_the_examples(built: Path) -> None:
    rows = _rows(built)
    found = sorted(zip(rows["patient_id"], rows["rule"], rows["severity"], strict=True))
    assert found == [
        ("P001", "ongoing-after-end", "warning"),  # bevacizumab, said ongoing on 2024-06-18
        ("P001", "ongoing-after-end", "warning"),  # FOLFIRI
        ("P001", "stated-vs-computed", "warning"),  # R06 "SD" against a computed PR
        ("P003", "stated-vs-computed", "warning"),  # R07 undetermined against a computed PD
        ("P004", "stated-vs-computed", "warning"),  # R08 "stable" residual nodes, RECIST PR
        ("P005", "stated-vs-computed", "error"),  # R05 "response" on -21 %: SD
    ]
    assert set(rows["status"]) == {"open"}
    table = _invoke("list", str(built), "--patient", "P005")
    assert "states Response; RECIST 1.1 computes SD" in table and "1 conflict(s)" in table


def test_show_prints_both_sides_with_their_sentences_and_reports(built: Path) -> None:
    shown = _invoke("show", str(built), _conflict(built, "P005", "stated-vs-computed")[:14])
    assert "stated-vs-computed (error), open — patient P005" in shown
    assert "[stated] StatedAssessment" in shown and "[computed] RecistTimepoint" in shown
    assert "report P005_R05 (radiology, 2024-05-14, " in shown and "manifest.csv:44)" in shown
    assert "stated_evolution: «réponse morphologique partielle" in shown
    assert "SoD 22 mm: -21.4 % vs baseline 28 mm" in shown  # the computed side's explanation
    assert shown.count("[target] Measurement") == 1  # listed once, with its sentence
    assert "«la lésion céphalique mesure 18x22mm (mesurée antérieurement à 28 mm»" in shown


def test_a_decision_is_logged_beside_the_output_and_applied_by_every_later_build(
    out: Path,
) -> None:
    conflict = _conflict(out, "P001", "stated-vs-computed")
    _invoke(
        "resolve", str(out), conflict, "--decision", "dismiss", "--author", "dr.steward",
        "--reason", "the radiologist compared with the previous exam",
    )  # fmt: skip
    log = out.parent / "graph.curation.jsonl"
    (entry,) = read_log(log)
    assert (entry.author, entry.decision.value, entry.conflict_id) == (
        "dr.steward",
        "dismiss",
        conflict,
    )
    assert "[dismiss (next build)]" in _invoke("list", str(out), "--patient", "P001")
    assert _build(out)["conflicts_resolved"] == 1
    summary = _build(out)  # and again: a rebuild keeps the resolution
    assert (summary["conflicts_resolved"], summary["patients_written"]) == (1, 0)
    resolved = _rows(out, "--status", "resolved")
    assert resolved["id"].to_list() == [conflict]
    assert "decision " in _invoke("show", str(out), conflict)
    assert "dismiss (applied) — the radiologist compared" in _invoke("show", str(out), conflict)


def test_a_correction_keeps_the_extracted_value_and_marks_the_fact(out: Path) -> None:
    conflict = _conflict(out, "P005", "stated-vs-computed")
    _invoke(
        "resolve", str(out), conflict, "--decision", "correct", "--fact", "stated",
        "--field", "evolution", "--value", "Stability", "--reason", "stable, re-read",
        "--author", "dr.steward",
    )  # fmt: skip
    _build(out)
    rows = pl.read_csv(
        runner.invoke(
            app,
            [
                "query", str(out),
                "MATCH (r:Resolution)-[c:CORRECTS]->(a:StatedAssessment) RETURN c.field AS "
                "field, c.corrected_value AS value, a.evolution AS kept, a.curation AS curation",
                "--format", "csv",
            ],
        ).stdout.encode()
    )  # fmt: skip
    assert rows.row(0) == ("evolution", '"Stability"', "Response", "corrected")


def test_a_decision_whose_facts_changed_goes_stale_and_the_conflict_reopens(
    out: Path, tmp_path: Path
) -> None:
    conflict = _conflict(out, "P005", "stated-vs-computed")
    _invoke("resolve", str(out), conflict, "--decision", "dismiss", "--reason", "fine")
    assert _build(out)["conflicts_resolved"] == 1
    gold = tmp_path / "gold.jsonl"  # the same extractions, but P005_R05 measured 21 mm
    lines = []
    for line in (EXAMPLES / "gold.jsonl").read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        if record["report_id"] == "P005_R05":
            record["radiology"]["lesions"][0]["long_axis_mm"]["value"] = 21.0
        lines.append(json.dumps(record, ensure_ascii=False))
    gold.write_text("\n".join(lines) + "\n", encoding="utf-8")
    summary = _build(out, gold)
    assert (summary["conflicts_reopened"], summary["resolutions_stale"]) == (1, 1)
    (status,) = _rows(out, "--patient", "P005")["status"].to_list()
    assert status == "reopened"
    assert "dismiss (stale)" in _invoke("show", str(out), conflict)


def test_reopen_undoes_a_decision(out: Path) -> None:
    conflict = _conflict(out, "P003", "stated-vs-computed")
    refused = runner.invoke(app, ["conflicts", "reopen", str(out), conflict, "--reason", "x"])
    assert refused.exit_code == 2 and "is open: nothing to reopen" in refused.output
    _invoke("resolve", str(out), conflict, "--decision", "accept", "--fact", "computed",
            "--reason", "PD on the measurements")  # fmt: skip
    _invoke("reopen", str(out), conflict, "--reason", "PET-CT says pseudo-progression")
    _build(out)
    (status,) = _rows(out, "--patient", "P003")["status"].to_list()
    assert status == "reopened"


def test_mistakes_are_refused_with_one_line(built: Path) -> None:
    unknown = runner.invoke(app, ["conflicts", "show", str(built), "conflict:nope"])
    assert unknown.exit_code == 2 and unknown.output.startswith("error: no conflict with id")
    conflict = _conflict(built, "P005", "stated-vs-computed")
    no_fact = runner.invoke(
        app, ["conflicts", "resolve", str(built), conflict, "--decision", "accept", "--reason", "x"]
    )
    assert no_fact.exit_code == 2 and "name the fact: one of" in no_fact.output
    computed = runner.invoke(
        app,
        ["conflicts", "resolve", str(built), conflict, "--decision", "correct", "--fact",
         "computed", "--field", "sum_mm", "--value", "3", "--reason", "x"],
    )  # fmt: skip
    assert computed.exit_code == 2 and "is computed or structural" in computed.output
    assert not (built.parent / "graph.curation.jsonl").exists()
