"""Precision and recall of detected conflicts against the injected contradictions."""

from __future__ import annotations

from pathlib import Path

import pytest

from graphbuilder.core.errors import ConfigError
from graphbuilder.evaluate.conflicts import parse_rule_map, score_conflicts
from graphbuilder.evaluate.predictions import PredictedConflict
from graphbuilder.evaluate.truth import read_truth

from .truth_fixtures import write_truth

# Injected (truth_fixtures.py): P1 laterality_flip in P1-R5; P2 unit_slip in P2-R9 and
# duplicate_report_id in P2-R3.
PREDICTED = [
    PredictedConflict("laterality_flip", "P1", frozenset({"P1-R5", "P1-R1"})),  # right
    PredictedConflict("laterality_flip", "P1", frozenset({"P1-R6"})),  # wrong report
    PredictedConflict("implausible_unit", "P2", frozenset({"P2-R9"})),  # rule of another name
    PredictedConflict("duplicate_report_id", "P2", frozenset()),  # no ids: patient suffices
    PredictedConflict("stated_evolution_vs_sizes", "P2", frozenset({"P2-R4"})),  # not injected
    PredictedConflict("laterality_flip", "P9", frozenset({"P9-R1"})),  # patient not in truth
]


def test_recall_and_precision_per_type_and_overall(tmp_path: Path) -> None:
    scores = score_conflicts(read_truth(write_truth(tmp_path)), PREDICTED)
    laterality = scores.per_type["laterality_flip"]
    assert (laterality.injected, laterality.detected, laterality.recall) == (1, 1, 1.0)
    assert (laterality.predicted, laterality.correct_predictions) == (2, 1)
    assert laterality.precision == 0.5
    assert scores.per_type["unit_slip"].recall == 0.0
    assert scores.per_type["stated_evolution_vs_sizes"].precision == 0.0
    overall = scores.overall
    assert (overall.injected, overall.detected) == (3, 2)
    assert (overall.predicted, overall.correct_predictions) == (4, 2)
    assert dict(scores.unscored_rules) == {"implausible_unit": 1}
    assert scores.outside_truth == 1
    assert list(scores.per_type)[:2] == ["stated_evolution_vs_sizes", "wrong_quoted_previous_size"]


def test_a_rule_map_lets_a_differently_named_rule_count(tmp_path: Path) -> None:
    rules = parse_rule_map(["unit_slip=implausible_unit"])
    scores = score_conflicts(read_truth(write_truth(tmp_path)), PREDICTED, rules)
    assert scores.per_type["unit_slip"].recall == 1.0
    assert (scores.overall.detected, scores.overall.correct_predictions) == (3, 3)
    assert scores.overall.precision == 3 / 5
    assert not scores.unscored_rules
    assert scores.as_dict()["rules_per_type"]["unit_slip"] == ["implausible_unit", "unit_slip"]


def test_a_malformed_rule_map_entry_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match=r"--conflict-map 'unit_slip' is not TYPE=RULE"):
        parse_rule_map(["unit_slip"])
