"""Rejects: their location forms, messages and the rejects CSV."""

from __future__ import annotations

import csv
from pathlib import Path

from graphbuilder.ingest import REJECT_COLUMNS, IngestOptions, Reject, ingest, write_rejects

from .helpers import report, write_jsonl


def test_locations_name_lines_rows_and_bundle_entries() -> None:
    assert Reject("r.csv", 7, "R1", "empty text", "fix it").location == "r.csv:7"
    assert Reject("r.parquet", 12, None, "x", "y", "row").location == "r.parquet#row 12"
    assert Reject("b.json", 3, None, "x", "y", "entry").location == "b.json#entry 3"
    assert Reject("r.csv", None, None, "x", "y").location == "r.csv"


def test_the_message_says_where_what_and_what_to_do() -> None:
    reject = Reject("r.parquet", 12, "R1", "empty text", "fix its text", "row")
    assert reject.message() == "r.parquet#row 12: report 'R1': empty text — fix its text"
    assert str(reject.to_error()) == reject.message()


def test_write_rejects_from_a_skipped_ingestion(tmp_path: Path) -> None:
    path = write_jsonl(
        tmp_path / "r.jsonl",
        [report("R1"), report("R2", kind="écho"), "[]", report("R4")],
    )
    result = ingest(path, IngestOptions(on_error="skip"))
    out = write_rejects(result.rejects, tmp_path / "out" / "rejects.csv")
    with out.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    assert tuple(rows[0]) == REJECT_COLUMNS == ("file", "line", "report_id", "reason", "hint")
    assert [row[:4] for row in rows[1:]] == [
        [
            str(path),
            "2",
            "R2",
            "unknown report kind 'écho' (accepted: radiology, pathology, consultation, "
            "tumour_board, other)",
        ],
        [str(path), "3", "", "expected a JSON object, found list"],
    ]
    assert all(row[4] for row in rows[1:])  # every reject has a hint


def test_write_rejects_with_none_writes_only_the_header(tmp_path: Path) -> None:
    out = write_rejects((), tmp_path / "rejects.csv")
    assert out.read_text(encoding="utf-8").splitlines() == [",".join(REJECT_COLUMNS)]
