"""Extraction runs: provenance of every fact, and the loop that drives a backend."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from graphbuilder.core.ids import fact_id
from graphbuilder.core.patient_graph import Row
from graphbuilder.extract.backend import (
    BackendInfo,
    ExtractionBackend,
    ExtractionOutcome,
    ReportInput,
)


def run_id(info: BackendInfo) -> str:
    """Same backend, model and parameters ⇒ same run id, so a replay changes no fact's lineage."""
    return fact_id(
        "run",
        info.backend,
        info.backend_version,
        info.model,
        info.model_revision,
        json.dumps(info.parameters, sort_keys=True, default=str),
    )


@dataclass(frozen=True)
class ExtractionRun:
    id: str
    info: BackendInfo
    started_at: dt.datetime
    ended_at: dt.datetime

    def row(self) -> Row:
        """The ExtractionRun node's properties."""
        return {
            "id": self.id,
            "backend": self.info.backend,
            "backend_version": self.info.backend_version,
            "model": self.info.model,
            "model_revision": self.info.model_revision,
            "parameters": json.dumps(self.info.parameters, sort_keys=True, default=str),
            "started_at": self.started_at,
            "ended_at": self.ended_at,
        }


def run_extraction(
    backend: ExtractionBackend,
    reports: Iterable[ReportInput],
    on_outcome: Callable[[ExtractionOutcome], None] | None = None,
) -> tuple[ExtractionRun, dict[str, ExtractionOutcome]]:
    """Run the backend over every report; one outcome per report id."""
    info = backend.info()
    started = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    outcomes: dict[str, ExtractionOutcome] = {}
    for outcome in backend.extract(reports):
        outcomes[outcome.report_id] = outcome
        if on_outcome is not None:
            on_outcome(outcome)
    ended = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    return ExtractionRun(run_id(info), info, started, ended), outcomes
