"""What `ingest()` takes and returns."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, get_args

import polars as pl

from graphbuilder.core.errors import ConfigError
from graphbuilder.ingest.rejects import Reject

OnError = Literal["fail", "skip"]
InputFormat = Literal["auto", "folder", "jsonl", "table", "fhir"]


@dataclass(frozen=True)
class IngestOptions:
    """How to read one input.

    on_error: "fail" raises an InputError for the first bad row; "skip" ingests every good row
        and returns the bad ones as rejects.
    format: "auto" tells the format from the path (a folder, .jsonl, .csv/.tsv/.parquet,
        FHIR .json/.ndjson); the others force it.
    text_column: the column (CSV, Parquet) or key (JSONL) holding the report text.
    manifest_name: the manifest's file name inside a folder input.
    separator: the CSV field separator; None sniffs it from the header (",", ";" or tab).
    """

    on_error: OnError = "fail"
    format: InputFormat = "auto"
    text_column: str = "text"
    manifest_name: str = "manifest.csv"
    separator: str | None = None

    def __post_init__(self) -> None:
        for name, accepted in (("on_error", OnError), ("format", InputFormat)):
            value = getattr(self, name)
            if value not in get_args(accepted):
                choices = ", ".join(get_args(accepted))
                raise ConfigError(f"ingest.{name}: {value!r} is not one of {choices}")
        if not self.text_column.strip():
            raise ConfigError("ingest.text_column: must name a column")
        if self.separator is not None and len(self.separator) != 1:
            raise ConfigError(f"ingest.separator: {self.separator!r} must be one character")


@dataclass(frozen=True)
class IngestResult:
    """The corpus table (see `corpus.CORPUS_SCHEMA`), the skipped rows, and how many exact
    duplicates (same patient, report id and text) were dropped."""

    corpus: pl.DataFrame
    rejects: tuple[Reject, ...]
    duplicates_dropped: int

    def __repr__(self) -> str:  # never print report text
        return (
            f"IngestResult(reports={self.corpus.height}, rejects={len(self.rejects)}, "
            f"duplicates_dropped={self.duplicates_dropped})"
        )
