"""One evaluation: predicted extractions against gold, and optionally the longitudinal outputs
(RECIST timepoints, best responses, conflicts) against a synthetic corpus's truth."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from graphbuilder.core.errors import ConfigError
from graphbuilder.evaluate.conflicts import parse_rule_map, score_conflicts
from graphbuilder.evaluate.extraction import score_extractions
from graphbuilder.evaluate.inputs import read_extractions
from graphbuilder.evaluate.predictions import (
    read_best_responses,
    read_conflicts,
    read_timepoints,
)
from graphbuilder.evaluate.recist_agreement import compare_recist
from graphbuilder.evaluate.report import Evaluation
from graphbuilder.evaluate.truth import read_truth


@dataclass(frozen=True)
class EvaluationRequest:
    """What to evaluate. `truth` is needed by `timepoints`, `best_responses` and `conflicts`."""

    predicted: Path
    gold: Path
    truth: Path | None = None
    timepoints: Path | None = None
    best_responses: Path | None = None
    conflicts: Path | None = None
    conflict_map: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        longitudinal = [
            name
            for name in ("timepoints", "best_responses", "conflicts")
            if getattr(self, name) is not None
        ]
        if longitudinal and self.truth is None:
            options = ", ".join("--" + name.replace("_", "-") for name in longitudinal)
            raise ConfigError(
                f"{options} are scored against the synthetic truth: give --truth TRUTH.jsonl too"
            )


def evaluate(request: EvaluationRequest) -> Evaluation:
    rules = parse_rule_map(request.conflict_map)
    gold = read_extractions(request.gold)
    predicted = read_extractions(request.predicted)
    evaluation = Evaluation(
        gold=request.gold,
        predicted=request.predicted,
        extraction=score_extractions(gold.reports, predicted.reports),
        gold_duplicates=gold.duplicate_ids,
        predicted_duplicates=predicted.duplicate_ids,
    )
    if request.truth is None:
        return evaluation
    truth = read_truth(request.truth)
    if request.timepoints is not None or request.best_responses is not None:
        evaluation.recist = compare_recist(
            truth,
            read_timepoints(request.timepoints) if request.timepoints else None,
            read_best_responses(request.best_responses) if request.best_responses else None,
        )
    if request.conflicts is not None:
        evaluation.conflicts = score_conflicts(truth, read_conflicts(request.conflicts), rules)
    return evaluation
