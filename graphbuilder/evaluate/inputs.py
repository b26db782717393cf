"""Read a JSONL file of `ReportExtraction` (gold or prediction), one report per line."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from graphbuilder.core.errors import InputError, located
from graphbuilder.extract.model import ReportExtraction


@dataclass
class ExtractionFile:
    """The reports of one file by id (first occurrence kept) and the ids seen again."""

    path: Path
    reports: dict[str, ReportExtraction] = field(default_factory=dict)
    duplicate_ids: list[str] = field(default_factory=list)


def read_extractions(path: Path) -> ExtractionFile:
    """Every line validated; a bad line raises InputError naming file and line."""
    result = ExtractionFile(path)
    try:
        handle = path.open(encoding="utf-8")
    except OSError as error:
        raise InputError(
            located(f"cannot read extraction file: {error.strerror}", file=str(path))
        ) from None
    with handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            report = _parse_line(line, path, number)
            if report.report_id in result.reports:
                result.duplicate_ids.append(report.report_id)
            else:
                result.reports[report.report_id] = report
    return result


def _parse_line(line: str, path: Path, number: int) -> ReportExtraction:
    try:
        return ReportExtraction.model_validate_json(line)
    except ValidationError as error:
        first = error.errors()[0]
        if first["type"] == "json_invalid":
            raise InputError(
                located(
                    f"not valid JSON ({first['msg']})",
                    file=str(path),
                    line=number,
                    hint="each line must be one ReportExtraction object",
                )
            ) from None
        where = ".".join(str(part) for part in first["loc"]) or "(top level)"
        more = error.error_count() - 1
        raise InputError(
            located(
                f"not a ReportExtraction: {where}: {first['msg']}"
                + (f" (and {more} more problem(s))" if more else ""),
                file=str(path),
                line=number,
                report_id=_report_id(line),
                hint="the expected shape is schemas/report_extraction.schema.json",
            )
        ) from None


def _report_id(line: str) -> str | None:
    """The report id of a line that failed validation, to name it in the error."""
    try:
        data = json.loads(line)
    except json.JSONDecodeError:
        return None
    report_id = data.get("report_id") if isinstance(data, dict) else None
    return report_id if isinstance(report_id, str) else None
