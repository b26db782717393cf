"""`graphbuilder synth` writes the corpus and prints a summary; bad settings fail clearly."""

from __future__ import annotations

from pathlib import Path

import typer
from typer.testing import CliRunner

from graphbuilder.cli.synth import synth


def _app() -> typer.Typer:
    app = typer.Typer()
    app.command("synth")(synth)

    @app.callback()
    def main() -> None:  # a group, as in graphbuilder.cli.main
        return None

    return app


def test_the_command_writes_every_format_and_prints_a_summary(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        _app(),
        [
            "synth",
            "--patients",
            "12",
            "--seed",
            "3",
            "--out",
            str(tmp_path),
            "--noise-rate",
            "0.02",
            "--contradiction-rate",
            "0.5",
            "--formats",
            "jsonl,folder,parquet,fhir",
        ],
    )
    assert result.exit_code == 0, result.output
    for name in (
        "corpus.jsonl",
        "manifest.csv",
        "corpus.parquet",
        "fhir/documents.ndjson",
        "gold.jsonl",
        "truth.jsonl",
        "treatments.csv",
    ):
        assert (tmp_path / name).is_file(), name
    assert "patients" in result.output and "12" in result.output
    assert len((tmp_path / "truth.jsonl").read_text(encoding="utf-8").splitlines()) == 12


def test_an_unknown_format_is_one_clear_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(_app(), ["synth", "--out", str(tmp_path), "--formats", "jsonl,xml"])
    assert result.exit_code == 2
    assert (
        "synth.formats: 'xml' is not accepted (accepted: jsonl, folder, parquet, fhir)"
        in result.output
    )


def test_a_rate_outside_zero_one_is_refused(tmp_path: Path) -> None:
    result = CliRunner().invoke(_app(), ["synth", "--out", str(tmp_path), "--noise-rate", "1.5"])
    assert result.exit_code == 2
    assert "synth.noise_rate: 1.5 is not a rate between 0 and 1" in result.output
