"""`graphbuilder build`: ingest → extract → assemble → load, patient by patient.

Everything a build writes lives in the output folder: the graph database, the extractions it
made (`extractions.jsonl`), rejected input rows (`rejects.csv`), failed extractions and a
summary (`build.json`).
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import polars as pl

from graphbuilder.assemble import PatientInput, ReportRecord, assemble_patient
from graphbuilder.core.config import Config
from graphbuilder.core.progress import Progress, SilentProgress
from graphbuilder.core.vocabulary import ReportKind
from graphbuilder.extract.backend import ExtractionOutcome, ReportInput
from graphbuilder.extract.registry import resolve_backend
from graphbuilder.extract.run import ExtractionRun, run_extraction
from graphbuilder.ingest import (
    IngestOptions,
    IngestResult,
    InputFormat,
    ingest,
    read_events,
    write_rejects,
)
from graphbuilder.store.embedded import EmbeddedStore
from graphbuilder.store.sync import sync_patients

EVENTS_FILE_NAMES = ("treatments.csv", "events.csv", "treatments.parquet", "events.parquet")


@dataclass(frozen=True)
class BuildRequest:
    input: Path
    out: Path
    config: Config = field(default_factory=Config)
    extractions: Path | None = None
    events: Path | None = None
    input_format: InputFormat = "auto"


@dataclass(frozen=True)
class BuildSummary:
    out: Path
    patients: int
    reports: int
    rejected_rows: int
    duplicates_dropped: int
    backend: str
    extraction_failures: int
    extraction_warnings: int
    patients_written: int
    patients_unchanged: int
    patients_removed: int
    nodes_written: int
    relationships_written: int
    failures: list[str]

    def to_json(self) -> str:
        data = asdict(self)
        data["out"] = str(self.out)
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def build(request: BuildRequest, progress: Progress | None = None) -> BuildSummary:
    progress = progress or SilentProgress()
    request.out.mkdir(parents=True, exist_ok=True)
    ingested = _ingest(request)
    corpus = ingested.corpus
    events = _events(request)
    backend = resolve_backend(request.config.extract.backend, request.extractions)
    with progress.step(f"Extracting ({backend.name})", corpus.height) as step:
        run, outcomes = run_extraction(
            backend, _report_inputs(corpus), on_outcome=lambda _: step.advance()
        )
    _write_extractions(request.out, outcomes)
    patients = _patient_inputs(corpus, outcomes, run, events)
    with progress.step("Assembling patients", len(patients)) as step:
        graphs = []
        for patient in patients:
            graphs.append(assemble_patient(patient))
            step.advance()
    with progress.step("Loading the graph", None), EmbeddedStore(request.out) as store:
        stats = sync_patients(store, graphs, [run.row()])
    failures = [f"report {o.report_id!r}: {o.failure}" for o in outcomes.values() if o.failure]
    summary = BuildSummary(
        out=request.out,
        patients=len(patients),
        reports=corpus.height,
        rejected_rows=len(ingested.rejects),
        duplicates_dropped=ingested.duplicates_dropped,
        backend=backend.name,
        extraction_failures=len(failures),
        extraction_warnings=sum(len(o.warnings) for o in outcomes.values()),
        patients_written=stats.patients_written,
        patients_unchanged=stats.patients_unchanged,
        patients_removed=stats.patients_removed,
        nodes_written=stats.nodes_written,
        relationships_written=stats.relationships_written,
        failures=failures,
    )
    (request.out / "build.json").write_text(summary.to_json(), encoding="utf-8")
    return summary


def _ingest(request: BuildRequest) -> IngestResult:
    options = IngestOptions(
        on_error=request.config.ingest.on_error,
        format=request.input_format,
        text_column=request.config.ingest.text_column,
    )
    result = ingest(request.input, options)
    rejects_path = request.out / "rejects.csv"
    if result.rejects:
        write_rejects(result.rejects, rejects_path)
    else:
        rejects_path.unlink(missing_ok=True)
    return result


def _events(request: BuildRequest) -> pl.DataFrame | None:
    """The structured events file: given explicitly, or found beside the input."""
    if request.events is not None:
        return read_events(request.events)
    folder = request.input if request.input.is_dir() else request.input.parent
    for name in EVENTS_FILE_NAMES:
        if (folder / name).is_file():
            return read_events(folder / name)
    return None


def _report_inputs(corpus: pl.DataFrame) -> Iterator[ReportInput]:
    for row in corpus.iter_rows(named=True):
        yield ReportInput(
            row["patient_id"],
            row["report_id"],
            row["date"],
            ReportKind(row["kind"]),
            row["text"],
            row["sha256"],
        )


def _write_extractions(out: Path, outcomes: dict[str, ExtractionOutcome]) -> None:
    with (out / "extractions.jsonl").open("w", encoding="utf-8") as handle:
        for report_id in sorted(outcomes):
            extraction = outcomes[report_id].extraction
            if extraction is not None:
                handle.write(extraction.model_dump_json(exclude_none=True) + "\n")


def _patient_inputs(
    corpus: pl.DataFrame,
    outcomes: dict[str, ExtractionOutcome],
    run: ExtractionRun,
    events: pl.DataFrame | None,
) -> list[PatientInput]:
    reports: dict[str, list[ReportRecord]] = defaultdict(list)
    for row in corpus.iter_rows(named=True):
        outcome = outcomes.get(row["report_id"])
        extraction = outcome.extraction if outcome else None
        reports[row["patient_id"]].append(
            ReportRecord(
                report_id=row["report_id"],
                date=row["date"],
                kind=row["kind"],
                text=row["text"],
                sha256=row["sha256"],
                source=row["source"],
                extraction=extraction,
                run_id=run.id if extraction is not None else None,
            )
        )
    by_patient: dict[str, list[dict[str, Any]]] = defaultdict(list)
    if events is not None:
        for event in events.iter_rows(named=True):
            by_patient[event["patient_id"]].append(event)
    return [
        PatientInput(patient_id, reports[patient_id], by_patient.get(patient_id, []))
        for patient_id in sorted(reports)
    ]
