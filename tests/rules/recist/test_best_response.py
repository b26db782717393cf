"""Best overall response: Table 3 of Eisenhauer 2009, confirmation and SD duration."""

from __future__ import annotations

import datetime as dt

import pytest

from graphbuilder.rules.recist import (
    DatedResponse,
    RecistOptions,
    Response,
    best_overall_response,
)

CR, PR, SD, PD, NE = Response.CR, Response.PR, Response.SD, Response.PD, Response.NE
START = dt.date(2024, 1, 1)
CONFIRMED = RecistOptions(confirm=True, min_confirm_days=28, min_sd_days=42)


def best(
    *timeline: tuple[int, Response],
    options: RecistOptions = CONFIRMED,
    start: dt.date | None = START,
) -> tuple[Response, int | None]:
    """Responses on days after the line start → (best response, its day)."""
    responses = [DatedResponse(START + dt.timedelta(days=day), r) for day, r in timeline]
    result = best_overall_response(responses, start, options)
    day = None if result.date is None else (result.date - START).days
    return result.response, day


TABLE_3 = "Eisenhauer 2009 §4.4.3 Table 3 (confirmation required)"
LONG = (56, 112)  # both after the 42-day SD minimum, 56 days apart (>= 28)
SHORT = (14, 35)  # both before the SD minimum, 21 days apart (< 28)


@pytest.mark.parametrize(
    ("first", "second", "days", "expected", "source"),
    [
        (CR, CR, LONG, (CR, 56), TABLE_3 + ": CR, CR → CR"),
        (CR, PR, LONG, (PR, 56), TABLE_3 + ": CR, PR → PR (footnote: the CR was really a PR)"),
        (CR, SD, LONG, (SD, 56), TABLE_3 + ": CR, SD → SD if SD lasted long enough"),
        (CR, SD, SHORT, (PD, 35), TABLE_3 + ": CR, SD → otherwise PD"),
        (CR, PD, LONG, (SD, 56), TABLE_3 + ": CR, PD → SD if SD lasted long enough"),
        (CR, PD, SHORT, (PD, 35), TABLE_3 + ": CR, PD → otherwise PD"),
        (CR, NE, LONG, (SD, 56), TABLE_3 + ": CR, NE → SD if SD lasted long enough"),
        (CR, NE, SHORT, (NE, None), TABLE_3 + ": CR, NE → otherwise NE"),
        (PR, CR, LONG, (PR, 56), TABLE_3 + ": PR, CR → PR"),
        (PR, PR, LONG, (PR, 56), TABLE_3 + ": PR, PR → PR"),
        (PR, SD, LONG, (SD, 56), TABLE_3 + ": PR, SD → SD"),
        (PR, PD, LONG, (SD, 56), TABLE_3 + ": PR, PD → SD if SD lasted long enough"),
        (PR, PD, SHORT, (PD, 35), TABLE_3 + ": PR, PD → otherwise PD"),
        (PR, NE, LONG, (SD, 56), TABLE_3 + ": PR, NE → SD if SD lasted long enough"),
        (PR, NE, SHORT, (NE, None), TABLE_3 + ": PR, NE → otherwise NE"),
        (NE, NE, LONG, (NE, None), TABLE_3 + ": NE, NE → NE"),
    ],
)
def test_table_3(
    first: Response,
    second: Response,
    days: tuple[int, int],
    expected: tuple[Response, int | None],
    source: str,
) -> None:
    assert best((days[0], first), (days[1], second)) == expected, source


def test_confirmation_needs_at_least_28_days() -> None:
    # Eisenhauer 2009 §4.6.1: confirmation "no less than 4 weeks" after the response.
    assert best((56, PR), (83, PR)) == (SD, 56)  # 27 days: unconfirmed PR counts as SD
    assert best((56, PR), (84, PR)) == (PR, 56)  # 28 days
    assert best((56, PR), (70, PR), (84, PR)) == (PR, 56)  # a too-early exam in between


def test_ne_between_response_and_confirmation_is_skipped_but_sd_is_not() -> None:
    assert best((56, PR), (84, NE), (112, PR)) == (PR, 56)
    # PR, SD, PR: the SD breaks the first PR; the last PR has nothing to confirm it.
    assert best((56, PR), (112, SD), (168, PR)) == (SD, 56)


def test_cr_confirmed_after_a_pr() -> None:
    assert best((56, PR), (112, CR), (140, CR)) == (CR, 112)
    assert best((56, PR), (112, CR), (130, CR)) == (PR, 56)  # CR confirmed only 18 days later


def test_minimum_sd_duration() -> None:
    # Eisenhauer 2009 §4.6.3 and §4.4.3: SD must last the protocol's minimum (42 days here).
    assert best((41, SD)) == (NE, None)
    assert best((42, SD)) == (SD, 42)
    assert best((41, SD), (70, PD)) == (PD, 70)
    assert best((10, SD), (50, SD)) == (SD, 50)


def test_without_a_reference_date_sd_duration_is_not_checked() -> None:
    responses = [DatedResponse(START, SD)]
    result = best_overall_response(responses, None, CONFIRMED)
    assert result.response is SD
    assert "SD duration not checked" in result.explanation


def test_without_confirmation_the_best_single_response_counts() -> None:
    options = RecistOptions(confirm=False)
    assert best((56, PR), (84, SD), options=options) == (PR, 56)
    assert best((56, SD), (84, CR), (112, PD), options=options) == (CR, 84)
    assert best((14, SD), (35, PD), options=options) == (PD, 35)


def test_nothing_after_the_first_pd_counts() -> None:
    # Eisenhauer 2009 §4.4.3: best response is recorded until disease progression.
    assert best((20, PD), (56, CR), (112, CR)) == (PD, 20)


def test_non_target_only_disease_is_non_cr_non_pd() -> None:
    assert best((56, Response.NON_CR_NON_PD)) == (Response.NON_CR_NON_PD, 56)


def test_explanation_names_the_confirmation() -> None:
    responses = [DatedResponse(dt.date(2024, 3, 1), PR), DatedResponse(dt.date(2024, 4, 2), PR)]
    result = best_overall_response(responses, START, CONFIRMED)
    assert result.explanation == "PR on 2024-03-01: confirmed on 2024-04-02 (>= 28 days later)"


@pytest.mark.parametrize(
    ("timeline", "expected", "source"),
    [
        (
            ((56, Response.IUPD), (84, Response.IPR), (126, Response.IPR)),
            (Response.IPR, 84),
            "Seymour 2017 iRECIST: a response after iUPD counts for the best response",
        ),
        (
            ((56, Response.ISD), (84, Response.IUPD), (112, Response.ICPD)),
            (Response.ISD, 56),
            "Seymour 2017 iRECIST: iSD of sufficient duration before iCPD",
        ),
        (
            ((28, Response.IUPD), (56, Response.ICPD)),
            (Response.ICPD, 56),
            "Seymour 2017 iRECIST: iCPD when nothing better",
        ),
        (
            ((28, Response.ISD), (56, Response.IUPD)),
            (Response.IUPD, 56),
            "Seymour 2017 iRECIST: unconfirmed progression stays iUPD",
        ),
    ],
)
def test_irecist_best_response(
    timeline: tuple[tuple[int, Response], ...], expected: tuple[Response, int], source: str
) -> None:
    assert best(*timeline) == expected, source
