"""A report's "no new lesion" against lesions first seen in it; a lesion gone, then back."""

from __future__ import annotations

from collections import defaultdict

from graphbuilder.assemble.facts import MeasurementFact, PatientFacts
from graphbuilder.rules.conflicts.model import Conflict, Involved, RuleInfo, Severity, conflict
from graphbuilder.rules.timepoints import PatientRecist

NO_NEW_LESION = RuleInfo(
    "no-new-lesion-vs-first-seen",
    "lesions",
    Severity.WARNING,
    "A report states there is no new lesion while a lesion is first seen in it (a new-lesion "
    "candidate of lesion linking, or a lesion it calls new).",
)
GONE_THEN_BACK = RuleInfo(
    "lesion-gone-then-back",
    "lesions",
    Severity.WARNING,
    "A lesion reported gone is present again on a later exam.",
)
RULES = (NO_NEW_LESION, GONE_THEN_BACK)


def _no_new_lesion(facts: PatientFacts) -> list[Conflict]:
    stating = {exam.report_id: exam for exam in facts.exams if exam.no_new_lesion and exam.node_id}
    found = []
    for m in facts.measurements:
        exam = stating.get(m.report_id)
        if exam is None or not (m.new_lesion_candidate or m.status == "new"):
            continue
        why = "it calls the lesion new" if m.status == "new" else "no earlier lesion matches it"
        message = (
            f"the report of {exam.date} states no new lesion, but a {m.organ.replace('_', ' ')} "
            f"lesion is first seen in it ({why}; link confidence {m.link_confidence:.2f})"
        )
        assert exam.node_id is not None
        involves = (
            Involved("StatedAssessment", exam.node_id, "stated"),
            Involved("Measurement", m.node_id, "first seen"),
        )
        details = {"status": m.status, "candidate": m.new_lesion_candidate, "organ": m.organ}
        found.append(conflict(facts.patient_id, NO_NEW_LESION, message, involves, details))
    return found


def _gone_then_back(facts: PatientFacts) -> list[Conflict]:
    history: dict[str, list[MeasurementFact]] = defaultdict(list)
    for m in sorted(facts.measurements, key=lambda m: (m.date, m.report_id)):
        history[m.lesion_id].append(m)
    found = []
    for lesion_id, sightings in history.items():
        gone = None
        for m in sightings:
            if m.status == "disappeared":
                gone = gone or m
            elif gone is not None and m.date > gone.date:
                message = (
                    f"this lesion is reported gone on {gone.date} and present again on {m.date}"
                )
                involves = (
                    Involved("Lesion", lesion_id, "lesion"),
                    Involved("Measurement", gone.node_id, "gone"),
                    Involved("Measurement", m.node_id, "back"),
                )
                details = {"gone": gone.date.isoformat(), "back": m.date.isoformat()}
                found.append(conflict(facts.patient_id, GONE_THEN_BACK, message, involves, details))
                break
    return found


def detect(facts: PatientFacts, recist: PatientRecist) -> list[Conflict]:
    return [*_no_new_lesion(facts), *_gone_then_back(facts)]
