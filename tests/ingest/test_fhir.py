"""FHIR R4 DocumentReferences, alone, in a Bundle, or one per NDJSON line."""

from __future__ import annotations

import base64
import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import pytest

from graphbuilder.core.errors import InputError
from graphbuilder.core.vocabulary import ReportKind
from graphbuilder.ingest import IngestOptions, ingest
from graphbuilder.ingest.readers.fhir_document import report_kind

from .helpers import FIXTURES, corpus_rows, expected_corpus_rows

SKIP = IngestOptions(on_error="skip")
TEXT = "TEP-TDM : hypermétabolisme ganglionnaire médiastinal en régression."


def document(**changes: Any) -> dict[str, Any]:
    """A valid DocumentReference, with some fields changed (None removes one)."""
    resource: dict[str, Any] = {
        "resourceType": "DocumentReference",
        "id": "doc-1",
        "type": {"coding": [{"system": "http://loinc.org", "code": "18748-4"}]},
        "subject": {"reference": "Patient/P7"},
        "date": "2024-03-12T10:15:00+01:00",
        "content": [{"attachment": {"contentType": "text/plain", "data": b64(TEXT)}}],
    }
    resource.update(changes)
    return {key: value for key, value in resource.items() if value is not None}


def b64(text: str, encoding: str = "utf-8") -> str:
    return base64.b64encode(text.encode(encoding)).decode("ascii")


def bundle(*resources: Any) -> dict[str, Any]:
    return {
        "resourceType": "Bundle",
        "type": "collection",
        "entry": [{"resource": r} for r in resources],
    }


def write_json(path: Path, value: Any) -> Path:
    path.write_text(json.dumps(value), encoding="utf-8")
    return path


def test_a_bundle_gives_the_same_corpus_as_the_folder() -> None:
    path = FIXTURES / "bundle.json"
    result = ingest(path)
    assert corpus_rows(result.corpus) == expected_corpus_rows()
    assert result.corpus["source"].to_list() == [
        f"{path}#entry 3",
        f"{path}#entry 2",
        f"{path}#entry 1",
    ]


def test_ndjson_documents_are_recognised_as_fhir() -> None:
    path = FIXTURES / "documents.ndjson"
    result = ingest(path)
    assert corpus_rows(result.corpus) == expected_corpus_rows()
    assert result.corpus["source"].to_list() == [f"{path}:3", f"{path}:2", f"{path}:1"]


def test_a_single_document_reference_file(tmp_path: Path) -> None:
    path = write_json(tmp_path / "doc.json", document())
    corpus = ingest(path).corpus
    assert corpus.drop("sha256").row(0) == (
        "P7",
        "doc-1",
        dt.date(2024, 3, 12),
        "radiology",
        TEXT,
        str(path),
    )


def test_identifier_value_wins_over_id_and_absolute_patient_references(tmp_path: Path) -> None:
    resource = document(
        identifier=[{"system": "urn:hospital:cr", "value": "CR-889"}],
        subject={"reference": "https://fhir.example.org/r4/Patient/P8/_history/3"},
    )
    corpus = ingest(write_json(tmp_path / "doc.json", resource)).corpus
    assert corpus.select("patient_id", "report_id").row(0) == ("P8", "CR-889")


def test_context_period_start_when_there_is_no_date(tmp_path: Path) -> None:
    resource = document(date=None, context={"period": {"start": "2024-04-02"}})
    (date,) = ingest(write_json(tmp_path / "doc.json", resource)).corpus["date"]
    assert date.isoformat() == "2024-04-02"


@pytest.mark.parametrize(
    ("resource", "kind"),
    [
        ({"type": {"coding": [{"system": "http://loinc.org", "code": "11526-1"}]}}, "pathology"),
        ({"type": {"coding": [{"code": "11488-4"}]}}, "consultation"),
        ({"type": {"text": "Compte rendu d'imagerie"}}, "radiology"),
        ({"type": {"coding": [{"code": "X", "display": "Anatomopathologie"}]}}, "pathology"),
        ({"type": {"text": "Fiche RCP sein"}}, "tumour_board"),
        ({"category": [{"coding": [{"code": "RAD"}]}]}, "radiology"),
        ({"category": [{"text": "Consultation d'oncologie"}]}, "consultation"),
        ({"type": {"coding": [{"code": "34133-9", "display": "Summary note"}]}}, "other"),
        ({}, "other"),
    ],
)
def test_report_kind_from_codes_then_text(resource: dict[str, Any], kind: str) -> None:
    assert report_kind(resource) == ReportKind(kind)


def test_a_resource_that_is_not_a_document_reference(tmp_path: Path) -> None:
    path = write_json(
        tmp_path / "b.json", bundle(document(), {"resourceType": "Patient", "id": "P7"})
    )
    expected = (
        f"{path}#entry 2: resource type 'Patient' is not a DocumentReference — give "
        "DocumentReference resources, or Bundles of them (entry[].resource)"
    )
    with pytest.raises(InputError, match=f"^{re.escape(expected)}$"):
        ingest(path)
    result = ingest(path, SKIP)
    assert result.corpus["report_id"].to_list() == ["doc-1"]
    assert [r.location for r in result.rejects] == [f"{path}#entry 2"]


def test_a_document_without_attachment_data(tmp_path: Path) -> None:
    url_only = document(id="doc-2", content=[{"attachment": {"url": "Binary/77"}}])
    path = write_json(tmp_path / "b.json", bundle(document(), url_only))
    expected = (
        f"{path}#entry 2: report 'doc-2': missing content[].attachment.data — embed the report "
        "as base64 text/plain in content[].attachment.data (urls are not fetched)"
    )
    with pytest.raises(InputError, match=f"^{re.escape(expected)}$"):
        ingest(path)


PDF = {"contentType": "application/pdf", "data": "JVBERi0="}
NOT_BASE64 = {"contentType": "text/plain", "data": "not base64!"}
LATIN1_UNDECLARED = {"data": b64("Lésion", "latin-1")}
UNKNOWN_CHARSET = {"contentType": "text/plain; charset=klingon", "data": b64("x")}


@pytest.mark.parametrize(
    ("attachment", "reason"),
    [
        (PDF, "no text/plain attachment (found application/pdf)"),
        (NOT_BASE64, "attachment data is not valid base64"),
        (LATIN1_UNDECLARED, "attachment text is not utf-8 (byte 0xe9 at offset 1)"),
        (UNKNOWN_CHARSET, "unknown charset 'klingon' in the attachment contentType"),
    ],
)
def test_unusable_attachments_are_rejected(
    tmp_path: Path, attachment: dict[str, str], reason: str
) -> None:
    path = write_json(tmp_path / "d.json", document(content=[{"attachment": attachment}]))
    (reject,) = ingest(path, SKIP).rejects
    assert (reject.report_id, reject.reason) == ("doc-1", reason)


def test_a_declared_charset_is_honoured(tmp_path: Path) -> None:
    attachment = {"contentType": "text/plain; charset=ISO-8859-1", "data": b64("Lésion", "latin-1")}
    path = write_json(tmp_path / "d.json", document(content=[{"attachment": attachment}]))
    assert ingest(path).corpus["text"].to_list() == ["Lésion"]


def test_a_document_without_subject(tmp_path: Path) -> None:
    path = write_json(tmp_path / "d.json", document(subject={"reference": "Group/12"}))
    with pytest.raises(
        InputError,
        match=re.escape(f"{path}: report 'doc-1': no subject.reference to a Patient"),
    ):
        ingest(path)


def test_ndjson_lines_that_are_not_json_or_hold_bundles(tmp_path: Path) -> None:
    path = tmp_path / "docs.ndjson"
    lines = [
        json.dumps(document()),
        "{oops",
        json.dumps(bundle(document(id="doc-2"), document(id="doc-3"))),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = ingest(path, IngestOptions(format="fhir", on_error="skip"))
    assert result.corpus["report_id"].to_list() == ["doc-1", "doc-2", "doc-3"]
    assert result.corpus["source"].to_list() == [f"{path}:1", f"{path}:3", f"{path}:3"]
    assert [(r.line, r.reason) for r in result.rejects] == [
        (2, "invalid JSON (Expecting property name enclosed in double quotes at column 2)")
    ]


def test_a_json_file_that_is_not_json(tmp_path: Path) -> None:
    path = tmp_path / "b.json"
    path.write_text('{"resourceType": "Bundle",', encoding="utf-8")
    with pytest.raises(InputError, match=re.escape(f"{path}: not a JSON document (")):
        ingest(path, SKIP)
