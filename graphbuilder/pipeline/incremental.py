"""A build through the process DAG: only what changed is computed, only who changed is written.

`run_processes` drives the runner over the corpus patient by patient, composes each changed
patient's graph (assembly, RECIST, curation, plugin variables, lineage), writes the changed
patients to the store, removes the patients no longer in the input, and records what it did in
the build's process cache. `plan_processes` does the same walk without running or writing
anything. `pipeline.build` wraps both with ingestion and the summary.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import polars as pl

from graphbuilder.core.ids import digest
from graphbuilder.core.memory import collect_written_batch
from graphbuilder.core.patient_graph import PatientGraph, Row
from graphbuilder.core.progress import Progress, SilentProgress
from graphbuilder.core.vocabulary import ReportKind
from graphbuilder.curate import CurationEntry
from graphbuilder.extract.backend import ReportInput
from graphbuilder.pipeline.processes.builtin import builtin_processes
from graphbuilder.pipeline.processes.cache import CACHE_FILE, OutputCache, PatientRecord
from graphbuilder.pipeline.processes.computations import CurationOutcome, compose_graph
from graphbuilder.pipeline.processes.dag import ProcessDag
from graphbuilder.pipeline.processes.extraction import ExtractionSource
from graphbuilder.pipeline.processes.keys import Identity
from graphbuilder.pipeline.processes.lineage import LineageStamper
from graphbuilder.pipeline.processes.model import ReportView
from graphbuilder.pipeline.processes.runner import DagRunner, PatientRun, ProcessTally, RunContext
from graphbuilder.pipeline.processes.sections import PART_OF_PROCESS, merge_extraction
from graphbuilder.pipeline.processes.state import ChunkState, PatientSources
from graphbuilder.pipeline.processes.variables import add_variable_rows
from graphbuilder.store.base import GraphStore
from graphbuilder.store.sync import sync_patients

# What is not a built-in process is a hospital plugin: its outputs are variable values.
_BUILTIN = frozenset(process.name for process in builtin_processes())
LOAD_BATCH = 2000  # computed patients held in memory before they are written


def report_unit_id(patient_id: str, report_id: str, sha256: str, duplicate: bool) -> str:
    """A report's unit id: unique in the corpus, even for a report id given twice."""
    unit = f"{patient_id}/{report_id}"
    return f"{unit}@{sha256[:12]}" if duplicate else unit


def patient_sources(
    corpus: pl.DataFrame,
    events: pl.DataFrame | None,
    curation: Sequence[CurationEntry] = (),
) -> list[PatientSources]:
    """Every patient's reports (in corpus order), events and curation entries, by patient id."""
    reports: defaultdict[str, list[ReportView]] = defaultdict(list)
    seen: set[tuple[str, str]] = set()
    kinds = {kind.value: kind for kind in ReportKind}
    columns = ("patient_id", "report_id", "date", "kind", "text", "sha256", "source")
    for pid, report_id, date, kind, text, sha256, source in zip(
        *(corpus[name].to_list() for name in columns), strict=True
    ):  # columns, not row dicts: this runs over the whole corpus on every build
        duplicate = (pid, report_id) in seen
        seen.add((pid, report_id))
        report = ReportInput(pid, report_id, date, kinds[kind], text, sha256)
        unit = report_unit_id(pid, report_id, sha256, duplicate)
        reports[pid].append(ReportView(unit, report, source))
    by_patient: defaultdict[str, list[dict[str, Any]]] = defaultdict(list)
    if events is not None:
        for event in events.iter_rows(named=True):
            # where the row sits in the file is not an input: moving rows must re-run nothing
            by_patient[event["patient_id"]].append(
                {k: v for k, v in event.items() if k != "source"}
            )
    decisions: defaultdict[str, list[CurationEntry]] = defaultdict(list)
    for entry in curation:
        decisions[entry.patient_id].append(entry)
    return [
        PatientSources(pid, tuple(reports[pid]), tuple(by_patient[pid]), tuple(decisions[pid]))
        for pid in sorted(reports)
    ]


@dataclass
class ProcessRunResult:
    """What a build through the DAG did."""

    tallies: list[ProcessTally]
    patients: int
    patients_computed: int
    patients_unchanged: int
    patients_removed: int
    patients_written: int = 0
    nodes_written: int = 0
    relationships_written: int = 0
    failures: list[str] = field(default_factory=list)
    warnings: int = 0
    extractions_changed: bool = False
    totals: dict[str, int] = field(default_factory=dict)  # summary counts over all patients


def run_rows(
    dag: ProcessDag, identities: Mapping[str, Identity], source: ExtractionSource | None
) -> tuple[str, list[Row]]:
    """The extraction run id (EXTRACTED_FROM) and an ExtractionRun row per process run."""
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    info = source.info() if source is not None else None
    rows: list[Row] = []
    for process in dag.order:
        who = identities[process.name]
        implementation = process.implementation
        llm = implementation.kind == "llm" and info is not None
        parameters = {
            "fingerprint": who.fingerprint,
            "parameters": json.loads(who.parameters),
            "prompts": list(implementation.prompts),
        }
        rows.append(
            {
                "id": who.run_id,
                "backend": implementation.kind,
                "backend_version": f"{process.name}@{process.version}",
                "model": info.model if llm and info else None,
                "model_revision": info.model_revision if llm and info else None,
                "parameters": json.dumps(parameters, sort_keys=True),
                "started_at": now,
                "ended_at": now,
                "process": process.name,
                "process_version": process.version,
            }
        )
    extraction_runs = [identities[name].run_id for name in PART_OF_PROCESS if name in dag]
    run_id = f"run:{digest('extraction', *extraction_runs)}"
    if info is not None:
        rows.append(
            {
                "id": run_id,
                "backend": info.backend,
                "backend_version": info.backend_version,
                "model": info.model,
                "model_revision": info.model_revision,
                "parameters": json.dumps(
                    {"processes": extraction_runs, **info.parameters}, sort_keys=True, default=str
                ),
                "started_at": now,
                "ended_at": now,
            }
        )
    return run_id, rows


@dataclass
class PlanResult:
    """What a build would run: per process, and the process-level changes since the last."""

    tallies: list[ProcessTally]
    patients: int
    patients_unchanged: int
    reports: int
    changes: list[str]


def _identity_json(who: Identity) -> str:
    return json.dumps(
        {"version": who.version, "fingerprint": who.fingerprint, "parameters": who.parameters},
        sort_keys=True,
    )


def _identity_change(name: str, before: dict[str, str], who: Identity) -> str:
    if before["version"] != who.version:
        return f"{name}: version {before['version']} → {who.version}"
    if before["fingerprint"] != who.fingerprint:
        return f"{name}: implementation changed (code, prompt, schema or model)"
    return f"{name}: parameters changed"


@dataclass
class _Composed:
    """A computed patient, ready to load (the chunk's outputs are no longer referenced)."""

    patient_id: str
    graph: PatientGraph
    record: PatientRecord
    failures: list[str]
    extraction_lines: dict[str, tuple[str, str] | None] | None


class ProcessBuild:
    """One build's walk through the DAG (see the module docstring)."""

    def __init__(
        self,
        dag: ProcessDag,
        source: ExtractionSource | None,
        out: Path,
        progress: Progress | None = None,
    ) -> None:
        self.dag = dag
        self.source = source
        self.out = out
        self.progress = progress or SilentProgress()

    def run(self, patients: Sequence[PatientSources], store: GraphStore) -> ProcessRunResult:
        with OutputCache(self.out / CACHE_FILE) as cache:
            store.ensure_schema()
            stored = store.patient_hashes()
            context = RunContext(self.source)
            runner = DagRunner(self.dag, context, cache, stored_graphs=stored)
            context.extraction_run_id, runs = run_rows(self.dag, runner.identities, self.source)
            stamper = LineageStamper(self.dag, runner.identities)
            result = ProcessRunResult([], len(patients), 0, 0, 0)
            batch: list[_Composed] = []
            with self.progress.step("Running the processes", len(patients)) as step:
                for run in runner.run(patients):
                    if run.changed:
                        batch.append(self._compose(run, runner, stamper))
                    else:
                        result.patients_unchanged += 1
                    if len(batch) >= LOAD_BATCH:  # bounded memory, whatever the corpus
                        self._flush(store, cache, runner, batch, runs, result)
                        batch = []
                        collect_written_batch()  # see build(): the collector is off
                    step.advance()
            self._flush(store, cache, runner, batch, runs, result)
            self._remove(store, cache, stored, patients, result)
            result.tallies = list(runner.tallies.values())
            result.totals = _totals(runner, {p.patient_id for p in patients})
            for name, who in runner.identities.items():
                cache.set_meta(f"identity:{name}", _identity_json(who))
            return result

    def plan(
        self, patients: Sequence[PatientSources], stored: Mapping[str, str] | None
    ) -> PlanResult:
        """What `run` would do, and why, without running or writing anything."""
        with OutputCache(self.out / CACHE_FILE, read_only=True) as cache:
            runner = DagRunner(self.dag, RunContext(self.source), cache, dry_run=True,
                               stored_graphs=stored)  # fmt: skip
            unchanged = sum(not run.changed for run in runner.run(patients))
            changes = []
            for name, who in runner.identities.items():
                before = cache.get_meta(f"identity:{name}")
                if before is not None and before != _identity_json(who):
                    changes.append(_identity_change(name, json.loads(before), who))
                elif before is None and cache.get_meta("schema") and runner.records:
                    changes.append(f"{name}: new process")
        return PlanResult(
            list(runner.tallies.values()),
            len(patients),
            unchanged,
            sum(len(patient.reports) for patient in patients),
            changes,
        )

    def _compose(self, run: PatientRun, runner: DagRunner, stamper: LineageStamper) -> _Composed:
        state, pid = run.state, run.patient_id
        assert state is not None
        assembled = state.value(("assembly", pid))
        outcome: CurationOutcome = state.value(("curation", pid))
        graph = compose_graph(assembled, state.value(("recist", pid)), outcome)
        variables = 0
        for process in self.dag.report_processes():
            if process.name in _BUILTIN:
                continue
            run_id = runner.identities[process.name].run_id
            for view in run.sources.reports:
                pair = (process.name, view.unit)
                output = state.value(pair) if state.applied(pair) else None
                if output is not None:
                    variables += add_variable_rows(graph, process, view, output, run_id)
        stamper.stamp(graph, run.sources, state)
        review = outcome.review
        summary = {
            "treatment_lines": len(graph.nodes.get("TreatmentLine", {})),
            "recist_timepoints": len(graph.nodes.get("RecistTimepoint", {})),
            "conflicts_open": review.count("open"),
            "conflicts_resolved": review.count("resolved"),
            "conflicts_reopened": review.count("reopened"),
            "resolutions_stale": review.stale(),
            "resolutions_orphaned": len(review.orphaned),
            "variables": variables,
            "warnings": state.warnings[pid],
        }
        units = {view.unit for view in run.sources.reports}
        return _Composed(
            pid,
            graph,
            runner.draft_record(run, summary),
            _failures(state, units),
            _extraction_lines(run),
        )

    def _flush(
        self,
        store: GraphStore,
        cache: OutputCache,
        runner: DagRunner,
        batch: list[_Composed],
        runs: list[Row],
        result: ProcessRunResult,
    ) -> None:
        """Write a batch of computed patients, then remember them (never the other way round:
        a patient is skipped next time only if its graph really is in the store)."""
        if not batch:
            return
        written = cache.written([c.patient_id for c in batch])
        graphs = [c.graph for c in batch]
        stats = sync_patients(store, graphs, runs, remove_absent=False, previous=written)
        result.patients_computed += len(batch)
        result.patients_unchanged += stats.patients_unchanged
        result.patients_written += stats.patients_written
        result.nodes_written += stats.nodes_written
        result.relationships_written += stats.relationships_written
        for item in batch:
            content_hash = item.graph.nodes["Patient"][item.patient_id]["content_hash"]
            runner.save_record(item.patient_id, replace(item.record, content_hash=content_hash))
            before = written.get(item.patient_id)
            if before is None or before.content_hash != content_hash:
                cache.put_written(item.patient_id, content_hash, stats.digests[item.patient_id])
            result.failures += item.failures
            result.warnings += int(item.record.summary["warnings"])
            if item.extraction_lines is not None:
                cache.put_extractions(item.patient_id, item.extraction_lines)
                result.extractions_changed = True
        cache.commit()

    def _remove(
        self,
        store: GraphStore,
        cache: OutputCache,
        stored: Mapping[str, str],
        patients: Sequence[PatientSources],
        result: ProcessRunResult,
    ) -> None:
        """Patients in the store but no longer in the input: out of the graph and the cache."""
        present = {patient.patient_id for patient in patients}
        removed = sorted(set(stored) - present)
        if removed:
            store.delete_patients(removed)
            cache.forget_patients(removed)
            result.patients_removed = len(removed)
            result.extractions_changed = True


def _extraction_lines(run: PatientRun) -> dict[str, tuple[str, str] | None] | None:
    """unit → (report id, JSONL line) of the merged extractions that may have changed: the
    reports an extraction ran for, and None for reports that have no line any more (gone from
    the input, or failed); None when nothing changed. A follow-up report rewrites its own line,
    not its patient's twenty others."""
    state = run.state
    assert state is not None
    units = {view.unit for view in run.sources.reports}
    stored = state.stored_of(run.patient_id)
    before = {unit for name, unit in stored if name in PART_OF_PROCESS}
    gone = before - units
    # new to the cache (every extraction skipped it too), or an extraction ran for it
    ran = (units - before) | {
        unit for unit in units if any((name, unit) in state.reran for name in PART_OF_PROCESS)
    }
    if not ran and not gone:
        return None
    if gone:
        keep = {pair for pair in stored if pair[1] in units or pair[1] == run.patient_id}
        state.cache.forget_units(run.patient_id, keep)
    lines: dict[str, tuple[str, str] | None] = dict.fromkeys(gone)
    for view in run.sources.reports:
        if view.unit not in ran:
            continue
        pairs = [(name, view.unit) for name in PART_OF_PROCESS if (name, view.unit) in state.keys]
        if any(pair in state.failures for pair in pairs):
            lines[view.unit] = None
            continue
        parts = [state.value(pair) for pair in pairs if state.applied(pair)]
        extraction = merge_extraction(view.report.report_id, [p for p in parts if p is not None])
        line = extraction.model_dump_json(exclude_none=True) + "\n"
        lines[view.unit] = (view.report.report_id, line)
    return lines


def _failures(state: ChunkState, units: set[str]) -> list[str]:
    """One line per report that failed: the reason, and the processes it failed for."""
    by_report: defaultdict[tuple[str, str], list[str]] = defaultdict(list)
    for (process, unit), message in state.failures.items():
        if unit in units:
            by_report[(unit, message)].append(process)
    return [
        f"report {unit.partition('/')[2]!r}: {message} ({', '.join(processes)})"
        for (unit, message), processes in sorted(by_report.items())
    ]


def _totals(runner: DagRunner, present: set[str]) -> dict[str, int]:
    totals: defaultdict[str, int] = defaultdict(int)
    for patient_id, record in runner.records.items():
        if patient_id in present:
            for name, value in record.summary.items():
                if isinstance(value, int):
                    totals[name] += value
    return dict(totals)


def write_extractions(out: Path, cache_path: Path) -> None:
    """(Re)write `extractions.jsonl` from the cache: every report's merged extraction."""
    with OutputCache(cache_path) as cache, (out / "extractions.jsonl").open("wb") as handle:
        handle.writelines(cache.extraction_lines())
