"""The corpus table: one row per report, the contract between ingestion and every later stage.

Columns, in this order: patient_id, report_id, date, kind (a `ReportKind` value), text, sha256
(hex SHA-256 of the UTF-8 text) and source (where the row came from, e.g. "manifest.csv:7",
"reports.parquet#row 12", "bundle.json#entry 3"). Rows are sorted by patient_id, date, report_id.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from graphbuilder.core.errors import InputError, located

CORPUS_SCHEMA: pl.Schema = pl.Schema(
    {
        "patient_id": pl.Utf8,
        "report_id": pl.Utf8,
        "date": pl.Date,
        "kind": pl.Utf8,
        "text": pl.Utf8,
        "sha256": pl.Utf8,
        "source": pl.Utf8,
    }
)
CORPUS_COLUMNS: tuple[str, ...] = tuple(CORPUS_SCHEMA.names())
CORPUS_SORT_KEY: tuple[str, ...] = ("patient_id", "date", "report_id")


def empty_corpus() -> pl.DataFrame:
    return pl.DataFrame(schema=CORPUS_SCHEMA)


def check_corpus(frame: pl.DataFrame, *, file: str = "corpus") -> pl.DataFrame:
    """Return `frame` if it has exactly the corpus columns and types, else raise InputError."""
    if frame.schema != CORPUS_SCHEMA:
        found = ", ".join(f"{name}: {dtype}" for name, dtype in frame.schema.items())
        expected = ", ".join(f"{name}: {dtype}" for name, dtype in CORPUS_SCHEMA.items())
        raise InputError(
            located(
                f"not a corpus table (columns {found}; expected {expected})",
                file=file,
                hint="write corpus tables with graphbuilder.ingest.write_corpus",
            )
        )
    return frame


def write_corpus(corpus: pl.DataFrame, path: Path) -> Path:
    """Write the corpus table as Parquet (zstd), after checking its schema."""
    check_corpus(corpus)
    path.parent.mkdir(parents=True, exist_ok=True)
    corpus.write_parquet(path, compression="zstd", statistics=True)
    return path


def read_corpus(path: Path) -> pl.DataFrame:
    """Read a corpus table written by `write_corpus`, checking its schema."""
    if not path.is_file():
        raise InputError(
            located("corpus file not found", file=str(path), hint="run ingestion first")
        )
    try:
        frame = pl.read_parquet(path)
    except (pl.exceptions.ComputeError, OSError) as error:
        raise InputError(
            located(f"cannot read Parquet ({error})", file=str(path), hint="rewrite the corpus")
        ) from None
    return check_corpus(frame, file=str(path))
