"""Every output format holds the same reports, and the ingestion stage reads each of them."""

from __future__ import annotations

import base64
import csv
import json

import pyarrow.parquet as pq

from graphbuilder.ingest.api import ingest
from graphbuilder.ingest.events import load_events
from graphbuilder.ingest.options import IngestOptions

from .conftest import Corpus

LOINC = {
    "radiology": "18748-4",
    "pathology": "11526-1",
    "consultation": "11488-4",
    "tumour_board": "11488-4",
}


def _rows(corpus: Corpus) -> list[tuple[str, str, str, str, str]]:
    return [
        (r["patient_id"], r["report_id"], r["date"], r["kind"], r["text"]) for r in corpus.reports
    ]


def test_folder_and_manifest_hold_the_jsonl_reports(noisy_corpus: Corpus) -> None:
    folder = noisy_corpus.folder
    with (folder / "manifest.csv").open(encoding="utf-8", newline="") as handle:
        manifest = list(csv.DictReader(handle))
    assert list(manifest[0]) == ["patient_id", "report_id", "date", "kind", "file"]
    from_folder = [
        (
            m["patient_id"],
            m["report_id"],
            m["date"],
            m["kind"],
            (folder / m["file"]).read_text(encoding="utf-8"),
        )
        for m in manifest
    ]
    assert from_folder == _rows(noisy_corpus)


def test_parquet_is_written_in_row_groups(noisy_corpus: Corpus) -> None:
    parquet = pq.ParquetFile(noisy_corpus.folder / "corpus.parquet")
    assert parquet.metadata.num_row_groups > 1  # row groups of at least 300 reports
    table = parquet.read()
    assert table.column_names == ["patient_id", "report_id", "date", "kind", "text"]
    rows = [
        (p, r, d.isoformat(), k, t)
        for p, r, d, k, t in zip(*(c.to_pylist() for c in table.columns), strict=True)
    ]
    assert rows == _rows(noisy_corpus)


def test_fhir_bundles_hold_document_references(noisy_corpus: Corpus) -> None:
    lines = (
        (noisy_corpus.folder / "fhir" / "documents.ndjson").read_text(encoding="utf-8").splitlines()
    )
    assert len(lines) == noisy_corpus.summary.patients
    rows = []
    for line in lines:
        bundle = json.loads(line)
        assert bundle["resourceType"] == "Bundle" and bundle["type"] == "collection"
        for entry in bundle["entry"]:
            resource = entry["resource"]
            attachment = resource["content"][0]["attachment"]
            assert attachment["contentType"] == "text/plain; charset=utf-8"
            kind = next(
                r["kind"]
                for r in noisy_corpus.reports
                if r["report_id"] == resource["identifier"][0]["value"]
            )
            assert resource["type"]["coding"][0] == {
                "system": "http://loinc.org",
                "code": LOINC[kind],
                "display": resource["type"]["coding"][0]["display"],
            }
            assert (resource["type"].get("text") == "RCP") == (kind == "tumour_board")
            rows.append(
                (
                    resource["subject"]["reference"].removeprefix("Patient/"),
                    resource["identifier"][0]["value"],
                    resource["date"][:10],
                    kind,
                    base64.b64decode(attachment["data"]).decode("utf-8"),
                )
            )
    assert rows == _rows(noisy_corpus)


def test_ingestion_reads_every_format_and_reports_only_the_injected_duplicates(
    noisy_corpus: Corpus,
) -> None:
    folder = noisy_corpus.folder
    duplicates = noisy_corpus.summary.contradictions["duplicate_report_id"]
    assert duplicates > 0
    for path in (
        folder / "corpus.jsonl",
        folder / "corpus.parquet",
        folder,
        folder / "fhir" / "documents.ndjson",
    ):
        result = ingest(path, IngestOptions(on_error="skip"))
        assert result.corpus.height == noisy_corpus.summary.reports - duplicates, path
        assert len(result.rejects) == duplicates
        assert all("duplicate report id" in reject.reason for reject in result.rejects)


def test_structured_events_load_as_treatments_diagnoses_and_deaths(noisy_corpus: Corpus) -> None:
    events = load_events(noisy_corpus.folder / "treatments.csv").events
    assert set(events["event"].to_list()) == {"treatment", "diagnosis", "death"}
    assert events.filter(events["event"] == "diagnosis").height == noisy_corpus.summary.patients
    treatments = sum(len(t["treatments"]) for t in noisy_corpus.truth)
    assert events.filter(events["event"] == "treatment").height == treatments
