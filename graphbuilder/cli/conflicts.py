"""`graphbuilder conflicts list|show|resolve|reopen`: the data steward's conflict queue.

`list` and `show` read a build's graph; `show` prints both sides of a conflict with the
sentences they were read from (the steward asked for them). `resolve` and `reopen` append a
decision to the curation log (by default `<out>.curation.jsonl`, beside the output folder) and
change nothing else: the next `graphbuilder build` applies it, and keeps applying it until the
facts it was made on change (then the conflict reopens).
"""

from __future__ import annotations

import datetime as dt
import getpass
import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import polars as pl
import typer
from rich.console import Console

from graphbuilder.cli.common import reports_errors
from graphbuilder.core.errors import InputError
from graphbuilder.core.graph_schema import FACT_LABELS, GRAPH_SCHEMA
from graphbuilder.curate import CurationEntry, Decision, append_entry, default_log_path, read_log
from graphbuilder.curate.log import json_value
from graphbuilder.curate.review import typed_value
from graphbuilder.store.embedded import EmbeddedStore

conflicts_app = typer.Typer(
    name="conflicts",
    help="The conflict queue of a build: list, show, resolve, reopen.",
    no_args_is_help=True,
)
stdout = Console(highlight=False, soft_wrap=True, markup=False)  # report text is not markup

Target = Annotated[Path, typer.Argument(help="A build's output folder.")]
ConflictId = Annotated[str, typer.Argument(help="A conflict id (or an unambiguous start of one).")]
LogOption = Annotated[
    Path | None,
    typer.Option(help="The curation log (default: <out>.curation.jsonl beside the output)."),
]
Reason = Annotated[str, typer.Option(help="Why: recorded with the decision.")]
Author = Annotated[str | None, typer.Option(help="Who decides (default: the logged-in user).")]


class Shown(StrEnum):
    OPEN = "open"  # open and reopened: the queue
    RESOLVED = "resolved"
    ALL = "all"


class Choice(StrEnum):
    ACCEPT = "accept"
    CORRECT = "correct"
    DISMISS = "dismiss"


class Format(StrEnum):
    TABLE = "table"
    CSV = "csv"
    JSON = "json"


_LIST = (
    "MATCH (c:Conflict) RETURN c.id AS id, c.patient_id AS patient_id, c.rule AS rule, "
    "c.severity AS severity, c.status AS status, c.message AS message "
    "ORDER BY patient_id, rule, id"
)


@conflicts_app.command("list")
@reports_errors
def list_conflicts(
    target: Target,
    status: Annotated[Shown, typer.Option(help="open (and reopened), resolved, or all.")] = (
        Shown.OPEN
    ),
    patient: Annotated[str | None, typer.Option(help="Only this patient.")] = None,
    rule: Annotated[str | None, typer.Option(help="Only this rule id.")] = None,
    format: Annotated[Format, typer.Option("--format", "-f")] = Format.TABLE,
    curation_log: LogOption = None,
) -> None:
    """The conflicts of a build; `logged` shows a decision the next build will apply."""
    with EmbeddedStore(target, read_only=True) as store:
        rows = store.query(_LIST)
        applied = set(store.query("MATCH (r:Resolution) RETURN r.id AS id")["id"].to_list())
    if status is Shown.OPEN:
        rows = rows.filter(pl.col("status").is_in(["open", "reopened"]))
    elif status is Shown.RESOLVED:
        rows = rows.filter(pl.col("status") == "resolved")
    if patient:
        rows = rows.filter(pl.col("patient_id") == patient)
    if rule:
        rows = rows.filter(pl.col("rule") == rule)
    pending = _pending(_log_path(target, curation_log), applied)
    rows = rows.with_columns(logged=pl.col("id").replace_strict(pending, default=""))
    _write(rows, format)


def _pending(log: Path, applied: set[str]) -> dict[str, str]:
    """Conflict id → the latest logged decision that no build has applied yet."""
    pending: dict[str, str] = {}
    for entry in read_log(log):
        if entry.entry_id not in applied:
            pending[entry.conflict_id] = f"{entry.decision.value} (next build)"
    return pending


def _write(rows: pl.DataFrame, format: Format) -> None:
    if format is Format.CSV:
        typer.echo(rows.write_csv(), nl=False)
    elif format is Format.JSON:
        typer.echo(rows.write_json())
    else:  # two lines per conflict: its key columns, then its message
        for row in rows.iter_rows(named=True):
            logged = f"  [{row['logged']}]" if row["logged"] else ""
            stdout.print(
                f"{row['id']}  {row['patient_id']}  {row['rule']}  "
                f"{row['severity']}  {row['status']}{logged}"
            )
            stdout.print(f"    {row['message']}")
        stdout.print(f"{rows.height} conflict(s)")


@conflicts_app.command("show")
@reports_errors
def show_conflict(target: Target, conflict_id: ConflictId, curation_log: LogOption = None) -> None:
    """Both sides of a conflict, with the sentences and reports they come from."""
    with EmbeddedStore(target, read_only=True) as store:
        conflict = _conflict(store, conflict_id)
        stdout.print(
            f"{conflict['id']}  {conflict['rule']} ({conflict['severity']}), "
            f"{conflict['status']} — patient {conflict['patient_id']}"
        )
        stdout.print(conflict["message"])
        stdout.print(f"compared values: {conflict['details']}")
        involved = _involved(store, conflict["id"])
        shown = {fact["id"] for fact in involved}
        for fact in involved:
            _print_fact(store, fact, shown)
        _print_decisions(store, conflict["id"], _log_path(target, curation_log))


_INVOLVED = (
    "MATCH (c:Conflict)-[i:INVOLVES]->(f) WHERE c.id = $id "
    "RETURN label(f) AS label, f.id AS id, i.role AS role ORDER BY role, id"
)
_EVIDENCE = (
    "MATCH (f)-[e:EXTRACTED_FROM]->(r:Report) WHERE f.id = $id RETURN r.report_id AS report, "
    "r.kind AS kind, r.date AS date, r.source AS source, e.span_start AS span_start, "
    "e.span_end AS span_end, e.quote AS quote, e.field_spans AS field_spans "
    "ORDER BY date, report"
)
_BASED_ON = (
    "MATCH (t:RecistTimepoint)-[b:BASED_ON]->(m:Measurement) WHERE t.id = $id "
    "RETURN m.id AS id, b.role AS role ORDER BY role, id"
)
_SHOWN = {
    "StatedAssessment": ("date", "evolution", "recist_category", "no_new_lesion", "curation"),
    "RecistTimepoint": ("date", "overall_response", "response_vs_previous", "sum_mm"),
    "Measurement": ("date", "long_axis_mm", "short_axis_mm", "status", "previous_long_axis_mm",
                    "previous_short_axis_mm", "previous_date", "link_confidence", "curation"),
    "Treatment": ("name", "source", "start_date", "end_date", "status", "line", "curation"),
}  # fmt: skip


def _involved(store: EmbeddedStore, conflict_id: str) -> list[dict[str, Any]]:
    return list(store.query(_INVOLVED, {"id": conflict_id}).iter_rows(named=True))


def _node(store: EmbeddedStore, label: str, node_id: str) -> dict[str, Any]:
    rows = store.query(f"MATCH (n:{label}) WHERE n.id = $id RETURN n", {"id": node_id})
    node: dict[str, Any] = rows.row(0)[0] if rows.height else {}
    return node


def _print_fact(
    store: EmbeddedStore, fact: dict[str, Any], shown: set[str], indent: str = ""
) -> None:
    """A fact's values and evidence; a timepoint's explanation and the measurements it counts
    (those the conflict does not list itself)."""
    node = _node(store, fact["label"], fact["id"])
    names = _SHOWN.get(fact["label"]) or [
        p for p in GRAPH_SCHEMA.node(fact["label"]).property_names() if p not in ("patient_id",)
    ]
    values = ", ".join(f"{name}={node.get(name)}" for name in names if node.get(name) is not None)
    stdout.print(f"{indent}[{fact['role']}] {fact['label']} {fact['id']}: {values}")
    if fact["label"] == "RecistTimepoint":
        stdout.print(f"{indent}    {node.get('explanation')}")
        for measurement in store.query(_BASED_ON, {"id": fact["id"]}).iter_rows(named=True):
            if measurement["id"] not in shown:
                counted = {"label": "Measurement", **measurement}
                _print_fact(store, counted, shown, indent + "    ")
        return
    for quote in store.query(_EVIDENCE, {"id": fact["id"]}).iter_rows(named=True):
        stdout.print(
            f"{indent}    report {quote['report']} ({quote['kind']}, {quote['date']}, "
            f"{quote['source']}) characters {quote['span_start']}-{quote['span_end']}:"
        )
        for name, text in evidence_lines(quote):
            stdout.print(f"{indent}      {name}«{text}»")


def evidence_lines(quote: dict[str, Any], longest: int = 160) -> list[tuple[str, str]]:
    """The covering quote when short, else each field's own quote cut out of it."""
    text, start = quote["quote"], quote["span_start"]
    if len(text) <= longest or not quote["field_spans"]:
        return [("", " ".join(text.split()))]
    spans = json.loads(quote["field_spans"])
    return [
        (f"{name}: ", " ".join(text[begin - start : end - start].split()))
        for name, (begin, end) in sorted(spans.items(), key=lambda item: item[1][0])
    ]


def _print_decisions(store: EmbeddedStore, conflict_id: str, log: Path) -> None:
    rows = store.query(
        "MATCH (r:Resolution)-[:RESOLVES]->(c:Conflict) WHERE c.id = $id RETURN r.id AS id, "
        "r.decided_at AS at, r.author AS author, r.decision AS decision, r.status AS status, "
        "r.reason AS reason ORDER BY at",
        {"id": conflict_id},
    )
    applied = set(rows["id"].to_list())
    for row in rows.iter_rows(named=True):
        stdout.print(
            f"decision {row['at']} by {row['author']}: {row['decision']} ({row['status']}) "
            f"— {row['reason']}"
        )
    for entry in read_log(log):
        if entry.conflict_id == conflict_id and entry.entry_id not in applied:
            stdout.print(
                f"logged {entry.at:%Y-%m-%d %H:%M} by {entry.author}: {entry.decision.value} "
                f"— {entry.reason} (the next build applies it)"
            )


@conflicts_app.command("resolve")
@reports_errors
def resolve_conflict(
    target: Target,
    conflict_id: ConflictId,
    decision: Annotated[Choice, typer.Option(help="accept one side, correct a value, dismiss.")],
    reason: Reason,
    fact: Annotated[
        str | None,
        typer.Option(help="The fact accepted or corrected: its id, or its role (stated, ...)."),
    ] = None,
    field: Annotated[str | None, typer.Option(help="The property to correct.")] = None,
    value: Annotated[str | None, typer.Option(help="The corrected value.")] = None,
    author: Author = None,
    curation_log: LogOption = None,
) -> None:
    """Record a decision in the curation log; the next build applies it."""
    with EmbeddedStore(target, read_only=True) as store:
        conflict = _conflict(store, conflict_id)
        involved = _involved(store, conflict["id"])
        chosen = _chosen_fact(involved, fact) if decision is not Choice.DISMISS else None
        extra: dict[str, Any] = {}
        if decision is Choice.CORRECT:
            assert chosen is not None
            extra = _correction(store, chosen, field, value)
    entry = _entry(conflict, Decision(decision.value), reason, author, chosen, extra)
    _record(target, curation_log, entry)


@conflicts_app.command("reopen")
@reports_errors
def reopen_conflict(
    target: Target,
    conflict_id: ConflictId,
    reason: Reason,
    author: Author = None,
    curation_log: LogOption = None,
) -> None:
    """Undo the last decision on a conflict (recorded in the log like any decision)."""
    log = _log_path(target, curation_log)
    with EmbeddedStore(target, read_only=True) as store:
        conflict = _conflict(store, conflict_id)
    decided = any(e.conflict_id == conflict["id"] for e in read_log(log))
    if conflict["status"] != "resolved" and not decided:
        raise InputError(f"conflict {conflict['id']} is {conflict['status']}: nothing to reopen")
    _record(target, curation_log, _entry(conflict, Decision.REOPEN, reason, author, None, {}))


def _conflict(store: EmbeddedStore, wanted: str) -> dict[str, Any]:
    rows = store.query(
        "MATCH (c:Conflict) WHERE c.id = $id OR c.id STARTS WITH $id RETURN c.id AS id, "
        "c.patient_id AS patient_id, c.rule AS rule, c.severity AS severity, "
        "c.status AS status, c.message AS message, c.details AS details, "
        "c.fingerprint AS fingerprint",
        {"id": wanted},
    )
    exact = rows.filter(pl.col("id") == wanted)
    rows = exact if exact.height else rows
    if rows.height != 1:
        what = "no conflict" if rows.height == 0 else f"{rows.height} conflicts"
        raise InputError(
            f"{what} with id {wanted!r} in this build — see `graphbuilder conflicts list`"
        )
    return dict(rows.row(0, named=True))


def _chosen_fact(involved: list[dict[str, Any]], wanted: str | None) -> dict[str, Any]:
    sides = ", ".join(f"{f['role']} ({f['id']})" for f in involved)
    if wanted is None:
        raise typer.BadParameter(f"name the fact: one of {sides}", param_hint="--fact")
    matches = [f for f in involved if wanted in (f["id"], f["role"])]
    if len(matches) != 1:
        raise typer.BadParameter(
            f"{wanted!r} is not one fact of this conflict: {sides}", param_hint="--fact"
        )
    return matches[0]


def _correction(
    store: EmbeddedStore, fact: dict[str, Any], field: str | None, value: str | None
) -> dict[str, Any]:
    label = fact["label"]
    if label not in FACT_LABELS:
        raise typer.BadParameter(
            f"a {label} is computed or structural, not an extracted value: correct one of "
            f"{', '.join(FACT_LABELS)}",
            param_hint="--fact",
        )
    editable = [
        p for p in GRAPH_SCHEMA.node(label).property_names()
        if p not in ("id", "patient_id", "curation", "version")
    ]  # fmt: skip
    if field not in editable or value is None:
        raise typer.BadParameter(
            f"give --field (one of {', '.join(editable)}) and --value", param_hint="--field"
        )
    try:
        typed = typed_value(label, field, value)
    except ValueError as error:
        raise typer.BadParameter(f"{value!r}: {error}", param_hint="--value") from None
    original = _node(store, label, fact["id"]).get(field)
    return {"field": field, "value": json_value(typed), "original_value": json_value(original)}


def _entry(
    conflict: dict[str, Any],
    decision: Decision,
    reason: str,
    author: str | None,
    fact: dict[str, Any] | None,
    extra: dict[str, Any],
) -> CurationEntry:
    return CurationEntry(
        conflict_id=conflict["id"],
        patient_id=conflict["patient_id"],
        rule=conflict["rule"],
        decision=decision,
        fingerprint=conflict["fingerprint"],
        author=author or getpass.getuser(),
        at=dt.datetime.now(dt.UTC),
        reason=reason,
        fact_id=fact["id"] if fact else None,
        **extra,
    )


def _record(target: Path, curation_log: Path | None, entry: CurationEntry) -> None:
    log = _log_path(target, curation_log)
    append_entry(log, entry)
    summary = {"conflict": entry.conflict_id, "decision": entry.decision.value, "log": str(log)}
    stdout.print(json.dumps(summary, ensure_ascii=False))
    stdout.print("Recorded; the next `graphbuilder build` applies it.")


def _log_path(target: Path, curation_log: Path | None) -> Path:
    return curation_log or default_log_path(target)
