"""`graphbuilder recist` on small hand-abstracted tables."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import polars as pl
import typer
from typer.testing import CliRunner

from graphbuilder.cli.recist import recist

app = typer.Typer()


@app.callback()
def _root() -> None:
    """Keeps `recist` a sub-command, as on the real `graphbuilder` app."""


app.command("recist")(recist)
runner = CliRunner()

MEASUREMENTS = """\
patient_id,date,lesion_id,organ,nodal,long_axis_mm,short_axis_mm,status
P1,2024-01-05,L1,foie,no,40,,present
P1,2024-01-05,L2,poumon droit,no,20,,present
P1,2024-01-05,N1,ganglion médiastinal,yes,25,16,present
P1,2024-03-01,L1,foie,no,22,,present
P1,2024-03-01,L2,poumon droit,no,,,too_small
P1,2024-03-01,N1,ganglion médiastinal,yes,12,8,present
P1,2024-04-10,L1,foie,no,20,,present
P1,2024-04-10,L2,poumon droit,no,,,absent
P1,2024-04-10,N1,ganglion médiastinal,yes,11,7,present
P1,2024-06-01,L1,foie,no,34,,present
P1,2024-06-01,L2,poumon droit,no,,,absent
P1,2024-06-01,N1,ganglion médiastinal,yes,11,7,present
P2,2024-02-01,L1,foie,no,30,,present
P2,2024-04-01,L1,foie,no,29.9,,present
"""
TIMEPOINTS = """\
patient_id,date,non_target,new_lesions
P1,2024-03-01,none,none
P1,2024-06-01,none,unequivocal
"""
STARTS = """\
patient_id,start_date
P1,2024-01-08
P2,2024-02-03
"""


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_recist_writes_timepoints_and_patients(tmp_path: Path) -> None:
    measurements = _write(tmp_path, "measurements.csv", MEASUREMENTS)
    timepoints = _write(tmp_path, "timepoints.csv", TIMEPOINTS)
    starts = _write(tmp_path, "starts.csv", STARTS)
    out = tmp_path / "out"
    result = runner.invoke(
        app,
        [
            "recist",
            str(measurements),
            "--timepoints",
            str(timepoints),
            "--starts",
            str(starts),
            "--out",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    assert "2 patient(s), 2 line(s), 4 timepoint(s)" in result.output

    table = pl.read_csv(out / "timepoints.csv", try_parse_dates=True)
    assert table.columns[:10] == [
        "patient_id",
        "date",
        "sum_mm",
        "pct_vs_baseline",
        "pct_vs_nadir",
        "target_response",
        "non_target_response",
        "new_lesions",
        "overall_response",
        "line_start",
    ]
    assert table.columns[-1] == "explanation"
    p1 = table.filter(pl.col("patient_id") == "P1")
    # SoD 40 + 20 + 16 = 76 mm → 22 + 5 (too small) + 8 = 35 mm (-53.9 %): PR;
    # 20 + 0 + 7 = 27 mm: PR, confirmed 40 days later; 34 + 0 + 7 = 41 mm with a new lesion: PD.
    assert p1["sum_mm"].to_list() == [35.0, 27.0, 41.0]
    assert p1["pct_vs_baseline"].to_list() == [-53.9, -64.4, -46.0]
    assert p1["overall_response"].to_list() == ["PR", "PR", "PD"]
    assert p1["target_response"].to_list() == ["PR", "PR", "PD"]  # +14 mm, +51.8 % vs nadir
    assert p1["new_lesions"].to_list() == ["none", "none", "unequivocal"]
    p2 = table.filter(pl.col("patient_id") == "P2")
    assert (p2["pct_vs_baseline"].item(), p2["target_response"].item()) == (-0.3, "SD")

    patients = pl.read_csv(out / "patients.csv", try_parse_dates=True)
    assert patients.select(
        "patient_id", "baseline_date", "best_overall_response", "best_overall_response_date"
    ).rows() == [
        ("P1", dt.date(2024, 1, 5), "PR", dt.date(2024, 3, 1)),
        ("P2", dt.date(2024, 2, 1), "SD", dt.date(2024, 4, 1)),
    ]
    assert patients["targets"].to_list() == ["L1 L2 N1", "L1"]

    as_json = json.loads((out / "timepoints.json").read_text(encoding="utf-8"))
    assert len(as_json) == 4 and as_json[0]["date"] == "2024-03-01"
    assert as_json[0]["explanation"] == table["explanation"][0]
    patients_json = json.loads((out / "patients.json").read_text(encoding="utf-8"))
    assert patients_json[0]["best_overall_response"] == "PR"


def test_irecist_and_no_confirm_options(tmp_path: Path) -> None:
    measurements = _write(tmp_path, "measurements.csv", MEASUREMENTS)
    timepoints = _write(tmp_path, "timepoints.csv", TIMEPOINTS)
    out = tmp_path / "out"
    result = runner.invoke(
        app,
        [
            "recist",
            str(measurements),
            "--timepoints",
            str(timepoints),
            "--out",
            str(out),
            "--irecist",
            "--no-confirm",
            "--min-sd-days",
            "0",
            "--pr-policy",
            "strict",
        ],
    )
    assert result.exit_code == 0, result.output
    table = pl.read_csv(out / "timepoints.csv")
    assert table.filter(pl.col("patient_id") == "P1")["overall_response"].to_list() == [
        "iPR",
        "iPR",
        "iUPD",
    ]


def test_best_response_from_assessed_responses(tmp_path: Path) -> None:
    responses = _write(
        tmp_path,
        "responses.csv",
        "patient_id,date,response\nP1,2024-03-01,PR\nP1,2024-04-02,PR\nP2,2024-02-10,SD\n",
    )
    starts = _write(tmp_path, "starts.csv", "patient_id,start_date\nP1,2024-01-08\nP2,2024-01-20\n")
    out = tmp_path / "out"
    result = runner.invoke(
        app, ["recist", "--responses", str(responses), "--starts", str(starts), "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    patients = pl.read_csv(out / "patients.csv")
    assert patients.select("patient_id", "best_overall_response").rows() == [
        ("P1", "PR"),
        ("P2", "NE"),  # SD 21 days after the start: shorter than the 42-day minimum
    ]
    assert not (out / "timepoints.csv").exists()


def test_errors_name_the_file_line_and_column(tmp_path: Path) -> None:
    bad = _write(
        tmp_path,
        "measurements.csv",
        MEASUREMENTS.splitlines()[0] + "\nP1,2024-01-05,L1,foie,no,40,,disparu\n",
    )
    result = runner.invoke(app, ["recist", str(bad), "--out", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert "measurements.csv:2: column 'status': 'disparu' is not one of" in result.output


def test_measurements_or_responses_exactly_one(tmp_path: Path) -> None:
    result = runner.invoke(app, ["recist", "--out", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert "give either MEASUREMENTS or --responses RESPONSES" in result.output
