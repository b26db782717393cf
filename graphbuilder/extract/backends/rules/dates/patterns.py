"""How French reports write dates (on folded text): 12/03/2024, 12.03.24, 12 mars 2024,
1er févr. 2024, 2024-03-12, "le 12/03" without a year, "mars 2022", and ranges
"du 2 au 5 mars 2024", "du 02/03 au 05/03/2024".

Patterns start with a digit or a letter and check the boundary right after it: Python's regex
engine then skips straight to candidate characters. Impossible days (31/02) are rejected when
the date is built, not here.
"""

from __future__ import annotations

import re

_DAY = r"(?P<d>\d(?<![\w/.,]\d)(?:\d|er)?)"  # 1..31, "1er"
_MONTH_NUMBER = r"(?P<m>\d\d?)"
YEAR4 = r"(?:19|20)\d{2}"
# "mar" and "jan" alone are left out: too many words start with them.
MONTH_NAME = (
    r"(?:janvier|janv|fevrier|fevr|fev|mars|avril|avr|mai|juin|juillet|juil|aout|"
    r"septembre|sept|sep|octobre|oct|novembre|nov|decembre|dec)\b\.?"
)

NUMERIC = re.compile(
    rf"{_DAY}(?P<sep>[/.\-]){_MONTH_NUMBER}(?P=sep)(?P<y>{YEAR4}|\d{{2}})(?![\d/]|[.,]\d)"
)
ISO = re.compile(r"(?P<y>[12](?<!\d[12])\d{3})-(?P<m>\d\d?)-(?P<d>\d\d?)(?!\d)")
SPELLED = re.compile(rf"{_DAY}\s+(?P<m>{MONTH_NAME})\s*(?P<y>{YEAR4})\b")
# Without a year, a date needs a word that announces it: "(18 mm) le 12/03", not "(1/12)".
ANNOUNCED = re.compile(
    r"\b(?:le|du|au|des le|depuis le|jusqu'au|en date du|date du|j1 le|c1 le)\s+$"
)
PARTIAL_NUMERIC = re.compile(rf"(?P<date>{_DAY}/{_MONTH_NUMBER})(?![\d/]|\s*(?:mm|cm|%)|[.,]\d)")
PARTIAL_SPELLED = re.compile(rf"(?P<date>{_DAY}\s+(?P<m>{MONTH_NAME}))(?!\s*\d)")
MONTH_YEAR = re.compile(
    rf"(?:(?P<mname>{MONTH_NAME})\s*|(?P<mnum>\d(?<![\w/]\d)\d?)/)(?P<y>{YEAR4})\b"
)
# A range whose first bound lacks the month or year of the second.
RANGE_SPELLED = re.compile(
    rf"d(?<!\wd)(?:u|e)\s+(?P<d1>\d\d?|1er)(?:\s+(?P<m1>{MONTH_NAME}))?\s+(?:au|a)\s+"
    rf"(?P<end>(?P<d2>\d\d?|1er)\s+(?P<m2>{MONTH_NAME})\s*(?P<y2>{YEAR4}))\b"
)
RANGE_NUMERIC = re.compile(
    r"d(?<!\wd)(?:u|e)\s+(?P<d1>\d\d?)/(?P<m1>\d\d?)\s+(?:au|a)\s+"
    rf"(?P<end>(?P<d2>\d\d?)/(?P<m2>\d\d?)/(?P<y2>{YEAR4}|\d{{2}}))(?![\d/])"
)
# Two full dates joined into a range: "du 12/01/2024 au 15/03/2024".
RANGE_JOIN = re.compile(r"^\s*(?:au|a|jusqu'au|-)\s*$")
# "du 12/01 au ...", or a line that opens with the range: "- 24/01/2016 - 16/04/2016 : ..."
RANGE_OPEN = re.compile(r"(?:\bdu|\bde|\bentre le)\s*$|(?:^|\n)[ \t\-\u2022*>]*$")
