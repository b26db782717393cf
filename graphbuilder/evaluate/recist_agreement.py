"""Agreement of predicted RECIST categories with the synthetic truth, per timepoint and patient.

Timepoints are matched by (patient, exam date). Best overall responses are matched by
(patient, line start); a predicted best response with no line start stands for the patient's
first scored line. When only timepoints are given, each patient's best response per line is
derived from them with the RECIST engine (`graphbuilder.rules.recist.best_overall_response`,
default options: confirmation after 28 days, SD after 42 days). The engine's categories are
compared with the truth's five through `EQUIVALENT` (non-CR/non-PD counts as SD, as the
synthetic truth calls non-measurable disease that neither responds nor progresses).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from graphbuilder.evaluate.predictions import PredictedBest, PredictedTimepoint
from graphbuilder.evaluate.scores import Confusion, ratio
from graphbuilder.evaluate.truth import PatientTruth, TruthLine
from graphbuilder.rules.recist import DatedResponse, RecistOptions, Response, best_overall_response

RECIST_LABELS = ("CR", "PR", "SD", "PD", "NE")
EQUIVALENT: dict[Response, str] = {
    Response.CR: "CR",
    Response.ICR: "CR",
    Response.PR: "PR",
    Response.IPR: "PR",
    Response.SD: "SD",
    Response.ISD: "SD",
    Response.NON_CR_NON_PD: "SD",
    Response.INON_CR_NON_UPD: "SD",
    Response.PD: "PD",
    Response.IUPD: "PD",
    Response.ICPD: "PD",
    Response.NE: "NE",
    Response.INE: "NE",
    Response.NONE: "NE",
}
FROM_FILE, DERIVED = "file", "derived from the predicted timepoints"


@dataclass
class Agreement:
    """One level (timepoints or best responses): the matrix and the per-patient figure."""

    confusion: Confusion = field(default_factory=lambda: Confusion(RECIST_LABELS))
    truth_items: int = 0
    matched: int = 0
    unmatched_predictions: int = 0
    patients: int = 0
    patients_agreeing: int = 0

    def as_dict(self) -> dict[str, Any]:
        correct = sum(self.confusion.count(label, label) for label in self.confusion.axis())
        return {
            "truth": self.truth_items,
            "matched": self.matched,
            "unmatched_predictions": self.unmatched_predictions,
            "agreement": ratio(correct, self.truth_items),
            "agreement_when_matched": ratio(correct, self.matched),
            "kappa": self.confusion.kappa(),
            "patients": self.patients,
            "patients_agreeing": self.patients_agreeing,
            "patient_agreement": ratio(self.patients_agreeing, self.patients),
            "confusion": self.confusion.as_dict(),
        }


@dataclass
class RecistAgreement:
    timepoints: Agreement | None
    best: Agreement
    best_source: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "timepoints": self.timepoints.as_dict() if self.timepoints else None,
            "best_overall_response": self.best.as_dict(),
            "best_overall_response_source": self.best_source,
            "equivalent_categories": {k.value: v for k, v in EQUIVALENT.items()},
        }


def compare_recist(
    truth: dict[str, PatientTruth],
    timepoints: Sequence[PredictedTimepoint] | None,
    bests: Sequence[PredictedBest] | None,
) -> RecistAgreement:
    if bests is None:
        if timepoints is None:
            raise ValueError("give predicted timepoints, best responses or both")
        bests, source = derive_best(timepoints), DERIVED
    else:
        source = FROM_FILE
    return RecistAgreement(
        _timepoint_agreement(truth, timepoints) if timepoints is not None else None,
        _best_agreement(truth, bests),
        source,
    )


def derive_best(timepoints: Sequence[PredictedTimepoint]) -> list[PredictedBest]:
    """Best overall response per (patient, line start) with the RECIST engine."""
    grouped: dict[tuple[str, dt.date | None], list[DatedResponse]] = defaultdict(list)
    for point in timepoints:
        grouped[point.patient_id, point.line_start].append(
            DatedResponse(point.date, point.response)
        )
    options = RecistOptions()
    return [
        PredictedBest(patient, best_overall_response(responses, start, options).response, start)
        for (patient, start), responses in sorted(grouped.items(), key=_group_order)
    ]


def _group_order(item: tuple[tuple[str, dt.date | None], Any]) -> tuple[str, dt.date]:
    (patient, start), _ = item
    return patient, start or dt.date.min


def _timepoint_agreement(
    truth: dict[str, PatientTruth], predicted: Sequence[PredictedTimepoint]
) -> Agreement:
    by_key: dict[tuple[str, dt.date], str] = {}
    for prediction in predicted:
        by_key.setdefault((prediction.patient_id, prediction.date), EQUIVALENT[prediction.response])
    result, used = Agreement(), set()
    for patient_id in sorted(truth):
        points = [p for line in truth[patient_id].lines for p in line.timepoints]
        if not points:
            continue
        agreeing = True
        for point in sorted(points, key=lambda p: p.date):
            key = (patient_id, point.date)
            label = by_key.get(key)
            used.add(key)
            result.truth_items += 1
            result.matched += label is not None
            result.confusion.add(point.overall, label)
            agreeing = agreeing and label == point.overall
        result.patients += 1
        result.patients_agreeing += agreeing
    result.unmatched_predictions = len(set(by_key) - used)
    return result


def _best_agreement(
    truth: dict[str, PatientTruth], predicted: Sequence[PredictedBest]
) -> Agreement:
    scored = {pid: _scored_lines(patient) for pid, patient in truth.items()}
    by_key: dict[tuple[str, dt.date], str] = {}
    unmatched = 0
    for best in predicted:
        lines = scored.get(best.patient_id) or ()
        start = best.line_start or (lines[0].start if lines else None)
        if start is None or not any(line.start == start for line in lines):
            unmatched += 1
            continue
        by_key.setdefault((best.patient_id, start), EQUIVALENT[best.response])
    result = Agreement(unmatched_predictions=unmatched)
    for patient_id in sorted(scored):
        lines = scored[patient_id]
        if not lines:
            continue
        agreeing = True
        for line in lines:
            assert line.best_overall_response is not None
            label = by_key.get((patient_id, line.start))
            result.truth_items += 1
            result.matched += label is not None
            result.confusion.add(line.best_overall_response, label)
            agreeing = agreeing and label == line.best_overall_response
        result.patients += 1
        result.patients_agreeing += agreeing
    return result


def _scored_lines(patient: PatientTruth) -> list[TruthLine]:
    """Lines with a best overall response in the truth, by start date."""
    lines = [line for line in patient.lines if line.best_overall_response]
    return sorted(lines, key=lambda line: line.start)
