import datetime as dt

import pytest

from graphbuilder.core.dates import DateParseError, coerce_date, parse_date


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-03-12", dt.date(2024, 3, 12)),
        ("2024-03-12T08:30:00Z", dt.date(2024, 3, 12)),
        ("12/03/2024", dt.date(2024, 3, 12)),
        ("2/3/2024", dt.date(2024, 3, 2)),
        ("12.03.24", dt.date(2024, 3, 12)),
        ("12-03-1987", dt.date(1987, 3, 12)),
        ("12 mars 2024", dt.date(2024, 3, 12)),
        ("1er février 2023", dt.date(2023, 2, 1)),
        ("3 Févr. 2023", dt.date(2023, 2, 3)),
        ("15 aout 2022", dt.date(2022, 8, 15)),
        ("  7   décembre  2021 ", dt.date(2021, 12, 7)),
    ],
)
def test_reads_iso_day_first_and_french_dates(text: str, expected: dt.date) -> None:
    assert parse_date(text) == expected


def test_two_digit_years_pivot_to_the_right_century() -> None:
    assert parse_date("01/01/49") == dt.date(2049, 1, 1)
    assert parse_date("01/01/50") == dt.date(1950, 1, 1)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("31/02/2024", "is not a real day"),
        ("2024-13-01", "is not a real day"),
        ("12 brumaire 2024", "unknown month 'brumaire'"),
        ("hier", "is not a date"),
        ("", "the date is empty"),
        ("03/12", "is not a date"),
    ],
)
def test_says_why_a_date_cannot_be_read(text: str, message: str) -> None:
    with pytest.raises(DateParseError, match=message):
        parse_date(text)


def test_coerce_accepts_dates_datetimes_and_text() -> None:
    assert coerce_date(dt.datetime(2024, 1, 2, 10, 0)) == dt.date(2024, 1, 2)
    assert coerce_date(dt.date(2024, 1, 2)) == dt.date(2024, 1, 2)
    assert coerce_date("02/01/2024") == dt.date(2024, 1, 2)
    with pytest.raises(DateParseError):
        coerce_date(20240102)
