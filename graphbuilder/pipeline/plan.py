"""`graphbuilder plan`: what a build would run, on how many reports and patients, and why.

Like `make -n`: the input is ingested and every unit's key computed as a build would, against
the output folder's process cache and graph, but nothing is extracted, computed or written.
"""

from __future__ import annotations

from pathlib import Path

from graphbuilder.core.errors import StoreError
from graphbuilder.curate import read_log
from graphbuilder.ingest import IngestOptions, ingest
from graphbuilder.pipeline.build import BuildRequest, _events
from graphbuilder.pipeline.incremental import PlanResult, ProcessBuild, patient_sources
from graphbuilder.pipeline.processes.registry import (
    family_of,
    plugin_processes,
    process_dag,
)
from graphbuilder.store.embedded import EmbeddedStore
from graphbuilder.store.embedded.store import DATABASE_FILE
from graphbuilder.store.open import open_build_store


def plan_build(request: BuildRequest, plugins_file: Path | None = None) -> PlanResult:
    """The plan of `build(request)`, computed without running or writing anything."""
    options = IngestOptions(
        on_error=request.config.ingest.on_error,
        format=request.input_format,
        text_column=request.config.ingest.text_column,
    )
    corpus = ingest(request.input, options).corpus
    backend = request.config.extract.backend
    source = request.extraction_source()
    family = family_of(backend, request.extractions)
    dag = process_dag(family, request.recist, plugin_processes(plugins_file, family=family))
    patients = patient_sources(corpus, _events(request), read_log(request.curation_log_path()))
    return ProcessBuild(dag, source, request.out).plan(patients, _stored_hashes(request))


def _stored_hashes(request: BuildRequest) -> dict[str, str]:
    """The patients' graph hashes in the store the build would write to (none if absent)."""
    if request.config.store.kind == "embedded":
        if not (request.out / DATABASE_FILE).exists():
            return {}
        with EmbeddedStore(request.out, read_only=True) as store:
            return store.patient_hashes()
    try:
        config, credentials = request.config.store, request.neo4j_credentials
        with open_build_store(config, request.out, credentials) as server:
            return server.patient_hashes()
    except StoreError:
        return {}
