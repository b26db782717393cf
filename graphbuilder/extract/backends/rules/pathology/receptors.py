"""Hormone receptors, HER2 and Ki-67, as pathology conclusions and IHC sections write them.

Status follows ASCO/CAP: a receptor is positive from 1 % of stained nuclei. HER2 is read from
the IHC score and the in-situ hybridisation: 0 negative, 1+ low, 2+ equivocal unless ISH says
amplified (positive) or not (low), 3+ positive; an explicit "HER2-low" or a stated status is used
when no score is written.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from graphbuilder.extract.backends.rules.pathology import patterns
from graphbuilder.extract.backends.rules.text.document import ReportText
from graphbuilder.extract.backends.rules.text.evidenced import Value, evidenced
from graphbuilder.extract.model import Her2Ihc, Her2Ish, Her2Status, ReceptorStatus

_WINDOW = 70
_MARKERS = re.compile(
    "|".join(p.pattern for p in (patterns.ER, patterns.PR, patterns.HER2)) + r"|\bki-?\s?67\b"
)


@dataclass(frozen=True)
class ReceptorReading:
    status: Value | None
    percent: Value | None


def receptor(
    report: ReportText, pattern: re.Pattern[str], order: list[tuple[int, int]]
) -> ReceptorReading:
    """The first reading of a receptor, looking in the preferred regions first."""
    for start, end in order:
        for match in pattern.finditer(report.folded, start, end):
            reading = _read_receptor(report, match)
            if reading is not None:
                return reading
    return ReceptorReading(None, None)


def both_negative(report: ReportText) -> Value | None:
    """ "RH-" or "triple négatif": both hormone receptors negative."""
    match = patterns.HORMONE_BOTH_NEGATIVE.search(report.folded)
    if match is None:
        return None
    return evidenced(report, ReceptorStatus.NEGATIVE, match.start(), match.end())


def _read_receptor(report: ReportText, match: re.Match[str]) -> ReceptorReading | None:
    folded = report.folded
    limit = _window_end(folded, match.end())
    value = patterns.RECEPTOR_VALUE.match(folded, match.end(), limit)
    if value is None:
        return None
    status: Value | None
    percent: Value | None = None
    if value["pct"] is not None:
        percent, negative = _percent(report, value)
        status_value = ReceptorStatus.NEGATIVE if negative else ReceptorStatus.POSITIVE
        status = evidenced(report, status_value, match.start(), value.end())
        return ReceptorReading(status, percent)
    written = value["sign"] or value["word"]
    positive = written.startswith(("+", "positi"))
    status = evidenced(
        report,
        ReceptorStatus.POSITIVE if positive else ReceptorStatus.NEGATIVE,
        match.start(),
        value.end(),
    )
    extra = patterns.PERCENT_AFTER_WORD.match(folded, value.end(), limit)
    if extra is not None:
        percent, _ = _percent(report, extra)
    return ReceptorReading(status, percent)


def _percent(report: ReportText, match: re.Match[str]) -> tuple[Value | None, bool]:
    number = float(match["pct"].replace(",", "."))
    below = match["lt"] is not None
    negative = number < 1 or (below and number <= 1)
    if below or number > 100:
        return None, negative  # "< 1 %" is a bound, not a measured percentage
    return evidenced(report, number, match.start("pct"), match.end()), negative


def _window_end(folded: str, start: int) -> int:
    """A reading stops at the next marker ("RE 90 % RP 10 %") or after a short window."""
    nxt = _MARKERS.search(folded, start + 1, start + _WINDOW)
    return nxt.start() if nxt else min(len(folded), start + _WINDOW)


@dataclass(frozen=True)
class Her2Reading:
    status: Value | None
    ihc: Value | None
    ish: Value | None


def her2(report: ReportText, order: list[tuple[int, int]]) -> Her2Reading:
    ihc = _first(report, order, _ihc)
    ish = _ish(report, order)
    explicit = _first(report, order, _explicit_status)
    return Her2Reading(_status(report, ihc, ish, explicit), ihc, ish)


def _first(
    report: ReportText,
    order: list[tuple[int, int]],
    read: Callable[[ReportText, re.Match[str]], Value | None],
) -> Value | None:
    for start, end in order:
        for match in patterns.HER2.finditer(report.folded, start, end):
            found = read(report, match)
            if found is not None:
                return found
    return None


def _ihc(report: ReportText, match: re.Match[str]) -> Value | None:
    limit = _window_end(report.folded, match.end())
    score = patterns.HER2_SCORE.match(report.folded, match.end(), limit)
    if score is None:
        return None
    if score["crosses"]:
        value = {1: Her2Ihc.SCORE_1, 2: Her2Ihc.SCORE_2}.get(len(score["crosses"]), Her2Ihc.SCORE_3)
        return evidenced(report, value, score.start("crosses"), score.end("crosses"))
    number = score["score"]
    written = report.folded[score.start() : score.end()]
    if number != "0" and not score["plus"] and "score" not in written:
        return None
    value = {"0": Her2Ihc.SCORE_0, "1": Her2Ihc.SCORE_1, "2": Her2Ihc.SCORE_2}.get(
        number, Her2Ihc.SCORE_3
    )
    end = score.end("plus") if score["plus"] else score.end("score")
    return evidenced(report, value, score.start("score"), end)


def _ish(report: ReportText, order: list[tuple[int, int]]) -> Value | None:
    """FISH/SISH/CISH result, else "HER2 amplifié" written without the technique."""
    for pattern in (patterns.ISH, patterns.HER2_AMPLIFIED):
        for start, end in order:
            for match in pattern.finditer(report.folded, start, end):
                amplified = not match["result"].startswith(("non", "absence", "pas"))
                value = Her2Ish.AMPLIFIED if amplified else Her2Ish.NOT_AMPLIFIED
                return evidenced(report, value, match.start(), match.end())
    return None


def _explicit_status(report: ReportText, match: re.Match[str]) -> Value | None:
    limit = _window_end(report.folded, match.end())
    low = patterns.HER2_LOW.match(report.folded, match.end(), limit)
    if low is not None:
        return evidenced(report, Her2Status.LOW, match.start(), low.end())
    word = patterns.HER2_WORD.match(report.folded, match.end(), limit)
    if word is None:
        return None
    written = word["word"]
    if written.startswith(("equivoque", "douteux")):
        value = Her2Status.EQUIVOCAL
    elif written.startswith(("negati", "non", "absence")):
        value = Her2Status.NEGATIVE
    else:
        value = Her2Status.POSITIVE
    return evidenced(report, value, match.start(), word.end())


def _status(
    report: ReportText, ihc: Value | None, ish: Value | None, explicit: Value | None
) -> Value | None:
    if ish is not None and ish["value"] is Her2Ish.AMPLIFIED:
        return {"value": Her2Status.POSITIVE, "evidence": ish["evidence"]}
    if explicit is not None and explicit["value"] is Her2Status.LOW:
        return explicit
    if ihc is not None:
        score = ihc["value"]
        if score is Her2Ihc.SCORE_2 and ish is None:
            return {"value": Her2Status.EQUIVOCAL, "evidence": ihc["evidence"]}
        status = {
            Her2Ihc.SCORE_0: Her2Status.NEGATIVE,
            Her2Ihc.SCORE_1: Her2Status.LOW,
            Her2Ihc.SCORE_2: Her2Status.LOW,
        }.get(score, Her2Status.POSITIVE)
        return {"value": status, "evidence": ihc["evidence"]}
    return explicit


def ki67(report: ReportText, order: list[tuple[int, int]]) -> Value | None:
    """Ki-67 in %, the middle of a written range ("15-20 %")."""
    for start, end in order:
        for match in patterns.KI67.finditer(report.folded, start, end):
            low = float(match["a"].replace(",", "."))
            high = float(match["b"].replace(",", ".")) if match["b"] else low
            value = round((low + high) / 2, 1) if high >= low else low
            if 0 <= value <= 100:
                return evidenced(report, value, match.start("a"), match.end())
    return None
