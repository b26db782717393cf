"""The built-in extraction processes' outputs: sections of a `ReportExtraction`, and back.

Each extraction process keeps one section of the report's extraction (see `extraction.py` for
where the whole extraction comes from): the exam, the lesions, the stated evolution, the
pathology variables, the TNM, the treatments, the tumours. `merge_extraction` puts the sections
of a report back together, so that assembly reads the same `ReportExtraction` as always.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from pydantic import Field, create_model

from graphbuilder.extract.model import (
    Evidenced,
    PathologyResult,
    RadiologyFindings,
    ReportExtraction,
    StrictModel,
    TnmStage,
    Treatment,
    Tumour,
)
from graphbuilder.pipeline.processes.model import ReportOutcome, ReportView


def _radiology_model(name: str, doc: str, names: tuple[str, ...]) -> type[StrictModel]:
    """A model of some `RadiologyFindings` fields, with exactly their types and defaults."""
    fields: dict[str, Any] = {
        field: (RadiologyFindings.model_fields[field].annotation, info)
        for field in names
        if (info := RadiologyFindings.model_fields[field])
    }
    model: type[StrictModel] = create_model(name, __base__=StrictModel, __doc__=doc, **fields)
    model.__module__ = __name__
    return model


RadiologyExamPart = _radiology_model(
    "RadiologyExamPart",
    "The exam: date, modality, follow-up or not, the exams it is compared with.",
    ("exam_date", "modality", "is_follow_up", "comparison_dates"),
)
RadiologyLesionsPart = _radiology_model(
    "RadiologyLesionsPart",
    "Every lesion the report describes, and its statement about new lesions.",
    ("lesions", "no_new_lesion"),
)
RadiologyEvolutionPart = _radiology_model(
    "RadiologyEvolutionPart",
    "The stated evolution (five classes) and any stated RECIST category.",
    ("stated_evolution", "stated_recist"),
)


class PathologyPart(StrictModel):
    """One result per specimen, without its TNM (the `tnm` process keeps that)."""

    results: list[PathologyResult] = Field(default_factory=list)


class TnmPart(StrictModel):
    """The TNM of each pathology result, in the same order (None where a result has none)."""

    tnm: list[Evidenced[TnmStage] | None] = Field(default_factory=list)


class TreatmentsPart(StrictModel):
    treatments: list[Treatment] = Field(default_factory=list)


class TumoursPart(StrictModel):
    tumours: list[Tumour] = Field(default_factory=list)


_RADIOLOGY_PARTS = (RadiologyExamPart, RadiologyLesionsPart, RadiologyEvolutionPart)


def _radiology_part(model: type[StrictModel]) -> Callable[[ReportExtraction], StrictModel | None]:
    def project(extraction: ReportExtraction) -> StrictModel | None:
        findings = extraction.radiology
        if findings is None:
            return None
        part = model.model_validate(
            {name: getattr(findings, name) for name in model.model_fields},
            from_attributes=True,
        )
        return part if part != model() else None

    return project


def _pathology(extraction: ReportExtraction) -> PathologyPart | None:
    results = [result.model_copy(update={"tnm": None}) for result in extraction.pathology]
    kept = [result for result in results if result != PathologyResult()]
    return PathologyPart(results=kept) if kept else None


def _tnm(extraction: ReportExtraction) -> TnmPart | None:
    stages = [result.tnm for result in extraction.pathology]
    return TnmPart(tnm=stages) if any(stage is not None for stage in stages) else None


def _treatments(extraction: ReportExtraction) -> TreatmentsPart | None:
    return TreatmentsPart(treatments=extraction.treatments) if extraction.treatments else None


def _tumours(extraction: ReportExtraction) -> TumoursPart | None:
    return TumoursPart(tumours=extraction.tumours) if extraction.tumours else None


PROJECTIONS: dict[type[StrictModel], Callable[[ReportExtraction], StrictModel | None]] = {
    RadiologyExamPart: _radiology_part(RadiologyExamPart),
    RadiologyLesionsPart: _radiology_part(RadiologyLesionsPart),
    RadiologyEvolutionPart: _radiology_part(RadiologyEvolutionPart),
    PathologyPart: _pathology,
    TnmPart: _tnm,
    TreatmentsPart: _treatments,
    TumoursPart: _tumours,
}


def project(extraction: ReportExtraction, model: type[StrictModel]) -> StrictModel | None:
    """The section `model` of an extraction (None when the report has nothing for it)."""
    return PROJECTIONS[model](extraction)


def merge_extraction(report_id: str, parts: Sequence[Any]) -> ReportExtraction:
    """One `ReportExtraction` from a report's sections (any order; plugin outputs ignored)."""
    radiology: dict[str, Any] = {}
    data: dict[str, Any] = {"report_id": report_id}
    pathology: PathologyPart | None = None
    tnm: TnmPart | None = None
    for part in parts:
        if isinstance(part, _RADIOLOGY_PARTS):
            radiology.update({name: getattr(part, name) for name in type(part).model_fields})
        elif isinstance(part, PathologyPart):
            pathology = part
        elif isinstance(part, TnmPart):
            tnm = part
        elif isinstance(part, TreatmentsPart):
            data["treatments"] = part.treatments
        elif isinstance(part, TumoursPart):
            data["tumours"] = part.tumours
    findings = RadiologyFindings(**radiology)
    if findings != RadiologyFindings():
        data["radiology"] = findings
    data["pathology"] = _with_tnm(pathology, tnm)
    return ReportExtraction(**data)


def _with_tnm(pathology: PathologyPart | None, tnm: TnmPart | None) -> list[PathologyResult]:
    results = list(pathology.results) if pathology is not None else []
    stages = list(tnm.tnm) if tnm is not None else []
    merged = []
    for index in range(max(len(results), len(stages))):
        result = results[index] if index < len(results) else PathologyResult()
        stage = stages[index] if index < len(stages) else None
        merged.append(result.model_copy(update={"tnm": stage}) if stage is not None else result)
    return merged


def section_outcomes(
    views: Sequence[ReportView], model: type[StrictModel], context: Any
) -> list[ReportOutcome]:
    """Each view's section `model`, from the build's extraction source (one run per report)."""
    outcomes = context.extraction.outcomes(views)
    results = []
    for view in views:
        outcome = outcomes.get(view.unit)
        if outcome is None or outcome.extraction is None:
            failure = outcome.failure if outcome is not None else "the backend gave no outcome"
            results.append(ReportOutcome(failure=failure or "no extraction"))
            continue
        results.append(ReportOutcome(project(outcome.extraction, model), outcome.warnings))
    return results


def _section_process(model: type[StrictModel]) -> Callable[[Sequence[ReportView], Any], Any]:
    def run(views: Sequence[ReportView], call: Any) -> list[ReportOutcome]:
        return section_outcomes(views, model, call.context)

    run.__doc__ = f"The {model.__name__} section of each report's extraction."
    return run


# The implementations the built-in extraction declarations reference (`module:attribute`).
radiology_exam = _section_process(RadiologyExamPart)
radiology_lesions = _section_process(RadiologyLesionsPart)
radiology_evolution = _section_process(RadiologyEvolutionPart)
pathology = _section_process(PathologyPart)
tnm = _section_process(TnmPart)
treatments = _section_process(TreatmentsPart)
tumours = _section_process(TumoursPart)

PART_OF_PROCESS: Mapping[str, type[StrictModel]] = {
    "radiology_exam": RadiologyExamPart,
    "radiology_lesions": RadiologyLesionsPart,
    "radiology_evolution": RadiologyEvolutionPart,
    "pathology": PathologyPart,
    "tnm": TnmPart,
    "treatments": TreatmentsPart,
    "tumours": TumoursPart,
}
