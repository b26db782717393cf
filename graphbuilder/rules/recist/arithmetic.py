"""Exact RECIST arithmetic on integer tenths of a millimetre.

Floats would make -30 % land on either side of the PR threshold depending on the sizes
(0.7 * 60.1 is not 42.07 in binary). Sizes are converted once to integer tenths of a mm and
every threshold is an integer inequality, so -30.0 % is PR and -29.9 % is not, exactly.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

TOO_SMALL_TENTHS = 50  # Eisenhauer 2009 §4.3.2: "too small to measure" counts 5 mm
NODE_NORMAL_BELOW_TENTHS = 100  # a node with short axis < 10 mm is normal
NODE_MEASURABLE_TENTHS = 150  # a node is measurable at short axis >= 15 mm
LESION_MEASURABLE_TENTHS = 100  # a non-nodal lesion is measurable at long axis >= 10 mm
PD_ABSOLUTE_TENTHS = 50  # PD also needs the sum to grow by >= 5 mm


def to_tenths(mm: float | Decimal) -> int:
    """12.3 → 123; values finer than 0.1 mm are rounded half up."""
    if isinstance(mm, int):
        return mm * 10
    if isinstance(mm, float):
        scaled = mm * 10
        nearest = round(scaled)
        if abs(scaled - nearest) < 1e-6:
            return nearest
        mm = Decimal(repr(mm))
    return int((mm * 10).to_integral_value(rounding=ROUND_HALF_UP))


def tenths_to_mm(tenths: int) -> float:
    """123 → 12.3 (exact repr, since the float is the nearest to a one-decimal number)."""
    return tenths / 10


def is_partial_response(sum_tenths: int, baseline_tenths: int) -> bool:
    """At least 30 % below baseline: sum <= 0.7 × baseline."""
    return sum_tenths * 10 <= baseline_tenths * 7


def is_progression(sum_tenths: int, nadir_tenths: int) -> bool:
    """At least 20 % above the nadir and at least 5 mm above it (any growth ≥ 5 mm from 0)."""
    return sum_tenths * 5 >= nadir_tenths * 6 and sum_tenths - nadir_tenths >= PD_ABSOLUTE_TENTHS


def percent_change_tenths(value_tenths: int, reference_tenths: int) -> int | None:
    """Change in tenths of a percent, truncated toward zero; None against a 0 reference."""
    if reference_tenths == 0:
        return None
    numerator = (value_tenths - reference_tenths) * 1000
    magnitude = abs(numerator) // reference_tenths
    return magnitude if numerator >= 0 else -magnitude


def percent_value(pct_tenths: int | None) -> float | None:
    return None if pct_tenths is None else pct_tenths / 10


def format_mm(tenths: int) -> str:
    """123 → "12.3 mm", 450 → "45 mm"."""
    whole, fraction = divmod(abs(tenths), 10)
    sign = "-" if tenths < 0 else ""
    return f"{sign}{whole} mm" if fraction == 0 else f"{sign}{whole}.{fraction} mm"


def format_signed_mm(tenths: int) -> str:
    return ("+" if tenths >= 0 else "") + format_mm(tenths)


def format_pct(pct_tenths: int) -> str:
    """-250 → "-25.0 %", 125 → "+12.5 %"."""
    whole, fraction = divmod(abs(pct_tenths), 10)
    sign = "-" if pct_tenths < 0 else "+"
    return f"{sign}{whole}.{fraction} %"
