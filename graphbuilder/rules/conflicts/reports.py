"""One report id given with two different texts (the first is assembled, both are kept here)."""

from __future__ import annotations

from graphbuilder.assemble.facts import PatientFacts
from graphbuilder.rules.conflicts.model import Conflict, Involved, RuleInfo, Severity, conflict
from graphbuilder.rules.timepoints import PatientRecist

DUPLICATE_REPORT_ID = RuleInfo(
    "duplicate-report-id",
    "reports",
    Severity.ERROR,
    "The same report id comes with different texts; only the first one was assembled.",
)
RULES = (DUPLICATE_REPORT_ID,)


def detect(facts: PatientFacts, recist: PatientRecist) -> list[Conflict]:
    found = []
    for duplicate in facts.duplicates:
        message = (
            f"report id {duplicate.report_id} is given with {len(duplicate.sha256s)} different "
            f"texts ({', '.join(duplicate.sources)}); the first one was assembled"
        )
        involves = (Involved("Report", duplicate.node_id, "report"),)
        details = {"sha256": list(duplicate.sha256s), "sources": list(duplicate.sources)}
        found.append(conflict(facts.patient_id, DUPLICATE_REPORT_ID, message, involves, details))
    return found
