"""RECIST 1.1 (and iRECIST) per treatment line, on lesion observations already linked across exams.

The assembly stage calls `assess_line` per patient and line; `best_overall_response` derives the
best response from timepoint responses assessed elsewhere. `tables` reads and writes the plain
CSV/Parquet tables of `graphbuilder recist`.
"""

from __future__ import annotations

from graphbuilder.rules.recist.best_response import best_overall_response
from graphbuilder.rules.recist.engine import assess_line
from graphbuilder.rules.recist.model import (
    BestResponse,
    DatedResponse,
    LesionObservation,
    LesionStatus,
    LineAssessment,
    NewLesions,
    PrPolicy,
    RecistOptions,
    Response,
    TargetLesion,
    TimepointAssessment,
    TimepointResult,
)

__all__ = [
    "BestResponse",
    "DatedResponse",
    "LesionObservation",
    "LesionStatus",
    "LineAssessment",
    "NewLesions",
    "PrPolicy",
    "RecistOptions",
    "Response",
    "TargetLesion",
    "TimepointAssessment",
    "TimepointResult",
    "assess_line",
    "best_overall_response",
]
