"""What the runner knows about a chunk of patients: keys, outputs (loaded lazily), failures.

A unit's output is loaded from the cache only when a process that runs needs it, or when the
pipeline composes a changed patient's graph: an unchanged patient costs nothing but its key.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from graphbuilder.core.errors import ConfigError
from graphbuilder.pipeline.processes.cache import (
    OutputCache,
    UnitRow,
    decode_pickle,
    encode_json,
    encode_pickle,
)
from graphbuilder.pipeline.processes.dag import ProcessDag
from graphbuilder.pipeline.processes.keys import UnitKey
from graphbuilder.pipeline.processes.model import PatientView, Process, ReportView

SKIPPED = "-"  # the key of a unit the process does not apply to
FAILED = "failed:"  # prefix of the key of a unit whose run failed (never cached)
Pair = tuple[str, str]  # (process, unit)


@dataclass(frozen=True)
class PatientSources:
    """One patient's inputs: its reports (in corpus order), events and curation entries."""

    patient_id: str
    reports: tuple[ReportView, ...]
    events: tuple[dict[str, Any], ...] = ()
    curation: tuple[Any, ...] = ()


@dataclass
class ChunkState:
    """Keys, outputs and failures of the units of a chunk of patients."""

    dag: ProcessDag
    cache: OutputCache
    patients: Sequence[PatientSources]
    stored: dict[Pair, str]  # the key of each cached unit (the cache has its parts)
    keys: dict[Pair, str] = field(default_factory=dict)
    values: dict[Pair, Any] = field(default_factory=dict)
    lazy: set[Pair] = field(default_factory=set)  # cached, not loaded yet
    reran: set[Pair] = field(default_factory=set)  # ran (or, in a plan, would run)
    # each re-run unit's new key, and whether an upstream re-ran: why it re-ran is counted
    # once the chunk is done (`DagRunner._tally_reasons`)
    reruns: list[tuple[Pair, UnitKey, bool]] = field(default_factory=list)
    pending: set[Pair] = field(default_factory=set)  # plan: applies only if upstream says so
    failures: dict[Pair, str] = field(default_factory=dict)
    warnings: Counter[str] = field(default_factory=Counter)  # patient → warnings
    rows: list[UnitRow] = field(default_factory=list)
    _stored_by_patient: dict[str, set[Pair]] | None = None

    def stored_of(self, patient_id: str) -> set[Pair]:
        """The cached units of one patient (report units are `patient/report`)."""
        if self._stored_by_patient is None:
            grouped: defaultdict[str, set[Pair]] = defaultdict(set)
            for pair in self.stored:
                grouped[pair[1].partition("/")[0]].add(pair)
            self._stored_by_patient = dict(grouped)
        return self._stored_by_patient.get(patient_id, set())

    def applied(self, pair: Pair) -> bool:
        key = self.keys.get(pair, SKIPPED)
        return key != SKIPPED and not key.startswith(FAILED)

    def ensure(self, pairs: Iterable[Pair]) -> None:
        """Load the cached outputs of these units (those not in memory yet), per process."""
        wanted: defaultdict[str, list[str]] = defaultdict(list)
        for pair in pairs:
            if pair in self.lazy:
                wanted[pair[0]].append(pair[1])
        for process_name, units in wanted.items():
            process = self.dag.process(process_name)
            for unit, raw in self.cache.outputs(process_name, units).items():
                self.values[(process_name, unit)] = decode(process, raw)
                self.lazy.discard((process_name, unit))

    def value(self, pair: Pair) -> Any:
        if pair in self.lazy:
            self.ensure([pair])
        return self.values.get(pair)

    def report_view(self, view: ReportView, reads: Sequence[str]) -> ReportView:
        """The view with the outputs of the processes it reads (None where none applied)."""
        if not reads:
            return view
        self.ensure((name, view.unit) for name in reads)
        upstream = {
            name: self.values.get((name, view.unit)) if self.applied((name, view.unit)) else None
            for name in reads
        }
        failed = frozenset(name for name in reads if (name, view.unit) in self.failures)
        return replace(view, upstream=upstream, failed=failed)

    def patient_view(self, patient: PatientSources, process: Process) -> PatientView:
        upstream = self.dag.upstream(process.name)
        report_reads = [p.name for p in upstream if p.scope == "report"]
        patient_reads = [p.name for p in upstream if p.scope == "patient"]
        pid = patient.patient_id
        self.ensure([(name, view.unit) for name in report_reads for view in patient.reports])
        self.ensure([(name, pid) for name in patient_reads])
        return PatientView(
            patient_id=pid,
            reports=patient.reports,
            report_outputs={
                name: {
                    view.unit: self.values.get((name, view.unit))
                    for view in patient.reports
                    if self.applied((name, view.unit))
                }
                for name in report_reads
            },
            upstream={name: self.values.get((name, pid)) for name in patient_reads},
            events=patient.events,
            curation=patient.curation,
            failures={
                name: frozenset(
                    view.unit for view in patient.reports if (name, view.unit) in self.failures
                )
                for name in report_reads
            },
        )


def decode(process: Process, raw: bytes | str | None) -> Any:
    if raw is None:
        return None
    if process.scope == "report" and process.output_model is not None:
        return process.output_model.model_validate_json(raw)
    return decode_pickle(raw if isinstance(raw, bytes) else raw.encode())


def encode(process: Process, value: Any) -> bytes | str | None:
    model = process.output_model
    if process.scope == "report" and model is not None:
        if value is not None and not isinstance(value, model):
            raise ConfigError(
                f"process {process.name!r} returned a {type(value).__name__}, not its "
                f"output model {model.__name__} — fix its implementation"
            )
        return encode_json(value)
    return encode_pickle(value)
