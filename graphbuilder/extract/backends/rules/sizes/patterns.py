"""How reports write lengths (on folded text): "20 mm", "2,5 cm", "15 x 12 mm", "18x22mm",
"2,5 cm x 1,8 cm", "30 x 25 x 20 mm", "12-13 mm", "12 à 13 mm", "de 12 et 8 mm".

Every pattern starts with a digit (the word-boundary check comes right after it), which lets
Python's regex engine jump from digit to digit instead of trying each position.
"""

from __future__ import annotations

import re


def _number(name: str, not_after: str = r"\w.,/") -> str:
    """A number of up to 3 digits and 2 decimals, not glued to what precedes it."""
    return rf"(?P<{name}>\d(?<![{not_after}]\d)\d{{0,2}}(?:[.,]\d{{1,2}})?)"


NUMBER = r"\d{1,3}(?:[.,]\d{1,2})?"
UNIT = r"(?:mm|cm|millimetres?|centimetres?)(?![\w\u00b2\u00b3])"
_TIMES = r"\s*(?:x|\*|sur)\s*"

DIMENSIONS = re.compile(
    rf"{_number('a')}\s*(?P<ua>{UNIT})?{_TIMES}(?P<b>{NUMBER})\s*(?P<ub>{UNIT})?"
    rf"(?:{_TIMES}(?P<c>{NUMBER})\s*)?(?P<unit>{UNIT})?"
)
RANGE = re.compile(rf"{_number('a')}\s*(?:-|a)\s*(?P<b>{NUMBER})\s*(?P<unit>{UNIT})")
_NOT_AFTER_SINGLE = r"\w.,/\-"  # "5-40 mm" is not a "40 mm"
SINGLE = re.compile(rf"{_number('a', _NOT_AFTER_SINGLE)}\s*(?P<unit>{UNIT})")
# "12 et 8 mm", "12, 10 et 8 mm": one size per lesion, one unit for all.
LIST = re.compile(
    rf"(?P<items>\d(?<![\w.,/]\d)\d{{0,2}}(?:[.,]\d{{1,2}})?(?:\s*,\s*{NUMBER})*\s+et\s+"
    rf"{NUMBER})\s*(?P<unit>{UNIT})"
)
LIST_ITEM = re.compile(NUMBER)
# "18 mm -> 25 mm", "(passant de) 18 à 25 mm": the first size is the earlier one.
TRANSITION = re.compile(
    rf"{_number('a')}\s*(?P<ua>{UNIT})?\s*(?P<arrow>a|->|\u2192|=>|>)\s*"
    rf"(?P<b>{NUMBER})\s*(?P<unit>{UNIT})"
)
# "18 à 25 mm" is a change only after a verb of change; otherwise it is a range.
CHANGE_BEFORE = re.compile(
    r"(?:pass|evolu|augment|diminu|progress|regress|croiss)\w*\s+(?:de\s+)?$"
)
