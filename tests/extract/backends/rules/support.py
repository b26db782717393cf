"""Helpers shared by the rules backend tests: run one report, check grounding, read values."""

from __future__ import annotations

import datetime as dt
from typing import Any

from graphbuilder.core.ids import text_sha256
from graphbuilder.core.vocabulary import ReportKind
from graphbuilder.extract.backend import ExtractionOutcome, ReportInput
from graphbuilder.extract.backends.rules import RulesBackend
from graphbuilder.extract.model import ReportExtraction

REPORT_DATE = dt.date(2024, 6, 1)


def report(
    text: str,
    kind: ReportKind = ReportKind.RADIOLOGY,
    report_id: str = "R1",
    date: dt.date = REPORT_DATE,
) -> ReportInput:
    return ReportInput("P1", report_id, date, kind, text, text_sha256(text))


def assert_grounded(extraction: ReportExtraction, text: str) -> None:
    """Every evidence quotes the report exactly at its offsets: text[start:end] == quote."""
    for evidence in extraction.evidences():
        assert text[evidence.start : evidence.end] == evidence.text, evidence


def run(
    backend: RulesBackend, text: str, kind: ReportKind = ReportKind.RADIOLOGY
) -> ExtractionOutcome:
    """Extract one report; the outcome always has an extraction whose evidence is grounded."""
    (outcome,) = backend.extract([report(text, kind)])
    assert outcome.report_id == "R1"
    assert outcome.extraction is not None
    assert_grounded(outcome.extraction, text)
    return outcome


def shown(field: Any) -> tuple[Any, str] | None:
    """(value, quoted text) of an evidenced field, None when absent; enums as their value."""
    if field is None:
        return None
    value = field.value
    return (getattr(value, "value", value), field.evidence.text)
