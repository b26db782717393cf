"""Vectorised parsing of date and report-kind columns.

Only the distinct values polars cannot parse itself go through Python (`parse_date`,
`parse_report_kind`), so a column of 100,000 ISO dates costs one polars call.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import polars as pl

from graphbuilder.core.dates import DateParseError, parse_date
from graphbuilder.core.vocabulary import parse_report_kind

T = TypeVar("T")


def blank_to_null(column: pl.Series) -> pl.Series:
    """Strip a text column; empty cells become null."""
    stripped = column.cast(pl.Utf8).str.strip_chars()
    return stripped.set(stripped == "", None)


def _map_distinct(
    values: pl.Series, parse: Callable[[str], T], dtype: pl.DataType
) -> tuple[pl.Series, pl.Series]:
    """Parse each distinct value once; return (parsed values, error messages) per row."""
    parsed: dict[str, T] = {}
    errors: dict[str, str] = {}
    for value in values.drop_nulls().unique().to_list():
        try:
            parsed[value] = parse(value)
        except ValueError as error:
            errors[value] = str(error)
    parsed_column = values.replace_strict(parsed, default=None, return_dtype=dtype)
    error_column = values.replace_strict(errors, default=None, return_dtype=pl.Utf8)
    return parsed_column, error_column


def parse_date_column(column: pl.Series) -> tuple[pl.Series, pl.Series]:
    """(dates, errors): ISO dates parsed by polars, French and other forms by `parse_date`.

    A null cell gives a null date and no error (callers report missing values themselves).
    """
    if column.dtype == pl.Date:
        return column, pl.Series(column.name, [None] * len(column), dtype=pl.Utf8)
    if isinstance(column.dtype, pl.Datetime):
        return column.dt.date(), pl.Series(column.name, [None] * len(column), dtype=pl.Utf8)
    text = blank_to_null(column)
    iso = text.str.to_date("%Y-%m-%d", strict=False)
    pending = text.set(iso.is_not_null(), None)
    fallback, errors = _map_distinct(pending, _parse_date_text, pl.Date())
    return iso.fill_null(fallback), errors


def _parse_date_text(text: str) -> object:
    try:
        return parse_date(text)
    except DateParseError as error:
        raise ValueError(str(error)) from None


def parse_kind_column(column: pl.Series) -> tuple[pl.Series, pl.Series]:
    """(kinds, errors): report kinds normalised to `ReportKind` values."""
    return _map_distinct(blank_to_null(column), _parse_kind_text, pl.Utf8())


def _parse_kind_text(text: str) -> str:
    return parse_report_kind(text).value
