"""The optional structured events file: treatments given, diagnoses, deaths (CSV or Parquet).

Columns: patient_id, event (treatment | diagnosis | death; French names accepted), start_date
(the event's date) and optionally name (regimen, drug or diagnosis; may be empty for a death),
category (treatments only), end_date and line (treatments only; 1 = first line). Dates in ISO
or French forms. Whether dates make sense together (an end before its start, a treatment after
death) is left to the rule passes, which report it as a conflict.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polars as pl

from graphbuilder.core.dates import DateParseError, coerce_date, strip_accents
from graphbuilder.core.errors import InputError, located
from graphbuilder.ingest.options import OnError
from graphbuilder.ingest.raw import require_columns
from graphbuilder.ingest.readers.delimited import read_delimited
from graphbuilder.ingest.readers.table import PARQUET_SUFFIXES
from graphbuilder.ingest.rejects import PositionUnit, Reject, describe_position, in_input_order

EVENT_KINDS: tuple[str, ...] = ("treatment", "diagnosis", "death")
TREATMENT_CATEGORIES: tuple[str, ...] = (
    "chemotherapy",
    "targeted",
    "immunotherapy",
    "hormone_therapy",
    "surgery",
    "radiotherapy",
    "other",
)
EVENTS_SCHEMA: pl.Schema = pl.Schema(
    {
        "patient_id": pl.Utf8,
        "event": pl.Utf8,
        "name": pl.Utf8,
        "category": pl.Utf8,
        "start_date": pl.Date,
        "end_date": pl.Date,
        "line": pl.Int64,
        "source": pl.Utf8,
    }
)
REQUIRED_COLUMNS: tuple[str, ...] = ("patient_id", "event", "start_date")
OPTIONAL_COLUMNS: tuple[str, ...] = ("name", "category", "end_date", "line")

# Keys compared lower-case, without accents, with "-" and "_" read as spaces.
_EVENT_ALIASES: dict[str, str] = {
    **{kind: kind for kind in EVENT_KINDS},
    "traitement": "treatment",
    "diagnostic": "diagnosis",
    "deces": "death",
}
_CATEGORY_ALIASES: dict[str, str] = {
    **{category.replace("_", " "): category for category in TREATMENT_CATEGORIES},
    "chimiotherapie": "chemotherapy",
    "chimio": "chemotherapy",
    "targeted therapy": "targeted",
    "therapie ciblee": "targeted",
    "ciblee": "targeted",
    "immunotherapie": "immunotherapy",
    "hormonotherapie": "hormone_therapy",
    "endocrine therapy": "hormone_therapy",
    "chirurgie": "surgery",
    "radiotherapie": "radiotherapy",
    "autre": "other",
}
_HINTS = {
    "event": f"event is one of {', '.join(EVENT_KINDS)} (French names work too)",
    "category": f"category is one of {', '.join(TREATMENT_CATEGORIES)}, for treatments only",
    "date": "dates are read day first: write 2024-03-12, 12/03/2024 or 12 mars 2024",
    "line": "line is the treatment line number (1 = first line), for treatments only",
    "value": "fill in the value or remove the row",
    "utf8": "re-save the file as UTF-8 (for example iconv -f WINDOWS-1252 -t UTF-8)",
}


Row = dict[str, Any]


class _RowProblem(ValueError):
    def __init__(self, reason: str, hint_key: str) -> None:
        super().__init__(reason)
        self.hint = _HINTS[hint_key]


@dataclass(frozen=True)
class EventsResult:
    events: pl.DataFrame  # EVENTS_SCHEMA, sorted by patient_id then start_date
    rejects: tuple[Reject, ...]


def read_events(path: Path) -> pl.DataFrame:
    """The events table (EVENTS_SCHEMA); the first bad row raises InputError."""
    return load_events(path, on_error="fail").events


def load_events(path: Path, *, on_error: OnError = "fail") -> EventsResult:
    """Events and, under on_error="skip", the rows that could not be read."""
    file = str(path)
    if not path.is_file():
        raise InputError(located("events file not found", file=file, hint="check the path"))
    rows, unit = _read_rows(path, file)
    events: list[Row] = []
    rejects: list[Reject] = []
    for position, row in rows:
        try:
            events.append({**_event(row), "source": describe_position(file, position, unit)})
        except _RowProblem as problem:
            reject = Reject(file, position, None, str(problem), problem.hint, unit)
            if on_error == "fail":
                raise reject.to_error() from None
            rejects.append(reject)
    frame = pl.DataFrame(events, schema=EVENTS_SCHEMA, orient="row")
    frame = frame.sort("patient_id", "start_date", maintain_order=True)
    return EventsResult(frame, in_input_order(rejects))


def _read_rows(path: Path, file: str) -> tuple[Iterator[tuple[int, Row | None]], PositionUnit]:
    """(position, row) pairs; the row is None when its bytes were not UTF-8."""
    hint = (
        f"an events file needs columns {', '.join(REQUIRED_COLUMNS)}; "
        f"{', '.join(OPTIONAL_COLUMNS)} are optional"
    )
    if path.suffix.lower() in PARQUET_SUFFIXES:
        try:
            frame = pl.read_parquet(path)
        except (pl.exceptions.ComputeError, OSError) as error:
            raise InputError(located(f"cannot read Parquet ({error})", file=file)) from None
        require_columns(frame.columns, REQUIRED_COLUMNS, file=file, hint=hint)
        return enumerate(frame.iter_rows(named=True), 1), "row"
    table = read_delimited(path, file=file)
    require_columns(table.frame.columns, REQUIRED_COLUMNS, file=file, hint=hint)
    rows = (
        (line, None if undecodable else row)
        for line, row, undecodable in zip(
            table.lines, table.frame.iter_rows(named=True), table.undecodable, strict=True
        )
    )
    return rows, "line"


def _event(row: Row | None) -> Row:
    if row is None:
        raise _RowProblem("the row is not valid UTF-8", "utf8")
    patient_id = _text(row.get("patient_id"))
    if patient_id is None:
        raise _RowProblem("missing patient_id", "value")
    event = _lookup(row.get("event"), _EVENT_ALIASES, "event", EVENT_KINDS)
    name = _text(row.get("name"))
    if name is None and event != "death":
        raise _RowProblem(f"missing name (the {event}'s name)", "value")
    category = _lookup(row.get("category"), _CATEGORY_ALIASES, "category", TREATMENT_CATEGORIES)
    line = _treatment_line(row.get("line"))
    if event != "treatment" and (category is not None or line is not None):
        raise _RowProblem(f"category and line are for treatments, not a {event}", "category")
    return {
        "patient_id": patient_id,
        "event": event,
        "name": name,
        "category": category,
        "start_date": _date(row.get("start_date"), "start_date", required=True),
        "end_date": _date(row.get("end_date"), "end_date", required=False),
        "line": line,
    }


def _text(value: object) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def _lookup(value: object, aliases: dict[str, str], what: str, accepted: tuple[str, ...]) -> Any:
    text = _text(value)
    if text is None:
        if what == "event":
            raise _RowProblem("missing event", "event")
        return None
    key = _alias_key(text)
    if key not in aliases:
        raise _RowProblem(f"unknown {what} {text!r} (accepted: {', '.join(accepted)})", what)
    return aliases[key]


@functools.lru_cache(maxsize=4096)  # a file names a handful of kinds and categories
def _alias_key(text: str) -> str:
    return " ".join(strip_accents(text).lower().replace("-", " ").replace("_", " ").split())


def _date(value: object, column: str, *, required: bool) -> Any:
    if _text(value) is None:
        if required:
            raise _RowProblem(f"missing {column}", "date")
        return None
    try:
        return coerce_date(value.strip() if isinstance(value, str) else value)
    except DateParseError as error:
        raise _RowProblem(f"invalid {column}: {error}", "date") from None


def _treatment_line(value: object) -> int | None:
    text = _text(value)
    if text is None:
        return None
    try:
        number = float(text)
    except ValueError:
        number = 0.0
    if number < 1 or not number.is_integer():
        raise _RowProblem(f"line {text!r} is not a whole number from 1", "line")
    return int(number)
