"""A folder of UTF-8 .txt reports described by a manifest CSV.

The manifest (manifest.csv by default) has columns patient_id, report_id, date, kind and file,
the file being relative to the folder. A BOM at the start of a text is dropped.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from graphbuilder.core.errors import InputError, located
from graphbuilder.ingest.raw import REPORT_FIELDS, RawReports, conform_raw, require_columns
from graphbuilder.ingest.readers.delimited import read_delimited
from graphbuilder.ingest.readers.table import NOT_UTF8_HINT, NOT_UTF8_ROW
from graphbuilder.ingest.rejects import Reject

_BOM = b"\xef\xbb\xbf"
MANIFEST_COLUMNS: tuple[str, ...] = (*REPORT_FIELDS[:-1], "file")


def manifest_path(path: Path, manifest_name: str = "manifest.csv") -> Path:
    """The manifest of a folder input (or the path itself when it names the manifest)."""
    manifest = path / manifest_name if path.is_dir() else path
    if not manifest.is_file():
        raise InputError(
            located(
                f"no {manifest_name} in this folder",
                file=str(path),
                hint=f"add {manifest_name} with columns {', '.join(MANIFEST_COLUMNS)}",
            )
        )
    return manifest


def read_folder(
    path: Path, *, manifest_name: str = "manifest.csv", separator: str | None = None
) -> RawReports:
    """Read the manifest, then each text file it lists."""
    manifest = manifest_path(path, manifest_name)
    folder = manifest.parent
    file = str(manifest)
    table = read_delimited(manifest, file=file, separator=separator)
    require_columns(
        table.frame.columns,
        MANIFEST_COLUMNS,
        file=file,
        hint=f"a manifest needs columns {', '.join(MANIFEST_COLUMNS)} (file: relative path)",
    )
    frame = table.frame.select(*MANIFEST_COLUMNS, line=table.lines)
    texts: list[str | None] = []
    rejects: list[Reject] = []
    rows = frame.select("line", "report_id", "file").iter_rows()
    for (line, report_id, name), undecodable in zip(rows, table.undecodable, strict=True):
        if undecodable:
            rejects.append(Reject(file, line, report_id, NOT_UTF8_ROW, NOT_UTF8_HINT))
            texts.append(None)
            continue
        text, problem = _read_text(folder, name)
        texts.append(text)
        if problem is not None:
            rejects.append(Reject(file, line, report_id, *problem))
    read = frame.with_columns(text=pl.Series(texts, dtype=pl.Utf8)).drop("file")
    good = read.filter(~pl.col("line").is_in([reject.line for reject in rejects]))
    return RawReports(conform_raw(good), file, "line", tuple(rejects))


def _read_text(folder: Path, name: str | None) -> tuple[str | None, tuple[str, str] | None]:
    """(text, None) or (None, (reason, hint))."""
    if name is None or not name.strip():
        return None, ("missing file name", "fill in the file column (relative to the folder)")
    target = folder / name.strip()
    try:
        data = target.read_bytes()
    except OSError:
        return None, (
            f"file {name!r} listed in the manifest does not exist",
            f"check the file column: paths are relative to {folder}",
        )
    data = data.removeprefix(_BOM)
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError as error:
        byte = f"byte 0x{data[error.start]:02x} at offset {error.start}"
        return None, (f"{name}: text is not UTF-8 ({byte})", NOT_UTF8_HINT)
