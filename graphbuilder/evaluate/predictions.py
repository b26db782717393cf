"""Read the longitudinal predictions to score: RECIST timepoints, best responses, conflicts.

Each is a CSV file (header row), a JSON array of objects (or an object holding that array
under the file's kind: "timepoints", "patients", "conflicts") or JSON lines. Columns:

- timepoints: patient_id, date, overall_response, optional line_start
  (`graphbuilder recist`'s timepoints.csv / timepoints.json as they are);
- best responses: patient_id, best_overall_response, optional line_start
  (`graphbuilder recist`'s patients.csv / patients.json as they are);
- conflicts: rule (or rule_id), patient_id, report_ids (a JSON list, or ids separated by
  spaces, commas, semicolons or '|').

Responses are RECIST 1.1 or iRECIST categories as the engine writes them (CR, PR, SD,
non-CR/non-PD, PD, NE, none, iCR, ... iCPD), case-insensitive.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from graphbuilder.core.dates import DateParseError, coerce_date
from graphbuilder.core.errors import InputError, located
from graphbuilder.rules.recist import Response

_RESPONSES = {response.value.lower(): response for response in Response}


@dataclass(frozen=True)
class PredictedTimepoint:
    patient_id: str
    date: dt.date
    response: Response
    line_start: dt.date | None


@dataclass(frozen=True)
class PredictedBest:
    patient_id: str
    response: Response
    line_start: dt.date | None


@dataclass(frozen=True)
class PredictedConflict:
    rule: str
    patient_id: str
    report_ids: frozenset[str]


class _BadRow(ValueError):
    pass


Row = tuple[str, dict[str, Any]]
"""Where a row is ("line 4", "item 2") and its cells."""


def read_timepoints(path: Path) -> list[PredictedTimepoint]:
    return [_parse(path, where, row, _timepoint) for where, row in _rows(path, "timepoints")]


def read_best_responses(path: Path) -> list[PredictedBest]:
    return [_parse(path, where, row, _best) for where, row in _rows(path, "patients")]


def read_conflicts(path: Path) -> list[PredictedConflict]:
    return [_parse(path, where, row, _conflict) for where, row in _rows(path, "conflicts")]


def _parse(path: Path, where: str, row: dict[str, Any], build: Any) -> Any:
    try:
        return build(row)
    except (_BadRow, DateParseError) as error:
        raise InputError(located(f"{where}: {error}", file=str(path))) from None


def _timepoint(row: dict[str, Any]) -> PredictedTimepoint:
    return PredictedTimepoint(
        _text(row, "patient_id"),
        coerce_date(_text(row, "date")),
        _response(row, "overall_response"),
        _optional_date(row, "line_start"),
    )


def _best(row: dict[str, Any]) -> PredictedBest:
    return PredictedBest(
        _text(row, "patient_id"),
        _response(row, "best_overall_response"),
        _optional_date(row, "line_start"),
    )


def _conflict(row: dict[str, Any]) -> PredictedConflict:
    rule = row.get("rule") or row.get("rule_id")
    if not isinstance(rule, str) or not rule.strip():
        raise _BadRow("column 'rule' (or 'rule_id') is missing or empty")
    ids = row.get("report_ids") or []
    if isinstance(ids, str):
        ids = [part for part in re.split(r"[\s,;|]+", ids) if part]
    if not isinstance(ids, list):
        raise _BadRow("report_ids must be a list or a separated string")
    return PredictedConflict(rule.strip(), _text(row, "patient_id"), frozenset(map(str, ids)))


def _text(row: dict[str, Any], column: str) -> str:
    value = row.get(column)
    if value is None or not str(value).strip():
        raise _BadRow(f"column {column!r} is missing or empty")
    return str(value).strip()


def _optional_date(row: dict[str, Any], column: str) -> dt.date | None:
    value = row.get(column)
    return None if value is None or not str(value).strip() else coerce_date(str(value).strip())


def _response(row: dict[str, Any], column: str) -> Response:
    text = _text(row, column)
    try:
        return _RESPONSES[text.lower()]
    except KeyError:
        accepted = ", ".join(response.value for response in Response)
        raise _BadRow(f"{column} {text!r} is not a RECIST category ({accepted})") from None


def _rows(path: Path, kind: str) -> Iterator[Row]:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise InputError(
            located(f"cannot read {kind} file: {error.strerror}", file=str(path))
        ) from None
    if path.suffix.lower() == ".csv":
        reader = csv.DictReader(text.splitlines())
        for index, row in enumerate(reader):
            yield f"line {index + 2}", dict(row)
        return
    yield from _json_rows(path, text, kind)


def _json_rows(path: Path, text: str, kind: str) -> Iterator[Row]:
    stripped = text.strip()
    if path.suffix.lower() == ".jsonl" or (stripped and stripped[0] == "{" and "\n{" in stripped):
        items = [(f"line {n}", _load(path, line, n)) for n, line in _lines(text)]
    else:
        data = _load(path, text, None)
        if isinstance(data, dict):
            data = data.get(kind)
        if not isinstance(data, list):
            raise InputError(
                located(
                    f"expected a JSON array of {kind} rows (or {{{kind!r}: [...]}})",
                    file=str(path),
                )
            )
        items = [(f"item {n}", item) for n, item in enumerate(data, start=1)]
    for where, item in items:
        if not isinstance(item, dict):
            raise InputError(located(f"{where}: not a JSON object", file=str(path)))
        yield where, item


def _lines(text: str) -> Iterator[tuple[int, str]]:
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip():
            yield number, line


def _load(path: Path, text: str, line: int | None) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise InputError(
            located(f"not valid JSON ({error.msg})", file=str(path), line=line)
        ) from None
