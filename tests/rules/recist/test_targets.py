"""Baseline: measurability and target selection (Eisenhauer 2009 §3.1 and §4.2)."""

from __future__ import annotations

import pytest

from graphbuilder.rules.recist import LesionObservation
from graphbuilder.rules.recist.lesions import group_by_date
from graphbuilder.rules.recist.targets import (
    Baseline,
    classify_baseline,
    is_measurable,
    organ_group,
)

from .builders import NODE, D, lesion, series

BASELINE = D(2024, 1, 10)


def _baseline(rows: list[LesionObservation]) -> Baseline:
    return classify_baseline(group_by_date(rows)[BASELINE].values())


@pytest.mark.parametrize(
    ("organ", "value", "measurable", "source"),
    [
        ("liver", 10, True, "Eisenhauer 2009 §3.1.1: non-nodal long axis >= 10 mm (CT)"),
        ("liver", 9.9, False, "Eisenhauer 2009 §3.1.2: smaller lesions are non-measurable"),
        (NODE, 15, True, "Eisenhauer 2009 §3.1.1: node short axis >= 15 mm"),
        (NODE, 14.9, False, "Eisenhauer 2009 §3.1.2: node 10-15 mm is non-measurable"),
        ("liver", "too_small", False, "Eisenhauer 2009 §4.3.2: too small to measure"),
    ],
)
def test_measurability(organ: str, value: float | str, measurable: bool, source: str) -> None:
    snapshot = group_by_date([lesion("X", BASELINE, value, organ=organ)])[BASELINE]["X"]
    assert is_measurable(snapshot) is measurable, source


@pytest.mark.parametrize(
    ("organ", "nodal", "group"),
    [
        ("left lung", False, "lung"),
        ("poumon droit", False, "lung"),
        ("Right kidney", False, "kidney"),
        ("surrénale gauche", False, "adrenal"),
        ("ovaire droit", False, "ovary"),
        ("mediastinal lymph node", True, "lymph node"),
        ("adénopathie iliaque", False, "lymph node"),
        ("foie", False, "liver"),
        ("liver", False, "liver"),
    ],
)
def test_organ_groups(organ: str, nodal: bool, group: str) -> None:
    # Paired organs count as one organ; all lymph nodes count as one organ
    # (RECIST Working Group Q&A, "Two target lesions": "Nodes are considered to be one organ").
    assert organ_group(organ, nodal) == group


def test_at_most_five_targets_and_two_per_organ_the_largest_first() -> None:
    # Eisenhauer 2009 §4.2: up to 5 targets in total, at most 2 per organ, chosen by size.
    organs = {
        "H1": "liver",
        "H2": "liver",
        "H3": "liver",
        "P1": "left lung",
        "P2": "right lung",
        "N1": NODE,
        "N2": NODE,
        "N3": NODE,
        "B1": "bone",
        "S1": "spleen",
    }
    sizes = {
        "H1": 50,
        "H2": 45,
        "H3": 60,
        "P1": 30,
        "P2": 31,
        "N1": 20,
        "N2": 25,
        "N3": 16,
        "B1": 12,
        "S1": 11,
    }
    baseline = _baseline(series(organs, (BASELINE, sizes)))
    chosen = [target.lesion_id for target in baseline.targets]
    # Largest first. Liver: H3 60, H1 50 (H2 45 is a third liver lesion); both lungs are one
    # organ: P2, P1; all nodes are one organ and the 5-lesion cap leaves room for N2 only.
    assert chosen == ["H3", "H1", "P2", "P1", "N2"]
    assert sum(baseline.target_tenths.values()) == 1960
    assert set(baseline.non_target_ids) == {"H2", "N1", "N3", "B1", "S1"}
    assert "5 measurable lesion(s) left as non-targets" in baseline.note


def test_pathological_nodes_below_15_mm_are_non_targets_and_normal_nodes_are_ignored() -> None:
    # Eisenhauer 2009 §3.1.1: node 10-15 mm pathological non-measurable, < 10 mm normal.
    rows = series(
        {"L1": "liver", "N1": NODE, "N2": NODE}, (BASELINE, {"L1": 30, "N1": 12, "N2": 8})
    )
    baseline = _baseline(rows)
    assert [t.lesion_id for t in baseline.targets] == ["L1"]
    assert baseline.non_target_ids == ("N1",)


def test_targets_given_by_the_reader_win_over_size() -> None:
    # Hand-abstracted data often carries the reader's own target choice.
    rows = [
        lesion("L1", BASELINE, 50, target=False),
        lesion("L2", BASELINE, 20, target=True),
        lesion("L3", BASELINE, 8, target=True),
    ]
    baseline = _baseline(rows)
    assert [t.lesion_id for t in baseline.targets] == ["L2", "L3"]
    assert baseline.non_target_ids == ("L1",)
    assert "not measurable by RECIST 1.1: L3" in baseline.note


def test_no_measurable_lesion_means_no_targets() -> None:
    rows = series({"L1": "peritoneum", "N1": NODE}, (BASELINE, {"L1": "too_small", "N1": 12}))
    baseline = _baseline(rows)
    assert baseline.targets == ()
    assert baseline.non_target_ids == ("L1", "N1")
