"""JSON Lines: one object per line with patient_id, report_id, date, kind and the text.

polars parses the whole file at once; only when it refuses the file (a line that is not JSON,
not an object, or not UTF-8) are the lines parsed one by one to say which ones are bad.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import polars as pl

from graphbuilder.ingest.raw import REPORT_FIELDS, RawReports, conform_raw, require_columns
from graphbuilder.ingest.rejects import Reject

_BOM = b"\xef\xbb\xbf"
_JSON_HINT = "each line must be one JSON object with patient_id, report_id, date, kind, text"

NumberedLines = list[tuple[int, bytes]]


def read_jsonl(path: Path, *, text_column: str = "text") -> RawReports:
    file = str(path)
    data = path.read_bytes().removeprefix(_BOM)
    numbered = [(number, line) for number, line in enumerate(data.split(b"\n"), 1) if line.strip()]
    fields = [*REPORT_FIELDS[:-1], text_column]
    try:
        frame = _read_fast(data, numbered, fields)
        rejects: tuple[Reject, ...] = ()
    except pl.exceptions.ComputeError:
        frame, rejects = _read_line_by_line(numbered, fields, file)
    _check_keys(frame, numbered, rejects, fields, file)
    frame = frame.rename({text_column: "text"}) if text_column != "text" else frame
    return RawReports(conform_raw(frame), file, "line", rejects)


def _read_fast(data: bytes, numbered: NumberedLines, fields: list[str]) -> pl.DataFrame:
    # polars skips blank lines itself; we only need their numbers for messages.
    frame = pl.read_ndjson(io.BytesIO(data), schema=dict.fromkeys(fields, pl.Utf8))
    if frame.height != len(numbered):  # e.g. a line of spaces: let the slow path decide
        raise pl.exceptions.ComputeError("row count differs from the non-blank line count")
    lines = pl.Series("line", [number for number, _ in numbered], dtype=pl.Int64)
    return frame.with_columns(lines)


def _read_line_by_line(
    numbered: NumberedLines, fields: list[str], file: str
) -> tuple[pl.DataFrame, tuple[Reject, ...]]:
    rows: list[dict[str, object]] = []
    rejects = []
    for number, line in numbered:
        parsed = parse_json_line(line)
        if isinstance(parsed, str):
            rejects.append(Reject(file, number, None, parsed, _JSON_HINT))
            continue
        row: dict[str, object] = {field: _as_text(parsed.get(field)) for field in fields}
        row["line"] = number
        rows.append(row)
    schema = {**dict.fromkeys(fields, pl.Utf8), "line": pl.Int64}
    return pl.DataFrame(rows, schema=schema, orient="row"), tuple(rejects)


def parse_json_line(line: bytes) -> dict[str, object] | str:
    """The object on one line, or the reason it cannot be read (shared with FHIR NDJSON)."""
    try:
        text = line.decode("utf-8")
    except UnicodeDecodeError as error:
        byte = f"byte 0x{line[error.start]:02x} at column {error.start + 1}"
        return f"the line is not valid UTF-8 ({byte})"
    try:
        value = json.loads(text)
    except json.JSONDecodeError as error:
        return f"invalid JSON ({error.msg} at column {error.colno})"
    if not isinstance(value, dict):
        return f"expected a JSON object, found {type(value).__name__}"
    return value


def _as_text(value: object) -> str | None:
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    return json.dumps(value, ensure_ascii=False)


def _check_keys(
    frame: pl.DataFrame,
    numbered: NumberedLines,
    rejects: tuple[Reject, ...],
    fields: list[str],
    file: str,
) -> None:
    """A key absent from the first object and null everywhere is a missing column."""
    rejected = {reject.line for reject in rejects}
    first = next((line for number, line in numbered if number not in rejected), None)
    if first is None:
        return
    keys = list(json.loads(first.decode("utf-8")))
    absent = [
        field for field in fields if field not in keys and frame[field].null_count() == frame.height
    ]
    require_columns(keys, absent, file=file, what="key", hint=_JSON_HINT)
