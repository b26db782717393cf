"""CSV files (manifests, report tables, events) read by polars, every cell as text.

Keeps what messages need: the file line where each row starts (quoted fields may span lines)
and which rows held bytes that are not UTF-8.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import polars as pl

from graphbuilder.core.errors import InputError, located

_SEPARATORS = (",", ";", "\t", "|")


@dataclass(frozen=True)
class DelimitedTable:
    """All cells as Utf8. `lines[i]` is the file line where row i starts; `undecodable[i]`
    says the row had bytes that are not UTF-8 (its cells then hold U+FFFD)."""

    frame: pl.DataFrame
    lines: pl.Series
    undecodable: pl.Series


def sniff_separator(path: Path) -> str:
    """The separator used in the header line (French exports often use ";")."""
    with path.open("rb") as handle:
        header = handle.readline().decode("utf-8", errors="replace")
    if path.suffix.lower() == ".tsv":
        return "\t"
    counts = {separator: header.count(separator) for separator in _SEPARATORS}
    best = max(counts, key=lambda separator: counts[separator])
    return best if counts[best] > 0 else ","


def read_delimited(path: Path, *, file: str, separator: str | None = None) -> DelimitedTable:
    """Read a CSV with every column as text; blank lines are dropped."""
    chosen = separator or sniff_separator(path)
    undecodable_file = False
    try:
        frame = _read(path, file, chosen, "utf8")
    except pl.exceptions.ComputeError as error:
        if "utf-8" not in str(error).lower():
            raise _unreadable(file, error) from None
        undecodable_file = True
        frame = _read(path, file, chosen, "utf8-lossy")
    lines = _start_lines(frame)
    if undecodable_file:
        undecodable = frame.select(
            pl.any_horizontal(pl.all().str.contains("\ufffd", literal=True)).fill_null(False)
        ).to_series()
    else:
        undecodable = pl.Series([False] * frame.height, dtype=pl.Boolean)
    blank = frame.select(pl.all_horizontal(pl.all().is_null())).to_series()
    keep = ~blank
    return DelimitedTable(frame.filter(keep), lines.filter(keep), undecodable.filter(keep))


def _read(path: Path, file: str, separator: str, encoding: str) -> pl.DataFrame:
    try:
        return pl.read_csv(
            path,
            separator=separator,
            infer_schema=False,
            encoding=encoding,
            raise_if_empty=True,
        )
    except pl.exceptions.NoDataError:
        raise InputError(
            located("the file is empty", file=file, hint="expected a header line and rows")
        ) from None


def _unreadable(file: str, error: Exception) -> InputError:
    first_line = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    return InputError(
        located(
            f"cannot read CSV ({first_line})",
            file=file,
            hint="check the separator and that fields containing it are quoted",
        )
    )


def _start_lines(frame: pl.DataFrame) -> pl.Series:
    """Line where each row starts: the header is line 1; quoted newlines push later rows."""
    if frame.width == 0:
        return pl.Series("line", [], dtype=pl.Int64)
    newlines = frame.select(
        pl.sum_horizontal(
            pl.all().str.count_matches("\n", literal=True).fill_null(0).cast(pl.Int64)
        )
    ).to_series()
    before = newlines.cum_sum().shift(1, fill_value=0)
    rows = pl.int_range(0, frame.height, dtype=pl.Int64, eager=True)
    return (rows + 2 + before).alias("line")
