"""JSON Lines input: one report object per line."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from graphbuilder.core.errors import InputError
from graphbuilder.ingest import IngestOptions, ingest

from .helpers import FIXTURES, corpus_rows, expected_corpus_rows, report, write_jsonl

SKIP = IngestOptions(on_error="skip")


def test_reads_the_fixture_in_corpus_order() -> None:
    path = FIXTURES / "reports.jsonl"
    result = ingest(path)
    assert corpus_rows(result.corpus) == expected_corpus_rows()
    assert result.corpus["source"].to_list() == [f"{path}:3", f"{path}:2", f"{path}:1"]


def test_blank_lines_are_ignored_but_keep_line_numbers(tmp_path: Path) -> None:
    path = tmp_path / "reports.jsonl"
    write_jsonl(path, [report("R1"), "", "   ", report("R2", date="31/02/2024")])
    with pytest.raises(InputError, match=re.escape(f"{path}:4: report 'R2': invalid date")):
        ingest(path)


def test_ids_written_as_numbers_become_text(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "r.jsonl", [report("R1", patient_id=1234, report_id=56)])
    assert ingest(path).corpus.select("patient_id", "report_id").row(0) == ("1234", "56")


def test_the_text_key_can_be_renamed(tmp_path: Path) -> None:
    row = report("R1")
    row["texte"] = row.pop("text")
    path = write_jsonl(tmp_path / "r.jsonl", [row])
    corpus = ingest(path, IngestOptions(text_column="texte")).corpus
    assert corpus["text"].to_list() == [row["texte"]]


def test_a_line_that_is_not_json_fails_with_its_line(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "r.jsonl", [report("R1"), '{"patient_id": "P1", oops}'])
    expected = (
        f"{path}:2: invalid JSON (Expecting property name enclosed in double quotes at column "
        "22) — each line must be one JSON object with patient_id, report_id, date, kind, text"
    )
    with pytest.raises(InputError, match=f"^{re.escape(expected)}$"):
        ingest(path)


def test_bad_lines_are_skipped_and_every_good_line_is_kept(tmp_path: Path) -> None:
    path = write_jsonl(
        tmp_path / "r.jsonl",
        [report("R1"), "not json", '["a", "list"]', report("R2"), '{"truncated": '],
    )
    result = ingest(path, SKIP)
    assert result.corpus["report_id"].to_list() == ["R1", "R2"]
    assert [(r.line, r.reason) for r in result.rejects] == [
        (2, "invalid JSON (Expecting value at column 1)"),
        (3, "expected a JSON object, found list"),
        (5, "invalid JSON (Expecting value at column 15)"),
    ]


def test_a_line_that_is_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "r.jsonl"
    good = write_jsonl(tmp_path / "good.jsonl", [report("R1")]).read_bytes()
    path.write_bytes(good + '{"patient_id": "P1", "text": "lésion"}\n'.encode("latin-1"))
    with pytest.raises(
        InputError,
        match=re.escape(f"{path}:2: the line is not valid UTF-8 (byte 0xe9 at column 32)"),
    ):
        ingest(path)
    assert ingest(path, SKIP).corpus.height == 1


def test_a_key_missing_from_every_line_is_a_missing_column(tmp_path: Path) -> None:
    row = report("R1")
    del row["kind"]
    path = write_jsonl(tmp_path / "r.jsonl", [row, row])
    expected = (
        f"{path}: missing key(s) 'kind' (found: 'patient_id', 'report_id', 'date', 'text') — "
        "each line must be one JSON object"
    )
    with pytest.raises(InputError, match=f"^{re.escape(expected)}"):
        ingest(path, SKIP)


def test_a_key_missing_from_one_line_rejects_that_line(tmp_path: Path) -> None:
    row = report("R2")
    del row["kind"]
    path = write_jsonl(tmp_path / "r.jsonl", [report("R1"), row])
    with pytest.raises(InputError, match=re.escape(f"{path}:2: report 'R2': missing report kind")):
        ingest(path)


def test_values_of_other_json_types_become_text_when_lines_are_read_one_by_one(
    tmp_path: Path,
) -> None:
    # The bad line sends the whole file through the line-by-line reader.
    row = report("R1", patient_id=1234, report_id=56, kind=["radiology"], date=True)
    path = write_jsonl(tmp_path / "r.jsonl", [row, "oops"])
    result = ingest(path, SKIP)
    assert [(r.line, r.report_id, r.reason[:32]) for r in result.rejects] == [
        (1, "56", "invalid date: 'true' is not a da"),
        (2, None, "invalid JSON (Expecting value at"),
    ]
