"""Text against structured data: a treatment a report says is ongoing after its recorded end.

A report's "ongoing" treatment is matched to the events file's courses of the same drugs
started by the report's date (the course starting when the report says it started, if it
says so); there is a conflict when that course, or every such course, had ended before the
report. Radiology reports are not read for
this: the treatment they name is the indication the requester wrote, often weeks old.
"""

from __future__ import annotations

from graphbuilder.assemble.facts import PatientFacts, TreatmentFact
from graphbuilder.assemble.lines import SAME_COURSE_DAYS, components
from graphbuilder.rules.conflicts.model import Conflict, Involved, RuleInfo, Severity, conflict
from graphbuilder.rules.timepoints import PatientRecist

ONGOING_AFTER_END = RuleInfo(
    "ongoing-after-end",
    "treatments",
    Severity.WARNING,
    "A report says a treatment is ongoing after the end the structured data records.",
)
RULES = (ONGOING_AFTER_END,)


def _recorded_end(fact: TreatmentFact, courses: list[TreatmentFact]) -> TreatmentFact | None:
    """The structured course the statement contradicts, or None if one was running.

    A statement that gives the course's start names that course; one that does not names
    whichever course of those drugs had started by the report's date.
    """
    date = fact.report_date
    assert date is not None
    started = [c for c in courses if c.start_date is not None and c.start_date <= date]
    if fact.start_date is not None:
        named = [c for c in started if _same_start(c, fact)]
        started = named or started
    if not started or any(c.end_date is None or c.end_date >= date for c in started):
        return None
    return max(started, key=lambda c: (c.start_date or date, c.node_id))


def _same_start(course: TreatmentFact, fact: TreatmentFact) -> bool:
    assert course.start_date is not None and fact.start_date is not None
    return abs((course.start_date - fact.start_date).days) <= SAME_COURSE_DAYS


def detect(facts: PatientFacts, recist: PatientRecist) -> list[Conflict]:
    structured: dict[frozenset[str], list[TreatmentFact]] = {}
    for t in facts.treatments:
        if t.source == "structured":
            structured.setdefault(components(t.name), []).append(t)
    kinds = {report.report_id: report.kind for report in facts.reports}
    latest: dict[tuple[str, str], tuple[TreatmentFact, TreatmentFact]] = {}
    for t in facts.treatments:
        if t.status != "ongoing" or t.report_date is None or t.report_id is None:
            continue
        if kinds.get(t.report_id) == "radiology":
            continue
        course = _recorded_end(t, structured.get(components(t.name), []))
        if course is None:
            continue
        key = (t.node_id, course.node_id)
        kept = latest.get(key)
        if kept is None or (kept[0].report_date or t.report_date) < t.report_date:
            latest[key] = (t, course)
    found = []
    for statement, course in latest.values():
        assert statement.report_date is not None and course.end_date is not None
        days = (statement.report_date - course.end_date).days
        message = (
            f"a report of {statement.report_date} says {statement.name} is ongoing; the "
            f"structured data records its end on {course.end_date}, {days} days earlier"
        )
        involves = (
            Involved("Treatment", statement.node_id, "text"),
            Involved("Treatment", course.node_id, "structured"),
        )
        details = {
            "report_date": statement.report_date.isoformat(),
            "recorded_end": course.end_date.isoformat(),
        }
        found.append(conflict(facts.patient_id, ONGOING_AFTER_END, message, involves, details))
    return found
