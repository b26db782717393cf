"""Counting conventions and the figures computed from them.

Slot convention (stated in every output): for one field of one aligned pair of units,
TP = both present and equal (within the field's tolerance), FP = predicted present and gold
absent or different, FN = gold present and predicted absent or different. A wrong value is
therefore one FP and one FN. Accuracy (categorical fields only) is correct / gold present.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

SLOT_CONVENTION = (
    "TP = gold and prediction present and equal (sizes within 0.5 mm, dates exact, categories "
    "exact); FP = prediction present and gold absent or different; FN = gold present and "
    "prediction absent or different (a wrong value counts once as FP and once as FN). "
    "Support = gold values. Accuracy (categorical fields) = correct / gold values. Lesions, "
    "treatments and tumours are first matched between gold and prediction; their attributes "
    "are scored on matched pairs only, their detection on the matching. Evidence = share of "
    "true positives whose predicted span overlaps the gold span."
)


def ratio(numerator: int, denominator: int) -> float | None:
    """numerator / denominator, or None when nothing was there to divide by."""
    return numerator / denominator if denominator else None


def f1_score(precision: float | None, recall: float | None) -> float | None:
    if precision is None or recall is None:
        return None
    total = precision + recall
    return 2 * precision * recall / total if total else 0.0


@dataclass
class Tally:
    """Running counts for one field (or one section, pooled)."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    evidence_checked: int = 0  # true positives whose two evidence spans were compared
    evidence_overlapping: int = 0

    def add(self, other: Tally) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn
        self.evidence_checked += other.evidence_checked
        self.evidence_overlapping += other.evidence_overlapping

    @property
    def support(self) -> int:
        return self.tp + self.fn

    @property
    def predicted(self) -> int:
        return self.tp + self.fp

    @property
    def precision(self) -> float | None:
        return ratio(self.tp, self.predicted)

    @property
    def recall(self) -> float | None:
        return ratio(self.tp, self.support)

    @property
    def f1(self) -> float | None:
        return f1_score(self.precision, self.recall)

    @property
    def evidence_overlap(self) -> float | None:
        return ratio(self.evidence_overlapping, self.evidence_checked)


@dataclass(frozen=True)
class FieldScore:
    """One row of the results table."""

    section: str
    field: str
    kind: str  # categorical | numeric | date | text | set | detection | all
    tally: Tally
    categorical: bool = False

    @property
    def accuracy(self) -> float | None:
        return ratio(self.tally.tp, self.tally.support) if self.categorical else None

    def as_row(self) -> dict[str, Any]:
        tally = self.tally
        return {
            "section": self.section,
            "field": self.field,
            "kind": self.kind,
            "support": tally.support,
            "predicted": tally.predicted,
            "tp": tally.tp,
            "fp": tally.fp,
            "fn": tally.fn,
            "precision": tally.precision,
            "recall": tally.recall,
            "f1": tally.f1,
            "accuracy": self.accuracy,
            "evidence_overlap": tally.evidence_overlap,
            "evidence_checked": tally.evidence_checked,
        }


NO_VALUE = "(none)"


@dataclass
class Confusion:
    """A confusion matrix over fixed labels plus NO_VALUE (one side has no value)."""

    labels: tuple[str, ...]
    counts: dict[tuple[str, str], int] = field(default_factory=dict)

    def add(self, gold: str | None, predicted: str | None) -> None:
        if gold is None and predicted is None:
            return
        key = (gold or NO_VALUE, predicted or NO_VALUE)
        self.counts[key] = self.counts.get(key, 0) + 1

    def axis(self) -> tuple[str, ...]:
        """The labels in order, then any unexpected label seen, then NO_VALUE."""
        seen = {label for pair in self.counts for label in pair}
        extra = sorted(seen - set(self.labels) - {NO_VALUE})
        return (*self.labels, *extra, NO_VALUE)

    def count(self, gold: str, predicted: str) -> int:
        return self.counts.get((gold, predicted), 0)

    def per_class(self) -> dict[str, Tally]:
        """One-vs-rest counts for each of `labels` (NO_VALUE is never a class)."""
        tallies: dict[str, Tally] = {}
        for label in self.labels:
            tally = Tally()
            for (gold, predicted), n in self.counts.items():
                if gold == label and predicted == label:
                    tally.tp += n
                elif predicted == label:
                    tally.fp += n
                elif gold == label:
                    tally.fn += n
            tallies[label] = tally
        return tallies

    def macro_f1(self) -> float | None:
        """Mean F1 over the classes that occur in gold or prediction (absent classes skipped)."""
        scores = [
            tally.f1 or 0.0 for tally in self.per_class().values() if tally.support or tally.fp
        ]
        return sum(scores) / len(scores) if scores else None

    def accuracy(self) -> float | None:
        """Correct / items with a gold value."""
        with_gold = sum(n for (gold, _), n in self.counts.items() if gold != NO_VALUE)
        correct = sum(n for (gold, pred), n in self.counts.items() if gold == pred)
        return ratio(correct, with_gold)

    def kappa(self) -> float | None:
        """Cohen's kappa over the items where both sides have a value."""
        pairs = {k: n for k, n in self.counts.items() if NO_VALUE not in k}
        total = sum(pairs.values())
        if not total:
            return None
        observed = sum(n for (gold, pred), n in pairs.items() if gold == pred) / total
        labels = {label for pair in pairs for label in pair}
        expected = 0.0
        for label in labels:
            gold_share = sum(n for (gold, _), n in pairs.items() if gold == label) / total
            pred_share = sum(n for (_, pred), n in pairs.items() if pred == label) / total
            expected += gold_share * pred_share
        return 1.0 if expected == 1.0 else (observed - expected) / (1.0 - expected)

    def as_dict(self) -> dict[str, Any]:
        axis = self.axis()
        return {
            "labels": list(axis),
            "rows_are": "gold",
            "matrix": [[self.count(gold, pred) for pred in axis] for gold in axis],
            "per_class": {
                label: {
                    "support": tally.support,
                    "predicted": tally.predicted,
                    "precision": tally.precision,
                    "recall": tally.recall,
                    "f1": tally.f1,
                }
                for label, tally in self.per_class().items()
            },
            "macro_f1": self.macro_f1(),
            "accuracy": self.accuracy(),
            "kappa": self.kappa(),
        }


def pooled(section: str, name: str, scores: Iterable[FieldScore]) -> FieldScore:
    """Micro-average: the counts of several rows added up."""
    total = Tally()
    for score in scores:
        total.add(score.tally)
    return FieldScore(section, name, "all", total)
