"""One synthetic patient end to end: simulate, inject contradictions, number and render reports."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from graphbuilder.synth.config import SynthConfig
from graphbuilder.synth.contradictions import inject
from graphbuilder.synth.course import Patient
from graphbuilder.synth.noise import Noise
from graphbuilder.synth.pathways import simulate_patient
from graphbuilder.synth.render import Context, render_document
from graphbuilder.synth.simulate import patient_rng
from graphbuilder.synth.text import Usage
from graphbuilder.synth.truth import patient_truth


@dataclass(frozen=True, slots=True)
class Report:
    """One rendered report: its corpus row and its gold extraction."""

    patient_id: str
    report_id: str
    date: str  # ISO
    kind: str
    text: str
    gold: dict[str, Any]


@dataclass(frozen=True, slots=True)
class SynthPatient:
    patient: Patient
    reports: list[Report]
    truth: dict[str, Any]


def assign_report_ids(patient: Patient) -> None:
    """Number reports in date order; a second version shares the id of the first."""
    number = 0
    for doc in patient.documents:
        if doc.duplicate_of is not None:
            doc.report_id = doc.duplicate_of.report_id
            continue
        number += 1
        doc.report_id = f"{patient.patient_id}-R{number:03d}"
        if doc.exam is not None:
            doc.exam.report_id = doc.report_id


def synthesise(config: SynthConfig, index: int, usage: Usage | None = None) -> SynthPatient:
    """Patient number `index` of the corpus `config` describes, always the same for a seed."""
    seed = config.seed
    patient = simulate_patient(seed, index)
    inject(patient, patient_rng(seed, index, "contradictions"), config.contradiction_rate)
    assign_report_ids(patient)
    noise = (
        Noise(config.noise_rate, patient_rng(seed, index, "noise"))
        if config.noise_rate > 0
        else None
    )
    ctx = Context(patient, patient_rng(seed, index, "render"), noise, usage)
    reports = []
    for doc in patient.documents:
        text, gold = render_document(ctx, doc)
        reports.append(
            Report(patient.patient_id, doc.report_id, doc.date.isoformat(), doc.kind, text, gold)
        )
    return SynthPatient(patient, reports, patient_truth(patient))
