"""Read the plain tables of `graphbuilder recist` (CSV or Parquet) into engine inputs.

Every cell is checked once here; a bad one raises InputError naming the file, the line (CSV) or
row (Parquet), the column, the value and what is accepted. Polars reads the file; each column is
then converted in Python, each distinct value once (dates, statuses and sizes repeat), and the
columns are zipped into the engine's small dataclasses.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

import polars as pl

from graphbuilder.core.dates import DateParseError, coerce_date
from graphbuilder.core.errors import InputError, located
from graphbuilder.rules.recist.model import (
    NON_TARGET_RESPONSES,
    DatedResponse,
    LesionObservation,
    LesionStatus,
    NewLesions,
    Response,
    TimepointAssessment,
)

T = TypeVar("T")

MEASUREMENT_COLUMNS = (
    "patient_id",
    "date",
    "lesion_id",
    "organ",
    "nodal",
    "long_axis_mm",
    "short_axis_mm",
    "status",
)
TIMEPOINT_COLUMNS = ("patient_id", "date", "non_target", "new_lesions")
START_COLUMNS = ("patient_id", "start_date")
RESPONSE_COLUMNS = ("patient_id", "date", "response")

_TRUE = frozenset({"true", "t", "yes", "y", "1", "oui", "o", "vrai"})
_FALSE = frozenset({"false", "f", "no", "n", "0", "non", "faux"})
_RESPONSES = {response.value.lower(): response for response in Response}


@dataclass(frozen=True, slots=True)
class _Cell:
    """Where a value comes from, to say so when it is wrong."""

    path: Path
    row: int
    column: str

    def error(self, problem: str, hint: str | None = None) -> InputError:
        if self.path.suffix.lower() == ".csv":  # header is line 1
            where = located(
                f"column {self.column!r}: {problem}",
                file=str(self.path),
                line=self.row + 2,
                hint=hint,
            )
        else:
            where = located(
                f"row {self.row + 1}, column {self.column!r}: {problem}",
                file=str(self.path),
                hint=hint,
            )
        return InputError(where)


def read_table(path: Path, required: tuple[str, ...]) -> pl.DataFrame:
    """Load a CSV (every column as text) or Parquet file and check its columns."""
    suffix = path.suffix.lower()
    if not path.is_file():
        raise InputError(located("file not found", file=str(path)))
    try:
        if suffix == ".csv":
            frame = pl.read_csv(path, infer_schema=False)
        elif suffix in (".parquet", ".pq"):
            frame = pl.read_parquet(path)
        else:
            raise InputError(
                located(
                    f"unsupported file type {suffix!r}",
                    file=str(path),
                    hint="give a .csv or .parquet file",
                )
            )
    except (pl.exceptions.PolarsError, OSError) as error:
        message = str(error).splitlines()[0]
        raise InputError(located(f"cannot be read: {message}", file=str(path))) from None
    frame = frame.rename({name: name.strip().lower() for name in frame.columns})
    missing = [column for column in required if column not in frame.columns]
    if missing:
        raise InputError(
            located(
                f"missing column(s) {', '.join(missing)}",
                file=str(path),
                hint=f"found {', '.join(frame.columns) or 'no columns'}; "
                f"expected {', '.join(required)}",
            )
        )
    return frame


def _column(
    path: Path, frame: pl.DataFrame, name: str, convert: Callable[[Any, _Cell], T]
) -> list[T]:
    """Convert one column, each distinct value once (dates, statuses and sizes repeat a lot);
    a bad value is reported at the first row holding it."""
    converted: list[T] = []
    seen: dict[object, T] = {}
    for row, value in enumerate(frame.get_column(name).to_list()):
        try:
            converted.append(seen[value])
        except KeyError:
            seen[value] = result = convert(value, _Cell(path, row, name))
            converted.append(result)
    return converted


def _optional(value: object, _: _Cell) -> str | None:
    return None if _blank(value) else str(value).strip()


def _blank(value: object) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and not value.strip()


def _text(value: object, cell: _Cell) -> str:
    if _blank(value):
        raise cell.error("is empty")
    return str(value).strip()


def _date(value: object, cell: _Cell) -> dt.date:
    if _blank(value):
        raise cell.error("is empty", hint="give a date such as 2024-03-12")
    try:
        return coerce_date(value.strip() if isinstance(value, str) else value)
    except DateParseError as error:
        raise cell.error(str(error)) from None


def _millimetres(value: object, cell: _Cell) -> float | Decimal | None:
    if _blank(value):
        return None
    if isinstance(value, bool):
        raise cell.error(f"{value!r} is not a size in mm")
    if isinstance(value, int | float):
        number: float | Decimal = float(value)
    else:
        try:
            number = Decimal(str(value).strip().replace(",", "."))
        except InvalidOperation:
            raise cell.error(f"{value!r} is not a size in mm", hint="write 12.5 or 12,5") from None
        if not number.is_finite():
            raise cell.error(f"{value!r} is not a size in mm")
    if number < 0:
        raise cell.error(f"{value!r} is negative")
    return number


def _flag(value: object, cell: _Cell) -> bool | None:
    if _blank(value):
        return None
    if isinstance(value, bool):
        return value
    key = str(value).strip().lower()
    if key in _TRUE:
        return True
    if key in _FALSE:
        return False
    raise cell.error(f"{value!r} is not true or false", hint="write true/false, yes/no or 1/0")


def _choice(
    value: object, cell: _Cell, accepted: Mapping[str, T], normalise: Callable[[str], str]
) -> T | None:
    if _blank(value):
        return None
    found = accepted.get(normalise(str(value)))
    if found is None:
        names = ", ".join(sorted({str(v) for v in accepted.values()}))
        raise cell.error(f"{value!r} is not one of {names}")
    return found


def _status_key(text: str) -> str:
    return "_".join(text.strip().lower().replace("-", " ").split())


def _response_key(text: str) -> str:
    return "".join(text.strip().lower().split())


_STATUSES = {status.value: status for status in LesionStatus}
_NEW_LESIONS = {value.value: value for value in NewLesions}
_NON_TARGET = {r.value.lower(): r for r in NON_TARGET_RESPONSES}


def _required(convert: Callable[[Any, _Cell], T | None], hint: str) -> Callable[[Any, _Cell], T]:
    def checked(value: object, cell: _Cell) -> T:
        result = convert(value, cell)
        if result is None:
            raise cell.error("is empty", hint=hint)
        return result

    return checked


def read_measurements(path: Path) -> dict[str, list[LesionObservation]]:
    """Lesion observations per patient."""
    frame = read_table(path, MEASUREMENT_COLUMNS)
    rows = frame.height
    status = partial(_choice, accepted=_STATUSES, normalise=_status_key)
    statuses = _column(
        path, frame, "status", _required(status, "write present, absent, too_small or not_assessed")
    )
    targets: list[bool | None] = (
        _column(path, frame, "target", _flag) if "target" in frame.columns else [None] * rows
    )
    merged: list[str | None] = (
        _column(path, frame, "merged_into", _optional)
        if "merged_into" in frame.columns
        else [None] * rows
    )
    columns = zip(
        _column(path, frame, "patient_id", _text),
        _column(path, frame, "lesion_id", _text),
        _column(path, frame, "date", _date),
        _column(path, frame, "organ", _text),
        _column(path, frame, "nodal", _flag),
        statuses,
        _column(path, frame, "long_axis_mm", _millimetres),
        _column(path, frame, "short_axis_mm", _millimetres),
        targets,
        merged,
        strict=True,
    )
    patients: dict[str, list[LesionObservation]] = {}
    for (
        patient,
        lesion_id,
        date,
        organ,
        nodal,
        state,
        long_axis,
        short_axis,
        target,
        into,
    ) in columns:
        observation = LesionObservation(
            lesion_id, date, organ, bool(nodal), state, long_axis, short_axis, target, into
        )
        patients.setdefault(patient, []).append(observation)
    return patients


def read_timepoints(path: Path) -> dict[str, list[TimepointAssessment]]:
    """The reader's non-target and new-lesion calls per patient (one row per exam)."""
    frame = read_table(path, TIMEPOINT_COLUMNS)
    non_target = partial(_choice, accepted=_NON_TARGET, normalise=_response_key)
    new_lesions = partial(_choice, accepted=_NEW_LESIONS, normalise=_status_key)
    patients: dict[str, list[TimepointAssessment]] = {}
    seen: set[tuple[str, dt.date]] = set()
    rows = zip(
        _column(path, frame, "patient_id", _text),
        _column(path, frame, "date", _date),
        _column(path, frame, "non_target", non_target),
        _column(path, frame, "new_lesions", new_lesions),
        strict=True,
    )
    for row, (patient, date, call, new) in enumerate(rows):
        if (patient, date) in seen:
            raise _Cell(path, row, "date").error(f"patient {patient!r} has two rows for {date}")
        seen.add((patient, date))
        patients.setdefault(patient, []).append(TimepointAssessment(date, call, new))
    return patients


def read_starts(path: Path) -> dict[str, list[dt.date]]:
    """Treatment line start dates per patient, sorted, without duplicates."""
    frame = read_table(path, START_COLUMNS)
    patients: dict[str, set[dt.date]] = {}
    for patient, start in zip(
        _column(path, frame, "patient_id", _text),
        _column(path, frame, "start_date", _date),
        strict=True,
    ):
        patients.setdefault(patient, set()).add(start)
    return {patient: sorted(dates) for patient, dates in patients.items()}


def read_responses(path: Path) -> dict[str, list[DatedResponse]]:
    """Already assessed overall timepoint responses per patient."""
    frame = read_table(path, RESPONSE_COLUMNS)
    accepted = {key.replace(" ", ""): value for key, value in _RESPONSES.items()}
    accepted.pop("none")
    response = partial(_choice, accepted=accepted, normalise=_response_key)
    hint = "write CR, PR, SD, PD, NE or non-CR/non-PD"
    patients: dict[str, list[DatedResponse]] = {}
    for patient, date, value in zip(
        _column(path, frame, "patient_id", _text),
        _column(path, frame, "date", _date),
        _column(path, frame, "response", _required(response, hint)),
        strict=True,
    ):
        patients.setdefault(patient, []).append(DatedResponse(date, value))
    return patients
