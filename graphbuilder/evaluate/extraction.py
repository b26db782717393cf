"""Score predicted report extractions against gold ones, field by field.

Reports are aligned by id. A gold report with no prediction is scored against an empty
extraction (everything missed); predicted reports absent from gold are not scored, only
counted. Within a report, lesions, pathology results, treatments and tumours are matched
first (`pairing.py`); the detection row of each section scores that matching.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from graphbuilder.evaluate.fields import (
    DETECTION,
    LESION_FIELDS,
    PATHOLOGY_FIELDS,
    RADIOLOGY_FIELDS,
    SET,
    TREATMENT_FIELDS,
    TUMOUR_FIELDS,
    FieldSpec,
    Slot,
)
from graphbuilder.evaluate.matching import Pair, assign
from graphbuilder.evaluate.pairing import (
    lesion_score,
    pathology_score,
    treatment_score,
    tumour_score,
)
from graphbuilder.evaluate.scores import Confusion, FieldScore, Tally
from graphbuilder.extract.model import Evidence, Evolution, RadiologyFindings, ReportExtraction

U = TypeVar("U")

RADIOLOGY, LESIONS, PATHOLOGY, TREATMENTS, TUMOURS = (
    "radiology",
    "lesions",
    "pathology",
    "treatments",
    "tumours",
)
COMPARISON_DATES = "comparison_dates"
DETECTED = "detection"
EVOLUTION_LABELS = tuple(evolution.value for evolution in Evolution)

# (section, field name, kind, categorical) of every row, in table order.
ROWS: tuple[tuple[str, str, str, bool], ...] = (
    *((RADIOLOGY, spec.name, spec.kind, spec.categorical) for spec in RADIOLOGY_FIELDS),
    (RADIOLOGY, COMPARISON_DATES, SET, False),
    (LESIONS, DETECTED, DETECTION, False),
    *((LESIONS, spec.name, spec.kind, spec.categorical) for spec in LESION_FIELDS),
    (PATHOLOGY, DETECTED, DETECTION, False),
    *((PATHOLOGY, spec.name, spec.kind, spec.categorical) for spec in PATHOLOGY_FIELDS),
    (TREATMENTS, DETECTED, DETECTION, False),
    *((TREATMENTS, spec.name, spec.kind, spec.categorical) for spec in TREATMENT_FIELDS),
    (TUMOURS, DETECTED, DETECTION, False),
    *((TUMOURS, spec.name, spec.kind, spec.categorical) for spec in TUMOUR_FIELDS),
)
SECTIONS: tuple[str, ...] = (RADIOLOGY, LESIONS, PATHOLOGY, TREATMENTS, TUMOURS)


def overlaps(a: Evidence, b: Evidence) -> bool:
    return a.start < b.end and b.start < a.end


def count_slot(
    tally: Tally, gold: Slot | None, predicted: Slot | None, same: Callable[[Any, Any], bool]
) -> None:
    """Add one slot to `tally` under the TP/FP/FN convention of `scores.py`."""
    if gold is not None and predicted is not None and same(gold[0], predicted[0]):
        tally.tp += 1
        tally.evidence_checked += 1
        tally.evidence_overlapping += overlaps(gold[1], predicted[1])
        return
    if predicted is not None:
        tally.fp += 1
    if gold is not None:
        tally.fn += 1


def count_set(tally: Tally, gold: Sequence[Slot], predicted: Sequence[Slot]) -> None:
    """Element by element: shared values are TP, the rest FP (predicted) or FN (gold)."""
    remaining = list(predicted)
    for value, evidence in gold:
        partner = next((item for item in remaining if item[0] == value), None)
        if partner is None:
            tally.fn += 1
            continue
        remaining.remove(partner)
        tally.tp += 1
        tally.evidence_checked += 1
        tally.evidence_overlapping += overlaps(evidence, partner[1])
    tally.fp += len(remaining)


@dataclass
class ExtractionScores:
    """Field tallies, the evolution confusion matrix and what could not be aligned."""

    tallies: dict[tuple[str, str], Tally] = field(
        default_factory=lambda: {(section, name): Tally() for section, name, _, _ in ROWS}
    )
    evolution: Confusion = field(default_factory=lambda: Confusion(EVOLUTION_LABELS))
    reports_scored: int = 0
    missing_in_prediction: list[str] = field(default_factory=list)
    extra_in_prediction: list[str] = field(default_factory=list)

    def rows(self) -> list[FieldScore]:
        return [
            FieldScore(section, name, kind, self.tallies[section, name], categorical)
            for section, name, kind, categorical in ROWS
        ]


def score_extractions(
    gold: dict[str, ReportExtraction], predicted: dict[str, ReportExtraction]
) -> ExtractionScores:
    """Every gold report (in id order) against its prediction."""
    scores = ExtractionScores()
    for report_id in sorted(gold):
        prediction = predicted.get(report_id)
        if prediction is None:
            scores.missing_in_prediction.append(report_id)
            prediction = ReportExtraction(report_id=report_id)
        score_report(scores, gold[report_id], prediction)
    scores.extra_in_prediction = sorted(set(predicted) - set(gold))
    return scores


def score_report(scores: ExtractionScores, gold: ReportExtraction, pred: ReportExtraction) -> None:
    scores.reports_scored += 1
    _score_radiology(scores, gold.radiology, pred.radiology)
    gold_lesions = gold.radiology.lesions if gold.radiology else []
    pred_lesions = pred.radiology.lesions if pred.radiology else []
    tallies = scores.tallies
    pairs = assign(gold_lesions, pred_lesions, lesion_score)
    _count_matches(tallies, LESIONS, pairs, gold_lesions, pred_lesions, LESION_FIELDS, False)
    pairs = assign(gold.pathology, pred.pathology, pathology_score)
    _count_matches(
        tallies, PATHOLOGY, pairs, gold.pathology, pred.pathology, PATHOLOGY_FIELDS, True
    )
    pairs = assign(gold.treatments, pred.treatments, treatment_score)
    _count_matches(
        tallies, TREATMENTS, pairs, gold.treatments, pred.treatments, TREATMENT_FIELDS, False
    )
    pairs = assign(gold.tumours, pred.tumours, tumour_score)
    _count_matches(tallies, TUMOURS, pairs, gold.tumours, pred.tumours, TUMOUR_FIELDS, False)


def _score_radiology(
    scores: ExtractionScores, gold: RadiologyFindings | None, pred: RadiologyFindings | None
) -> None:
    for spec in RADIOLOGY_FIELDS:
        count_slot(
            scores.tallies[RADIOLOGY, spec.name],
            spec.read(gold) if gold else None,
            spec.read(pred) if pred else None,
            spec.same,
        )
    count_set(
        scores.tallies[RADIOLOGY, COMPARISON_DATES],
        [(d.value, d.evidence) for d in gold.comparison_dates] if gold else [],
        [(d.value, d.evidence) for d in pred.comparison_dates] if pred else [],
    )
    gold_evolution = gold.stated_evolution if gold else None
    pred_evolution = pred.stated_evolution if pred else None
    scores.evolution.add(
        gold_evolution.value.value if gold_evolution else None,
        pred_evolution.value.value if pred_evolution else None,
    )


def _count_matches(
    tallies: dict[tuple[str, str], Tally],
    section: str,
    pairs: list[Pair],
    gold: Sequence[U],
    predicted: Sequence[U],
    specs: tuple[FieldSpec, ...],
    score_unmatched: bool,
) -> None:
    """The section's detection row, then its fields on matched pairs (or on every pair)."""
    detection = tallies[section, DETECTED]
    for i, j in pairs:
        if i is not None and j is not None:
            detection.tp += 1
        elif j is not None:
            detection.fp += 1
        else:
            detection.fn += 1
        if (i is None or j is None) and not score_unmatched:
            continue
        gold_unit = gold[i] if i is not None else None
        pred_unit = predicted[j] if j is not None else None
        for spec in specs:
            count_slot(
                tallies[section, spec.name],
                spec.read(gold_unit) if gold_unit is not None else None,
                spec.read(pred_unit) if pred_unit is not None else None,
                spec.same,
            )
