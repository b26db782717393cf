"""CSV and Parquet report tables with a text column."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import polars as pl
import pytest

from graphbuilder.core.errors import InputError
from graphbuilder.ingest import IngestOptions, ingest

from .helpers import FIXTURES, corpus_rows, expected_corpus_rows

SKIP = IngestOptions(on_error="skip")


def test_a_semicolon_csv_with_multiline_texts_keeps_each_row_start_line() -> None:
    path = FIXTURES / "reports.csv"
    result = ingest(path, IngestOptions(text_column="texte"))
    assert corpus_rows(result.corpus) == expected_corpus_rows()
    # Texts span several lines: rows start on lines 2, 6 and 9 of the file.
    assert result.corpus["source"].to_list() == [f"{path}:9", f"{path}:6", f"{path}:2"]


def test_a_csv_without_the_text_column_says_how_to_name_it() -> None:
    path = FIXTURES / "reports.csv"
    expected = (
        f"{path}: missing column(s) 'text' (found: 'patient_id', 'report_id', 'date', 'kind', "
        "'texte') — a report table needs columns patient_id, report_id, date, kind, text; "
        "rename them, or name the text column with --text-column"
    )
    with pytest.raises(InputError, match=f"^{re.escape(expected)}$"):
        ingest(path)


def test_csv_cells_are_read_as_text_so_leading_zeros_survive(tmp_path: Path) -> None:
    path = tmp_path / "reports.csv"
    path.write_text(
        "patient_id,report_id,date,kind,text\n007,0042,2024-03-12,tdm,Scanner normal.\n",
        encoding="utf-8",
    )
    assert ingest(path).corpus.select("patient_id", "report_id").row(0) == ("007", "0042")


def test_a_csv_row_that_is_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_bytes(
        "patient_id;report_id;date;kind;text\n"
        "P1;R1;12/03/2024;radiologie;Scanner normal.\n"
        "P1;R2;13/03/2024;radiologie;Lésion stable.\n".encode("cp1252")
    )
    expected = (
        f"{path}:3: report 'R2': the row is not valid UTF-8 — re-save the file as UTF-8 "
        "(for example iconv -f WINDOWS-1252 -t UTF-8)"
    )
    with pytest.raises(InputError, match=f"^{re.escape(expected)}$"):
        ingest(path)
    result = ingest(path, SKIP)
    assert result.corpus["report_id"].to_list() == ["R1"]
    assert [(r.line, r.report_id) for r in result.rejects] == [(3, "R2")]


def test_a_parquet_table_with_typed_columns(tmp_path: Path) -> None:
    path = tmp_path / "reports.parquet"
    pl.DataFrame(
        {
            "patient_id": [17, 17],
            "report_id": ["R2", "R1"],
            "date": [dt.date(2024, 5, 2), dt.date(2024, 1, 9)],
            "kind": ["IRM", "anapath"],
            "compte_rendu": ["IRM hépatique : stable.", "Biopsie : adénocarcinome."],
        }
    ).write_parquet(path)
    corpus = ingest(path, IngestOptions(text_column="compte_rendu")).corpus
    assert corpus.select("patient_id", "report_id", "date", "kind", "source").rows() == [
        ("17", "R1", dt.date(2024, 1, 9), "pathology", f"{path}#row 2"),
        ("17", "R2", dt.date(2024, 5, 2), "radiology", f"{path}#row 1"),
    ]


def test_parquet_rows_are_counted_from_one_in_messages(tmp_path: Path) -> None:
    path = tmp_path / "reports.parquet"
    pl.DataFrame(
        {
            "patient_id": ["P1", "P1"],
            "report_id": ["R1", "R2"],
            "date": ["2024-01-09", "2024-02-30"],
            "kind": ["radiology", "radiology"],
            "text": ["Scanner.", "Scanner."],
        }
    ).write_parquet(path)
    with pytest.raises(InputError, match=re.escape(f"{path}#row 2: report 'R2': invalid date")):
        ingest(path)


def test_parquet_text_stored_as_bytes_is_decoded_and_checked(tmp_path: Path) -> None:
    path = tmp_path / "reports.parquet"
    pl.DataFrame(
        {
            "patient_id": ["P1", "P1"],
            "report_id": ["R1", "R2"],
            "date": ["2024-01-09", "2024-02-09"],
            "kind": ["radiology", "radiology"],
            "text": ["Lésion stable.".encode(), "Lésion stable.".encode("latin-1")],
        }
    ).write_parquet(path)
    result = ingest(path, SKIP)
    assert result.corpus["text"].to_list() == ["Lésion stable."]
    (reject,) = result.rejects
    assert reject.location == f"{path}#row 2"
    assert reject.reason == "text is not UTF-8 (byte 0xe9 at offset 1)"


def test_a_parquet_table_missing_columns(tmp_path: Path) -> None:
    path = tmp_path / "reports.parquet"
    pl.DataFrame({"patient_id": ["P1"], "text": ["Scanner."]}).write_parquet(path)
    with pytest.raises(
        InputError,
        match=re.escape(
            f"{path}: missing column(s) 'report_id', 'date', 'kind' (found: 'patient_id', 'text')"
        ),
    ):
        ingest(path)


def test_an_empty_csv_file(tmp_path: Path) -> None:
    path = tmp_path / "reports.csv"
    path.write_bytes(b"")
    with pytest.raises(InputError, match=re.escape(f"{path}: the file is empty")):
        ingest(path)


def test_a_row_with_more_fields_than_the_header(tmp_path: Path) -> None:
    path = tmp_path / "reports.csv"
    path.write_text(
        "patient_id,report_id,date,kind,text\nP1,R1,2024-01-02,tdm,Scanner, sans anomalie\n",
        encoding="utf-8",
    )
    with pytest.raises(
        InputError,
        match=re.escape(f"{path}: cannot read CSV (")
        + ".* — check the separator and that fields containing it are quoted",
    ):
        ingest(path)
