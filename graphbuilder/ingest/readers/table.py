"""Report tables: CSV (any of , ; tab |) or Parquet, one report per row with a text column."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from graphbuilder.core.errors import InputError, located
from graphbuilder.ingest.raw import REPORT_FIELDS, RawReports, conform_raw, require_columns
from graphbuilder.ingest.readers.delimited import read_delimited
from graphbuilder.ingest.rejects import Reject

PARQUET_SUFFIXES = (".parquet", ".pq")
NOT_UTF8_ROW = "the row is not valid UTF-8"
NOT_UTF8_HINT = "re-save the file as UTF-8 (for example iconv -f WINDOWS-1252 -t UTF-8)"


def _required(text_column: str) -> list[str]:
    return [*REPORT_FIELDS[:-1], text_column]


def _columns_hint(text_column: str) -> str:
    return (
        f"a report table needs columns {', '.join(_required(text_column))}; rename them, "
        "or name the text column with --text-column"
    )


def read_table(
    path: Path, *, text_column: str = "text", separator: str | None = None
) -> RawReports:
    if path.suffix.lower() in PARQUET_SUFFIXES:
        return read_parquet_reports(path, text_column=text_column)
    return read_csv_reports(path, text_column=text_column, separator=separator)


def read_csv_reports(path: Path, *, text_column: str, separator: str | None) -> RawReports:
    file = str(path)
    table = read_delimited(path, file=file, separator=separator)
    require_columns(
        table.frame.columns, _required(text_column), file=file, hint=_columns_hint(text_column)
    )
    frame = table.frame.select(
        *REPORT_FIELDS[:-1], pl.col(text_column).alias("text"), line=table.lines
    )
    rejects = tuple(
        Reject(file, line, report_id, NOT_UTF8_ROW, NOT_UTF8_HINT)
        for line, report_id in frame.filter(table.undecodable)
        .select("line", "report_id")
        .iter_rows()
    )
    return RawReports(conform_raw(frame.filter(~table.undecodable)), file, "line", rejects)


def read_parquet_reports(path: Path, *, text_column: str) -> RawReports:
    file = str(path)
    try:
        columns = list(pl.read_parquet_schema(path))
        required = _required(text_column)
        require_columns(columns, required, file=file, hint=_columns_hint(text_column))
        frame = pl.read_parquet(path, columns=required)
    except (pl.exceptions.ComputeError, OSError) as error:
        raise InputError(
            located(f"cannot read Parquet ({error})", file=file, hint="is it a Parquet file?")
        ) from None
    frame = frame.rename({text_column: "text"}).with_row_index("line", offset=1)
    frame = frame.with_columns(pl.col("line").cast(pl.Int64))
    rejects: tuple[Reject, ...] = ()
    if frame.schema["text"] == pl.Binary:
        frame, rejects = _decode_binary_text(frame, file)
    return RawReports(conform_raw(frame), file, "row", rejects)


def _decode_binary_text(frame: pl.DataFrame, file: str) -> tuple[pl.DataFrame, tuple[Reject, ...]]:
    """Text stored as bytes: decode it as UTF-8, rejecting the rows that are not."""
    texts: list[str | None] = []
    rejects = []
    for line, report_id, data in frame.select("line", "report_id", "text").iter_rows():
        try:
            texts.append(None if data is None else data.decode("utf-8"))
        except UnicodeDecodeError as error:
            texts.append(None)
            reason = f"text is not UTF-8 (byte 0x{data[error.start]:02x} at offset {error.start})"
            rid = None if report_id is None else str(report_id)
            rejects.append(Reject(file, line, rid, reason, NOT_UTF8_HINT, "row"))
    bad_lines = {reject.line for reject in rejects}
    decoded = frame.with_columns(text=pl.Series(texts, dtype=pl.Utf8))
    return decoded.filter(~pl.col("line").is_in(bad_lines)), tuple(rejects)
