"""Reading predicted timepoints, best responses and conflicts from CSV, JSON and JSON lines."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from graphbuilder.core.errors import InputError
from graphbuilder.evaluate.predictions import (
    PredictedConflict,
    read_best_responses,
    read_conflicts,
    read_timepoints,
)
from graphbuilder.rules.recist import Response


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_timepoints_from_the_recist_commands_csv(tmp_path: Path) -> None:
    path = write(
        tmp_path / "timepoints.csv",
        "patient_id,date,sum_mm,overall_response,line_start\n"
        "P1,2024-03-10,41.5,PR,2024-01-10\n"
        "P1,2024-05-10,40.0,non-CR/non-PD,\n",
    )
    first, second = read_timepoints(path)
    assert (first.patient_id, first.date, first.response, first.line_start) == (
        "P1",
        dt.date(2024, 3, 10),
        Response.PR,
        dt.date(2024, 1, 10),
    )
    assert (second.response, second.line_start) == (Response.NON_CR_NON_PD, None)


def test_best_responses_from_a_json_array(tmp_path: Path) -> None:
    rows = [{"patient_id": "P1", "best_overall_response": "icr", "line_start": None}]
    (best,) = read_best_responses(write(tmp_path / "patients.json", json.dumps(rows)))
    assert (best.patient_id, best.response, best.line_start) == ("P1", Response.ICR, None)


def test_conflicts_as_an_object_json_lines_or_csv(tmp_path: Path) -> None:
    expected = PredictedConflict("unit_slip", "P2", frozenset({"R1", "R2"}))
    wrapped = {"conflicts": [{"rule": "unit_slip", "patient_id": "P2", "report_ids": ["R1", "R2"]}]}
    assert read_conflicts(write(tmp_path / "c.json", json.dumps(wrapped))) == [expected]
    line = {"rule_id": "unit_slip", "patient_id": "P2", "report_ids": "R1 R2"}
    assert read_conflicts(write(tmp_path / "c.jsonl", json.dumps(line) + "\n")) == [expected]
    csv = "rule,patient_id,report_ids\nunit_slip,P2,R1;R2\n"
    assert read_conflicts(write(tmp_path / "c.csv", csv)) == [expected]


def test_an_unknown_category_names_file_line_and_choices(tmp_path: Path) -> None:
    path = write(tmp_path / "tp.csv", "patient_id,date,overall_response\nP1,2024-03-10,RP\n")
    with pytest.raises(
        InputError,
        match=r"tp\.csv: line 2: overall_response 'RP' is not a RECIST category \(CR, PR",
    ):
        read_timepoints(path)


def test_a_missing_column_and_a_bad_json_shape_are_input_errors(tmp_path: Path) -> None:
    path = write(tmp_path / "tp.csv", "patient_id,overall_response\nP1,PR\n")
    with pytest.raises(InputError, match=r"line 2: column 'date' is missing or empty"):
        read_timepoints(path)
    with pytest.raises(InputError, match=r"expected a JSON array of conflicts rows"):
        read_conflicts(write(tmp_path / "c.json", '{"rows": []}'))
