"""A treatment's course read around its name: start, end, status, line, cycle, dose."""

from __future__ import annotations

import re
from dataclasses import dataclass, fields, replace
from typing import TYPE_CHECKING

from graphbuilder.extract.backends.rules.dates.finder import DateMention, Precision, RangeRole
from graphbuilder.extract.backends.rules.text.document import ReportText, Sentence
from graphbuilder.extract.backends.rules.text.evidenced import Value, evidenced
from graphbuilder.extract.backends.rules.treatments import patterns
from graphbuilder.extract.model import TreatmentCategory, TreatmentStatus

if TYPE_CHECKING:
    from graphbuilder.extract.backends.rules.treatments.extractor import Named

_STATUS_REACH = 60
_AFTER_REACH = 30
_LINE_REACH = 90
_CYCLE_REACH = 60
_COLON_REACH = 20  # "- 7 mai 2018 : chirurgie par lobectomie"
_SENTENCE = 10**6  # no distance limit within the sentence


@dataclass(frozen=True)
class Course:
    start: Value | None = None
    end: Value | None = None
    status: Value | None = None
    line: Value | None = None
    cycle: Value | None = None
    dose_gy: Value | None = None
    fractions: Value | None = None

    def merged_with(self, later: Course) -> Course:
        """Same treatment named again: keep the first start and line, the latest of the rest."""
        return Course(
            start=self.start or later.start,
            end=later.end or self.end,
            status=later.status or self.status,
            line=self.line or later.line,
            cycle=later.cycle or self.cycle,
            dose_gy=self.dose_gy or later.dose_gy,
            fractions=self.fractions or later.fractions,
        )

    def fields(self) -> dict[str, Value | None]:
        return {item.name: getattr(self, item.name) for item in fields(self)}


@dataclass
class _Group:
    members: list[int]
    start: int
    end: int
    course: Course = Course()


def read_course(report: ReportText, named: list[Named], dates: list[DateMention]) -> list[Course]:
    courses = [Course() for _ in named]
    by_sentence: dict[Sentence, list[int]] = {}
    for index, item in enumerate(named):
        by_sentence.setdefault(report.sentence_at(item.start), []).append(index)
    for sentence, indices in by_sentence.items():
        groups = _groups(report, named, indices)
        _statuses(report, sentence, groups)
        _lines_and_cycles(report, sentence, groups, named)
        _dates(report, sentence, groups, named, dates)
        for group in groups:
            for index in group.members:
                courses[index] = group.course
    _follow_on_sentences(report, named, by_sentence, courses, dates)
    intervention = _intervention(report, dates)
    for index, item in enumerate(named):
        courses[index] = _planned_by_section(report, item, courses[index])
        if item.category is TreatmentCategory.RADIOTHERAPY:
            courses[index] = _dose(report, item, courses[index])
        if item.category is TreatmentCategory.SURGERY and intervention is not None:
            start, status = intervention
            courses[index] = replace(
                courses[index],
                start=courses[index].start or start,
                status=courses[index].status or status,
            )
    return courses


def _follow_on_sentences(
    report: ReportText,
    named: list[Named],
    by_sentence: dict[Sentence, list[int]],
    courses: list[Course],
    dates: list[DateMention],
) -> None:
    """ "... par docétaxel. La cure C1 est prévue le 28/05/2024.": a sentence that names no
    treatment but tells a course continues the last treatment named before it."""
    ordered = sorted(by_sentence.items(), key=lambda item: item[0].start)
    for (sentence, indices), following in zip(ordered, [*ordered[1:], None], strict=False):
        stop = following[0].start if following else len(report.text)
        nxt = report.sentence_at(sentence.end + 1)
        if nxt.start <= sentence.start or nxt.start >= stop:
            continue
        if "\n\n" in report.folded[sentence.end : nxt.start]:
            continue
        last = _Group([indices[-1]], named[indices[-1]].start, named[indices[-1]].end)
        last.course = Course()
        _statuses(report, nxt, [last], any_distance=True)
        _lines_and_cycles(report, nxt, [last], named, any_distance=True)
        _dates(report, nxt, [last], named, dates, any_distance=True)
        extra = last.course
        group_members = [i for i in indices if courses[i] is courses[indices[-1]]]
        for index in group_members or [indices[-1]]:
            courses[index] = _fill(courses[index], extra)


def _fill(course: Course, extra: Course) -> Course:
    return Course(
        **{
            name: value if value is not None else getattr(extra, name)
            for name, value in course.fields().items()
        }
    )


def _intervention(report: ReportText, dates: list[DateMention]) -> tuple[Value, Value] | None:
    """ "Intervention du 03/10/2023" in a surgical report's header: the surgery it names was
    done that day. Returns (start, completed status)."""
    for date in dates:
        if date.start > 600:
            break
        before = report.folded[max(0, date.start - 30) : date.start]
        cue = patterns.HEADER_INTERVENTION.search(before)
        if date.precision is Precision.DAY and cue is not None:
            cue_start = date.start - len(before) + cue.start()
            start = evidenced(report, date.value, date.start, date.end)
            status = evidenced(report, TreatmentStatus.COMPLETED, cue_start, date.end)
            if start is not None and status is not None:
                return start, status
    return None


def _groups(report: ReportText, named: list[Named], indices: list[int]) -> list[_Group]:
    groups: list[_Group] = []
    for index in indices:
        item = named[index]
        last = groups[-1] if groups else None
        if last is not None and patterns.GROUP_GAP.match(report.folded[last.end : item.start]):
            last.members.append(index)
            last.end = item.end
        else:
            groups.append(_Group([index], item.start, item.end))
    return groups


def _nearest(
    groups: list[_Group], start: int, end: int, reach: int, after_only: bool = False
) -> _Group | None:
    best: tuple[int, _Group] | None = None
    for group in groups:
        if group.start >= end:
            distance = group.start - end
        elif group.end <= start:
            if after_only:
                continue
            distance = start - group.end
        else:
            distance = 0
        if distance <= reach and (best is None or distance < best[0]):
            best = (distance, group)
    return best[1] if best else None


def _statuses(
    report: ReportText, sentence: Sentence, groups: list[_Group], any_distance: bool = False
) -> None:
    """Each group takes its nearest status cue; a governing cue ("traitée par", "proposition")
    also reaches every group after it up to the next cue."""
    cues: list[tuple[int, int, Value, bool]] = []  # start, end, value, after only
    for status, pattern, side in patterns.STATUS_PATTERNS:
        for match in pattern.finditer(report.folded, sentence.start, sentence.end):
            value = evidenced(report, status, match.start(), match.end())
            if value is not None:
                cues.append((match.start(), match.end(), value, side == "after"))
    cues.sort(key=lambda cue: cue[0])
    for group in groups:
        best: tuple[int, Value] | None = None
        for start, end, value, after_only in cues:
            distance = _distance(group, start, end)
            before_group = end <= group.start
            reach = _AFTER_REACH if after_only else _STATUS_REACH
            if len(groups) == 1 and not after_only:
                reach = _SENTENCE  # one treatment in the sentence: its cues are all for it
            governs = before_group and _governs(report, cues, end, group.start, start)
            if not any_distance:
                if after_only and not before_group:
                    continue
                if distance > reach and not governs:
                    continue
            if best is None or distance < best[0]:
                best = (distance, value)
        if best is not None:
            group.course = replace(group.course, status=best[1])


def _governs(
    report: ReportText,
    cues: list[tuple[int, int, Value, bool]],
    cue_end: int,
    group_start: int,
    cue_start: int,
) -> bool:
    if not patterns.SCOPE_CUE.match(report.folded, cue_start):
        return False
    return not any(cue_end <= other[0] < group_start for other in cues)


def _distance(group: _Group, start: int, end: int) -> int:
    if group.start >= end:
        return group.start - end
    if group.end <= start:
        return start - group.end
    return 0


def _lines_and_cycles(
    report: ReportText,
    sentence: Sentence,
    groups: list[_Group],
    named: list[Named],
    any_distance: bool = False,
) -> None:
    folded, text = report.folded, report.text
    far = _SENTENCE if any_distance or len(groups) == 1 else 0
    for match in patterns.LINE.finditer(folded, sentence.start, sentence.end):
        number = int(match["number"]) if match["number"] else patterns.ORDINALS[match["word"]]
        _give(report, groups, match, "line", number, _LINE_REACH + far)
    for match in patterns.LINE_ABBREVIATION.finditer(text, sentence.start, sentence.end):
        _give(report, groups, match, "line", int(match["number"]), _LINE_REACH + far)
    planned = bool(patterns.PLANNED_SENTENCE.search(folded, sentence.start, sentence.end))
    for match in patterns.CYCLE_WORDS.finditer(folded, sentence.start, sentence.end):
        if match["count"] and planned:
            continue  # "Réévaluation après 6 cures", "six cures sont programmées": a plan
        written = match["number"] or match["ordinal"] or match["count"]
        _give(report, groups, match, "cycle", int(written), _CYCLE_REACH + far)
    for match in patterns.CYCLE_CODE.finditer(text, sentence.start, sentence.end):
        _give(report, groups, match, "cycle", int(match["number"]), _CYCLE_REACH + far)
    for group in groups if not any_distance else []:
        first = named[group.members[0]]
        before = folded[max(sentence.start, first.start - 8) : first.start]
        if group.course.cycle is None and (
            count := patterns.CYCLE_COUNT_BEFORE_NAME.search(before)
        ):
            value = evidenced(
                report, int(count["count"]), first.start - len(before) + count.start(), first.end
            )
            group.course = replace(group.course, cycle=value)


def _give(
    report: ReportText,
    groups: list[_Group],
    match: re.Match[str],
    name: str,
    number: int,
    reach: int,
) -> None:
    group = _nearest(groups, match.start(), match.end(), reach)
    if group is not None and getattr(group.course, name) is None and 0 < number <= 60:
        group.course = replace(
            group.course, **{name: evidenced(report, number, match.start(), match.end())}
        )


def _dates(
    report: ReportText,
    sentence: Sentence,
    groups: list[_Group],
    named: list[Named],
    dates: list[DateMention],
    any_distance: bool = False,
) -> None:
    folded = report.folded
    reach = _SENTENCE if any_distance or len(groups) == 1 else 60
    for date in dates:
        if not (sentence.start <= date.start < sentence.end) or date.precision is not Precision.DAY:
            continue
        before = folded[max(sentence.start, date.start - 60) : date.start]
        role = _role(date, before)
        cue_start, date_reach = date.start - len(before), reach
        if role is None and (opening := _opening_reach(folded, date, sentence)) is not None:
            role, cue_start, date_reach = "start", date.start, min(reach, opening)
        if role is None:
            if any_distance:
                continue
            group = _nearest(groups, date.start, date.end, 30)
            gap_ok = (
                group is not None
                and group.end <= date.start
                and bool(patterns.DATE_RIGHT_AFTER.match(folded[group.end : date.start]))
            )
            if not gap_ok or group is None or not _is_procedure(named, group):
                continue
            role, cue_start = "start", date.start
        group = _nearest(groups, cue_start, date.end, date_reach)
        if group is None:
            continue
        value = evidenced(report, date.value, date.start, date.end)
        if getattr(group.course, role) is None:
            group.course = replace(group.course, **{role: value})


def _role(date: DateMention, before: str) -> str | None:
    if date.role is RangeRole.START:
        return "start"
    if date.role is RangeRole.END:
        return "end"
    end_cue = patterns.END_BEFORE_DATE.search(before)
    start_cue = patterns.START_BEFORE_DATE.search(before)
    if end_cue and not (start_cue and start_cue.start() >= end_cue.end()):
        return "end"  # "la dernière administration date du": the end, though it administers
    return "start" if start_cue else None


def _opening_reach(folded: str, date: DateMention, sentence: Sentence) -> int | None:
    """ "Le 04/10/2018, démarrage de FOLFIRI", "- 7 mai 2018 : lobectomie": a date that opens
    its sentence or line, then a start word or a colon, dates what follows; how far (after a
    colon, the line's own subject only: "Le 04/10/2018 : scanner sous FOLFIRI" dates the
    scan). None when the date opens nothing."""
    line_start = max(sentence.start, folded.rfind("\n", 0, date.start) + 1)
    if not patterns.DATE_OPENS.fullmatch(folded[line_start : date.start]):
        return None
    opening = patterns.START_AFTER_DATE.match(folded, date.end, sentence.end)
    if opening is None:
        return None
    return _COLON_REACH if opening["colon"] else _SENTENCE


def _is_procedure(named: list[Named], group: _Group) -> bool:
    return any(
        named[index].category in (TreatmentCategory.SURGERY, TreatmentCategory.RADIOTHERAPY)
        for index in group.members
    )


def _planned_by_section(report: ReportText, item: Named, course: Course) -> Course:
    """Named under "Proposition :" or "Décision :" with no cue of its own: planned."""
    if course.status is not None:
        return course
    for section in report.section_spans("plan"):
        if section.start <= item.start < section.end:
            label = evidenced(report, TreatmentStatus.PLANNED, section.start, section.label_end)
            return replace(course, status=label)
    return course


def _dose(report: ReportText, item: Named, course: Course) -> Course:
    """ "50 Gy en 25 fractions", "5 x 5 Gy": in the same sentence, or the next one."""
    sentence = report.sentence_at(item.start)
    following = report.sentence_at(sentence.end + 1)
    for start, end in (
        (item.end, sentence.end),
        (sentence.start, item.start),
        (following.start, following.end),
    ):
        match = patterns.DOSE.search(report.folded, start, end) if end > start else None
        if match is None:
            continue
        if match["per"]:
            fractions, per = int(match["fr"]), float(match["per"].replace(",", "."))
            dose = evidenced(report, round(fractions * per, 2), match.start(), match.end())
            count = evidenced(report, fractions, match.start("fr"), match.end("fr"))
            return replace(course, dose_gy=dose, fractions=count)
        unit_end = report.folded.index("gy", match.end("dose")) + 2
        dose = evidenced(
            report, float(match["dose"].replace(",", ".")), match.start("dose"), unit_end
        )
        count = None
        if match["fractions"]:
            count = evidenced(
                report, int(match["fractions"]), match.start("fractions"), match.end()
            )
        return replace(course, dose_gy=dose, fractions=count)
    return course
