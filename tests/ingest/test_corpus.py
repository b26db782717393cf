"""The corpus table contract: columns, types, Parquet round trip."""

from __future__ import annotations

import re
from pathlib import Path

import polars as pl
import pytest

from graphbuilder.core.errors import InputError
from graphbuilder.ingest import (
    CORPUS_COLUMNS,
    CORPUS_SCHEMA,
    check_corpus,
    empty_corpus,
    ingest,
    read_corpus,
    write_corpus,
)

from .helpers import FIXTURES


def test_the_corpus_columns_and_types() -> None:
    assert CORPUS_COLUMNS == ("patient_id", "report_id", "date", "kind", "text", "sha256", "source")
    assert CORPUS_SCHEMA["date"] == pl.Date
    assert ingest(FIXTURES / "reports.jsonl").corpus.schema == CORPUS_SCHEMA
    assert empty_corpus().schema == CORPUS_SCHEMA


def test_write_then_read_gives_the_same_table(tmp_path: Path) -> None:
    corpus = ingest(FIXTURES / "folder").corpus
    path = write_corpus(corpus, tmp_path / "out" / "corpus.parquet")
    assert read_corpus(path).equals(corpus)


def test_reading_a_table_that_is_not_a_corpus(tmp_path: Path) -> None:
    path = tmp_path / "other.parquet"
    pl.DataFrame({"patient_id": ["P1"], "text": ["x"]}).write_parquet(path)
    with pytest.raises(
        InputError,
        match=re.escape(f"{path}: not a corpus table (columns patient_id: String, text: String;"),
    ):
        read_corpus(path)


def test_reading_a_missing_corpus(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="corpus file not found — run ingestion first"):
        read_corpus(tmp_path / "absent.parquet")


def test_writing_checks_the_schema(tmp_path: Path) -> None:
    wrong = ingest(FIXTURES / "reports.jsonl").corpus.drop("source")
    with pytest.raises(InputError, match="not a corpus table"):
        write_corpus(wrong, tmp_path / "c.parquet")
    assert check_corpus(empty_corpus()).height == 0
