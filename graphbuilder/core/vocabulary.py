"""Controlled vocabularies shared by ingestion, extraction and the graph."""

from __future__ import annotations

from enum import StrEnum

from graphbuilder.core.dates import strip_accents


class ReportKind(StrEnum):
    """What a report is, which decides which extractions apply to it."""

    RADIOLOGY = "radiology"
    PATHOLOGY = "pathology"
    CONSULTATION = "consultation"
    TUMOUR_BOARD = "tumour_board"
    OTHER = "other"


# How manifests and hospital exports name report kinds (compared without accents or case).
_KIND_ALIASES: dict[str, ReportKind] = {
    **{kind.value: kind for kind in ReportKind},
    "imagerie": ReportKind.RADIOLOGY,
    "radiologie": ReportKind.RADIOLOGY,
    "scanner": ReportKind.RADIOLOGY,
    "tdm": ReportKind.RADIOLOGY,
    "irm": ReportKind.RADIOLOGY,
    "tep": ReportKind.RADIOLOGY,
    "anapath": ReportKind.PATHOLOGY,
    "anatomopathologie": ReportKind.PATHOLOGY,
    "anatomie pathologique": ReportKind.PATHOLOGY,
    "cr consultation": ReportKind.CONSULTATION,
    "courrier": ReportKind.CONSULTATION,
    "tumor_board": ReportKind.TUMOUR_BOARD,
    "tumour board": ReportKind.TUMOUR_BOARD,
    "rcp": ReportKind.TUMOUR_BOARD,
}


def parse_report_kind(text: str) -> ReportKind:
    """`"Radiologie"` → RADIOLOGY; raises ValueError listing accepted kinds otherwise."""
    key = " ".join(strip_accents(text).lower().replace("-", " ").split())
    kind = _KIND_ALIASES.get(key) or _KIND_ALIASES.get(key.replace(" ", "_"))
    if kind is None:
        accepted = ", ".join(kind.value for kind in ReportKind)
        raise ValueError(f"unknown report kind {text!r} (accepted: {accepted})")
    return kind
