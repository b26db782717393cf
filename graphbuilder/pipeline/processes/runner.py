"""Running the DAG: processes in dependency order, patient by patient, with the output cache.

Patients go through in chunks (one batch call per process and chunk, so that the rules and the
LLM see batches). For each unit the runner computes its key (`keys.py`); a unit whose key is in
the cache is not run, and its output is loaded only if something that runs needs it. A patient
whose key of all inputs is unchanged, whose units all succeeded last time and whose graph is
still in the store is skipped whole. With `dry_run`, nothing runs and nothing is written: the
runner counts what would run, and why (`graphbuilder plan`).
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import islice
from typing import Any

from graphbuilder.core.errors import ExtractionError
from graphbuilder.core.ids import digest
from graphbuilder.pipeline.processes.cache import OutputCache, PatientRecord, StoredUnit, UnitRow
from graphbuilder.pipeline.processes.dag import ProcessDag
from graphbuilder.pipeline.processes.extraction import ExtractionSource
from graphbuilder.pipeline.processes.keys import (
    Identity,
    UnitKey,
    identity,
    key_text,
    report_sources,
    rows_hash,
    unit_key,
    upstream_digest,
)
from graphbuilder.pipeline.processes.model import Process, ReportOutcome, ReportView
from graphbuilder.pipeline.processes.state import (
    FAILED,
    SKIPPED,
    ChunkState,
    PatientSources,
    encode,
)

CHUNK_PATIENTS = 256
BATCH_REPORTS = 2048
REASONS = ("new", "version", "implementation", "parameters", "input", "upstream")


@dataclass
class RunContext:
    """What implementations share in a build: the extraction source and free settings."""

    extraction: ExtractionSource | None = None
    extraction_run_id: str = ""
    settings: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Call:
    """What an implementation receives beside its input: its declaration and the build's."""

    process: Process
    context: RunContext
    run_id: str


@dataclass
class ProcessTally:
    """What a process did (or, in a plan, would do) in a build."""

    process: str
    version: str
    scope: str
    ran: int = 0
    cached: int = 0
    skipped: int = 0
    failed: int = 0
    pending: int = 0
    patients: set[str] = field(default_factory=set)
    reasons: Counter[str] = field(default_factory=Counter)

    def as_dict(self) -> dict[str, Any]:
        return {
            "process": self.process,
            "version": self.version,
            "scope": self.scope,
            "ran": self.ran,
            "cached": self.cached,
            "skipped": self.skipped,
            "failed": self.failed,
            "pending": self.pending,
            "patients": len(self.patients),
            "reasons": dict(sorted(self.reasons.items())),
        }


@dataclass
class PatientRun:
    """One patient after the DAG: unchanged (nothing loaded), or computed in `state`."""

    sources: PatientSources
    key: str
    changed: bool
    state: ChunkState | None = None

    @property
    def patient_id(self) -> str:
        return self.sources.patient_id

    def complete(self) -> bool:
        """No unit of the patient failed (a failed unit is retried by the next build)."""
        if self.state is None:
            return True
        units = {view.unit for view in self.sources.reports} | {self.patient_id}
        return not any(unit in units for _, unit in self.state.failures)


class DagRunner:
    """Runs (or plans) a validated DAG over patients; see the module docstring."""

    def __init__(
        self,
        dag: ProcessDag,
        context: RunContext,
        cache: OutputCache,
        *,
        dry_run: bool = False,
        stored_graphs: Mapping[str, str] | None = None,
    ) -> None:
        self.dag = dag
        self.context = context
        self.cache = cache
        self.dry_run = dry_run
        self.stored_graphs = stored_graphs  # patient → content hash in the store (None: unknown)
        info = context.extraction.info() if context.extraction is not None else None
        self.identities: dict[str, Identity] = {p.name: identity(p, info) for p in dag.order}
        self.functions = {} if dry_run else {p.name: p.implementation.load() for p in dag.order}
        self.tallies = {p.name: ProcessTally(p.name, p.version, p.scope) for p in dag.order}
        self.records = cache.patient_records()
        self._sources: dict[str, str] = {}  # unit → its report's sources digest (this chunk)
        edges = sorted(f"{a}>{b}" for a, b in dag.graph.edges)
        self.dag_key = digest(*(i.key for i in self.identities.values()), *edges, length=24)

    # ------------------------------------------------------------------ the loop
    def run(
        self, patients: Iterable[PatientSources], chunk_size: int = CHUNK_PATIENTS
    ) -> Iterator[PatientRun]:
        iterator = iter(patients)
        while chunk := list(islice(iterator, chunk_size)):
            self._sources.clear()
            work: list[tuple[PatientSources, str]] = []
            for patient in chunk:
                key = self.patient_key(patient)
                if self._unchanged(patient.patient_id, key):
                    self._count_unchanged(patient.patient_id)
                    yield PatientRun(patient, key, changed=False)
                else:
                    work.append((patient, key))
            if work:
                state = self._run_chunk([patient for patient, _ in work])
                if self.context.extraction is not None:
                    self.context.extraction.release()
                if not self.dry_run:
                    self.cache.put_units(state.rows)
                    state.rows.clear()
                for patient, key in work:
                    yield PatientRun(patient, key, changed=True, state=state)

    def patient_key(self, patient: PatientSources) -> str:
        """Everything the patient's outputs depend on, in one digest (what each unit key
        digests, gathered: equal patient keys mean equal unit keys)."""
        extraction = self.context.extraction
        hasher = hashlib.blake2b(digest_size=12)
        hasher.update(f"{self.dag_key}\x1f{patient.patient_id}\x1f".encode())
        hasher.update(rows_hash(patient.events).encode())
        hasher.update(rows_hash(_curation_rows(patient.curation)).encode())
        for view in patient.reports:
            report = view.report
            extra = extraction.report_hash(report.report_id) if extraction is not None else ""
            hasher.update(
                f"\x1e{view.unit}\x1f{view.source}\x1f{report.sha256}\x1f{report.kind}"
                f"\x1f{report.date}\x1f{extra}".encode()
            )
        return hasher.hexdigest()

    def draft_record(self, run: PatientRun, summary: dict[str, Any]) -> PatientRecord:
        """What to remember of a computed patient (its graph's hash comes once it is loaded)."""
        units: dict[str, list[int]] = {}
        if run.state is not None:
            for process in self.dag.report_processes():
                pairs = [(process.name, view.unit) for view in run.sources.reports]
                units[process.name] = [
                    sum(run.state.applied(pair) for pair in pairs),
                    sum(run.state.keys.get(pair) == SKIPPED for pair in pairs),
                ]
        return PatientRecord(run.key, run.complete(), None, {**summary, "units": units})

    def save_record(self, patient_id: str, record: PatientRecord) -> None:
        self.cache.put_patient(patient_id, record)
        self.records[patient_id] = record

    def _unchanged(self, patient_id: str, key: str) -> bool:
        record = self.records.get(patient_id)
        if record is None or record.key != key or not record.complete:
            return False
        if self.stored_graphs is None:
            return True
        return self.stored_graphs.get(patient_id) == record.content_hash

    def _count_unchanged(self, patient_id: str) -> None:
        units = self.records[patient_id].summary.get("units", {})
        for process in self.dag.order:
            tally = self.tallies[process.name]
            if process.scope == "patient":
                tally.cached += 1
            else:
                applied, skipped = units.get(process.name, (0, 0))
                tally.cached += applied
                tally.skipped += skipped

    def _run_chunk(self, patients: Sequence[PatientSources]) -> ChunkState:
        stored = self.cache.stored_keys([patient.patient_id for patient in patients])
        state = ChunkState(self.dag, self.cache, patients, stored)
        for process in self.dag.order:
            if process.scope == "report":
                self._report_step(state, process)
            else:
                for patient in patients:
                    self._patient_step(state, process, patient)
        self._tally_reasons(state)
        return state

    def _tally_reasons(self, state: ChunkState) -> None:
        """Count why each unit of the chunk re-ran (new, version, input...), comparing its key
        with the parts of the cached one, read in one query per process."""
        by_process: defaultdict[str, list[tuple[str, UnitKey, bool]]] = defaultdict(list)
        for (process, unit), key, rerun in state.reruns:
            by_process[process].append((unit, key, rerun))
        for process, units in by_process.items():
            cached = [unit for unit, _, _ in units if (process, unit) in state.stored]
            parts = self.cache.stored_parts(process, cached)
            reasons = self.tallies[process].reasons
            for unit, key, rerun in units:
                reasons[_reason(parts.get(unit), key, rerun)] += 1
        state.reruns.clear()

    # ------------------------------------------------------------------ report scope
    def _report_step(self, state: ChunkState, process: Process) -> None:
        tally, who = self.tallies[process.name], self.identities[process.name]
        reads = [upstream.name for upstream in self.dag.upstream(process.name)]
        to_run: list[tuple[ReportView, UnitKey, str]] = []
        for patient in state.patients:
            for view in patient.reports:
                pair = (process.name, view.unit)
                applies = self._applies(state, process, view, reads)
                if applies is False:
                    state.keys[pair] = SKIPPED
                    tally.skipped += 1
                    continue
                sources = self._report_sources(view)
                upstream = upstream_digest(
                    [f"{name}:{state.keys[(name, view.unit)]}" for name in reads]
                )
                text = state.keys[pair] = key_text(who, sources, upstream)
                rerun = any((name, view.unit) in state.reran for name in reads)
                if applies is None:
                    state.pending.add(pair)
                    tally.pending += 1
                if state.stored.get(pair) == text and not rerun:
                    state.lazy.add(pair)  # most units of a changed patient: no UnitKey made
                    tally.cached += 1
                    continue
                key = UnitKey(text, who.version, who.fingerprint, who.parameters, sources, upstream)
                state.reran.add(pair)
                state.reruns.append((pair, key, rerun))
                tally.patients.add(patient.patient_id)
                if applies is not None:
                    to_run.append((state.report_view(view, reads), key, patient.patient_id))
        if not self.dry_run:
            for start in range(0, len(to_run), BATCH_REPORTS):
                self._run_reports(state, process, to_run[start : start + BATCH_REPORTS])
        else:
            tally.ran += len(to_run)

    def _applies(
        self, state: ChunkState, process: Process, view: ReportView, reads: Sequence[str]
    ) -> bool | None:
        """Whether the process applies to the report; None in a plan when it depends on an
        upstream output that would be computed first."""
        applies_to = process.applies_to
        if applies_to.kinds is not None and view.report.kind not in applies_to.kinds:
            return False
        condition = applies_to.condition
        if condition is None:
            return True
        if any((name, view.unit) in state.reran for name in condition.reads) and self.dry_run:
            return None
        return condition.test(state.report_view(view, condition.reads))

    def _run_reports(
        self, state: ChunkState, process: Process, batch: list[tuple[ReportView, UnitKey, str]]
    ) -> None:
        tally = self.tallies[process.name]
        call = Call(process, self.context, self.identities[process.name].run_id)
        outcomes = list(self.functions[process.name]([view for view, _, _ in batch], call))
        if len(outcomes) != len(batch):
            raise ExtractionError(
                f"process {process.name!r} returned {len(outcomes)} outcomes for "
                f"{len(batch)} reports — its implementation must return one per report"
            )
        for (view, key, patient_id), outcome in zip(batch, outcomes, strict=True):
            pair = (process.name, view.unit)
            if not isinstance(outcome, ReportOutcome):
                outcome = ReportOutcome(outcome)
            state.warnings[patient_id] += len(outcome.warnings)
            if outcome.failure is not None:
                state.failures[pair] = outcome.failure
                state.keys[pair] = FAILED + key.key
                tally.failed += 1
                continue
            tally.ran += 1
            state.values[pair] = outcome.output
            encoded = encode(process, outcome.output)
            state.rows.append(UnitRow(process.name, view.unit, patient_id, _stored(key), encoded))

    def _report_sources(self, view: ReportView) -> str:
        found = self._sources.get(view.unit)
        if found is None:
            report, extraction = view.report, self.context.extraction
            extra = extraction.report_hash(report.report_id) if extraction is not None else ""
            found = report_sources(report.sha256, report.kind, report.date, extra)
            self._sources[view.unit] = found
        return found

    # ------------------------------------------------------------------ patient scope
    def _patient_step(self, state: ChunkState, process: Process, patient: PatientSources) -> None:
        tally, who = self.tallies[process.name], self.identities[process.name]
        pid = patient.patient_id
        upstream, rerun = [], False
        for dependency in self.dag.upstream(process.name):
            units = [v.unit for v in patient.reports] if dependency.scope == "report" else [pid]
            for unit in units:
                upstream.append(f"{dependency.name}:{unit}:{state.keys[(dependency.name, unit)]}")
                rerun = rerun or (dependency.name, unit) in state.reran
        key = unit_key(who, self._patient_sources(process, patient), upstream)
        pair = (process.name, pid)
        state.keys[pair] = key.key
        if state.stored.get(pair) == key.key and not rerun:
            state.lazy.add(pair)
            tally.cached += 1
            return
        state.reran.add(pair)
        state.reruns.append((pair, key, rerun))
        tally.patients.add(pid)
        if self.dry_run:
            tally.ran += 1
            return
        view = state.patient_view(patient, process)
        call = Call(process, self.context, who.run_id)
        output = self.functions[process.name](view, call)
        tally.ran += 1
        state.values[pair] = output
        state.rows.append(UnitRow(process.name, pid, pid, _stored(key), encode(process, output)))

    def _patient_sources(self, process: Process, patient: PatientSources) -> str:
        parts = []
        if "Report" in process.inputs:
            parts += [f"{v.unit}|{v.source}|{v.report.sha256}" for v in patient.reports]
        if "StructuredEvent" in process.inputs:
            parts.append(rows_hash(patient.events))
        if "CurationDecision" in process.inputs:
            parts.append(rows_hash(_curation_rows(patient.curation)))
        return digest(*parts, length=24)


def _stored(key: UnitKey) -> StoredUnit:
    return StoredUnit(
        key.key, key.version, key.fingerprint, key.parameters, key.sources, key.upstream
    )


def _reason(cached: StoredUnit | None, key: UnitKey, rerun: bool) -> str:
    if cached is None:
        return "new"
    if cached.version != key.version:
        return "version"
    if cached.fingerprint != key.fingerprint:
        return "implementation"
    if cached.parameters != key.parameters:
        return "parameters"
    if cached.sources != key.sources:
        return "input"
    return "upstream"


def _curation_rows(entries: Iterable[Any]) -> list[dict[str, Any]]:
    return [
        entry.model_dump(mode="json") if hasattr(entry, "model_dump") else dict(entry)
        for entry in entries
    ]
