"""The per-(process, unit) output cache of a build, in `<out>/cache/processes.sqlite`.

One row per process and report (or patient): the key it was computed under, the parts of that
key (so a plan can say why a unit re-runs), and the output. Report-scope outputs are the JSON
of their pydantic model; patient-scope outputs are internal dataclasses, pickled (the cache
lives in the build's own output folder, written and read by graphbuilder only). Beside them:
one row per patient (the key of all its inputs, the content hash of the graph written for it,
counts for the summary), one per report (its merged extraction, from which `extractions.jsonl`
is written), and the row digests of each patient's graph as last written to the store (so that
the next load rewrites changed rows only).

Outputs, extraction lines and row digests are stored zstd-compressed (`_Packer`).
"""

from __future__ import annotations

import json
import pickle
import sqlite3
import zlib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import zstandard

from graphbuilder.core.errors import StoreError
from graphbuilder.core.patient_graph import RowDigests
from graphbuilder.store.sync import StoredDigests

CACHE_FILE = Path("cache") / "processes.sqlite"
# where a build keeps the index of its --extractions file (see PrecomputedSource)
EXTRACTIONS_INDEX = Path("cache") / "extractions-index.pickle"
SCHEMA_VERSION = "1"
_BATCH = 900  # SQLite's default limit of bound parameters is 999
_ZLIB = b"\x78"  # the first byte of the zlib streams older builds stored row digests in

_DDL = (
    "CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL)",
    """CREATE TABLE IF NOT EXISTS units (
        process TEXT NOT NULL, unit TEXT NOT NULL, patient TEXT NOT NULL, key TEXT NOT NULL,
        version TEXT NOT NULL, fingerprint TEXT NOT NULL, parameters TEXT NOT NULL,
        sources TEXT NOT NULL, upstream TEXT NOT NULL, output BLOB,
        PRIMARY KEY (process, unit)) WITHOUT ROWID""",
    "CREATE INDEX IF NOT EXISTS units_by_patient ON units (patient)",
    """CREATE TABLE IF NOT EXISTS patients (
        patient TEXT PRIMARY KEY, key TEXT NOT NULL, complete INTEGER NOT NULL,
        content_hash TEXT, summary TEXT NOT NULL) WITHOUT ROWID""",
    """CREATE TABLE IF NOT EXISTS extractions (
        unit TEXT PRIMARY KEY, patient TEXT NOT NULL, report_id TEXT NOT NULL,
        line TEXT NOT NULL) WITHOUT ROWID""",
    "CREATE INDEX IF NOT EXISTS extractions_by_patient ON extractions (patient)",
    """CREATE TABLE IF NOT EXISTS written (
        patient TEXT PRIMARY KEY, content_hash TEXT NOT NULL, digests BLOB NOT NULL)
        WITHOUT ROWID""",
)
_TABLES = ("units", "patients", "extractions", "written")


@dataclass(frozen=True)
class StoredUnit:
    key: str
    version: str
    fingerprint: str
    parameters: str
    sources: str
    upstream: str


@dataclass(frozen=True)
class PatientRecord:
    key: str
    complete: bool
    content_hash: str | None
    summary: dict[str, Any]


@dataclass(frozen=True)
class UnitRow:
    process: str
    unit: str
    patient: str
    stored: StoredUnit
    output: bytes | str | None


def encode_json(value: Any) -> str | None:
    return None if value is None else str(value.model_dump_json())


def encode_pickle(value: Any) -> bytes:
    return pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)


def decode_pickle(blob: bytes) -> Any:
    return pickle.loads(blob)


class _Packer:
    """zstd at its fastest level, for what the cache stores. Compressed, a third of the size,
    and a report's output (about 2 KB of JSON) fits in its B-tree page: stored as it was, it
    spilled into an overflow page of its own, mostly empty, and half of a 10,000-patient
    build's 1.9 GB cache was unused space. A value an older build stored uncompressed (JSON
    text, a pickle or a zlib stream, none of which starts with zstd's frame header) is read as
    it was written."""

    def __init__(self, path: Path) -> None:
        self.path = path  # one compressor per cache: reused, as they are not thread-safe
        self._compressor = zstandard.ZstdCompressor(level=1)
        self._decompressor = zstandard.ZstdDecompressor()

    def pack(self, value: bytes | str) -> bytes:
        return self._compressor.compress(value.encode() if isinstance(value, str) else value)

    def unpack(self, stored: bytes | str) -> bytes:
        raw = stored.encode() if isinstance(stored, str) else stored
        if not raw.startswith(zstandard.FRAME_HEADER):
            return raw
        try:
            return self._decompressor.decompress(raw)
        except zstandard.ZstdError as error:
            raise StoreError(
                f"{self.path}: a cached output is damaged ({error}) — delete the file to start "
                "afresh (the next build recomputes everything)"
            ) from None


class OutputCache:
    """The SQLite file of one build folder (see the module docstring)."""

    def __init__(self, path: Path, *, read_only: bool = False) -> None:
        self.path = path
        self.read_only = read_only
        self._packer = _Packer(path)
        try:
            if read_only and path.exists():  # a plan reads the cache and never writes it
                self._db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
                if self.get_meta("schema") == SCHEMA_VERSION:
                    return
                self._db.close()
            if read_only:
                self._db = sqlite3.connect(":memory:")
            else:
                path.parent.mkdir(parents=True, exist_ok=True)
                self._db = sqlite3.connect(path)
                self._db.execute("PRAGMA journal_mode=WAL")
                self._db.execute("PRAGMA synchronous=NORMAL")
            for statement in _DDL:
                self._db.execute(statement)
            self._check_version()
        except sqlite3.Error as error:
            raise StoreError(
                f"{path}: cannot open the process cache ({error}) — delete the file to start "
                "afresh (the next build recomputes everything)"
            ) from None

    def _check_version(self) -> None:
        row = self._db.execute("SELECT value FROM meta WHERE name = 'schema'").fetchone()
        if row is None:
            self._db.execute("INSERT INTO meta VALUES ('schema', ?)", (SCHEMA_VERSION,))
        elif row[0] != SCHEMA_VERSION:  # an older layout: start afresh rather than misread it
            for table in _TABLES:
                self._db.execute(f"DELETE FROM {table}")
            self._db.execute("UPDATE meta SET value = ? WHERE name = 'schema'", (SCHEMA_VERSION,))

    # ------------------------------------------------------------------ units
    def stored_keys(self, patients: Sequence[str]) -> dict[tuple[str, str], str]:
        """(process, unit) → the key its cached output was computed under, for these patients
        (the key alone: SQLite then leaves the outputs' overflow pages unread)."""
        found: dict[tuple[str, str], str] = {}
        for chunk in _chunks(patients):
            marks = ",".join("?" * len(chunk))
            rows = self._db.execute(
                f"SELECT process, unit, key FROM units WHERE patient IN ({marks})", chunk
            )
            for process, unit, key in rows:
                found[(process, unit)] = key
        return found

    def stored_parts(self, process: str, units: Sequence[str]) -> dict[str, StoredUnit]:
        """unit → the parts of its cached key, for these units of one process (to say why they
        re-run)."""
        found: dict[str, StoredUnit] = {}
        for chunk in _chunks(units):
            marks = ",".join("?" * len(chunk))
            rows = self._db.execute(
                "SELECT unit, key, version, fingerprint, parameters, sources, upstream FROM units "
                f"WHERE process = ? AND unit IN ({marks})",
                (process, *chunk),
            )
            for unit, *parts in rows:
                found[unit] = StoredUnit(*parts)
        return found

    def outputs(self, process: str, units: Sequence[str]) -> dict[str, bytes | None]:
        """unit → its output as encoded (None: the process gave none), for these units."""
        found: dict[str, bytes | None] = {}
        unpack = self._packer.unpack
        for chunk in _chunks(units):
            marks = ",".join("?" * len(chunk))
            rows = self._db.execute(
                f"SELECT unit, output FROM units WHERE process = ? AND unit IN ({marks})",
                (process, *chunk),
            )
            for unit, output in rows:
                found[unit] = None if output is None else unpack(output)
        return found

    def put_units(self, rows: Iterable[UnitRow]) -> None:
        pack = self._packer.pack
        self._db.executemany(
            "INSERT OR REPLACE INTO units VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                (
                    row.process,
                    row.unit,
                    row.patient,
                    row.stored.key,
                    row.stored.version,
                    row.stored.fingerprint,
                    row.stored.parameters,
                    row.stored.sources,
                    row.stored.upstream,
                    None if row.output is None else pack(row.output),
                )
                for row in rows
            ),
        )

    def forget_units(self, patient: str, keep: set[tuple[str, str]]) -> None:
        """Drop the patient's rows for units it no longer has (a report removed, say)."""
        rows = self._db.execute("SELECT process, unit FROM units WHERE patient = ?", (patient,))
        gone = [pair for pair in rows.fetchall() if tuple(pair) not in keep]
        self._db.executemany("DELETE FROM units WHERE process = ? AND unit = ?", gone)

    # ------------------------------------------------------------------ patients
    def patient_records(self) -> dict[str, PatientRecord]:
        rows = self._db.execute(
            "SELECT patient, key, complete, content_hash, summary FROM patients"
        )
        return {
            patient: PatientRecord(key, bool(complete), content_hash, json.loads(summary))
            for patient, key, complete, content_hash, summary in rows
        }

    def put_patient(self, patient: str, record: PatientRecord) -> None:
        self._db.execute(
            "INSERT OR REPLACE INTO patients VALUES (?, ?, ?, ?, ?)",
            (
                patient,
                record.key,
                int(record.complete),
                record.content_hash,
                json.dumps(record.summary, sort_keys=True),
            ),
        )

    def forget_patients(self, patients: Sequence[str]) -> None:
        for chunk in _chunks(patients):
            marks = ",".join("?" * len(chunk))
            for table in _TABLES:
                self._db.execute(
                    f"DELETE FROM {table} WHERE patient IN ({marks})",
                    chunk,
                )

    # ------------------------------------------------------------------ written graphs
    def written(self, patients: Sequence[str]) -> dict[str, StoredDigests]:
        """The row digests of the graphs last written to the store for these patients."""
        found: dict[str, StoredDigests] = {}
        for chunk in _chunks(patients):
            marks = ",".join("?" * len(chunk))
            rows = self._db.execute(
                f"SELECT patient, content_hash, digests FROM written WHERE patient IN ({marks})",
                chunk,
            )
            for patient, content_hash, blob in rows:
                found[patient] = StoredDigests(content_hash, self._digests(blob))
        return found

    def _digests(self, blob: bytes) -> RowDigests:
        raw = self._packer.unpack(blob)
        if raw.startswith(_ZLIB):  # as builds before zstd stored them
            raw = zlib.decompress(raw)
        digests: RowDigests = pickle.loads(raw)
        return digests

    def put_written(self, patient: str, content_hash: str, digests: RowDigests) -> None:
        blob = self._packer.pack(pickle.dumps(digests, protocol=pickle.HIGHEST_PROTOCOL))
        self._db.execute(
            "INSERT OR REPLACE INTO written VALUES (?, ?, ?)", (patient, content_hash, blob)
        )

    # ------------------------------------------------------------------ extractions
    def put_extractions(self, patient: str, lines: dict[str, tuple[str, str] | None]) -> None:
        """Some of the patient's merged extractions: unit → (report id, JSONL line), or None
        for a unit whose line is gone; the patient's other units keep theirs."""
        self._db.executemany(
            "DELETE FROM extractions WHERE unit = ?",
            [(unit,) for unit, line in lines.items() if line is None],
        )
        self._db.executemany(
            "INSERT OR REPLACE INTO extractions VALUES (?, ?, ?, ?)",
            [
                (unit, patient, line[0], self._packer.pack(line[1]))
                for unit, line in lines.items()
                if line is not None
            ],
        )

    def extraction_lines(self) -> Iterator[bytes]:
        """Every report's merged extraction, a UTF-8 JSONL line each, in the units' order."""
        rows = self._db.execute("SELECT line FROM extractions ORDER BY unit")  # the key's order
        unpack = self._packer.unpack
        for (line,) in rows:
            yield unpack(line)

    # ------------------------------------------------------------------ meta
    def get_meta(self, name: str) -> str | None:
        row = self._db.execute("SELECT value FROM meta WHERE name = ?", (name,)).fetchone()
        return None if row is None else str(row[0])

    def set_meta(self, name: str, value: str) -> None:
        self._db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (name, value))

    def commit(self) -> None:
        if not self.read_only:
            self._db.commit()

    def close(self) -> None:
        self.commit()
        self._db.close()

    def __enter__(self) -> OutputCache:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()


def _chunks(items: Sequence[str]) -> Iterator[list[str]]:
    items = list(items)
    for start in range(0, len(items), _BATCH):
        yield items[start : start + _BATCH]
