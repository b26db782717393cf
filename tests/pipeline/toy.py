"""A toy DAG whose implementations count their calls: classify → measure → total → flag.

`classify` reads every report ("suivi" in the text: a follow-up); `measure` reads the size of
radiology reports classified as follow-ups; `total` sums a patient's sizes; `flag` says whether
the total is above 50 mm. Used by the runner's tests.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Sequence
from typing import Any

from graphbuilder.core.ids import text_sha256
from graphbuilder.core.vocabulary import ReportKind
from graphbuilder.extract.backend import ReportInput
from graphbuilder.extract.model import StrictModel
from graphbuilder.pipeline.processes.model import (
    AppliesTo,
    Condition,
    FactType,
    Implementation,
    PatientView,
    Process,
    ReportOutcome,
    ReportView,
)
from graphbuilder.pipeline.processes.state import PatientSources

CALLS: Counter[str] = Counter()  # process → units it was called on
ORDER: list[str] = []  # process names, in the order their implementations were called
FACTS = [FactType(name, f"toy {name}") for name in ("Label", "Size", "Total", "Flag")]


class Label(StrictModel):
    follow_up: bool


class Size(StrictModel):
    mm: int


def _record(name: str, units: int) -> None:
    CALLS[name] += units
    if not ORDER or ORDER[-1] != name:
        ORDER.append(name)


def classify(views: Sequence[ReportView], call: Any) -> list[ReportOutcome]:
    _record("classify", len(views))
    return [ReportOutcome(Label(follow_up="suivi" in view.report.text)) for view in views]


def measure(views: Sequence[ReportView], call: Any) -> list[ReportOutcome]:
    _record("measure", len(views))
    outcomes = []
    for view in views:
        found = re.search(r"(\d+) mm", view.report.text)
        outcomes.append(ReportOutcome(Size(mm=int(found[1])) if found else None))
    return outcomes


def total(view: PatientView, call: Any) -> int:
    _record("total", 1)
    return sum(size.mm for size in view.report_outputs["measure"].values() if size is not None)


def flag(view: PatientView, call: Any) -> bool:
    _record("flag", 1)
    return bool(view.upstream["total"] > call.process.parameters["threshold_mm"])


def is_follow_up(view: ReportView) -> bool:
    label = view.upstream.get("classify")
    return label is not None and label.follow_up


def processes(total_version: str = "1", threshold_mm: int = 50) -> list[Process]:
    here = "tests.pipeline.toy"
    return [
        Process("classify", "1", "follow-up or not", "report", ("Label",),
                Implementation("rules", f"{here}:classify"), inputs=("Report",),
                output_model=Label),
        Process("measure", "1", "the size", "report", ("Size",),
                Implementation("rules", f"{here}:measure"), inputs=("Report",),
                applies_to=AppliesTo(frozenset({ReportKind.RADIOLOGY}),
                                     Condition("classified as follow-ups", is_follow_up,
                                               reads=("classify",))),
                output_model=Size),
        Process("total", total_version, "sum of sizes", "patient", ("Total",),
                Implementation("computation", f"{here}:total"), inputs=("Size",)),
        Process("flag", "1", "above the threshold", "patient", ("Flag",),
                Implementation("computation", f"{here}:flag"), inputs=("Total",),
                parameters={"threshold_mm": threshold_mm}),
    ]  # fmt: skip


def report(patient_id: str, report_id: str, kind: ReportKind, text: str) -> ReportView:
    source = ReportInput(patient_id, report_id, dt.date(2024, 1, 1), kind, text, text_sha256(text))
    return ReportView(f"{patient_id}/{report_id}", source, f"toy:{report_id}")


def patient(patient_id: str, *reports: ReportView) -> PatientSources:
    return PatientSources(patient_id, tuple(reports))
