"""The steward's curation log: append-only JSONL, kept outside the rebuildable output.

Each line is one decision on one conflict: `resolve` (accept one side, correct a value, or
dismiss) or `reopen`, with its author, time (UTC) and reason, and the conflict's fingerprint
when it was decided, so that a later build can tell whether the facts have changed since.
Lines are only ever appended; a later line about the same conflict supersedes the earlier.

Where it lives: `--curation-log PATH`, by default `<out>.curation.jsonl` beside the output
folder (for `--out build/graph`, `build/graph.curation.jsonl`), so that deleting or rebuilding
the output never touches it.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from enum import StrEnum
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from graphbuilder.core.errors import InputError, located, validation_problem
from graphbuilder.core.ids import digest

LOG_SUFFIX = ".curation.jsonl"
Scalar = str | int | float | bool | None


class Decision(StrEnum):
    ACCEPT = "accept"  # one side is right: `fact_id` names it
    CORRECT = "correct"  # a value was wrong: `fact_id`, `field` and the right `value`
    DISMISS = "dismiss"  # not a real contradiction
    REOPEN = "reopen"  # undo the last decision


class CurationEntry(BaseModel):
    """One line of the curation log."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    log_version: Literal[1] = 1
    conflict_id: str = Field(min_length=1)
    patient_id: str = Field(min_length=1)
    rule: str = Field(min_length=1)
    decision: Decision
    fingerprint: str = Field(min_length=1, description="The conflict's, when decided.")
    author: str = Field(min_length=1)
    at: dt.datetime
    reason: str = Field(min_length=1)
    fact_id: str | None = None
    field: str | None = None
    value: Scalar = None
    original_value: Scalar = None

    @model_validator(mode="after")
    def _complete(self) -> CurationEntry:
        if self.at.tzinfo is None:
            raise ValueError("`at` must carry a time zone (UTC)")
        if self.decision is Decision.ACCEPT and not self.fact_id:
            raise ValueError("an accept decision names the accepted fact (fact_id)")
        if self.decision is Decision.CORRECT and not (self.fact_id and self.field):
            raise ValueError("a correction names fact_id, field and value")
        return self

    @property
    def entry_id(self) -> str:
        """Content-derived id of the decision (its Resolution node's id)."""
        return f"resolution:{digest(self.to_json())}"

    def to_json(self) -> str:
        return json.dumps(
            self.model_dump(mode="json", exclude_none=True), sort_keys=True, ensure_ascii=False
        )


def default_log_path(out: Path) -> Path:
    """`build/graph` → `build/graph.curation.jsonl`, beside (not inside) the output folder."""
    resolved = out.resolve() if not out.is_absolute() else out
    return resolved.parent / f"{resolved.name}{LOG_SUFFIX}"


def read_log(path: Path) -> tuple[CurationEntry, ...]:
    """Every entry of the log in file order; a missing file is an empty log."""
    if not path.exists():
        return ()
    entries = []
    try:
        handle = path.open(encoding="utf-8")
    except OSError as error:
        raise InputError(located(f"cannot read ({error.strerror})", file=str(path))) from None
    with handle:
        for number, line in enumerate(handle, start=1):
            if line.strip():
                entries.append(_parse(line, path, number))
    return tuple(entries)


def _parse(line: str, path: Path, number: int) -> CurationEntry:
    try:
        return CurationEntry.model_validate_json(line)
    except ValidationError as error:
        raise InputError(
            located(
                f"not a curation entry: {validation_problem(error)}",
                file=str(path),
                line=number,
                hint="the log is written by `graphbuilder conflicts resolve`; fix or remove "
                "the line by hand only if you know what it was",
            )
        ) from None


def append_entry(path: Path, entry: CurationEntry) -> None:
    """Append one entry and flush it to disk; earlier lines are never rewritten."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as handle:
        handle.write(entry.to_json() + "\n")
        handle.flush()
        os.fsync(handle.fileno())


def json_value(value: Any) -> Scalar:
    """A fact's value as the log stores it (dates as ISO strings)."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)
