"""Reading gold and predicted extraction files: clear errors with file and line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from graphbuilder.core.errors import InputError
from graphbuilder.evaluate.inputs import read_extractions

from .reports import changed, ct_gold, letter_gold, write_jsonl


def test_reports_are_read_by_id_and_repeated_ids_keep_the_first(tmp_path: Path) -> None:
    first = letter_gold("R1")
    second = changed(letter_gold("R1"), "treatments", [])
    path = write_jsonl(tmp_path / "gold.jsonl", first, ct_gold("R2"), second)
    read = read_extractions(path)
    assert sorted(read.reports) == ["R1", "R2"]
    assert len(read.reports["R1"].treatments) == 2
    assert read.duplicate_ids == ["R1"]


def test_a_line_that_is_not_json_names_file_and_line(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "pred.jsonl", ct_gold())
    with path.open("a", encoding="utf-8") as handle:
        handle.write("\n{not json\n")
    with pytest.raises(InputError, match=r"pred\.jsonl:3: not valid JSON"):
        read_extractions(path)


def test_a_record_outside_the_schema_names_the_field(tmp_path: Path) -> None:
    record = changed(ct_gold("R-CT"), "radiology.lesions.0.organ.value", "foie")
    path = tmp_path / "pred.jsonl"
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    with pytest.raises(
        InputError,
        match=r"pred\.jsonl:1: report 'R-CT': not a ReportExtraction: "
        r"radiology\.lesions\.0\.organ\.value",
    ):
        read_extractions(path)


def test_a_missing_file_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"absent\.jsonl: cannot read extraction file"):
        read_extractions(tmp_path / "absent.jsonl")
