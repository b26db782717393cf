"""The computations of the built-in DAG: each report read, then per patient assembly, RECIST,
conflicts and curation.

Each is a thin adapter from the DAG's view of a report or a patient to the stage that does the
work (`assemble`, `rules.timepoints`, `rules.conflicts`, `curate`); `compose_graph` then writes
their outputs into the patient's graph, as `pipeline.build.derive_patient` does for a whole
build. Outputs are plain dataclasses: the cache pickles them per report or patient, and a
patient's rebuild reads its earlier reports as read then (`assemble.reading`).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from graphbuilder.assemble import AssembledPatient
from graphbuilder.assemble.patient import assemble_readings
from graphbuilder.assemble.reading import ReportReading, read_report
from graphbuilder.core.patient_graph import PatientGraph
from graphbuilder.curate import CurationReview, add_curation_rows, apply_corrections
from graphbuilder.curate import review_conflicts as review
from graphbuilder.pipeline.processes.model import PatientView, ReportView
from graphbuilder.pipeline.processes.sections import merge_extraction
from graphbuilder.rules.conflicts import Conflict, detect_conflicts
from graphbuilder.rules.recist import RecistOptions
from graphbuilder.rules.recist.model import PrPolicy
from graphbuilder.rules.timepoint_rows import add_recist_rows
from graphbuilder.rules.timepoints import PatientRecist, assess_patient


@dataclass(frozen=True)
class CurationOutcome:
    """The review of the patient's conflicts, and RECIST recomputed if corrections apply."""

    review: CurationReview
    corrected_recist: PatientRecist | None


def recist_parameters(options: RecistOptions) -> dict[str, Any]:
    """RECIST options as process parameters (JSON values, part of the cache key)."""
    return {
        field.name: getattr(options, field.name).value
        if isinstance(getattr(options, field.name), PrPolicy)
        else getattr(options, field.name)
        for field in dataclasses.fields(options)
    }


def recist_options(parameters: Mapping[str, Any]) -> RecistOptions:
    values = dict(parameters)
    if "pr_policy" in values:
        values["pr_policy"] = PrPolicy(values["pr_policy"])
    return RecistOptions(**values)


def report_reading(views: Sequence[ReportView], call: Any) -> list[ReportReading]:
    """Each report's sections merged back into its extraction and read for assembly (no
    facts when one of its extractions failed: as a backend, it gives all it found or none)."""
    run_id = call.context.extraction_run_id
    readings = []
    for view in views:
        report = view.report
        extracted = not view.failed
        parts = [output for output in view.upstream.values() if output is not None]
        readings.append(
            read_report(
                report.patient_id,
                report.report_id,
                date=report.date,
                kind=report.kind.value,
                text=report.text,
                sha256=report.sha256,
                source=view.source,
                extraction=merge_extraction(report.report_id, parts) if extracted else None,
                run_id=run_id if extracted else None,
            )
        )
    return readings


def assembly(view: PatientView, call: Any) -> AssembledPatient:
    """Facts of every report, lesions linked across reports, treatment lines."""
    read = view.report_outputs["report_reading"]
    readings = [
        read[report.unit].placed(report.source, report.report.text) for report in view.reports
    ]
    return assemble_readings(view.patient_id, readings, [dict(event) for event in view.events])


def recist(view: PatientView, call: Any) -> PatientRecist:
    """RECIST 1.1 per treatment line on the facts as extracted."""
    assembled: AssembledPatient = view.upstream["assembly"]
    return assess_patient(assembled.facts, recist_options(call.process.parameters))


def conflicts(view: PatientView, call: Any) -> tuple[Conflict, ...]:
    """Every contradiction rule on the facts as extracted and the RECIST computed from them."""
    assembled: AssembledPatient = view.upstream["assembly"]
    return detect_conflicts(assembled.facts, view.upstream["recist"])


def curation(view: PatientView, call: Any) -> CurationOutcome:
    """The curation log applied: conflict statuses, resolutions, RECIST with corrections."""
    assembled: AssembledPatient = view.upstream["assembly"]
    reviewed = review(view.upstream["conflicts"], list(view.curation))
    corrected = None
    if reviewed.corrections:
        facts = apply_corrections(assembled.facts, reviewed.corrections)
        corrected = assess_patient(facts, recist_options(call.process.parameters))
    return CurationOutcome(reviewed, corrected)


def compose_graph(
    assembled: AssembledPatient, computed: PatientRecist, outcome: CurationOutcome
) -> PatientGraph:
    """The patient's graph: assembly's rows, RECIST's (corrected if so) and curation's."""
    graph = assembled.graph
    add_recist_rows(graph, outcome.corrected_recist or computed)
    add_curation_rows(graph, outcome.review)
    return graph
