"""One FHIR R4 DocumentReference → one raw report row, read with plain `json` output.

Patient from subject.reference ("Patient/123" → "123"), report id from identifier[0].value or
id, date from `date` (or context.period.start), kind from type/category codes (LOINC) or their
text, text from the first text/plain content[].attachment.data (base64; charset utf-8 unless
the contentType says otherwise).
"""

from __future__ import annotations

import base64
import binascii
import codecs
import re
from typing import Any

from graphbuilder.core.dates import strip_accents
from graphbuilder.core.vocabulary import ReportKind, parse_report_kind

LOINC_KINDS: dict[str, ReportKind] = {
    "18748-4": ReportKind.RADIOLOGY,  # Diagnostic imaging study
    "11526-1": ReportKind.PATHOLOGY,  # Pathology study
    "11488-4": ReportKind.CONSULTATION,  # Consult note
    "LP29684-5": ReportKind.RADIOLOGY,  # Radiology (document category part)
    "LP7839-6": ReportKind.PATHOLOGY,  # Pathology (document category part)
}
# HL7 v2 table 0074 diagnostic service sections, used as categories by some exporters.
SECTION_KINDS: dict[str, ReportKind] = {
    "RAD": ReportKind.RADIOLOGY,
    "PAT": ReportKind.PATHOLOGY,
    "SP": ReportKind.PATHOLOGY,
}
# Word starts looked for in type/category text when no code is known (without accents).
TEXT_KEYWORDS: tuple[tuple[str, ReportKind], ...] = (
    ("tumor board", ReportKind.TUMOUR_BOARD),
    ("tumour board", ReportKind.TUMOUR_BOARD),
    ("multidisciplin", ReportKind.TUMOUR_BOARD),
    ("pluridisciplin", ReportKind.TUMOUR_BOARD),
    ("rcp", ReportKind.TUMOUR_BOARD),
    ("imag", ReportKind.RADIOLOGY),
    ("radiolog", ReportKind.RADIOLOGY),
    ("scanner", ReportKind.RADIOLOGY),
    ("patholog", ReportKind.PATHOLOGY),
    ("anapath", ReportKind.PATHOLOGY),
    ("consult", ReportKind.CONSULTATION),
)

_BOM = "\ufeff"
ATTACHMENT_HINT = (
    "embed the report as base64 text/plain in content[].attachment.data (urls are not fetched)"
)


class DocumentProblem(ValueError):
    """A DocumentReference that cannot give a report; `report_id` when it was readable."""

    def __init__(self, reason: str, hint: str, report_id: str | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.hint = hint
        self.report_id = report_id


def document_row(resource: dict[str, Any]) -> dict[str, str | None]:
    """The raw report row of a DocumentReference, or DocumentProblem."""
    report_id = _report_id(resource)
    patient_id = _patient_id(resource)
    if patient_id is None:
        raise DocumentProblem(
            "no subject.reference to a Patient",
            'set subject.reference to "Patient/<id>"',
            report_id,
        )
    try:
        text = _attachment_text(resource.get("content"))
    except DocumentProblem as problem:
        problem.report_id = report_id
        raise
    return {
        "patient_id": patient_id,
        "report_id": report_id,
        "date": _date(resource),
        "kind": report_kind(resource).value,
        "text": text,
    }


def _as_dict(value: object) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _as_list(value: object) -> list[Any]:
    return value if isinstance(value, list) else []


def _as_text(value: object) -> str | None:
    if isinstance(value, str) and value.strip():
        return value.strip()
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return None


def _report_id(resource: dict[str, Any]) -> str | None:
    identifiers = _as_list(resource.get("identifier"))
    first = _as_text(_as_dict(identifiers[0]).get("value")) if identifiers else None
    return first or _as_text(resource.get("id"))


def _patient_id(resource: dict[str, Any]) -> str | None:
    subject = _as_dict(resource.get("subject"))
    reference = _as_text(subject.get("reference"))
    if reference is not None:
        # "Patient/123", or an absolute ".../Patient/123", possibly with "/_history/2".
        parts = reference.split("/_history/")[0].rstrip("/").split("/")
        if len(parts) >= 2 and parts[-2] == "Patient" and parts[-1]:
            return parts[-1]
        return None
    return _as_text(_as_dict(subject.get("identifier")).get("value"))


def _date(resource: dict[str, Any]) -> str | None:
    period = _as_dict(_as_dict(resource.get("context")).get("period"))
    return _as_text(resource.get("date")) or _as_text(period.get("start"))


def report_kind(resource: dict[str, Any]) -> ReportKind:
    """Kind from type codes, then category codes, then their text; `other` otherwise."""
    categories = _as_list(resource.get("category"))
    concepts = [_as_dict(resource.get("type")), *map(_as_dict, categories)]
    codings = [_as_dict(item) for concept in concepts for item in _as_list(concept.get("coding"))]
    for coding in codings:
        code = _as_text(coding.get("code")) or ""
        kind = LOINC_KINDS.get(code) or SECTION_KINDS.get(code.upper())
        if kind is not None:
            return kind
    texts = [concept.get("text") for concept in concepts]
    texts += [coding.get("display") for coding in codings]
    for text in filter(None, map(_as_text, texts)):
        kind = _kind_from_text(text)
        if kind is not None:
            return kind
    return ReportKind.OTHER


def _kind_from_text(text: str) -> ReportKind | None:
    try:
        return parse_report_kind(text)
    except ValueError:
        pass
    words = strip_accents(text).lower()
    for keyword, kind in TEXT_KEYWORDS:
        if re.search(rf"\b{keyword}", words):
            return kind
    return None


def _attachment_text(content: object) -> str:
    attachments = [_as_dict(_as_dict(item).get("attachment")) for item in _as_list(content)]
    other_types = []
    for attachment in attachments:
        content_type = _as_text(attachment.get("contentType")) or "text/plain"
        mime, _, parameters = content_type.partition(";")
        if mime.strip().lower() != "text/plain":
            other_types.append(mime.strip())
            continue
        data = attachment.get("data")
        if isinstance(data, str) and data.strip():
            return _decode(data, _charset(parameters))
    if other_types:
        found = ", ".join(sorted(set(other_types)))
        raise DocumentProblem(f"no text/plain attachment (found {found})", ATTACHMENT_HINT)
    raise DocumentProblem("missing content[].attachment.data", ATTACHMENT_HINT)


def _charset(parameters: str) -> str:
    for parameter in parameters.split(";"):
        name, _, value = parameter.partition("=")
        if name.strip().lower() == "charset" and value.strip():
            return value.strip().strip('"')
    return "utf-8"


def _decode(data: str, charset: str) -> str:
    try:
        raw = base64.b64decode("".join(data.split()), validate=True)
    except (binascii.Error, ValueError):
        raise DocumentProblem("attachment data is not valid base64", ATTACHMENT_HINT) from None
    try:
        codecs.lookup(charset)
    except LookupError:
        raise DocumentProblem(
            f"unknown charset {charset!r} in the attachment contentType", "use charset=utf-8"
        ) from None
    try:
        return raw.decode(charset).removeprefix(_BOM)
    except UnicodeDecodeError as error:
        raise DocumentProblem(
            f"attachment text is not {charset} (byte 0x{raw[error.start]:02x} at offset "
            f"{error.start})",
            "encode the text as UTF-8 before base64, or declare its charset in contentType",
        ) from None
