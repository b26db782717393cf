"""Finding every date a report writes, with its span and how precise it is."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import Enum

from graphbuilder.core.dates import FRENCH_MONTHS, expand_two_digit_year
from graphbuilder.extract.backends.rules.dates import patterns
from graphbuilder.extract.backends.rules.text.document import ReportText

FUTURE_DAYS = 60


class Precision(Enum):
    DAY = "day"
    MONTH = "month"  # "mars 2022": the first of the month stands for it


class RangeRole(Enum):
    NONE = "none"
    START = "start"  # first bound of "du 2 au 5 mars 2024"
    END = "end"


@dataclass(frozen=True)
class DateMention:
    start: int
    end: int
    value: dt.date
    precision: Precision
    role: RangeRole = RangeRole.NONE


def find_dates(report: ReportText) -> list[DateMention]:
    """Every date of the report in text order; range bounds carry their role."""
    folded = report.folded
    found: dict[tuple[int, int], DateMention] = {}
    taken: list[tuple[int, int]] = []

    def add(mention: DateMention | None) -> None:
        if mention is None or any(s <= mention.start < e for s, e in taken):
            return
        found[(mention.start, mention.end)] = mention
        taken.append((mention.start, mention.end))

    for ranged in _ranges(report):  # both bounds kept, though the first quotes the second
        if not any(s <= ranged.start < e for s, e in taken):
            found[(ranged.start, ranged.end)] = ranged
    taken.extend((start, end) for start, end in found)
    for pattern in (patterns.NUMERIC, patterns.ISO, patterns.SPELLED):
        for match in pattern.finditer(folded):
            add(_full(match.start(), match.end(), match["d"], match["m"], match["y"]))
    for pattern in (patterns.PARTIAL_NUMERIC, patterns.PARTIAL_SPELLED):
        for match in pattern.finditer(folded):
            if not patterns.ANNOUNCED.search(folded, max(0, match.start() - 20), match.start()):
                continue
            value = _near(report.report_date, match["d"], match["m"])
            if value is not None:
                add(DateMention(match.start("date"), match.end("date"), value, Precision.DAY))
    for match in patterns.MONTH_YEAR.finditer(folded):
        month = _month(match["mname"] or match["mnum"])
        if month is not None:
            add(
                DateMention(
                    match.start(), match.end(), dt.date(int(match["y"]), month, 1), Precision.MONTH
                )
            )
    mentions = sorted(found.values(), key=lambda mention: mention.start)
    return _join_full_ranges(folded, mentions)


def _ranges(report: ReportText) -> list[DateMention]:
    mentions: list[DateMention] = []
    for pattern in (patterns.RANGE_SPELLED, patterns.RANGE_NUMERIC):
        for match in pattern.finditer(report.folded):
            end = _full(match.start("end"), match.end("end"), match["d2"], match["m2"], match["y2"])
            if end is None:
                continue
            month = _month(match["m1"]) if match["m1"] else end.value.month
            if month is None:
                continue
            start_value = _safe_date(end.value.year, month, _day(match["d1"]))
            if start_value is None or start_value > end.value:
                continue
            # The first bound's evidence runs to the end of the range, which completes it.
            start = DateMention(
                match.start("d1"), match.end("end"), start_value, Precision.DAY, RangeRole.START
            )
            mentions += [
                start,
                DateMention(end.start, end.end, end.value, end.precision, RangeRole.END),
            ]
    return mentions


def _join_full_ranges(folded: str, mentions: list[DateMention]) -> list[DateMention]:
    joined = list(mentions)
    for index in range(len(mentions) - 1):
        first, second = mentions[index], mentions[index + 1]
        if first.role is not RangeRole.NONE or second.role is not RangeRole.NONE:
            continue
        between = folded[first.end : second.start]
        opening = folded[max(0, first.start - 12) : first.start]
        joins = patterns.RANGE_JOIN.match(between) and patterns.RANGE_OPEN.search(opening)
        if joins and first.value <= second.value:
            joined[index] = _with_role(first, RangeRole.START)
            joined[index + 1] = _with_role(second, RangeRole.END)
    return joined


def _with_role(mention: DateMention, role: RangeRole) -> DateMention:
    return DateMention(mention.start, mention.end, mention.value, mention.precision, role)


def _full(start: int, end: int, day: str, month: str, year: str) -> DateMention | None:
    month_number = _month(month)
    year_number = int(year)
    if len(year) == 2:
        year_number = expand_two_digit_year(year_number)
    if month_number is None:
        return None
    value = _safe_date(year_number, month_number, _day(day))
    return DateMention(start, end, value, Precision.DAY) if value else None


def _near(reference: dt.date, day: str, month: str) -> dt.date | None:
    """A date written without its year: its latest occurrence up to two months after the
    report's date (reports mostly look back; what they plan is weeks ahead)."""
    month_number = _month(month)
    if month_number is None:
        return None
    horizon = reference + dt.timedelta(days=FUTURE_DAYS)
    candidates = [
        value
        for year in (reference.year - 1, reference.year, reference.year + 1)
        if (value := _safe_date(year, month_number, _day(day))) is not None and value <= horizon
    ]
    return max(candidates, default=None)


def _day(text: str) -> int:
    return 1 if text == "1er" else int(text)


def _month(text: str) -> int | None:
    cleaned = text.rstrip(".")
    if cleaned.isdigit():
        return int(cleaned)
    return FRENCH_MONTHS.get(cleaned)


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None
