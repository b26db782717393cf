"""What ran (or would run) per process, as text: `graphbuilder plan` and the end of a build."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

_REASONS = {
    "new": "new",
    "version": "new version",
    "implementation": "code/prompt changed",
    "parameters": "parameters changed",
    "input": "input changed",
    "upstream": "upstream re-ran",
}
_HEADER = ("process", "version", "scope", "runs", "cached", "skipped", "patients", "why")


def reasons_text(reasons: Mapping[str, int], pending: int = 0) -> str:
    parts = [f"{count} {_REASONS.get(reason, reason)}" for reason, count in reasons.items()]
    if pending:
        parts.append(f"{pending} depending on an upstream output")
    return ", ".join(parts) or "—"


def tally_table(tallies: Sequence[Mapping[str, Any]], *, planned: bool) -> list[str]:
    """One line per process: how many units run (or would), are cached, skipped, and why."""
    rows = [_HEADER]
    for tally in tallies:
        runs = tally["ran"] + (tally.get("pending", 0) if planned else 0)
        runs_text = f"{runs} ({tally['failed']} failed)" if tally.get("failed") else str(runs)
        rows.append(
            (
                tally["process"],
                tally["version"],
                tally["scope"],
                runs_text,
                str(tally["cached"]),
                str(tally["skipped"]) if tally["scope"] == "report" else "—",
                str(tally["patients"]),
                reasons_text(tally["reasons"], tally.get("pending", 0) if planned else 0),
            )
        )
    widths = [max(len(row[column]) for row in rows) for column in range(len(_HEADER) - 1)]
    lines = []
    for row in rows:
        cells = [
            cell.ljust(width) if column < 3 else cell.rjust(width)
            for column, (cell, width) in enumerate(zip(row, widths, strict=False))
        ]
        lines.append("  ".join([*cells, row[-1]]).rstrip())
    return lines


def plan_text(
    tallies: Sequence[Mapping[str, Any]],
    *,
    reports: int,
    patients: int,
    unchanged: int,
    changes: Sequence[str] = (),
    planned: bool = True,
) -> str:
    """The whole summary: a headline, process-level changes, and the table."""
    computed = patients - unchanged
    lines = [
        f"{reports} reports, {patients} patients: {computed} "
        f"{'to compute' if planned else 'computed'}, {unchanged} unchanged "
        f"({'would be' if planned else 'were'} skipped whole)."
    ]
    if changes:
        lines += ["Changed since the last build:", *(f"  {change}" for change in changes)]
    lines += tally_table(tallies, planned=planned)
    if planned and not any(t["ran"] or t.get("pending") for t in tallies):
        lines.append("Nothing to run: the output folder is up to date.")
    return "\n".join(lines) + "\n"
