"""The `precomputed` backend: extractions made elsewhere, read from a JSONL file.

Each line is one `ReportExtraction`. Lines are validated against the schema, and every evidence
span must quote the report's text at its offsets: a value whose quote is not in the report is
never stored.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from pathlib import Path

from pydantic import ValidationError

import graphbuilder
from graphbuilder.core.errors import InputError, located, validation_problem
from graphbuilder.extract.backend import BackendInfo, ExtractionOutcome, ReportInput
from graphbuilder.extract.model import ReportExtraction


class PrecomputedBackend:
    name = "precomputed"

    def __init__(self, path: Path) -> None:
        self.path = path
        self._by_report: dict[str, tuple[int, ReportExtraction]] = {}
        self._file_hash = hashlib.sha256()
        self._load()

    def info(self) -> BackendInfo:
        return BackendInfo(
            backend=self.name,
            backend_version=graphbuilder.__version__,
            parameters={"file": self.path.name, "sha256": self._file_hash.hexdigest()},
        )

    def extract(self, reports: Iterable[ReportInput]) -> Iterator[ExtractionOutcome]:
        for report in reports:
            found = self._by_report.get(report.report_id)
            if found is None:
                yield ExtractionOutcome(
                    report.report_id, None, failure=f"no extraction in {self.path.name}"
                )
                continue
            line, extraction = found
            mismatch = evidence_mismatch(extraction, report.text)
            if mismatch is None:
                yield ExtractionOutcome(report.report_id, extraction)
            else:
                yield ExtractionOutcome(
                    report.report_id,
                    None,
                    failure=located(
                        mismatch,
                        file=str(self.path),
                        line=line,
                        report_id=report.report_id,
                        hint="offsets are character offsets into the report text as ingested",
                    ),
                )

    def _load(self) -> None:
        try:
            handle = self.path.open("rb")
        except OSError as error:
            raise InputError(
                located(f"cannot read extractions ({error.strerror})", file=str(self.path))
            ) from None
        with handle:
            for line_number, raw in enumerate(handle, start=1):
                self._file_hash.update(raw)
                if raw.strip():
                    self._add(line_number, raw)

    def _add(self, line_number: int, raw: bytes) -> None:
        try:
            extraction = ReportExtraction.model_validate_json(raw)
        except ValidationError as error:
            raise InputError(
                located(
                    f"not a valid ReportExtraction: {validation_problem(error)}",
                    file=str(self.path),
                    line=line_number,
                    hint="see schemas/report_extraction.schema.json",
                )
            ) from None
        if extraction.report_id in self._by_report:
            raise InputError(
                located(
                    "a second extraction for this report",
                    file=str(self.path),
                    line=line_number,
                    report_id=extraction.report_id,
                    hint="keep one line per report",
                )
            )
        self._by_report[extraction.report_id] = (line_number, extraction)


def evidence_mismatch(extraction: ReportExtraction, text: str) -> str | None:
    """Why the extraction's evidence does not quote the text at its offsets, or None if it does.

    The message gives offsets only: logs never print report text.
    """
    for evidence in extraction.evidences():
        if text[evidence.start : evidence.end] != evidence.text:
            return (
                f"the evidence at {evidence.start}-{evidence.end} "
                f"({len(evidence.text)} characters) does not quote the report text there"
            )
    return None
