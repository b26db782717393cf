"""The truth of one patient, as one JSON object: what really happened, not what the text says.

- `lesions`: per lesion, its trajectory (date, report id, index in that report's gold lesions,
  status, true sizes, sizes the simulation meant the report to state).
- `treatment_lines`: every episode (numbered lines of advanced disease, and neoadjuvant,
  adjuvant or curative treatments) with its drugs, dates, end reason, baseline report, RECIST
  timepoints and best overall response.
- `exams`: per radiology report, the intended and the stated evolution and its RECIST.
- `contradictions`: the injected ones, with their type and the reports involved.
- `treatments`, `diagnosis`, `death_date`: the structured events (also in treatments.csv).
"""

from __future__ import annotations

from typing import Any

from graphbuilder.synth.course import Document, Episode, Exam, Patient
from graphbuilder.synth.recist import best_overall_response


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def patient_truth(patient: Patient) -> dict[str, Any]:
    profile = patient.profile
    return {
        "patient_id": patient.patient_id,
        "sex": patient.sex,
        "birth_year": patient.birth_year,
        "cancer": {
            "site": profile.site,
            "histology": profile.histology.label,
            "icdo": profile.histology.icdo,
            "laterality": patient.laterality,
            "primary_location": patient.primary_location,
            "diagnosis_date": patient.diagnosis_date.isoformat(),
            "metastatic_at_diagnosis": patient.metastatic_at_diagnosis,
            "relapse_date": _iso(patient.relapse_date),
            "receptors": _receptors(patient),
        },
        "follow_up_end": patient.follow_up_end.isoformat(),
        "death_date": _iso(patient.death_date),
        "lesions": _lesions(patient),
        "treatment_lines": [_episode(episode) for episode in patient.episodes],
        "treatments": [
            {
                "name": course.name,
                "category": course.category,
                "start": course.start.isoformat(),
                "end": _iso(course.end),
                "line": course.line,
                "dose_gy": course.dose_gy,
                "fractions": course.fractions,
            }
            for course in patient.courses
        ],
        "exams": [_exam(exam) for exam in patient.exams],
        "contradictions": [_contradiction(record) for record in patient.contradictions],
    }


def _receptors(patient: Patient) -> dict[str, Any] | None:
    if not patient.receptors:
        return None
    receptors = dict(patient.receptors)
    receptors["sbr"] = list(receptors["sbr"])
    return receptors


def _lesions(patient: Patient) -> list[dict[str, Any]]:
    trajectories: dict[str, list[dict[str, Any]]] = {lesion.key: [] for lesion in patient.lesions}
    for exam in patient.exams:
        for measure in exam.measures:
            trajectories[measure.lesion.key].append(
                {
                    "date": exam.date.isoformat(),
                    "report_id": exam.report_id,
                    "gold_lesion_index": measure.gold_index,
                    "status": measure.status,
                    "true_long_mm": round(measure.true_long, 2),
                    "true_short_mm": round(measure.true_short, 2),
                    "stated_long_mm": measure.long_mm,
                    "stated_short_mm": measure.short_mm,
                }
            )
    return [
        {
            "lesion_id": lesion.key,
            "organ": lesion.organ,
            "location": lesion.location,
            "laterality": lesion.laterality,
            "nodal": lesion.nodal,
            "primary": lesion.primary,
            "appeared": lesion.born.isoformat(),
            "resected": lesion.removed,
            "trajectory": trajectories[lesion.key],
        }
        for lesion in patient.lesions
    ]


def _episode(episode: Episode) -> dict[str, Any]:
    return {
        "line": episode.number,
        "intent": episode.intent,
        "drugs": list(episode.drugs),
        "start": episode.start.isoformat(),
        "end": _iso(episode.end),
        "end_reason": episode.end_reason,
        "baseline_report_id": episode.baseline.report_id if episode.baseline else None,
        "timepoints": [
            {"report_id": exam.report_id, "date": exam.date.isoformat(), **(exam.recist or {})}
            for exam in episode.timepoints
        ],
        "best_overall_response": best_overall_response(episode),
    }


def _exam(exam: Exam) -> dict[str, Any]:
    stated = exam.stated_evolution or ("Unknown" if exam.unknown_evolution else exam.evolution)
    return {
        "report_id": exam.report_id,
        "date": exam.date.isoformat(),
        "modality": exam.modality,
        "purpose": exam.purpose,
        "intended_evolution": exam.evolution,
        "stated_evolution": stated,
        "recist": exam.recist["overall"] if exam.recist else None,
    }


def _contradiction(record: dict[str, Any]) -> dict[str, Any]:
    """Replace document and exam references by report ids."""
    report_ids: list[str] = []
    out: dict[str, Any] = {"type": record["type"]}
    for key, value in record.items():
        if key == "type":
            continue
        if key in ("exam", "previous_exam"):
            if isinstance(value, Exam):
                report_ids.append(value.report_id)
        elif key == "documents":
            report_ids.extend(doc.report_id for doc in value if isinstance(doc, Document))
        else:
            out[key] = value
    out["report_ids"] = list(dict.fromkeys(report_ids))
    return out
