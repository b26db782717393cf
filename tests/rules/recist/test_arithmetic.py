"""Exact thresholds: integer tenths of a mm, so the boundaries fall where RECIST puts them."""

from __future__ import annotations

from decimal import Decimal

import pytest

from graphbuilder.rules.recist.arithmetic import (
    format_mm,
    format_pct,
    is_partial_response,
    is_progression,
    percent_change_tenths,
    to_tenths,
)


@pytest.mark.parametrize(
    ("millimetres", "tenths"),
    [(12, 120), (12.3, 123), (0.1, 1), (Decimal("60.1"), 601), (42.07, 421), (42.05, 421)],
)
def test_sizes_become_integer_tenths(millimetres: float | Decimal, tenths: int) -> None:
    assert to_tenths(millimetres) == tenths


@pytest.mark.parametrize(
    ("total", "baseline", "expected"),
    [
        pytest.param(700, 1000, True, id="-30.0 % (70 vs 100 mm) is PR"),
        pytest.param(701, 1000, False, id="-29.9 % (70.1 vs 100 mm) is not PR"),
        pytest.param(420, 600, True, id="-30.0 % (42 vs 60 mm) is PR"),
        pytest.param(421, 601, False, id="-29.95 % (42.1 vs 60.1 mm) is not PR"),
        pytest.param(0, 600, True, id="-100 % is PR"),
    ],
)
def test_partial_response_is_at_least_30_percent_below_baseline(
    total: int, baseline: int, expected: bool
) -> None:
    # Eisenhauer 2009 §4.3.1: PR is "at least a 30 % decrease in the sum of diameters".
    assert is_partial_response(total, baseline) is expected


@pytest.mark.parametrize(
    ("total", "nadir", "expected"),
    [
        pytest.param(300, 250, True, id="+20 % and +5 mm (30 vs 25 mm) is PD"),
        pytest.param(240, 200, False, id="+20 % but only +4 mm (24 vs 20 mm) is not PD"),
        pytest.param(299, 250, False, id="+19.6 % and +4.9 mm is not PD"),
        pytest.param(1190, 1000, False, id="+19.0 % with +19 mm is not PD"),
        pytest.param(1200, 1000, True, id="+20.0 % with +20 mm is PD"),
        pytest.param(50, 0, True, id="from a nadir of 0, +5 mm is PD"),
        pytest.param(40, 0, False, id="from a nadir of 0, +4 mm is not PD"),
    ],
)
def test_progression_needs_20_percent_and_5_mm_above_nadir(
    total: int, nadir: int, expected: bool
) -> None:
    # Eisenhauer 2009 §4.3.1: PD is >= 20 % above the smallest sum on study AND >= 5 mm.
    assert is_progression(total, nadir) is expected


def test_percentages_are_truncated_toward_zero_so_printed_values_never_cross_a_threshold() -> None:
    assert percent_change_tenths(421, 601) == -299  # -29.95 % prints -29.9 %, not -30.0 %
    assert percent_change_tenths(1199, 1000) == 199  # +19.9 %, not +20.0 %
    assert percent_change_tenths(700, 1000) == -300
    assert percent_change_tenths(50, 0) is None  # no percentage against a nadir of 0


def test_formatting() -> None:
    assert format_mm(450) == "45 mm"
    assert format_mm(455) == "45.5 mm"
    assert format_pct(-250) == "-25.0 %"
    assert format_pct(125) == "+12.5 %"
    assert format_pct(0) == "+0.0 %"
