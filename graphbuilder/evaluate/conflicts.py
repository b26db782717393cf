"""Precision and recall of conflict detection against the contradictions injected by synth.

A predicted conflict detects an injected contradiction when it is about the same patient, its
rule is one the contradiction's type maps to, and their report ids share at least one id (when
both list some). Recall per type = injected contradictions detected / injected. Precision per
type = predicted conflicts of the type's rules that detect one of its contradictions /
predicted conflicts of those rules. Predicted conflicts are scored only for patients in the
truth and for rules some type maps to; the others are counted, not scored. By default a type
maps to the rule of the same id; `parse_rule_map(["TYPE=RULE", ...])` adds rules.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from graphbuilder.core.errors import ConfigError
from graphbuilder.evaluate.predictions import PredictedConflict
from graphbuilder.evaluate.scores import f1_score, ratio
from graphbuilder.evaluate.truth import CONTRADICTION_TYPES, PatientTruth, TruthContradiction

RuleMap = Mapping[str, frozenset[str]]
"""Contradiction type → the conflict rule ids that detect it."""

DEFAULT_RULES: RuleMap = {kind: frozenset({kind}) for kind in CONTRADICTION_TYPES}


def parse_rule_map(pairs: Sequence[str]) -> dict[str, frozenset[str]]:
    """The default one-to-one map plus `["unit_slip=implausible_size_unit", ...]`."""
    rules = {kind: set(ids) for kind, ids in DEFAULT_RULES.items()}
    for pair in pairs:
        kind, sep, rule = (part.strip() for part in pair.partition("="))
        if not sep or not kind or not rule:
            raise ConfigError(
                f"--conflict-map {pair!r} is not TYPE=RULE "
                f"(types: {', '.join(CONTRADICTION_TYPES)})"
            )
        rules.setdefault(kind, set()).add(rule)
    return {kind: frozenset(ids) for kind, ids in rules.items()}


@dataclass
class DetectionCounts:
    injected: int = 0
    detected: int = 0
    predicted: int = 0
    correct_predictions: int = 0

    @property
    def precision(self) -> float | None:
        return ratio(self.correct_predictions, self.predicted)

    @property
    def recall(self) -> float | None:
        return ratio(self.detected, self.injected)

    @property
    def f1(self) -> float | None:
        return f1_score(self.precision, self.recall)

    def as_dict(self) -> dict[str, Any]:
        return {
            "injected": self.injected,
            "detected": self.detected,
            "predicted": self.predicted,
            "correct_predictions": self.correct_predictions,
            "precision": self.precision,
            "recall": self.recall,
            "f1": self.f1,
        }


@dataclass
class ConflictScores:
    per_type: dict[str, DetectionCounts]
    overall: DetectionCounts
    rules: RuleMap
    unscored_rules: Counter[str] = field(default_factory=Counter)
    outside_truth: int = 0

    def as_dict(self) -> dict[str, Any]:
        return {
            "per_type": {kind: counts.as_dict() for kind, counts in self.per_type.items()},
            "overall": self.overall.as_dict(),
            "rules_per_type": {kind: sorted(ids) for kind, ids in sorted(self.rules.items())},
            "unscored_rules": dict(sorted(self.unscored_rules.items())),
            "conflicts_on_patients_outside_truth": self.outside_truth,
        }


def detects(conflict: PredictedConflict, injected: TruthContradiction, rules: RuleMap) -> bool:
    if conflict.rule not in rules.get(injected.type, frozenset()):
        return False
    if conflict.report_ids and injected.report_ids:
        return bool(conflict.report_ids & injected.report_ids)
    return True


def score_conflicts(
    truth: dict[str, PatientTruth],
    predicted: Sequence[PredictedConflict],
    rules: RuleMap = DEFAULT_RULES,
) -> ConflictScores:
    kinds = sorted(
        {*rules, *(c.type for p in truth.values() for c in p.contradictions)},
        key=lambda kind: (kind not in CONTRADICTION_TYPES, _order(kind), kind),
    )
    scores = ConflictScores({kind: DetectionCounts() for kind in kinds}, DetectionCounts(), rules)
    mapped_rules = {rule for ids in rules.values() for rule in ids}
    scored: list[PredictedConflict] = []
    for conflict in predicted:
        if conflict.patient_id not in truth:
            scores.outside_truth += 1
        elif conflict.rule not in mapped_rules:
            scores.unscored_rules[conflict.rule] += 1
        else:
            scored.append(conflict)
    _count_recall(scores, truth, scored, rules)
    _count_precision(scores, truth, scored, rules)
    return scores


def _order(kind: str) -> int:
    return CONTRADICTION_TYPES.index(kind) if kind in CONTRADICTION_TYPES else 0


def _count_recall(
    scores: ConflictScores,
    truth: dict[str, PatientTruth],
    scored: Sequence[PredictedConflict],
    rules: RuleMap,
) -> None:
    by_patient: dict[str, list[PredictedConflict]] = {}
    for conflict in scored:
        by_patient.setdefault(conflict.patient_id, []).append(conflict)
    for patient_id in sorted(truth):
        candidates = by_patient.get(patient_id, [])
        for injected in truth[patient_id].contradictions:
            found = any(detects(conflict, injected, rules) for conflict in candidates)
            for counts in (scores.per_type[injected.type], scores.overall):
                counts.injected += 1
                counts.detected += found


def _count_precision(
    scores: ConflictScores,
    truth: dict[str, PatientTruth],
    scored: Sequence[PredictedConflict],
    rules: RuleMap,
) -> None:
    for conflict in scored:
        injected = truth[conflict.patient_id].contradictions
        kinds = [kind for kind, ids in rules.items() if conflict.rule in ids]
        correct_any = False
        for kind in kinds:
            correct = any(c.type == kind and detects(conflict, c, rules) for c in injected)
            scores.per_type[kind].predicted += 1
            scores.per_type[kind].correct_predictions += correct
            correct_any = correct_any or correct
        scores.overall.predicted += 1
        scores.overall.correct_predictions += correct_any
