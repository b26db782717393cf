"""What a reader hands to validation: candidate report rows, before any check."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import polars as pl

from graphbuilder.core.errors import InputError, located
from graphbuilder.ingest.rejects import PositionUnit, Reject

REPORT_FIELDS: tuple[str, ...] = ("patient_id", "report_id", "date", "kind", "text")

# patient_id, report_id, kind and text are Utf8; date is Utf8 (as written) or already a Date;
# line is the 1-based position of the row in its file (see `PositionUnit`).
RAW_SCHEMA: pl.Schema = pl.Schema(
    {
        "patient_id": pl.Utf8,
        "report_id": pl.Utf8,
        "date": pl.Utf8,
        "kind": pl.Utf8,
        "text": pl.Utf8,
        "line": pl.Int64,
    }
)


@dataclass(frozen=True)
class RawReports:
    """Rows a reader could read, plus the rows it already had to reject (bad JSON, missing
    file, undecodable text...). `file` is the path as shown in messages and sources."""

    frame: pl.DataFrame
    file: str
    unit: PositionUnit
    rejects: tuple[Reject, ...] = ()


def raw_frame(rows: Iterable[dict[str, object]]) -> pl.DataFrame:
    """Build a raw frame from Python rows (readers that parse in Python: folder, FHIR)."""
    return pl.DataFrame(list(rows), schema=RAW_SCHEMA, orient="row")


def conform_raw(frame: pl.DataFrame) -> pl.DataFrame:
    """Cast a reader's columns to the raw schema (ids written as numbers become text)."""
    columns = []
    for name, dtype in RAW_SCHEMA.items():
        column = pl.col(name)
        if name == "date" and frame.schema[name] in (pl.Date, pl.Datetime):
            columns.append(column)
        elif frame.schema[name] == pl.Null:
            columns.append(column.cast(dtype))
        else:
            columns.append(column.cast(dtype, strict=False))
    return frame.select(columns)


def require_columns(
    found: Sequence[str],
    required: Sequence[str],
    *,
    file: str,
    what: str = "column",
    hint: str | None = None,
) -> None:
    """Raise an InputError naming the missing columns and the ones found."""
    missing = [name for name in required if name not in found]
    if missing:
        listed = ", ".join(repr(name) for name in missing)
        present = ", ".join(repr(name) for name in found) or "none"
        raise InputError(
            located(
                f"missing {what}(s) {listed} (found: {present})",
                file=file,
                hint=hint or f"the {what}s needed are {', '.join(required)}",
            )
        )
