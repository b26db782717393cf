"""Where the extraction processes get a report's extraction: a backend run once per report.

The backends (rules, vllm, openai) extract a whole `ReportExtraction` per report; the DAG's
extraction processes each keep one section of it. `BackendSource` runs the backend at most once
per report and build, however many of its processes need that report, and hands each its
section. `PrecomputedSource` reads a JSONL of extractions lazily: it hashes every line (the
hash is part of each report's cache key, so a changed line re-runs that report only) but parses
and checks a line only when a process needs it. A build keeps that index in its folder: the
next build reads it instead of the file, as long as the file is the same (size, modification
time, inode), and then reads only the lines its new reports need.
"""

from __future__ import annotations

import hashlib
import json
import pickle
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, BinaryIO, Protocol

from pydantic import ValidationError

from graphbuilder.core.errors import InputError, located, validation_problem
from graphbuilder.extract.backend import BackendInfo, ExtractionBackend, ExtractionOutcome
from graphbuilder.extract.backends.precomputed import evidence_mismatch
from graphbuilder.extract.model import ReportExtraction
from graphbuilder.ingest.options import OnError
from graphbuilder.pipeline.processes.model import ReportView

_REPORT_ID = re.compile(rb'"report_id"\s*:\s*"((?:[^"\\]|\\.)*)"')
_BLANK = b" \t\r\n\f\v"


class ExtractionSource(Protocol):
    """The whole-report extractions the extraction processes take their sections from."""

    family: str  # rules | llm | precomputed

    def info(self) -> BackendInfo: ...

    def report_hash(self, report_id: str) -> str:
        """A hash of what this source holds for the report beyond its text ('' if nothing)."""
        ...

    def outcomes(self, views: Sequence[ReportView]) -> dict[str, ExtractionOutcome]:
        """unit → the report's extraction outcome, computed at most once per build."""
        ...

    def summary(self) -> dict[str, Any]: ...

    def release(self) -> None:
        """Forget the outcomes kept for the processes of the current chunk of patients."""
        ...


class BackendSource:
    """A live backend (rules, vllm, openai), asked once per report (see the module docstring)."""

    def __init__(self, backend: ExtractionBackend, family: str) -> None:
        self.backend = backend
        self.family = family
        self._done: dict[str, ExtractionOutcome] = {}
        self._info: BackendInfo | None = None

    def info(self) -> BackendInfo:
        if self._info is None:
            self._info = self.backend.info()
        return self._info

    def report_hash(self, report_id: str) -> str:
        return ""

    def outcomes(self, views: Sequence[ReportView]) -> dict[str, ExtractionOutcome]:
        missing = {view.unit: view for view in views if view.unit not in self._done}
        if missing:
            by_report_id = {view.report.report_id: view.unit for view in missing.values()}
            reports = [view.report for view in missing.values()]
            for outcome in self.backend.extract(reports):
                self._done[by_report_id.get(outcome.report_id, outcome.report_id)] = outcome
        return {view.unit: self._done[view.unit] for view in views if view.unit in self._done}

    def summary(self) -> dict[str, Any]:
        summary = getattr(self.backend, "summary", None)
        return dict(summary()) if summary is not None else {}

    def release(self) -> None:
        self._done.clear()


class PrecomputedSource:
    """Extractions made elsewhere, one `ReportExtraction` per JSONL line, read lazily.

    With `on_error="skip"`, as for the input rows, a second line for a report is skipped (the
    first is used, as ingestion keeps a report id's first row) and an invalid line fails its
    report only; both are reported rather than stopping the build."""

    family = "precomputed"

    def __init__(
        self,
        path: Path,
        on_error: OnError = "fail",
        index_file: Path | None = None,
        *,
        save_index: bool = True,
    ) -> None:
        self.path = path
        self.on_error = on_error
        self.skipped_lines: list[str] = []
        self._data: bytes | None = None  # the whole file, when it was read to index it
        self._lines: dict[str, tuple[int, int, int]] = {}  # report id → (line, start, end)
        self._hashes: dict[str, str] = {}
        self._done: dict[str, ExtractionOutcome] = {}
        self._handle: BinaryIO | None = None
        if not self._load_index(index_file):
            signature = self._signature()  # before reading: a later change invalidates it
            self._index()
            if save_index:  # a plan writes nothing
                self._save_index(index_file, signature)

    def info(self) -> BackendInfo:
        # The file's own hash is not here: each report's line hash is in its cache key, so
        # adding lines to the file re-runs only the reports they are for.
        return BackendInfo(backend="precomputed", backend_version="1", parameters={})

    def report_hash(self, report_id: str) -> str:
        return self._hashes.get(report_id, "missing")

    def outcomes(self, views: Sequence[ReportView]) -> dict[str, ExtractionOutcome]:
        for view in views:
            if view.unit not in self._done:
                self._done[view.unit] = self._outcome(view)
        return {view.unit: self._done[view.unit] for view in views}

    def summary(self) -> dict[str, Any]:
        return {"lines_skipped": self.skipped_lines} if self.skipped_lines else {}

    def release(self) -> None:
        self._done.clear()
        if self._handle is not None:
            self._handle.close()
            self._handle = None

    def _outcome(self, view: ReportView) -> ExtractionOutcome:
        report_id = view.report.report_id
        found = self._lines.get(report_id)
        if found is None:
            return ExtractionOutcome(report_id, None, failure=f"no extraction in {self.path.name}")
        line, start, end = found
        raw = self._line_bytes(report_id, start, end)
        try:
            extraction = _parse(raw, self.path, line)
        except InputError as error:
            return ExtractionOutcome(report_id, None, failure=self._tolerated(error))
        mismatch = evidence_mismatch(extraction, view.report.text)
        if mismatch is not None:
            failure = located(
                mismatch,
                file=str(self.path),
                line=line,
                report_id=report_id,
                hint="offsets are character offsets into the report text as ingested",
            )
            return ExtractionOutcome(report_id, None, failure=failure)
        return ExtractionOutcome(report_id, extraction)

    def _line_bytes(self, report_id: str, start: int, end: int) -> bytes:
        if self._data is not None:
            return self._data[start:end]
        if self._handle is None:  # indexed by an earlier build: read the lines needed
            self._handle = self.path.open("rb")
        self._handle.seek(start)
        raw = self._handle.read(end - start)
        if hashlib.blake2b(raw, digest_size=12).hexdigest() != self._hashes[report_id]:
            raise InputError(
                located(
                    "the extractions file changed while the build read it",
                    file=str(self.path),
                    report_id=report_id,
                    hint="run the build again",
                )
            )
        return raw

    # ------------------------------------------------------------------ the index
    def _signature(self) -> tuple[str, int, int, int]:
        """What identifies this version of the file: a rewrite changes its size, its
        modification time (to the nanosecond) or its inode."""
        stat = self.path.stat()
        return (str(self.path.resolve()), stat.st_size, stat.st_mtime_ns, stat.st_ino)

    def _load_index(self, index_file: Path | None) -> bool:
        """Take the index an earlier build saved for this very file, if any."""
        if index_file is None or not index_file.is_file():
            return False
        try:
            with index_file.open("rb") as handle:
                signature, lines, hashes = pickle.load(handle)
            if signature != self._signature():
                return False
        except (OSError, pickle.UnpicklingError, EOFError, ValueError, TypeError):
            return False  # unreadable: index the file again
        self._lines, self._hashes = lines, hashes
        return True

    def _save_index(self, index_file: Path | None, signature: tuple[str, int, int, int]) -> None:
        """Keep the index for the next build (not when lines were skipped: their reasons are
        reported on every build)."""
        if index_file is None or self.skipped_lines:
            return
        index_file.parent.mkdir(parents=True, exist_ok=True)
        partial = index_file.with_name(index_file.name + ".partial")
        with partial.open("wb") as handle:
            pickle.dump((signature, self._lines, self._hashes), handle, protocol=5)
        partial.replace(index_file)  # whole or not at all

    def _index(self) -> None:
        """Find each line's report id and hash it. The file is read whole and walked by
        offsets, its lines hashed in place: on 150,000 lines this takes half the time of
        iterating over them."""
        try:
            self._data = data = self.path.read_bytes()
        except OSError as error:
            raise InputError(
                located(f"cannot read extractions ({error.strerror})", file=str(self.path))
            ) from None
        view, size, start, number = memoryview(data), len(data), 0, 0
        while start < size:
            end = data.find(b"\n", start)
            end = size if end < 0 else end
            number += 1
            stop = end - 1 if end > start and data[end - 1] == 0x0D else end  # \r\n
            if stop > start and (data[start] not in _BLANK or data[start:stop].strip()):
                self._add(number, start, stop, data, view)
            start = end + 1

    def _add(self, number: int, start: int, end: int, data: bytes, view: memoryview) -> None:
        try:
            report_id = _report_id(data, start, end, self.path, number)
        except InputError as error:
            self.skipped_lines.append(self._tolerated(error))
            return
        if report_id in self._lines:
            first = self._lines[report_id][0]
            message = located(
                f"a second extraction for this report (the first is on line {first})",
                file=str(self.path),
                line=number,
                report_id=report_id,
                hint="keep one line per report",
            )
            self.skipped_lines.append(self._tolerated(InputError(message)))
            return
        self._lines[report_id] = (number, start, end)
        self._hashes[report_id] = hashlib.blake2b(view[start:end], digest_size=12).hexdigest()

    def _tolerated(self, error: InputError) -> str:
        """The error's message, to report, when bad lines are skipped; raised otherwise."""
        if self.on_error == "fail":
            raise error
        return str(error)


def _report_id(data: bytes, start: int, end: int, path: Path, number: int) -> str:
    """The report id of the line `data[start:end]`."""
    # serialised extractions start with their report id
    match = _REPORT_ID.search(data, start, min(end, start + 400))
    if match is not None:
        quoted = match.group(1)
        return quoted.decode() if b"\\" not in quoted else str(json.loads(b'"' + quoted + b'"'))
    try:
        value = json.loads(data[start:end]).get("report_id")
    except (ValueError, AttributeError):
        value = None
    if not isinstance(value, str) or not value:
        raise InputError(
            located(
                "not a ReportExtraction: no report_id",
                file=str(path),
                line=number,
                hint="see schemas/report_extraction.schema.json",
            )
        )
    return value


def _parse(raw: bytes, path: Path, number: int) -> ReportExtraction:
    try:
        return ReportExtraction.model_validate_json(raw)
    except ValidationError as error:
        raise InputError(
            located(
                f"not a valid ReportExtraction: {validation_problem(error)}",
                file=str(path),
                line=number,
                hint="see schemas/report_extraction.schema.json",
            )
        ) from None


def extraction_lines(extractions: Iterable[ReportExtraction]) -> Iterable[str]:
    """Each extraction as one line of `extractions.jsonl`."""
    for extraction in extractions:
        yield extraction.model_dump_json(exclude_none=True) + "\n"
