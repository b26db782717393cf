"""Small builders of a patient's facts, for rule tests that need no report text.

Ids are readable (`m:R2:L1`, `exam:R2`) so that a test can say which fact a conflict involves.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from graphbuilder.assemble.facts import (
    DuplicateReport,
    ExamFact,
    LesionFact,
    MeasurementFact,
    PathologyFact,
    PatientFacts,
    ReportFact,
    TreatmentFact,
    TreatmentLine,
    TumourFact,
)
from graphbuilder.rules.timepoints import PatientRecist, assess_patient

D = dt.date
PATIENT = "P1"


def measurement(
    report: str,
    date: dt.date,
    lesion: str = "L1",
    long: float | None = None,
    short: float | None = None,
    *,
    status: str = "present",
    organ: str = "liver",
    nodal: bool = False,
    laterality: str | None = None,
    target: str | None = None,
    previous_long: float | None = None,
    previous_short: float | None = None,
    previous_date: dt.date | None = None,
    candidate: bool = False,
) -> MeasurementFact:
    return MeasurementFact(
        node_id=f"m:{report}:{lesion}",
        lesion_id=lesion,
        report_id=report,
        date=date,
        organ=organ,
        location=None,
        laterality=laterality,
        nodal=nodal,
        long_axis_mm=long,
        short_axis_mm=short,
        status=status,
        target=target,
        previous_long_axis_mm=previous_long,
        previous_short_axis_mm=previous_short,
        previous_date=previous_date,
        link_confidence=1.0 if not candidate else 0.9,
        new_lesion_candidate=candidate,
    )


def exam(
    report: str,
    date: dt.date,
    *,
    evolution: str | None = None,
    recist: str | None = None,
    follow_up: bool | None = True,
    no_new_lesion: bool | None = None,
    comparisons: tuple[dt.date, ...] = (),
    stated: bool = True,
) -> ExamFact:
    return ExamFact(
        node_id=f"exam:{report}" if stated else None,
        report_id=report,
        report_node_id=f"report:{report}",
        date=date,
        evolution=evolution,
        recist_category=recist,
        is_follow_up=follow_up,
        no_new_lesion=no_new_lesion,
        comparison_dates=comparisons,
        has_lesions=True,
    )


def treatment(
    name: str,
    source: str = "structured",
    *,
    start: dt.date | None = None,
    end: dt.date | None = None,
    status: str | None = None,
    line: int | None = None,
    category: str = "chemotherapy",
    report: str | None = None,
    report_date: dt.date | None = None,
) -> TreatmentFact:
    return TreatmentFact(
        node_id=f"t:{source}:{name}:{report or start}",
        report_id=report,
        report_date=report_date,
        name=name,
        category=category,
        start_date=start,
        end_date=end,
        status=status,
        line=line,
        source=source,
    )


def pathology(report: str, date: dt.date, **values: Any) -> PathologyFact:
    fields: dict[str, Any] = dict.fromkeys(
        ("specimen_type", "laterality", "morphology", "morphology_icdo", "er_status",
         "er_percent", "pr_status", "pr_percent", "her2_status", "her2_ihc")
    )  # fmt: skip
    fields.update(values)
    return PathologyFact(node_id=f"path:{report}", report_id=report, date=date, **fields)


def tumour(
    report: str,
    date: dt.date,
    site: str = "breast",
    *,
    laterality: str | None = None,
    histology: str | None = None,
    diagnosis: dt.date | None = None,
) -> TumourFact:
    return TumourFact(
        node_id=f"tumour:{site}:{laterality}",
        report_id=report,
        date=date,
        site=site,
        histology=histology,
        laterality=laterality,
        diagnosis_date=diagnosis,
    )


def line(
    start: dt.date, until: dt.date | None = None, *, after: dt.date | None = None
) -> TreatmentLine:
    return TreatmentLine(
        node_id=f"line:{start}",
        sequence=1,
        stated_number=None,
        regimen=("FOLFOX",),
        start_date=start,
        end_date=None,
        assessed_until=until,
        baseline_after=after,
        basis="first systemic treatment",
        treatment_ids=(),
    )


def facts(**collections: Any) -> PatientFacts:
    """A patient's facts; every report id a fact names gets a Report (radiology by default)."""
    reports: dict[str, ReportFact] = {}
    for name in ("measurements", "exams", "treatments", "tumours", "pathology"):
        for fact in collections.get(name, ()):
            report_id = fact.report_id
            if report_id is not None and report_id not in reports:
                date = getattr(fact, "date", None) or fact.report_date
                kind = collections.get("kinds", {}).get(report_id, "radiology")
                reports[report_id] = ReportFact(
                    f"report:{report_id}", report_id, date, kind, "sha", f"{report_id}.txt"
                )
    collections.pop("kinds", None)
    lesions = {
        m.lesion_id: LesionFact(m.lesion_id, m.organ, None, m.laterality, m.nodal, m.date, m.date)
        for m in collections.get("measurements", ())
    }
    return PatientFacts(
        patient_id=PATIENT,
        patient_node_id=PATIENT,
        reports=tuple(reports.values()),
        lesions=tuple(lesions.values()),
        **{
            key: tuple(value) if isinstance(value, list) else value
            for key, value in collections.items()
        },
    )


def duplicate(report: str) -> DuplicateReport:
    return DuplicateReport(f"report:{report}", report, ("sha-a", "sha-b"), ("a.txt", "b.txt"))


def recist_of(patient: PatientFacts) -> PatientRecist:
    return assess_patient(patient)
