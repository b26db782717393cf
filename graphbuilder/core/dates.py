"""Dates as hospitals write them: ISO, day-first numeric and French spelled-out forms.

`parse_date` accepts a whole date string ("2024-03-12", "12/03/2024", "12.03.24",
"12 mars 2024", "1er févr. 2024") and raises `DateParseError` saying whether the text was not a
date at all or named a day that does not exist (31/02/2024).
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata

FRENCH_MONTHS: dict[str, int] = {
    "janvier": 1,
    "janv": 1,
    "jan": 1,
    "fevrier": 2,
    "fevr": 2,
    "fev": 2,
    "mars": 3,
    "mar": 3,
    "avril": 4,
    "avr": 4,
    "mai": 5,
    "juin": 6,
    "juillet": 7,
    "juil": 7,
    "aout": 8,
    "septembre": 9,
    "sept": 9,
    "sep": 9,
    "octobre": 10,
    "oct": 10,
    "novembre": 11,
    "nov": 11,
    "decembre": 12,
    "dec": 12,
}

_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$")
_NUMERIC_DAY_FIRST = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2}|\d{4})$")
_SPELLED = re.compile(r"^(\d{1,2})(?:er)?\s+([a-z]+)\.?\s+(\d{4})$")


class DateParseError(ValueError):
    """The text is not a date we can read, or names a day that does not exist."""


def strip_accents(text: str) -> str:
    """`"Février"` → `"Fevrier"`: compare French words without their accents."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def expand_two_digit_year(year: int, pivot: int = 50) -> int:
    """`24` → 2024, `87` → 1987: reports rarely describe the far future."""
    return 2000 + year if year < pivot else 1900 + year


def _build(year: int, month: int, day: int, text: str) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError as error:
        raise DateParseError(f"{text!r} is not a real day ({error})") from None


@functools.lru_cache(maxsize=65_536)  # a corpus or events file repeats its dates many times
def parse_date(text: str) -> dt.date:
    """Parse one date written in ISO, day-first numeric or French spelled-out form."""
    cleaned = " ".join(text.strip().split())
    if not cleaned:
        raise DateParseError("the date is empty")
    if match := _ISO.match(cleaned):
        year, month, day = (int(part) for part in match.groups())
        return _build(year, month, day, text)
    if match := _NUMERIC_DAY_FIRST.match(cleaned):
        day, month, year = (int(part) for part in match.groups())
        if len(match.group(3)) == 2:
            year = expand_two_digit_year(year)
        return _build(year, month, day, text)
    if match := _SPELLED.match(strip_accents(cleaned).lower()):
        month_number = FRENCH_MONTHS.get(match.group(2))
        if month_number is None:
            raise DateParseError(f"{text!r}: unknown month {match.group(2)!r}")
        return _build(int(match.group(3)), month_number, int(match.group(1)), text)
    raise DateParseError(
        f"{text!r} is not a date (expected 2024-03-12, 12/03/2024 or 12 mars 2024)"
    )


def coerce_date(value: object) -> dt.date:
    """A date from a cell that may already be a date or datetime, or text to parse."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        return parse_date(value)
    raise DateParseError(f"{value!r} is not a date")
