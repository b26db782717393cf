"""Reading the synthetic truth: treatment lines, RECIST timepoints, injected contradictions."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from graphbuilder.core.errors import InputError
from graphbuilder.evaluate.truth import TruthContradiction, read_truth
from graphbuilder.synth.config import SynthConfig
from graphbuilder.synth.generate import generate

from .reports import write_lines
from .truth_fixtures import write_truth


def test_lines_timepoints_and_contradictions_are_read(tmp_path: Path) -> None:
    truth = read_truth(write_truth(tmp_path))
    assert sorted(truth) == ["P1", "P2"]
    first, second = truth["P1"].lines
    assert (first.number, first.start, first.best_overall_response) == (
        1,
        dt.date(2024, 1, 10),
        "PR",
    )
    assert [(p.date, p.report_id, p.overall) for p in first.timepoints][-1] == (
        dt.date(2024, 7, 10),
        "P1-R4",
        "PD",
    )
    assert second.best_overall_response == "SD"
    neoadjuvant = truth["P2"].lines[0]
    assert (neoadjuvant.number, neoadjuvant.best_overall_response) == (None, None)
    assert truth["P2"].contradictions[0] == TruthContradiction("unit_slip", frozenset({"P2-R9"}))


def test_a_record_without_patient_id_names_the_line(tmp_path: Path) -> None:
    path = write_lines(tmp_path / "truth.jsonl", [{"patient_id": "P1"}, {"lines": []}])
    with pytest.raises(
        InputError, match=r"truth\.jsonl:2: not a patient truth record: no patient_id"
    ):
        read_truth(path)


def test_a_bad_date_names_the_line(tmp_path: Path) -> None:
    record = {"patient_id": "P1", "treatment_lines": [{"start": "31/02/2024"}]}
    with pytest.raises(InputError, match=r"truth\.jsonl:1: not a patient truth record"):
        read_truth(write_lines(tmp_path / "truth.jsonl", [record]))


def test_the_truth_the_generator_writes_is_read_whole(tmp_path: Path) -> None:
    summary = generate(SynthConfig(patients=6, seed=3, contradiction_rate=1.0), tmp_path)
    truth = read_truth(tmp_path / "truth.jsonl")
    assert len(truth) == summary.patients == 6
    injected = [c.type for patient in truth.values() for c in patient.contradictions]
    assert len(injected) == sum(summary.contradictions.values()) > 0
    assert all(c.report_ids for p in truth.values() for c in p.contradictions)
    points = [point for p in truth.values() for line in p.lines for point in line.timepoints]
    assert points and all(point.overall in {"CR", "PR", "SD", "PD", "NE"} for point in points)
