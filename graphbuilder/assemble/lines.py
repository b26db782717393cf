"""Treatment lines from the treatments the reports name and the events file records.

A course is one systemic treatment (chemotherapy, targeted, immunotherapy, hormone therapy)
with a start date; a report's mention without a date joins the course of the same name it
falls in (a course it says is planned: the one that starts soon after). Assembly groups a
report's mentions of any treatment into courses the same way: one Treatment node per course
the reports tell of (`course_of_mentions`). Courses are read in start order and a course opens
a new line when:

- the sources number it and the number differs from the current line's ("2e ligne");
- a surgery took place since the current line started (neoadjuvant, then adjuvant);
- it starts more than `GAP_DAYS` after every treatment of the current line ended;
- it adds a drug more than `REGIMEN_DAYS` after the line started (a drug dropped or kept,
  as in maintenance, stays in the line).

Surgery also bounds the RECIST window: exams after a surgery are follow-ups of no earlier line,
and a line's baseline must come after the last surgery before it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from graphbuilder.assemble.facts import TreatmentFact, TreatmentLine
from graphbuilder.core.dates import strip_accents
from graphbuilder.core.ids import fact_id

VERSION = "treatment-lines.v1"
SYSTEMIC = frozenset({"chemotherapy", "targeted", "immunotherapy", "hormone_therapy"})
REGIMEN_DAYS = 28  # drugs started within four weeks of the line's start are its regimen
GAP_DAYS = 90  # a restart after three months without treatment is a new line
SAME_COURSE_DAYS = 14  # a report's start date and the events file's may differ a little
PLANNED_DAYS = 365  # a tumour board plans a whole programme: surgery, radiotherapy months ahead
_CATEGORY_ORDER = {"chemotherapy": 0, "targeted": 1, "immunotherapy": 2, "hormone_therapy": 3}
_COMPONENT_SPLIT = re.compile(r"\s*(?:\+|/|,|\bet\b|\band\b|-)\s*")


@lru_cache(maxsize=4096)  # a few hundred drug and regimen names recur across patients
def name_key(name: str) -> str:
    """'Bévacizumab' → 'bevacizumab': how two sources' names for one drug are compared."""
    return strip_accents(name).lower()


@lru_cache(maxsize=4096)
def components(name: str) -> frozenset[str]:
    """'carboplatin-pemetrexed' → {'carboplatin', 'pemetrexed'}; 'FOLFOX' → {'folfox'}."""
    return frozenset(part for part in _COMPONENT_SPLIT.split(name_key(name)) if part)


@dataclass
class _Course:
    name: str
    key: str
    category: str
    start: dt.date
    end: dt.date | None
    line: int | None
    treatment_ids: list[str] = field(default_factory=list)


@dataclass
class _Line:
    courses: list[_Course]
    basis: str

    @property
    def start(self) -> dt.date:
        return self.courses[0].start

    @property
    def stated_number(self) -> int | None:
        return next((c.line for c in self.courses if c.line is not None), None)

    @property
    def components(self) -> frozenset[str]:
        return frozenset().union(*(components(c.name) for c in self.courses))

    @property
    def last_end(self) -> dt.date | None:
        ends = [c.end for c in self.courses]
        return None if None in ends else max(end for end in ends if end is not None)


def surgery_dates(treatments: Sequence[TreatmentFact]) -> tuple[dt.date, ...]:
    """Dates of the patient's surgeries, from either source."""
    return tuple(
        sorted({t.start_date for t in treatments if t.category == "surgery" and t.start_date})
    )


def treatment_lines(
    patient_id: str, treatments: Sequence[TreatmentFact]
) -> tuple[TreatmentLine, ...]:
    """The patient's lines in start order, each with the reason it is a line."""
    surgeries = surgery_dates(treatments)
    lines: list[_Line] = []
    for course in _courses(treatments):
        why = (
            "first systemic treatment"
            if not lines
            else _new_line_reason(lines[-1], course, surgeries)
        )
        if why is None:
            lines[-1].courses.append(course)
        else:
            lines.append(_Line([course], why))
    starts = [line.start for line in lines]
    return tuple(
        _finish(
            patient_id,
            index,
            line,
            starts[index + 1] if index + 1 < len(lines) else None,
            surgeries,
        )
        for index, line in enumerate(lines)
    )


def course_of_mentions(mentions: Sequence[TreatmentFact]) -> dict[str, tuple[str, dt.date | None]]:
    """The course each report mention speaks of, by the mention's `node_id`: (drug, course
    start). Grouped as lines group courses, whatever the category: a dated mention joins the
    course of that drug started within `SAME_COURSE_DAYS`, an undated one the course of that
    drug running at its report's date (or, said planned, the one starting soon after); an
    undated mention of no dated course gets no start."""
    found: dict[str, tuple[str, dt.date | None]] = {
        treatment_id: (course.key, course.start)
        for course in _courses(mentions, categories=None)
        for treatment_id in course.treatment_ids
    }
    for mention in mentions:
        found.setdefault(mention.node_id, (name_key(mention.name), None))
    return found


def _courses(
    treatments: Sequence[TreatmentFact], categories: frozenset[str] | None = SYSTEMIC
) -> list[_Course]:
    kept = [t for t in treatments if categories is None or t.category in categories]
    courses: list[_Course] = []
    dated = sorted(
        (t for t in kept if t.start_date is not None),
        key=lambda t: (t.source != "structured", t.start_date, t.name),
    )
    by_key: dict[str, list[_Course]] = {}  # the courses of each drug, in creation order
    for fact in dated:
        assert fact.start_date is not None
        key = name_key(fact.name)
        same = next(
            (
                c
                for c in by_key.get(key, ())
                if abs((c.start - fact.start_date).days) <= SAME_COURSE_DAYS
            ),
            None,
        )
        if same is None:
            same = _Course(fact.name, key, fact.category, fact.start_date, fact.end_date, fact.line)
            courses.append(same)
            by_key.setdefault(key, []).append(same)
        same.end = same.end or fact.end_date
        same.line = same.line if same.line is not None else fact.line
        same.treatment_ids.append(fact.node_id)
    for fact in kept:
        if fact.start_date is None and fact.report_date is not None:
            course = _course_at(courses, name_key(fact.name), fact.report_date, fact.status)
            if course is not None:
                course.treatment_ids.append(fact.node_id)
    return sorted(courses, key=lambda c: (c.start, _CATEGORY_ORDER.get(c.category, 9), c.key))


def _course_at(
    courses: list[_Course], key: str, date: dt.date, status: str | None
) -> _Course | None:
    """The course of that name a report of `date` speaks of: the latest started by then, or,
    for a course it says is planned, the next to start within `PLANNED_DAYS`."""
    if status == "planned":
        soon = [c for c in courses if c.key == key and 0 <= (c.start - date).days <= PLANNED_DAYS]
        if soon:
            return min(soon, key=lambda c: c.start)
    started = [c for c in courses if c.key == key and c.start <= date]
    return max(started, key=lambda c: c.start) if started else None


def _new_line_reason(current: _Line, course: _Course, surgeries: tuple[dt.date, ...]) -> str | None:
    """Why `course` opens a new line after `current`, or None when it belongs to it."""
    stated = current.stated_number
    if course.line is not None and stated is not None:
        return None if course.line == stated else f"line {course.line} as the sources number it"
    surgery = next((d for d in surgeries if current.start <= d < course.start), None)
    if surgery is not None:
        return f"after the surgery of {surgery.isoformat()}"
    if (course.start - current.start).days <= REGIMEN_DAYS:
        return None
    last_end = current.last_end
    if last_end is not None and (course.start - last_end).days > GAP_DAYS:
        return f"restarted {(course.start - last_end).days} days after the previous line ended"
    added = components(course.name) - current.components
    if not added:
        return None
    return "new drug: " + ", ".join(sorted(added))


def _finish(
    patient_id: str,
    index: int,
    line: _Line,
    next_start: dt.date | None,
    surgeries: tuple[dt.date, ...],
) -> TreatmentLine:
    start = line.start
    later_surgery = next((d for d in surgeries if d > start), None)
    bounds = [d for d in (next_start, later_surgery) if d is not None]
    before = [d for d in surgeries if d <= start]
    regimen = tuple(dict.fromkeys(c.name for c in line.courses))
    return TreatmentLine(
        node_id=fact_id("line", patient_id, start, *sorted(line.components)),
        sequence=index + 1,
        stated_number=line.stated_number,
        regimen=regimen,
        start_date=start,
        end_date=line.last_end,
        assessed_until=min(bounds) if bounds else None,
        baseline_after=before[-1] if before else None,
        basis=line.basis,
        treatment_ids=tuple(dict.fromkeys(i for c in line.courses for i in c.treatment_ids)),
    )
