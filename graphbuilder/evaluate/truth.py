"""Read the synthetic corpus's per-patient truth (`truth.jsonl`, written by graphbuilder.synth).

Only what the evaluation compares is read, so that the rest of the truth may change freely:

    {"patient_id": "S000001",
     "treatment_lines": [{"line": 1, "start": "2021-03-02", "best_overall_response": "PR",
                          "timepoints": [{"date": "2021-05-10", "report_id": "S000001-R07",
                                          "overall": "PR", ...}, ...], ...}, ...],
     "contradictions": [{"type": "laterality_flip", "report_ids": ["S000001-R11"], ...}], ...}

`line` is null for neoadjuvant, adjuvant and curative treatments; a line without timepoints
has a null best overall response and is not scored. If the truth format changes, this module
is the one place to adjust.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from graphbuilder.core.dates import DateParseError, coerce_date
from graphbuilder.core.errors import InputError, located
from graphbuilder.synth.contradictions import CONTRADICTION_TYPES

__all__ = [
    "CONTRADICTION_TYPES",
    "PatientTruth",
    "TruthContradiction",
    "TruthLine",
    "TruthTimepoint",
    "read_truth",
]


@dataclass(frozen=True)
class TruthTimepoint:
    date: dt.date
    report_id: str | None
    overall: str  # CR | PR | SD | PD | NE


@dataclass(frozen=True)
class TruthLine:
    number: int | None
    start: dt.date
    best_overall_response: str | None
    timepoints: tuple[TruthTimepoint, ...]


@dataclass(frozen=True)
class TruthContradiction:
    type: str
    report_ids: frozenset[str]


@dataclass(frozen=True)
class PatientTruth:
    patient_id: str
    lines: tuple[TruthLine, ...]
    contradictions: tuple[TruthContradiction, ...]


class _BadTruth(ValueError):
    """A value of the truth file that cannot be used; turned into an InputError with its line."""


def read_truth(path: Path) -> dict[str, PatientTruth]:
    """Patients by id; a bad line raises InputError naming file and line."""
    patients: dict[str, PatientTruth] = {}
    try:
        handle = path.open(encoding="utf-8")
    except OSError as error:
        raise InputError(
            located(f"cannot read truth file: {error.strerror}", file=str(path))
        ) from None
    with handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                patient = _patient(json.loads(line))
            except (json.JSONDecodeError, _BadTruth, DateParseError) as error:
                raise InputError(
                    located(
                        f"not a patient truth record: {error}",
                        file=str(path),
                        line=number,
                        hint="expected the truth.jsonl that `graphbuilder synth` writes",
                    )
                ) from None
            patients.setdefault(patient.patient_id, patient)
    return patients


def _patient(record: Any) -> PatientTruth:
    if not isinstance(record, dict) or not isinstance(record.get("patient_id"), str):
        raise _BadTruth("no patient_id")
    return PatientTruth(
        patient_id=record["patient_id"],
        lines=tuple(_line(item) for item in _list(record, "treatment_lines")),
        contradictions=tuple(_contradiction(item) for item in _list(record, "contradictions")),
    )


def _list(record: dict[str, Any], key: str) -> list[Any]:
    value = record.get(key) or []
    if not isinstance(value, list):
        raise _BadTruth(f"{key} is not a list")
    return value


def _line(item: Any) -> TruthLine:
    if not isinstance(item, dict) or "start" not in item:
        raise _BadTruth("a treatment line without a start date")
    return TruthLine(
        number=item.get("line"),
        start=coerce_date(item["start"]),
        best_overall_response=item.get("best_overall_response"),
        timepoints=tuple(_timepoint(point) for point in _list(item, "timepoints")),
    )


def _timepoint(point: Any) -> TruthTimepoint:
    if not isinstance(point, dict) or "date" not in point or not point.get("overall"):
        raise _BadTruth("a timepoint needs a date and an overall response")
    return TruthTimepoint(coerce_date(point["date"]), point.get("report_id"), str(point["overall"]))


def _contradiction(item: Any) -> TruthContradiction:
    if not isinstance(item, dict) or not isinstance(item.get("type"), str):
        raise _BadTruth("a contradiction without a type")
    return TruthContradiction(item["type"], frozenset(item.get("report_ids") or ()))
