"""The bundled example corpus (examples/) as assembly inputs, with its hand-made gold."""

from __future__ import annotations

import csv
import datetime as dt
from collections import defaultdict
from functools import cache
from pathlib import Path
from typing import Any

from graphbuilder.assemble import PatientInput, ReportRecord
from graphbuilder.core.ids import text_sha256
from graphbuilder.extract.model import ReportExtraction

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


@cache
def _gold() -> dict[str, ReportExtraction]:
    with (EXAMPLES / "gold.jsonl").open("rb") as handle:
        extractions = [ReportExtraction.model_validate_json(line) for line in handle]
    return {e.report_id: e for e in extractions}


def _event(row: dict[str, str]) -> dict[str, Any]:
    def day(text: str) -> dt.date | None:
        return dt.date.fromisoformat(text) if text else None

    return {
        **row,
        "start_date": day(row["start_date"]),
        "end_date": day(row["end_date"]),
        "line": int(row["line"]) if row["line"] else None,
        "category": row["category"] or None,
    }


def example_patient(patient_id: str) -> PatientInput:
    reports = []
    with (EXAMPLES / "manifest.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row["patient_id"] != patient_id:
                continue
            text = (EXAMPLES / row["file"]).read_text(encoding="utf-8")
            reports.append(
                ReportRecord(
                    row["report_id"], dt.date.fromisoformat(row["date"]), row["kind"], text,
                    text_sha256(text), row["file"], _gold()[row["report_id"]], "run:gold",
                )
            )  # fmt: skip
    events: dict[str, list[dict[str, Any]]] = defaultdict(list)
    with (EXAMPLES / "treatments.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            events[row["patient_id"]].append(_event(row))
    return PatientInput(patient_id, reports, events[patient_id])
