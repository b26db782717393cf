"""The seam every extraction backend plugs into: rules, vllm, openai, precomputed files.

A backend receives reports in batches and yields one `ExtractionOutcome` per report, in any
order. A report it cannot handle yields an outcome with `failure` set and the run goes on; a
backend raises `ExtractionError` only when it cannot work at all (missing install, no model).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable

from graphbuilder.core.vocabulary import ReportKind
from graphbuilder.extract.model import ReportExtraction


@dataclass(frozen=True)
class ReportInput:
    """One report as a backend sees it (a row of the corpus table)."""

    patient_id: str
    report_id: str
    date: dt.date
    kind: ReportKind
    text: str
    sha256: str


@dataclass(frozen=True)
class BackendInfo:
    """What an ExtractionRun records about the backend that produced its facts."""

    backend: str
    backend_version: str
    model: str | None = None
    model_revision: str | None = None
    parameters: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class ExtractionOutcome:
    """The result for one report: an extraction, or the reason there is none."""

    report_id: str
    extraction: ReportExtraction | None
    warnings: tuple[str, ...] = ()
    failure: str | None = None

    @property
    def succeeded(self) -> bool:
        return self.extraction is not None


@runtime_checkable
class ExtractionBackend(Protocol):
    """What the pipeline needs from a backend."""

    name: str

    def info(self) -> BackendInfo:
        """Provenance of this backend's configuration, recorded on the ExtractionRun."""
        ...

    def extract(self, reports: Iterable[ReportInput]) -> Iterator[ExtractionOutcome]:
        """Extract every report; yields exactly one outcome per input report."""
        ...
