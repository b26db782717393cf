"""Rows that could not be ingested, and what to do about them.

A `Reject` names the file, the line (or row, or Bundle entry), the report id when known, the
reason and a hint. Under `on_error="fail"` the first one (in input order) is raised as an
`InputError`; under `on_error="skip"` they are all returned and can be written to a CSV.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from graphbuilder.core.errors import InputError, located

# How a position in an input file is counted: text lines (CSV, JSONL, NDJSON, manifests),
# 1-based data rows (Parquet) or 1-based entries of a FHIR Bundle.
PositionUnit = Literal["line", "row", "entry"]

REJECT_COLUMNS: tuple[str, ...] = ("file", "line", "report_id", "reason", "hint")


def describe_position(file: str, line: int | None, unit: PositionUnit = "line") -> str:
    """`reports.csv:7`, `reports.parquet#row 12`, `bundle.json#entry 3`, or just the file."""
    if line is None:
        return file
    if unit == "line":
        return f"{file}:{line}"
    return f"{file}#{unit} {line}"


@dataclass(frozen=True)
class Reject:
    """One input row that was not ingested.

    `line` is a text line number for CSV/JSONL/NDJSON inputs, a 1-based row for Parquet and a
    1-based entry for a FHIR Bundle (see `unit`); None when the problem concerns the whole file.
    """

    file: str
    line: int | None
    report_id: str | None
    reason: str
    hint: str
    unit: PositionUnit = "line"

    @property
    def location(self) -> str:
        return describe_position(self.file, self.line, self.unit)

    def message(self) -> str:
        """The one-line error text raised under `on_error="fail"`."""
        return located(self.reason, file=self.location, report_id=self.report_id, hint=self.hint)

    def to_error(self) -> InputError:
        return InputError(self.message())


def in_input_order(rejects: Iterable[Reject]) -> tuple[Reject, ...]:
    """Rejects sorted as their rows appear in the input (whole-file problems first)."""
    return tuple(sorted(rejects, key=lambda reject: -1 if reject.line is None else reject.line))


def raise_first(rejects: Sequence[Reject]) -> None:
    """Raise the earliest reject as an InputError, if there is any."""
    if rejects:
        raise in_input_order(rejects)[0].to_error()


def write_rejects(rejects: Iterable[Reject], path: Path) -> Path:
    """Write rejects as a UTF-8 CSV with columns file, line, report_id, reason, hint."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(REJECT_COLUMNS)
        for reject in rejects:
            line = "" if reject.line is None else reject.line
            report_id = "" if reject.report_id is None else reject.report_id
            writer.writerow([reject.file, line, report_id, reject.reason, reject.hint])
    return path
