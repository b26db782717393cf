"""`ingest()`: one input (folder, JSONL, CSV/Parquet or FHIR) → the corpus table."""

from __future__ import annotations

from pathlib import Path

from graphbuilder.ingest.detect import detect_format
from graphbuilder.ingest.options import IngestOptions, IngestResult
from graphbuilder.ingest.raw import RawReports
from graphbuilder.ingest.readers.fhir import read_fhir
from graphbuilder.ingest.readers.folder import read_folder
from graphbuilder.ingest.readers.jsonl import read_jsonl
from graphbuilder.ingest.readers.table import read_table
from graphbuilder.ingest.rejects import in_input_order, raise_first
from graphbuilder.ingest.validate import validate_reports


def ingest(path: Path, options: IngestOptions | None = None) -> IngestResult:
    """Read and check every report of `path`.

    Problems with the whole input (not found, unknown format, missing columns, unreadable
    file) always raise InputError. Problems with single rows raise the first one under
    `on_error="fail"`; under "skip" the rows are returned as rejects, in input order, and every
    good row is kept. Exact duplicates (same patient, report id and text) are dropped and
    counted; the same ids with another text are an error.
    """
    options = options or IngestOptions()
    validated = validate_reports(read_raw(path, options))
    if options.on_error == "fail":
        raise_first(validated.rejects)
    return IngestResult(
        corpus=validated.corpus,
        rejects=in_input_order(validated.rejects),
        duplicates_dropped=validated.duplicates_dropped,
    )


def read_raw(path: Path, options: IngestOptions) -> RawReports:
    """Run the reader for the input's format (rows not yet validated)."""
    input_format = detect_format(path, options)
    if input_format == "folder":
        return read_folder(path, manifest_name=options.manifest_name, separator=options.separator)
    if input_format == "jsonl":
        return read_jsonl(path, text_column=options.text_column)
    if input_format == "table":
        return read_table(path, text_column=options.text_column, separator=options.separator)
    return read_fhir(path)
