"""Turn a reader's raw rows into corpus rows, or into rejects saying what is wrong.

The checks run as polars expressions over the whole table; Python only touches the distinct
dates and kinds polars cannot parse, the SHA-256 of each text, and the rows that are bad.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import polars as pl

from graphbuilder.ingest.columns import blank_to_null, parse_date_column, parse_kind_column
from graphbuilder.ingest.corpus import CORPUS_COLUMNS, CORPUS_SCHEMA, CORPUS_SORT_KEY
from graphbuilder.ingest.raw import RawReports
from graphbuilder.ingest.rejects import Reject, describe_position

_DATE_HINT = "dates are read day first: write 2024-03-12, 12/03/2024 or 12 mars 2024"
_KIND_HINT = "use one of the accepted kinds (French names such as radiologie, anapath, rcp work)"

# problem code → (reason when the row gives none, hint)
_PROBLEMS: dict[str, tuple[str, str]] = {
    "patient_id": ("missing patient_id", "every report needs a patient_id"),
    "report_id": ("missing report_id", "every report needs a report_id, unique per patient"),
    "date_missing": ("missing date", _DATE_HINT),
    "date": ("invalid date", _DATE_HINT),
    "kind_missing": ("missing report kind", _KIND_HINT),
    "kind": ("unknown report kind", _KIND_HINT),
    "text": ("empty text", "the report has no text: fix its text or remove the row"),
}


@dataclass(frozen=True)
class ValidatedReports:
    corpus: pl.DataFrame
    rejects: tuple[Reject, ...]
    duplicates_dropped: int


def validate_reports(raw: RawReports) -> ValidatedReports:
    """Check every row, drop exact duplicates, and return the sorted corpus table."""
    checked = _check_rows(raw.frame)
    bad = checked.filter(pl.col("problem").is_not_null())
    good = checked.filter(pl.col("problem").is_null()).drop("problem", "problem_detail")
    rejects = [*raw.rejects, *_row_rejects(bad, raw)]
    good = good.with_columns(sha256=_sha256_column(good["text"]))
    kept, conflicts, duplicates = _split_duplicates(good)
    rejects.extend(_conflict_rejects(conflicts, raw))
    corpus = (
        kept.with_columns(source=_source_expression(raw))
        .select(CORPUS_COLUMNS)
        .cast(dict(CORPUS_SCHEMA.items()))
        .sort(CORPUS_SORT_KEY)
    )
    return ValidatedReports(corpus, tuple(rejects), duplicates)


def _check_rows(frame: pl.DataFrame) -> pl.DataFrame:
    dates, date_errors = parse_date_column(frame["date"])
    kinds, kind_errors = parse_kind_column(frame["kind"])
    text = frame["text"].str.strip_prefix("\ufeff").str.replace_all("\r\n", "\n", literal=True)
    checked = frame.with_columns(
        patient_id=blank_to_null(frame["patient_id"]),
        report_id=blank_to_null(frame["report_id"]),
        raw_date=frame["date"],
        date=dates,
        date_error=date_errors,
        kind=kinds,
        kind_error=kind_errors,
        raw_kind=blank_to_null(frame["kind"]),
        text=text,
    )
    problem = (
        pl.when(pl.col("patient_id").is_null())
        .then(pl.lit("patient_id"))
        .when(pl.col("report_id").is_null())
        .then(pl.lit("report_id"))
        .when(pl.col("date_error").is_not_null())
        .then(pl.lit("date"))
        .when(pl.col("date").is_null())
        .then(pl.lit("date_missing"))
        .when(pl.col("kind_error").is_not_null())
        .then(pl.lit("kind"))
        .when(pl.col("raw_kind").is_null())
        .then(pl.lit("kind_missing"))
        .when(pl.col("text").is_null() | ~pl.col("text").str.contains(r"\S"))
        .then(pl.lit("text"))
    )
    detail = pl.coalesce("date_error", "kind_error")
    return checked.with_columns(problem=problem, problem_detail=detail).drop(
        "raw_date", "date_error", "kind_error", "raw_kind"
    )


def _row_rejects(bad: pl.DataFrame, raw: RawReports) -> list[Reject]:
    rejects = []
    for line, report_id, code, detail in bad.select(
        "line", "report_id", "problem", "problem_detail"
    ).iter_rows():
        reason, hint = _PROBLEMS[code]
        if code == "date":
            reason = f"{reason}: {detail}"
        elif code == "kind":
            reason = detail  # "unknown report kind 'x' (accepted: ...)"
        rejects.append(Reject(raw.file, line, report_id, reason, hint, raw.unit))
    return rejects


def _sha256_column(text: pl.Series) -> pl.Series:
    sha256 = hashlib.sha256
    return pl.Series(
        "sha256", [sha256(value.encode("utf-8")).hexdigest() for value in text], dtype=pl.Utf8
    )


def _split_duplicates(good: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame, int]:
    """(first occurrences, rows whose text differs from the first, exact duplicate count)."""
    keys = ["patient_id", "report_id"]
    # Marks are computed on the narrow key columns so the texts are copied only once.
    marks = good.select(
        *keys,
        "line",
        first_line=pl.col("line").first().over(keys),
        is_first=pl.int_range(pl.len()).over(keys) == 0,
        differs=pl.col("sha256") != pl.col("sha256").first().over(keys),
    )
    if marks["is_first"].all():
        return good, marks.clear(), 0
    kept = good.filter(marks["is_first"])
    conflicts = marks.filter("differs")
    duplicates = good.height - kept.height - conflicts.height
    return kept, conflicts, duplicates


def _conflict_rejects(conflicts: pl.DataFrame, raw: RawReports) -> list[Reject]:
    rejects = []
    for line, patient_id, report_id, first_line in conflicts.select(
        "line", "patient_id", "report_id", "first_line"
    ).iter_rows():
        first = describe_position(raw.file, first_line, raw.unit)
        rejects.append(
            Reject(
                raw.file,
                line,
                report_id,
                f"duplicate report id for patient {patient_id!r} with a different text "
                f"than at {first}",
                "give each report its own report_id, or keep only the right version",
                raw.unit,
            )
        )
    return rejects


def _source_expression(raw: RawReports) -> pl.Expr:
    if raw.unit == "line":
        located = pl.format("{}:{}", pl.lit(raw.file), pl.col("line"))
    else:
        located = pl.format("{}#{} {}", pl.lit(raw.file), pl.lit(raw.unit), pl.col("line"))
    return pl.when(pl.col("line").is_null()).then(pl.lit(raw.file)).otherwise(located)
