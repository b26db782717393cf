"""Everything one evaluation measured, as JSON and as a per-field CSV (deterministic order)."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graphbuilder.core.errors import ExportError, located
from graphbuilder.evaluate.conflicts import ConflictScores
from graphbuilder.evaluate.extraction import SECTIONS, ExtractionScores
from graphbuilder.evaluate.recist_agreement import RecistAgreement
from graphbuilder.evaluate.scores import SLOT_CONVENTION, FieldScore, pooled

ALL_FIELDS = "all fields (micro)"
OVERALL = "overall"
_LISTED_IDS = 20  # report ids listed in the JSON per category; the count is always complete
CSV_COLUMNS = (
    "section",
    "field",
    "kind",
    "support",
    "predicted",
    "tp",
    "fp",
    "fn",
    "precision",
    "recall",
    "f1",
    "accuracy",
    "evidence_overlap",
    "evidence_checked",
)


@dataclass
class Evaluation:
    gold: Path
    predicted: Path
    extraction: ExtractionScores
    gold_duplicates: list[str] = field(default_factory=list)
    predicted_duplicates: list[str] = field(default_factory=list)
    recist: RecistAgreement | None = None
    conflicts: ConflictScores | None = None

    def field_rows(self) -> list[FieldScore]:
        return self.extraction.rows()

    def summary_rows(self) -> list[FieldScore]:
        """Per section, then overall, the micro-average of the field rows."""
        rows = self.field_rows()
        summaries = [
            pooled(section, ALL_FIELDS, [row for row in rows if row.section == section])
            for section in SECTIONS
        ]
        return [*summaries, pooled(OVERALL, ALL_FIELDS, rows)]

    def reports(self) -> dict[str, Any]:
        scores = self.extraction
        return {
            "gold": scores.reports_scored,
            "missing_in_prediction": len(scores.missing_in_prediction),
            "missing_in_prediction_ids": scores.missing_in_prediction[:_LISTED_IDS],
            "ignored_prediction_not_in_gold": len(scores.extra_in_prediction),
            "ignored_prediction_ids": scores.extra_in_prediction[:_LISTED_IDS],
            "duplicate_ids_in_gold": sorted(set(self.gold_duplicates)),
            "duplicate_ids_in_prediction": sorted(set(self.predicted_duplicates)),
        }

    def as_dict(self) -> dict[str, Any]:
        return {
            "gold": str(self.gold),
            "prediction": str(self.predicted),
            "convention": SLOT_CONVENTION,
            "reports": self.reports(),
            "fields": [row.as_row() for row in self.field_rows()],
            "sections": [row.as_row() for row in self.summary_rows()],
            "stated_evolution": self.extraction.evolution.as_dict(),
            "recist": self.recist.as_dict() if self.recist else None,
            "conflicts": self.conflicts.as_dict() if self.conflicts else None,
        }


def write_json(evaluation: Evaluation, path: Path) -> None:
    text = json.dumps(evaluation.as_dict(), indent=2, ensure_ascii=False) + "\n"
    _write(path, text)


def write_field_csv(evaluation: Evaluation, path: Path) -> None:
    """One row per field, then the section and overall micro-averages."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for row in (*evaluation.field_rows(), *evaluation.summary_rows()):
        writer.writerow({k: "" if v is None else v for k, v in row.as_row().items()})
    _write(path, buffer.getvalue())


def _write(path: Path, text: str) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    except OSError as error:
        raise ExportError(located(f"cannot write: {error.strerror}", file=str(path))) from None
