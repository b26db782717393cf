"""Streaming writers of a synthetic corpus: one patient at a time, never the whole corpus.

Always written: `gold.jsonl` (one ReportExtraction per report, in report order),
`truth.jsonl` (one object per patient), `treatments.csv` (structured events). The reports
themselves in the formats asked for: `corpus.jsonl`, `reports/*.txt` + `manifest.csv`,
`corpus.parquet` (row groups of `parquet_row_group` rows), `fhir/documents.ndjson` (one
Bundle of DocumentReferences per patient).
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path
from types import TracebackType
from typing import IO, Any

import pyarrow as pa
import pyarrow.parquet as pq

from graphbuilder.synth.config import OutputFormat, SynthConfig
from graphbuilder.synth.serialise import PatientOutput, Row, to_json

TREATMENT_COLUMNS = ("patient_id", "event", "name", "category", "start_date", "end_date", "line")
MANIFEST_COLUMNS = ("patient_id", "report_id", "date", "kind", "file")
CORPUS_COLUMNS = ("patient_id", "report_id", "date", "kind", "text")
_PARQUET_SCHEMA = pa.schema(
    [
        ("patient_id", pa.string()),
        ("report_id", pa.string()),
        ("date", pa.date32()),
        ("kind", pa.string()),
        ("text", pa.string()),
    ]
)


class CorpusWriters:
    """Open every output file once; `write(output)` appends one patient everywhere."""

    def __init__(self, out: Path, config: SynthConfig) -> None:
        self.out = out
        self.config = config
        self._files: list[IO[str]] = []
        self.paths: list[Path] = []
        self._gold = self._open("gold.jsonl")
        self._truth = self._open("truth.jsonl")
        self._events = csv.writer(self._open("treatments.csv", newline=""), lineterminator="\n")
        self._events.writerow(TREATMENT_COLUMNS)
        formats = config.formats
        self._jsonl = self._open("corpus.jsonl") if OutputFormat.JSONL in formats else None
        self._manifest = None
        if OutputFormat.FOLDER in formats:
            (out / "reports").mkdir(parents=True, exist_ok=True)
            self._manifest = csv.writer(self._open("manifest.csv", newline=""), lineterminator="\n")
            self._manifest.writerow(MANIFEST_COLUMNS)
        self._fhir = None
        if OutputFormat.FHIR in formats:
            (out / "fhir").mkdir(parents=True, exist_ok=True)
            self._fhir = self._open("fhir/documents.ndjson")
        self._parquet: pq.ParquetWriter | None = None
        self._rows: list[Row] = []
        if OutputFormat.PARQUET in formats:
            path = out / "corpus.parquet"
            self._parquet = pq.ParquetWriter(path, _PARQUET_SCHEMA, compression="zstd")
            self.paths.append(path)
        self._seen_files: set[str] = set()

    def _open(self, name: str, newline: str | None = None) -> IO[str]:
        path = self.out / name
        handle = path.open("w", encoding="utf-8", newline=newline)
        self._files.append(handle)
        self.paths.append(path)
        return handle

    def write(self, output: PatientOutput) -> None:
        self._gold.write("\n".join(output.gold_lines) + "\n")
        self._truth.write(output.truth_line + "\n")
        self._events.writerows(output.events)
        if self._jsonl is not None:
            self._jsonl.write(
                "".join(
                    to_json(dict(zip(CORPUS_COLUMNS, row, strict=True))) + "\n"
                    for row in output.rows
                )
            )
        if self._manifest is not None:
            for row in output.rows:
                self._write_file(row)
        if self._fhir is not None and output.fhir_line is not None:
            self._fhir.write(output.fhir_line + "\n")
        if self._parquet is not None:
            self._rows.extend(output.rows)
            if len(self._rows) >= self.config.parquet_row_group:
                self._flush_parquet()

    def _write_file(self, row: Row) -> None:
        assert self._manifest is not None
        patient_id, report_id, date, kind, text = row
        name = f"{report_id}.txt"
        if name in self._seen_files:  # the second version of a duplicated report id
            name = f"{report_id}.v2.txt"
        self._seen_files.add(name)
        (self.out / "reports" / name).write_text(text, encoding="utf-8")
        self._manifest.writerow((patient_id, report_id, date, kind, f"reports/{name}"))

    def _flush_parquet(self) -> None:
        if self._parquet is None or not self._rows:
            return
        columns: dict[str, list[Any]] = {name: [] for name in CORPUS_COLUMNS}
        for patient_id, report_id, date, kind, text in self._rows:
            columns["patient_id"].append(patient_id)
            columns["report_id"].append(report_id)
            columns["date"].append(dt.date.fromisoformat(date))
            columns["kind"].append(kind)
            columns["text"].append(text)
        self._parquet.write_table(pa.Table.from_pydict(columns, schema=_PARQUET_SCHEMA))
        self._rows = []

    def close(self) -> None:
        self._flush_parquet()
        if self._parquet is not None:
            self._parquet.close()
            self._parquet = None
        for handle in self._files:
            handle.close()
        self._files = []

    def __enter__(self) -> CorpusWriters:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()
