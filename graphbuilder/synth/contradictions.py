"""Injected contradictions: each type, when a patient's course allows it, with probability `rate`.

The text then says something the simulation knows to be false (the gold keeps what the text
says); the truth records the type, the reports involved and both sides. Report ids are not
known yet here, so records keep the documents and exams; `truth.py` turns them into ids.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from typing import Any

from graphbuilder.synth.course import Document, Measure, Patient
from graphbuilder.synth.phrasing.common import slipped_value

CONTRADICTION_TYPES = (
    "stated_evolution_vs_sizes",
    "wrong_quoted_previous_size",
    "receptor_or_her2_flip",
    "laterality_flip",
    "treatment_ongoing_after_end",
    "duplicate_report_id",
    "unit_slip",
)
_OTHER_SIDE = {"left": "right", "right": "left"}
Record = dict[str, Any]


def inject(patient: Patient, rng: random.Random, rate: float) -> None:
    """Decide and apply one patient's contradictions; records go to `patient.contradictions`."""
    if rate <= 0:
        return
    for kind in CONTRADICTION_TYPES:
        if rng.random() < rate:
            record = _INJECTORS[kind](patient, rng)
            if record is not None:
                record["type"] = kind
                patient.contradictions.append(record)


def _radiology_docs(patient: Patient) -> list[Document]:
    return [doc for doc in patient.documents if doc.exam is not None and doc.duplicate_of is None]


def _stated_evolution(patient: Patient, rng: random.Random) -> Record | None:
    exams = [
        d.exam
        for d in _radiology_docs(patient)
        if d.exam
        and d.exam.recist
        and d.exam.recist["overall"] in ("CR", "PR", "SD", "PD")
        and not d.exam.unknown_evolution
        and d.exam.stated_evolution is None
    ]
    if not exams:
        return None
    exam = rng.choice(exams)
    wrong = [c for c in ("Progression", "Stability", "Response") if c != exam.evolution]
    exam.stated_evolution = rng.choice(wrong)
    return {
        "exam": exam,
        "stated": exam.stated_evolution,
        "intended": exam.evolution,
        "recist": exam.recist["overall"] if exam.recist else None,
    }


def _quotable(patient: Patient) -> list[tuple[Document, Measure]]:
    found = []
    for doc in _radiology_docs(patient):
        assert doc.exam is not None
        for measure in doc.exam.measures:
            previous = measure.previous
            if (
                measure.status == "present"
                and not measure.lesion.nodal
                and previous is not None
                and previous.long_mm is not None
                and previous.status in ("present", "new")
                and measure.long_mm is not None
                and not measure.unit_slip
                and measure.quoted_previous_mm is None
            ):
                found.append((doc, measure))
    return found


def _wrong_previous(patient: Patient, rng: random.Random) -> Record | None:
    candidates = _quotable(patient)
    if not candidates:
        return None
    doc, measure = rng.choice(candidates)
    assert measure.previous is not None and measure.previous.long_mm is not None
    actual = measure.previous.long_mm
    quoted = float(max(3, round(actual * rng.choice((0.55, 0.65, 1.45, 1.6)))))
    if abs(quoted - actual) < 4:
        quoted = actual + rng.choice((-5.0, 6.0)) if actual > 8 else actual + 6.0
    measure.quoted_previous_mm = quoted
    return {
        "exam": doc.exam,
        "previous_exam": doc.exam.previous if doc.exam else None,
        "lesion_id": measure.lesion.key,
        "quoted_mm": quoted,
        "actual_mm": actual,
    }


def _receptor_flip(patient: Patient, rng: random.Random) -> Record | None:
    surgery = [d for d in patient.documents if d.kind == "pathology" and d.subtype == "surgery"]
    biopsy = [d for d in patient.documents if d.kind == "pathology" and d.subtype == "biopsy"]
    if patient.profile.site != "breast" or not surgery or not biopsy:
        return None
    doc = surgery[0]
    receptors = patient.receptors
    if rng.random() < 0.5:
        field = "er_status"
        positive = receptors["er"] == "positive"
        stated: dict[str, Any] = {
            "er": "negative" if positive else "positive",
            "er_percent": 0 if positive else 70,
        }
        first, second = receptors["er"], stated["er"]
    else:
        field = "her2_status"
        positive = receptors["her2_status"] == "positive"
        stated = {
            "her2_status": "negative" if positive else "positive",
            "her2_ihc": "0" if positive else "3+",
            "her2_ish": None,
        }
        first, second = receptors["her2_status"], stated["her2_status"]
    doc.data["restate_receptors"] = True
    doc.data["flip"] = {"field": field, "stated": stated}
    return {"documents": [biopsy[0], doc], "field": field, "first": first, "second": second}


def _laterality_flip(patient: Patient, rng: random.Random) -> Record | None:
    if patient.laterality is None:
        return None
    notes = [d for d in patient.documents if d.kind in ("consultation", "tumour_board")]
    if not notes:
        return None
    doc = rng.choice(notes)
    doc.data["laterality_flip"] = _OTHER_SIDE[patient.laterality]
    return {"documents": [doc], "true": patient.laterality, "stated": doc.data["laterality_flip"]}


def _ongoing_after_end(patient: Patient, rng: random.Random) -> Record | None:
    limit = patient.death_date or patient.follow_up_end
    courses = [
        c
        for c in patient.courses
        if c.category not in ("surgery", "radiotherapy")
        and c.end is not None
        and c.end + dt.timedelta(days=45) < limit
    ]
    if not courses:
        return None
    course = rng.choice(courses)
    assert course.end is not None
    date = course.end + dt.timedelta(days=rng.randint(10, 40))
    doc = Document(
        "consultation", "consult", date, data={"moment": "on_treatment", "ongoing_course": course}
    )
    patient.documents.append(doc)
    patient.documents.sort(key=lambda d: d.date)
    return {
        "documents": [doc],
        "treatment": course.name,
        "end_date": course.end.isoformat(),
        "report_date": date.isoformat(),
    }


def _duplicate(patient: Patient, rng: random.Random) -> Record | None:
    docs = _radiology_docs(patient)
    if not docs:
        return None
    original = rng.choice(docs)
    copy = Document(
        original.kind,
        original.subtype,
        original.date,
        exam=original.exam,
        data=dict(original.data),
        duplicate_of=original,
    )
    patient.documents.insert(patient.documents.index(original) + 1, copy)
    return {"documents": [original, copy]}


def _unit_slip(patient: Patient, rng: random.Random) -> Record | None:
    candidates = []
    for doc in _radiology_docs(patient):
        assert doc.exam is not None
        for measure in doc.exam.measures:
            if (
                measure.status == "present"
                and not measure.lesion.nodal
                and measure.long_mm
                and measure.long_mm >= 10
                and measure.long_mm == int(measure.long_mm)
                and measure.quoted_previous_mm is None
                and not measure.unit_slip
            ):
                candidates.append((doc, measure))
    if not candidates:
        return None
    doc, measure = rng.choice(candidates)
    assert measure.long_mm is not None
    measure.unit_slip = "cm_as_mm" if rng.random() < 0.8 else "mm_as_cm"
    return {
        "exam": doc.exam,
        "lesion_id": measure.lesion.key,
        "intended_mm": measure.long_mm,
        "stated_mm": slipped_value(measure.long_mm, measure.unit_slip),
    }


_INJECTORS: dict[str, Callable[[Patient, random.Random], Record | None]] = {
    "stated_evolution_vs_sizes": _stated_evolution,
    "wrong_quoted_previous_size": _wrong_previous,
    "receptor_or_her2_flip": _receptor_flip,
    "laterality_flip": _laterality_flip,
    "treatment_ongoing_after_end": _ongoing_after_end,
    "duplicate_report_id": _duplicate,
    "unit_slip": _unit_slip,
}
