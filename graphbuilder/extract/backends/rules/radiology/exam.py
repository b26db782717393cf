"""The exam itself: its date, modality, whether it is a follow-up, the exams it compares to."""

from __future__ import annotations

import re

from graphbuilder.extract.backends.rules.dates.finder import DateMention, Precision
from graphbuilder.extract.backends.rules.radiology import exam_patterns as patterns
from graphbuilder.extract.backends.rules.text.document import ReportText
from graphbuilder.extract.backends.rules.text.evidenced import Value, evidenced

HEADER_CHARS = 600
_NOT_EXAM_SECTIONS = frozenset({"indication", "comparison", "history", "family_history"})
_EXAM_ANNOUNCED = re.compile(
    r"(?:\bexamen (?:du|realise le)|\bdate (?:de l'examen|d'examen)\s*:?|\brealise\w* le)\s*$"
)
_STRONG_COMPARISON = re.compile(
    r"\bcompar\w*|\bpar rapport (?:a|au|aux)\b|\ben regard d\w*|\bvs\b|\bversus\b|"
    r"\bprecedent\w*|\banterieur\w*|\bdernier (?:examen|controle|scanner|bilan)|\bconfront\w*"
)


def exam_date(report: ReportText, dates: list[DateMention]) -> DateMention | None:
    """The date the exam was done: announced in the header, else the header's first date."""
    candidates = [
        date
        for date in dates
        if date.precision is Precision.DAY
        and date.start < HEADER_CHARS
        and not _in_comparison_sentence(report, date)
        and (
            report.section_at(date.start) not in _NOT_EXAM_SECTIONS or _announced_exam(report, date)
        )
    ]
    for date in candidates:
        before = report.folded[max(0, date.start - 40) : date.start]
        if patterns.EXAM_DATE_CUE.search(before):
            return date
    return candidates[0] if candidates else None


def modality(report: ReportText) -> Value | None:
    """The first modality named in the header, else anywhere outside the indication."""
    for index, match in patterns.MODALITY.finditer(report.folded):
        if match.start() >= HEADER_CHARS and report.section_at(match.start()) in _NOT_EXAM_SECTIONS:
            continue
        written = report.text[match.start() : match.end()]
        if written.lower() in {"ct", "pet"} and not written.isupper():
            continue  # "ct", "pet" in lower case are not the abbreviations
        value = patterns.MODALITIES[index][0]
        return evidenced(report, value, match.start(), match.end())
    return None


def comparison_dates(
    report: ReportText,
    dates: list[DateMention],
    exam: DateMention | None,
    earlier: list[DateMention],
) -> list[DateMention]:
    """Dates of the exams this one is compared with, in text order, each value once."""
    chosen: dict[object, DateMention] = {}
    for date in dates:
        if date.precision is not Precision.DAY or (exam is not None and date.value == exam.value):
            continue
        section = report.section_at(date.start)
        if section == "comparison" or (
            section not in {"indication", "history", "family_history"}
            and _in_comparison_sentence(report, date)
        ):
            chosen.setdefault(date.value, date)
    for date in earlier:
        if exam is None or date.value != exam.value:
            chosen.setdefault(date.value, date)
    return sorted(chosen.values(), key=lambda date: date.start)


def follow_up(
    report: ReportText, has_comparison: bool, evolution_stated: bool, initial: Value | None
) -> Value | None:
    """True when the exam is compared with an earlier one and read as such; False for an exam
    stated as initial staging or with nothing to compare with."""
    folded = report.folded
    if has_comparison and (evolution_stated or initial is None):
        cue = _first_outside_indication(report, _STRONG_COMPARISON) or patterns.FOLLOW_UP.search(
            folded
        )
        if cue is not None:
            return evidenced(report, True, cue.start(), cue.end())
    if initial is not None:
        return {"value": False, "evidence": initial["evidence"]}
    if (refusal := patterns.NO_COMPARISON.search(folded)) is not None:
        return evidenced(report, False, refusal.start(), refusal.end())
    if (cue := patterns.FOLLOW_UP.search(folded)) is not None:
        return evidenced(report, True, cue.start(), cue.end())
    return None


def _first_outside_indication(report: ReportText, pattern: re.Pattern[str]) -> re.Match[str] | None:
    for match in pattern.finditer(report.folded):
        if report.section_at(match.start()) not in {"indication", "history"}:
            return match
    return None


def _announced_exam(report: ReportText, date: DateMention) -> bool:
    """ "Examen du 14/03/2024", even inside a comparison paragraph, dates this exam."""
    before = report.folded[max(0, date.start - 40) : date.start]
    return bool(_EXAM_ANNOUNCED.search(before))


def _in_comparison_sentence(report: ReportText, date: DateMention) -> bool:
    sentence = report.sentence_at(date.start)
    return bool(_STRONG_COMPARISON.search(report.folded, sentence.start, sentence.end))
