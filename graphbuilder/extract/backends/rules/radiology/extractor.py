"""The radiology extractor: proposes mentions, then builds `RadiologyFindings`."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from graphbuilder.extract.backends.rules.dates.finder import DateMention
from graphbuilder.extract.backends.rules.qualifiers.qualifier import Mention
from graphbuilder.extract.backends.rules.radiology import evolution, exam, resolve
from graphbuilder.extract.backends.rules.radiology import exam_patterns as patterns
from graphbuilder.extract.backends.rules.radiology.lesions import (
    SKIPPED_SECTIONS,
    LesionRecord,
    find_lesion_records,
)
from graphbuilder.extract.backends.rules.text.document import ReportText
from graphbuilder.extract.backends.rules.text.evidenced import Value, drop_none, evidenced
from graphbuilder.extract.model import Lesion, RadiologyFindings

_SIZE_TOLERANCE_MM = 0.5
_ARTICLE_ONLY = re.compile(r"\s*(?i:l'|la |le |les |une? )?\s*")
# A list item: "• ADP médiastinale : non retrouvée.", "- segment VI : 25 mm", "Cible 2 : ..."
_LIST_ITEM = re.compile(r"[ \t]*(?:[-•*–·]|\d+[.)]|(?i:cible|l[ée]sion cible|c\d+\s*:))")


@dataclass
class RadiologyDraft:
    """What the scan found, waiting for the qualifiers."""

    records: list[LesionRecord]
    cues: list[evolution.Cue]
    new_lesion_phrases: list[Mention]
    dates: list[DateMention]
    mentions: list[Mention] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.mentions = [r.mention for r in self.records if r.mention is not None]
        self.mentions += [cue.mention for cue in self.cues] + self.new_lesion_phrases


def scan(report: ReportText, dates: list[DateMention]) -> RadiologyDraft:
    phrases = [
        Mention(match.start(), match.end())
        for match in patterns.NEW_LESION_PHRASE.finditer(report.folded)
        if report.section_at(match.start()) not in SKIPPED_SECTIONS
    ]
    return RadiologyDraft(
        find_lesion_records(report, dates), evolution.find_cues(report), phrases, dates
    )


def build(report: ReportText, draft: RadiologyDraft) -> RadiologyFindings | None:
    context = resolve.build_context(report)
    lesions = _deduplicate(
        report,
        [
            lesion
            for record in draft.records
            if (lesion := resolve.to_lesion(report, record, context)) is not None
        ],
    )
    exam_date = exam.exam_date(report, draft.dates)
    earlier_dates = [r.earlier_date for r in draft.records if r.earlier_date is not None]
    comparisons = exam.comparison_dates(report, draft.dates, exam_date, earlier_dates)
    fields = {
        "exam_date": _date(report, exam_date),
        "modality": exam.modality(report),
        "is_follow_up": exam.follow_up(
            report,
            bool(comparisons),
            evolution.has_strong_evolution(report, draft.cues),
            evolution.not_a_follow_up(report),
        ),
        "comparison_dates": [_date(report, date) for date in comparisons],
        "lesions": lesions,
        "no_new_lesion": _no_new_lesion(report, draft),
        "stated_evolution": evolution.stated_evolution(report, draft.cues),
        "stated_recist": evolution.stated_recist(report, draft.cues),
    }
    findings = RadiologyFindings.model_validate(drop_none(fields))
    if findings == RadiologyFindings():
        return None
    return findings


def _date(report: ReportText, date: DateMention | None) -> Value | None:
    return None if date is None else evidenced(report, date.value, date.start, date.end)


def _no_new_lesion(report: ReportText, draft: RadiologyDraft) -> Value | None:
    for match in patterns.NO_NEW_LESION.finditer(report.folded):
        if report.section_at(match.start()) in SKIPPED_SECTIONS:
            continue
        sentence_hedged = any(
            phrase.hypothetical
            for phrase in draft.new_lesion_phrases
            if match.start() <= phrase.start < match.end()
        )
        if not sentence_hedged:
            return evidenced(report, True, match.start(), match.end())
    for phrase in draft.new_lesion_phrases:
        if phrase.negated and not phrase.hypothetical:
            sentence = report.sentence_at(phrase.start)
            return evidenced(report, True, sentence.start, phrase.end)
    for phrase in draft.new_lesion_phrases:  # "apparition d'une nouvelle lésion": stated False
        if phrase.is_current_fact:
            return evidenced(report, False, phrase.start, phrase.end)
    return None


def _deduplicate(report: ReportText, lesions: list[Lesion]) -> list[Lesion]:
    """The conclusion often repeats a lesion of the findings: merge what is the same lesion.
    Two items of one list are two lesions, however alike ("• ADP médiastinale : disparition
    complète." then "• ADP médiastinale : non retrouvée.")."""
    kept: list[Lesion] = []
    for lesion in lesions:
        for index, other in enumerate(kept):
            if not _another_item(report, other, lesion) and _same_lesion(other, lesion):
                kept[index] = _merge(other, lesion)
                break
        else:
            kept.append(lesion)
    return kept


def _another_item(report: ReportText, first: Lesion, second: Lesion) -> bool:
    """`second` is another list item than `first`, one that says something of its own (a
    line "La lésion du segment VI est nécrotique." after its size is the same lesion)."""
    says_something = second.long_axis_mm or second.short_axis_mm or second.status.value != "present"
    return bool(says_something) and _listed_apart(report, first, second)


def _listed_apart(report: ReportText, first: Lesion, second: Lesion) -> bool:
    """Two items of one list of one section (a bulleted conclusion may repeat the findings')."""
    starts = [lesion.status.evidence.start for lesion in (first, second)]
    lines = [_list_item_line(report, lesion) for lesion in (first, second)]
    same_section = report.section_at(starts[0]) == report.section_at(starts[1])
    return same_section and None not in lines and lines[0] != lines[1]


def _list_item_line(report: ReportText, lesion: Lesion) -> int | None:
    """The start of the lesion's line when the line is a list item: a bullet or a target label
    first, or the lesion itself with its place ("Adénopathie latéro-aortique disparue.",
    "L'adénopathie latéro-aortique n'est plus visible.", "Disparition de l'ADP médiastinale.")."""
    text = report.text
    start = report.line_start(lesion.status.evidence.start)
    if _LIST_ITEM.match(text, start):
        return start
    first_word = min(lesion.nodal.evidence.start, lesion.status.evidence.start)
    opens_line = _ARTICLE_ONLY.fullmatch(text, start, first_word) is not None
    return start if opens_line and lesion.location is not None else None


def _same_lesion(first: Lesion, second: Lesion) -> bool:
    if first.organ.value != second.organ.value:
        return False
    first_place = first.location.value if first.location else None
    second_place = second.location.value if second.location else None
    sizes = (first.long_axis_mm, second.long_axis_mm)
    if second_place is None and sizes[1] is None:
        # "apparition de deux lésions hépatiques" sums up lesions described one by one
        return first.status.value == second.status.value
    if first_place != second_place and None not in (first_place, second_place):
        return False
    if first_place != second_place:  # one place is unknown: only an equal size tells
        return None not in sizes and abs(sizes[0].value - sizes[1].value) <= _SIZE_TOLERANCE_MM  # type: ignore[union-attr]
    if first.laterality and second.laterality and first.laterality.value != second.laterality.value:
        return False
    if sizes[0] is not None and sizes[1] is not None:
        return abs(sizes[0].value - sizes[1].value) <= _SIZE_TOLERANCE_MM
    if first_place is None:  # without a place, only a repeated size says it is the same lesion
        return sizes[0] is None and sizes[1] is None and first.status.value == second.status.value
    return True


def _merge(first: Lesion, second: Lesion) -> Lesion:
    update = {
        name: getattr(second, name)
        for name in (
            "location",
            "laterality",
            "long_axis_mm",
            "short_axis_mm",
            "previous",
            "target",
        )
        if getattr(first, name) is None and getattr(second, name) is not None
    }
    if first.status.value == "present" and second.status.value != "present":
        update["status"] = second.status
    return first.model_copy(update=update)
