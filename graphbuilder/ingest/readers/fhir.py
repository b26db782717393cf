"""FHIR R4 DocumentReference resources: a .json file (one resource or a Bundle of them) or
an .ndjson file (one resource or Bundle per line), parsed with plain `json`.

Positions: Bundle entries in a .json file are counted from 1 ("bundle.json#entry 3"); in an
.ndjson file every document of a line gets that line ("docs.ndjson:5").
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from graphbuilder.core.errors import InputError, located
from graphbuilder.ingest.raw import RawReports, raw_frame
from graphbuilder.ingest.readers.fhir_document import DocumentProblem, document_row
from graphbuilder.ingest.readers.jsonl import parse_json_line
from graphbuilder.ingest.rejects import PositionUnit, Reject

NDJSON_SUFFIXES = (".ndjson",)
RESOURCE_HINT = "give DocumentReference resources, or Bundles of them (entry[].resource)"

# (position, resource or the reason it could not be read)
Located = tuple[int | None, Any]


def read_fhir(path: Path) -> RawReports:
    file = str(path)
    if path.suffix.lower() in NDJSON_SUFFIXES:
        unit: PositionUnit = "line"
        resources = _ndjson_resources(path)
    else:
        unit = "entry"
        resources = _json_resources(path, file)
    rows: list[dict[str, object]] = []
    rejects: list[Reject] = []
    for position, resource in resources:
        if isinstance(resource, str):
            rejects.append(Reject(file, position, None, resource, RESOURCE_HINT, unit))
            continue
        try:
            rows.append({**document_row(resource), "line": position})
        except DocumentProblem as problem:
            rejects.append(
                Reject(file, position, problem.report_id, problem.reason, problem.hint, unit)
            )
    return RawReports(raw_frame(rows), file, unit, tuple(rejects))


def _json_resources(path: Path, file: str) -> Iterator[Located]:
    try:
        document = json.loads(path.read_bytes().decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise InputError(
            located(f"not a JSON document ({error})", file=file, hint="FHIR JSON must be UTF-8")
        ) from None
    if _resource_type(document) == "Bundle":
        for index, resource in enumerate(_bundle_resources(document), 1):
            yield index, _document_or_reason(resource)
    else:
        yield None, _document_or_reason(document)


def _ndjson_resources(path: Path) -> Iterator[Located]:
    with path.open("rb") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            parsed = parse_json_line(line.removeprefix(b"\xef\xbb\xbf"))
            if isinstance(parsed, str):
                yield number, parsed
            elif _resource_type(parsed) == "Bundle":
                for resource in _bundle_resources(parsed):
                    yield number, _document_or_reason(resource)
            else:
                yield number, _document_or_reason(parsed)


def _resource_type(value: object) -> object:
    return value.get("resourceType") if isinstance(value, dict) else None


def _bundle_resources(bundle: dict[str, Any]) -> list[object]:
    entries = bundle.get("entry")
    entries = entries if isinstance(entries, list) else []
    return [entry.get("resource") if isinstance(entry, dict) else None for entry in entries]


def _document_or_reason(resource: object) -> dict[str, Any] | str:
    """The resource when it is a DocumentReference, else why it cannot be used."""
    if not isinstance(resource, dict):
        return "expected a FHIR resource (a JSON object)"
    resource_type = resource.get("resourceType")
    if resource_type != "DocumentReference":
        return f"resource type {resource_type!r} is not a DocumentReference"
    return resource
