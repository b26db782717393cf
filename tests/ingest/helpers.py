"""Shared data for the ingestion tests: the three synthetic reports every fixture holds."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from pathlib import Path

import polars as pl

FIXTURES = Path(__file__).parents[1] / "fixtures" / "ingest"

# (patient_id, report_id, date, kind, text file in fixtures/ingest/folder), in corpus order.
EXPECTED_REPORTS = [
    ("P001", "CT-2023-01", dt.date(2023, 1, 15), "radiology", "P001/ct_2023-01-15.txt"),
    ("P001", "RCP-2023-01", dt.date(2023, 1, 24), "tumour_board", "P001/rcp_2023-01-24.txt"),
    ("P002", "AP-2023-02", dt.date(2023, 2, 3), "pathology", "P002/ap_2023-02-03.txt"),
]


def fixture_text(relative: str) -> str:
    return (FIXTURES / "folder" / relative).read_text(encoding="utf-8")


def expected_corpus_rows() -> list[tuple[object, ...]]:
    """The corpus rows (without sha256 and source) every fixture format must give."""
    return [
        (patient, report, date, kind, fixture_text(file))
        for patient, report, date, kind, file in EXPECTED_REPORTS
    ]


def corpus_rows(corpus: pl.DataFrame) -> list[tuple[object, ...]]:
    return list(corpus.select("patient_id", "report_id", "date", "kind", "text").iter_rows())


def write_jsonl(path: Path, rows: Iterable[object]) -> Path:
    """One line per row: dicts as JSON, strings written as they are (to make bad lines)."""
    lines = [row if isinstance(row, str) else json.dumps(row, ensure_ascii=False) for row in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def report(report_id: str, /, **changes: object) -> dict[str, object]:
    """A valid JSONL report row, with some fields changed."""
    row: dict[str, object] = {
        "patient_id": "P001",
        "report_id": report_id,
        "date": "2024-03-12",
        "kind": "radiology",
        "text": f"Scanner thoracique {report_id} : pas de nouvelle lésion.",
    }
    row.update(changes)
    return row
