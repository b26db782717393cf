"""Curation: the steward's decisions on conflicts, from an append-only log, applied per build.

`read_log`/`append_entry` keep the log (`log.py`); `review_conflicts` decides each conflict's
status and the corrections in force; `apply_corrections` gives the facts downstream passes use;
`add_curation_rows` writes Conflict and Resolution rows into the patient's graph.
"""

from graphbuilder.curate.log import (
    CurationEntry,
    Decision,
    append_entry,
    default_log_path,
    read_log,
)
from graphbuilder.curate.review import (
    VERSION,
    Correction,
    CurationReview,
    apply_corrections,
    review_conflicts,
)
from graphbuilder.curate.rows import add_curation_rows

__all__ = [
    "VERSION",
    "Correction",
    "CurationEntry",
    "CurationReview",
    "Decision",
    "add_curation_rows",
    "append_entry",
    "apply_corrections",
    "default_log_path",
    "read_log",
    "review_conflicts",
]
