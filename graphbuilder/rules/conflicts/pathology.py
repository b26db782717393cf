"""Receptor and HER2 status that change between pathology results.

On the same specimen (the same report, or the same kind of specimen within 30 days, as in an
amended report) a status cannot change: an error. Between two specimens it can (a biopsy then
the surgical piece after neoadjuvant treatment), so only the changes that alter treatment
and are rare are noted, for information: ER, or HER2 positive versus not. A progesterone
receptor lost after treatment, as in the bundled example P002, is expected and not flagged.
"""

from __future__ import annotations

from itertools import combinations

from graphbuilder.assemble.facts import PathologyFact, PatientFacts
from graphbuilder.rules.conflicts.model import Conflict, Involved, RuleInfo, Severity, conflict
from graphbuilder.rules.timepoints import PatientRecist

RECEPTOR_FLIP = RuleInfo(
    "receptor-flip",
    "pathology",
    Severity.ERROR,
    "ER, PR or HER2 status differs between two results on the same specimen.",
)
RECEPTOR_DISCORDANCE = RuleInfo(
    "receptor-discordance",
    "pathology",
    Severity.INFO,
    "ER status, or HER2 positive versus not, differs between two specimens.",
)
RULES = (RECEPTOR_FLIP, RECEPTOR_DISCORDANCE)
SAME_SPECIMEN_DAYS = 30
_FIELDS = ("er_status", "pr_status", "her2_status")
_NAMES = {"er_status": "ER", "pr_status": "PR", "her2_status": "HER2"}


def same_specimen(a: PathologyFact, b: PathologyFact) -> bool:
    if a.report_id == b.report_id:
        return True
    if a.specimen_type != b.specimen_type:
        return False
    days = abs((a.date - b.date).days)
    return days <= SAME_SPECIMEN_DAYS if a.specimen_type else days == 0


def _her2_class(status: str | None) -> str | None:
    if status in (None, "equivocal"):
        return None
    return "positive" if status == "positive" else "not positive"


def _changes(a: PathologyFact, b: PathologyFact, fields: tuple[str, ...]) -> list[str]:
    changed = []
    for name in fields:
        first, second = getattr(a, name), getattr(b, name)
        if name == "her2_status" and fields != _FIELDS:
            first, second = _her2_class(first), _her2_class(second)
        if first is not None and second is not None and first != second:
            changed.append(name)
    return changed


def _describe(fact: PathologyFact) -> str:
    return f"the {fact.specimen_type or 'specimen'} of {fact.date}"


def detect(facts: PatientFacts, recist: PatientRecist) -> list[Conflict]:
    found = []
    ordered = sorted(facts.pathology, key=lambda p: (p.date, p.report_id))
    for a, b in combinations(ordered, 2):
        same = same_specimen(a, b)
        rule = RECEPTOR_FLIP if same else RECEPTOR_DISCORDANCE
        changed = _changes(a, b, _FIELDS if same else ("er_status", "her2_status"))
        if not changed:
            continue
        what = ", ".join(
            f"{_NAMES[name]} {getattr(a, name)} then {getattr(b, name)}" for name in changed
        )
        where = "on the same specimen" if same else "between two specimens"
        message = f"{what} {where}: {_describe(a)} and {_describe(b)}"
        details = {name: [getattr(a, name), getattr(b, name)] for name in changed}
        involves = (
            Involved("PathologyResult", a.node_id, "earlier"),
            Involved("PathologyResult", b.node_id, "later"),
        )
        found.append(conflict(facts.patient_id, rule, message, involves, details))
    return found
