"""`graphbuilder build`: ingest → extract → assemble → derive → load, patient by patient.

The steps after ingestion are the processes of a declared DAG (`pipeline.processes`): one
extraction process per report section, then assembly, RECIST per line, conflicts and curation
per patient, plus any hospital plugin. A process runs only on the reports or patients whose
inputs, version, implementation or parameters changed since the last build into the same
folder; a patient with nothing new is not even loaded (`pipeline.incremental`).

Derive (`derive_patient`) runs the rule passes on each assembled patient: RECIST 1.1 per
treatment line, the contradiction rules, and the steward's curation log (a correction in force
changes what RECIST computes; the conflicts are always those of the facts as extracted). The
DAG runs the same passes as separate processes (`pipeline.processes.computations`).

Everything a build writes lives in the output folder: the graph database, the extractions it
made (`extractions.jsonl`), rejected input rows (`rejects.csv`), failed extractions, a
summary (`build.json`) and the process cache (`cache/processes.sqlite`). The curation log is
only read, and lives outside it (by default `<out>.curation.jsonl`, see
`graphbuilder.curate.log`).
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import polars as pl

from graphbuilder.assemble import AssembledPatient, PatientInput, ReportRecord
from graphbuilder.core.config import Config
from graphbuilder.core.memory import collections_between_batches, freeze_built
from graphbuilder.core.patient_graph import PatientGraph
from graphbuilder.core.progress import Progress, SilentProgress
from graphbuilder.core.vocabulary import ReportKind
from graphbuilder.curate import (
    CurationEntry,
    CurationReview,
    add_curation_rows,
    apply_corrections,
    default_log_path,
    read_log,
    review_conflicts,
)
from graphbuilder.extract.backend import ExtractionOutcome, ReportInput
from graphbuilder.extract.backends.llm.settings import LLMSettings
from graphbuilder.extract.run import ExtractionRun
from graphbuilder.ingest import (
    IngestOptions,
    IngestResult,
    InputFormat,
    ingest,
    read_events,
    write_rejects,
)
from graphbuilder.pipeline.incremental import ProcessBuild, patient_sources, write_extractions
from graphbuilder.pipeline.processes.cache import CACHE_FILE, EXTRACTIONS_INDEX
from graphbuilder.pipeline.processes.extraction import ExtractionSource
from graphbuilder.pipeline.processes.registry import (
    extraction_source,
    family_of,
    plugin_processes,
    process_dag,
)
from graphbuilder.rules.conflicts import detect_conflicts
from graphbuilder.rules.recist import RecistOptions
from graphbuilder.rules.timepoint_rows import add_recist_rows
from graphbuilder.rules.timepoints import DEFAULT_OPTIONS, assess_patient
from graphbuilder.store.neo4j import Neo4jCredentials
from graphbuilder.store.open import open_build_store

EVENTS_FILE_NAMES = ("treatments.csv", "events.csv", "treatments.parquet", "events.parquet")


@dataclass(frozen=True)
class BuildRequest:
    input: Path
    out: Path
    config: Config = field(default_factory=Config)
    extractions: Path | None = None
    events: Path | None = None
    input_format: InputFormat = "auto"
    llm: LLMSettings | None = None  # the vllm/openai backends' settings; cache in <out>/cache/llm
    curation_log: Path | None = None  # None: <out>.curation.jsonl beside the output folder
    recist: RecistOptions = DEFAULT_OPTIONS
    neo4j_credentials: Neo4jCredentials | None = None  # store.kind neo4j; None: environment
    plugins: Path | None = None  # plugins file; None: ./graphbuilder.plugins.toml if present

    def curation_log_path(self) -> Path:
        return self.curation_log or default_log_path(self.out)

    def llm_settings(self) -> LLMSettings | None:
        """The LLM backends' settings: `llm`, else the configuration's [extract.llm] when it
        names a model; the answer cache defaults to <out>/cache/llm."""
        llm = self.llm
        if llm is None:
            given = self.config.extract.llm.given()
            if "model" not in given:
                return None
            llm = LLMSettings(**given)
        return llm.with_defaults(self.out / "cache" / "llm")

    def extraction_source(self, *, save_index: bool = False) -> ExtractionSource:
        """Where this build's extraction processes take extractions from (build and plan: both
        read the index of `--extractions` an earlier build kept in the folder, if it is for
        this very file; a build keeps one for the next)."""
        return extraction_source(
            self.config.extract.backend,
            self.extractions,
            self.llm_settings(),
            self.config.ingest.on_error,
            self.out / EXTRACTIONS_INDEX,
            save_index=save_index,
        )


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
    extraction_details: dict[str, Any] = field(default_factory=dict)  # LLM counters, agreement
    curation_log: str = ""
    treatment_lines: int = 0
    recist_timepoints: int = 0
    conflicts_open: int = 0
    conflicts_resolved: int = 0
    conflicts_reopened: int = 0
    resolutions_stale: int = 0
    resolutions_orphaned: int = 0
    patients_computed: int = 0  # patients whose processes ran (the others were unchanged)
    variables: int = 0  # values of hospital-defined variables (plugin processes)
    processes: list[dict[str, Any]] = field(default_factory=list)  # what each process did

    def to_json(self) -> str:
        data = asdict(self)
        data["out"] = str(self.out)
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def build(request: BuildRequest, progress: Progress | None = None) -> BuildSummary:
    with collections_between_batches():
        return _build(request, progress or SilentProgress())


def _build(request: BuildRequest, progress: Progress) -> BuildSummary:
    request.out.mkdir(parents=True, exist_ok=True)
    ingested = _ingest(request)
    corpus = ingested.corpus
    backend = request.config.extract.backend
    source = request.extraction_source(save_index=True)
    family = family_of(backend, request.extractions)
    dag = process_dag(family, request.recist, plugin_processes(request.plugins, family=family))
    patients = patient_sources(corpus, _events(request), read_log(request.curation_log_path()))
    freeze_built()  # the patients' sources and the extraction index: only read from here
    with open_build_store(request.config.store, request.out, request.neo4j_credentials) as store:
        result = ProcessBuild(dag, source, request.out, progress).run(patients, store)
    extractions_file = request.out / "extractions.jsonl"
    if result.extractions_changed or not extractions_file.exists():
        write_extractions(request.out, request.out / CACHE_FILE)
    totals = result.totals
    summary = BuildSummary(
        out=request.out,
        patients=len(patients),
        reports=corpus.height,
        rejected_rows=len(ingested.rejects),
        duplicates_dropped=ingested.duplicates_dropped,
        backend=source.info().backend,
        extraction_failures=len(result.failures),
        extraction_warnings=result.warnings,
        patients_written=result.patients_written,
        patients_unchanged=result.patients_unchanged,
        patients_removed=result.patients_removed,
        nodes_written=result.nodes_written,
        relationships_written=result.relationships_written,
        failures=result.failures,
        extraction_details=source.summary(),
        curation_log=str(request.curation_log_path()),
        treatment_lines=totals.get("treatment_lines", 0),
        recist_timepoints=totals.get("recist_timepoints", 0),
        conflicts_open=totals.get("conflicts_open", 0),
        conflicts_resolved=totals.get("conflicts_resolved", 0),
        conflicts_reopened=totals.get("conflicts_reopened", 0),
        resolutions_stale=totals.get("resolutions_stale", 0),
        resolutions_orphaned=totals.get("resolutions_orphaned", 0),
        patients_computed=result.patients_computed,
        variables=totals.get("variables", 0),
        processes=[tally.as_dict() for tally in result.tallies],
    )
    (request.out / "build.json").write_text(summary.to_json(), encoding="utf-8")
    return summary


@dataclass(frozen=True)
class DerivedPatient:
    graph: PatientGraph
    review: CurationReview


def derive_patient(
    assembled: AssembledPatient,
    curation: Sequence[CurationEntry] = (),
    options: RecistOptions = DEFAULT_OPTIONS,
) -> DerivedPatient:
    """RECIST per line, conflicts and the curation log for one patient, added to its graph.

    Conflicts are detected on the facts as extracted, so that they (and the decisions on them)
    survive a correction; RECIST is recomputed with the corrections in force, if any.
    """
    recist = assess_patient(assembled.facts, options)
    conflicts = detect_conflicts(assembled.facts, recist)
    review = review_conflicts(conflicts, curation)
    if review.corrections:
        corrected = apply_corrections(assembled.facts, review.corrections)
        recist = assess_patient(corrected, options)
    add_recist_rows(assembled.graph, recist)
    add_curation_rows(assembled.graph, review)
    return DerivedPatient(assembled.graph, review)


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
