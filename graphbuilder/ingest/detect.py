"""Tell an input's format from its path (and, when the suffix is ambiguous, its first line)."""

from __future__ import annotations

import json
from pathlib import Path

from graphbuilder.core.errors import InputError, located
from graphbuilder.ingest.options import IngestOptions, InputFormat
from graphbuilder.ingest.readers.delimited import sniff_separator
from graphbuilder.ingest.readers.table import PARQUET_SUFFIXES

FORMATS_HINT = (
    "give a folder with manifest.csv, a .jsonl file, a .csv/.tsv/.parquet table, or FHIR "
    ".json/.ndjson (or choose with --format)"
)
_TABLE_SUFFIXES = (".csv", ".tsv", *PARQUET_SUFFIXES)


def detect_format(path: Path, options: IngestOptions) -> InputFormat:
    """The format to read `path` with: `options.format` unless it is "auto"."""
    if not path.exists():
        raise InputError(located("no such file or folder", file=str(path), hint=FORMATS_HINT))
    if options.format != "auto":
        # "folder" also takes the manifest file itself; the other formats take a file.
        if path.is_dir() and options.format != "folder":
            raise InputError(
                located(
                    f"format {options.format!r} expects a file, not a folder",
                    file=str(path),
                    hint=FORMATS_HINT,
                )
            )
        return options.format
    suffix = path.suffix.lower()
    if path.is_dir():
        return "folder"
    if suffix == ".jsonl":
        return "jsonl"
    if suffix == ".ndjson":
        return "fhir" if _first_object_is_fhir(path) else "jsonl"
    if suffix == ".json":
        return "fhir"
    if suffix == ".csv" and _looks_like_manifest(path, options):
        return "folder"
    if suffix in _TABLE_SUFFIXES:
        return "table"
    raise InputError(located("cannot tell the input format", file=str(path), hint=FORMATS_HINT))


def _first_object_is_fhir(path: Path) -> bool:
    with path.open("rb") as handle:
        for line in handle:
            if line.strip():
                try:
                    value = json.loads(line.removeprefix(b"\xef\xbb\xbf"))
                except (json.JSONDecodeError, UnicodeDecodeError):
                    return False
                return isinstance(value, dict) and "resourceType" in value
    return False


def _looks_like_manifest(path: Path, options: IngestOptions) -> bool:
    """A CSV with a `file` column and no text column is a folder's manifest."""
    with path.open("rb") as handle:
        header = handle.readline().decode("utf-8-sig", errors="replace")
    separator = options.separator or sniff_separator(path)
    columns = [column.strip().strip('"') for column in header.rstrip("\r\n").split(separator)]
    return "file" in columns and options.text_column not in columns
