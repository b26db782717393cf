"""A two-patient synthetic truth in the shape `graphbuilder synth` writes (truth.jsonl), and
predicted RECIST timepoints to score against it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .reports import write_lines


def timepoint(date: str, report_id: str, overall: str) -> dict[str, Any]:
    return {"report_id": report_id, "date": date, "overall": overall, "sum_mm": 40.0}


TRUTH: list[dict[str, Any]] = [
    {
        "patient_id": "P1",
        "treatment_lines": [
            {
                "line": 1,
                "intent": "advanced",
                "start": "2024-01-10",
                "timepoints": [
                    timepoint("2024-03-10", "P1-R2", "PR"),
                    timepoint("2024-05-10", "P1-R3", "PR"),
                    timepoint("2024-07-10", "P1-R4", "PD"),
                ],
                "best_overall_response": "PR",
            },
            {
                "line": 2,
                "intent": "advanced",
                "start": "2024-07-25",
                "timepoints": [timepoint("2024-10-01", "P1-R6", "SD")],
                "best_overall_response": "SD",
            },
        ],
        "contradictions": [{"type": "laterality_flip", "true": "left", "report_ids": ["P1-R5"]}],
    },
    {
        "patient_id": "P2",
        "treatment_lines": [
            {"line": None, "intent": "neoadjuvant", "start": "2023-09-01", "timepoints": [],
             "best_overall_response": None},
            {
                "line": 1,
                "intent": "advanced",
                "start": "2024-02-01",
                "timepoints": [
                    timepoint("2024-04-01", "P2-R4", "SD"),
                    timepoint("2024-06-01", "P2-R5", "SD"),
                ],
                "best_overall_response": "SD",
            },
        ],
        "contradictions": [
            {"type": "unit_slip", "lesion_id": "L2", "report_ids": ["P2-R9"]},
            {"type": "duplicate_report_id", "report_ids": ["P2-R3"]},
        ],
    },
]  # fmt: skip


# Predicted timepoints against TRUTH: P1's PD of 2024-07-10 is called SD; P2's SD of
# 2024-04-01 is the engine's non-CR/non-PD (the same call); P2's 2024-06-01 is missing;
# P3 is not in the truth.
TIMEPOINTS = """\
patient_id,date,overall_response,line_start
P1,2024-03-10,PR,2024-01-10
P1,2024-05-10,PR,2024-01-10
P1,2024-07-10,SD,2024-01-10
P1,2024-10-01,SD,2024-07-25
P2,2024-04-01,non-CR/non-PD,2024-02-01
P3,2024-01-01,PD,
"""


def write_truth(folder: Path) -> Path:
    return write_lines(folder / "truth.jsonl", TRUTH)
