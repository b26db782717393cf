"""Ingestion: reports from a folder + manifest, JSONL, CSV/Parquet or FHIR DocumentReferences
into one checked corpus table; the optional structured events file.

    result = ingest(Path("examples/reports"), IngestOptions(on_error="skip"))
    write_corpus(result.corpus, out / "corpus.parquet")
    write_rejects(result.rejects, out / "rejects.csv")
"""

from __future__ import annotations

from graphbuilder.ingest.api import ingest
from graphbuilder.ingest.corpus import (
    CORPUS_COLUMNS,
    CORPUS_SCHEMA,
    check_corpus,
    empty_corpus,
    read_corpus,
    write_corpus,
)
from graphbuilder.ingest.detect import detect_format
from graphbuilder.ingest.events import (
    EVENT_KINDS,
    EVENTS_SCHEMA,
    TREATMENT_CATEGORIES,
    EventsResult,
    load_events,
    read_events,
)
from graphbuilder.ingest.options import IngestOptions, IngestResult, InputFormat, OnError
from graphbuilder.ingest.rejects import REJECT_COLUMNS, Reject, write_rejects

__all__ = [
    "CORPUS_COLUMNS",
    "CORPUS_SCHEMA",
    "EVENTS_SCHEMA",
    "EVENT_KINDS",
    "REJECT_COLUMNS",
    "TREATMENT_CATEGORIES",
    "EventsResult",
    "IngestOptions",
    "IngestResult",
    "InputFormat",
    "OnError",
    "Reject",
    "check_corpus",
    "detect_format",
    "empty_corpus",
    "ingest",
    "load_events",
    "read_corpus",
    "read_events",
    "write_corpus",
    "write_rejects",
]
