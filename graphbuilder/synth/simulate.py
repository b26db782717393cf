"""The seeded simulation of one patient's course: diagnosis, treatments, exams, documents.

Each patient has its own `random.Random`, seeded from (corpus seed, patient index), so patients
are independent of one another and of the order they are generated in. The early-disease
pathways per cancer live in `pathways.py`; this module holds what they share: exams, episodes
(treatment lines) followed until progression, consultations, tumour boards and death.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
from typing import Any

from graphbuilder.synth import disease, recist
from graphbuilder.synth.course import Course, Document, Episode, Exam, Patient
from graphbuilder.synth.profiles import DRUGS, PROCEDURES, PROFILES

FIRST_DIAGNOSIS = dt.date(2015, 1, 5)
DIAGNOSIS_SPAN_DAYS = 8 * 365
FIXED_CYCLES = {"R-CHOP": 6, "R-DHAP": 3, "EC": 4, "paclitaxel": 12, "carboplatin-pemetrexed": 4}
_PROFILE_WEIGHTS = [profile.weight for profile in PROFILES]
_DAY = dt.timedelta(days=1)


def patient_rng(seed: int, index: int, stream: str = "course") -> random.Random:
    """The patient's own generator for one purpose (course, render, noise, contradictions).

    Independent of every other patient's, and of the other streams: turning noise on or
    contradictions up changes nothing else about the patient.
    """
    material = hashlib.blake2b(
        f"graphbuilder-synth:{seed}:{index}:{stream}".encode(), digest_size=8
    )
    return random.Random(int.from_bytes(material.digest(), "big"))


def days(count: int) -> dt.timedelta:
    return count * _DAY


class Simulation:
    """Builds one `Patient`: the shared steps; `pathways.run_pathway` decides their order."""

    def __init__(self, patient: Patient, rng: random.Random) -> None:
        self.patient = patient
        self.rng = rng
        self.effect = disease.untreated(patient.diagnosis_date - days(30), rng)
        self.last_exam: dict[str, Exam] = {}  # comparison chain per region family

    # ----------------------------------------------------------------- documents
    def document(
        self, kind: str, subtype: str, date: dt.date, exam: Exam | None = None, **data: Any
    ) -> Document:
        doc = Document(kind, subtype, date, exam=exam, data=data)
        self.patient.documents.append(doc)
        return doc

    def consult(self, date: dt.date, moment: str, **data: Any) -> Document | None:
        """A consultation note; `data` may name the exam it discusses (`exam=`), not its own."""
        if not self.alive_on(date):
            return None
        doc = Document("consultation", "consult", date, data={"moment": moment, **data})
        self.patient.documents.append(doc)
        return doc

    def board(self, date: dt.date, reason: str, **data: Any) -> Document | None:
        if not self.alive_on(date):
            return None
        doc = Document("tumour_board", "rcp", date, data={"reason": reason, **data})
        self.patient.documents.append(doc)
        return doc

    def alive_on(self, date: dt.date) -> bool:
        death = self.patient.death_date
        return date <= self.patient.follow_up_end and (death is None or date < death)

    # ----------------------------------------------------------------- exams
    def exam(
        self,
        date: dt.date,
        region: str,
        modality: str,
        purpose: str,
        episode: Episode | None = None,
    ) -> Exam:
        """Measure the disease on `date`, record the exam and its report, assess it."""
        disease.advance(self.patient, self.effect, date)
        family = "tap" if region in ("tap", "pet") else region
        compared = purpose not in ("staging", "pre_surgery")
        previous = self.last_exam.get(family) if compared else None
        measures = disease.measure(self.patient, self.rng, date, region, previous)
        exam = Exam(date, modality, region, purpose, measures, previous, episode)
        self.last_exam[family] = exam
        self.patient.exams.append(exam)
        self._assess(exam)
        self.document("radiology", "exam", date, exam=exam)
        return exam

    def _assess(self, exam: Exam) -> None:
        episode = exam.episode
        if exam.purpose in ("staging", "pre_surgery"):
            exam.evolution = "Not-a-follow-up"
            return
        if episode is not None and episode.baseline is not None and exam.previous is not None:
            episode.timepoints.append(exam)
            exam.recist = recist.assess_next(episode, exam)
        if exam.recist is not None:
            exam.evolution = recist.EVOLUTION_OF.get(exam.recist["overall"], "Unknown")
        elif any(m.status == "new" for m in exam.measures):
            exam.evolution = "Progression"
        else:
            exam.evolution = "Stability"
        if exam.previous is not None and self.rng.random() < 0.03:
            exam.unknown_evolution = True  # "comparaison difficile": the report says Unknown

    # ----------------------------------------------------------------- treatments
    def record_courses(
        self, episode: Episode, parts: list[tuple[str, dt.date, dt.date | None]]
    ) -> None:
        for name, start, end in parts:
            self.patient.courses.append(
                Course(name, DRUGS[name].category, start, end, episode.number, episode)
            )

    def procedure(self, name: str, date: dt.date, site_label: str) -> Course:
        course = Course(name, PROCEDURES[name].category, date, date, None, site_label=site_label)
        self.patient.courses.append(course)
        return course

    def radiotherapy(self, start: dt.date, dose: float, fractions: int, site_label: str) -> Course:
        end = start + days(fractions * 7 // 5 - 1)
        course = Course(
            "radiothérapie", "radiotherapy", start, end, None, None, dose, fractions, site_label
        )
        self.patient.courses.append(course)
        return course

    # ----------------------------------------------------------------- advanced disease
    def line_effect(self, number: int, start: dt.date) -> disease.Effect:
        """A line's response: deeper and longer in first line, often none in later lines."""
        rng = self.rng
        roll = rng.random()
        if self.patient.profile.site == "lymphoma":
            cr, pr, sd = (0.7, 0.2, 0.0) if number == 1 else (0.35, 0.3, 0.1)
        else:
            cr, pr, sd = {1: (0.06, 0.55, 0.3), 2: (0.02, 0.3, 0.4)}.get(number, (0.0, 0.15, 0.4))
        growth = disease.untreated(start, rng).growth
        if roll < cr:
            relapse = None if rng.random() < 0.6 else rng.randint(300, 700)
            return disease.Effect(start, 0.02, relapse, growth)
        if roll < cr + pr:
            return disease.Effect(start, rng.uniform(0.3, 0.62), rng.randint(170, 420), growth)
        if roll < cr + pr + sd:
            return disease.Effect(start, rng.uniform(0.82, 1.05), rng.randint(100, 260), growth)
        return disease.Effect(start, 1.0, 0, growth)  # primary resistance

    def seed_progression(self, episode: Episode, date: dt.date) -> None:
        """Once regrowth starts: a new lesion, always when nothing visible is left to regrow."""
        from graphbuilder.synth.pathways import seed_metastasis

        ttp = self.effect.ttp or 0
        visible = any(not (lesion.gone or lesion.removed) for lesion in self.patient.lesions)
        if visible and self.rng.random() > 0.45:
            return
        latest = max(ttp, (date - episode.start).days - 5)
        born = episode.start + days(self.rng.randint(ttp, latest))
        seed_metastasis(self, born, self.rng.uniform(6, 14))

    def advanced_lines(self, start: dt.date, baseline: Exam, first_number: int = 1) -> None:
        """Lines one after another, each until progression, then supportive care and death."""
        profile = self.patient.profile
        number, date = first_number, start
        while number <= len(profile.lines) and self.alive_on(date):
            drugs = self.regimen(number)
            episode = Episode(number, "advanced", drugs, date, baseline=baseline)
            self.patient.episodes.append(episode)
            self.consult(date, "line_start", episode=episode)
            self.effect = self.line_effect(number, date)
            disease.start_effect(self.patient, self.effect)
            progression = self.follow(
                episode, region="pet" if profile.site == "lymphoma" else "tap"
            )
            self.close(episode, progression)
            if progression is None:
                return
            baseline = progression
            self.effect = disease.untreated(progression.date, self.rng)
            number += 1
            when = progression.date + days(self.rng.randint(4, 14))
            board = self.board(when, "progression", episode=episode)
            date = (board.date if board else progression.date) + days(self.rng.randint(7, 21))
        self.end_of_life(date)

    def regimen(self, number: int) -> tuple[str, ...]:
        patient = self.patient
        drugs = patient.profile.lines[number - 1]
        if patient.profile.site == "breast":
            hormone = patient.receptors.get("er") == "positive"
            her2 = patient.receptors.get("her2_status") == "positive"
            if number == 1 and not hormone:
                drugs = ("paclitaxel",)
            elif number == 1 and any(c.category == "hormone_therapy" for c in patient.courses):
                drugs = ("fulvestrant", "palbociclib")  # relapse under adjuvant hormone therapy
            if her2 and "trastuzumab" not in drugs and DRUGS[drugs[0]].category == "chemotherapy":
                drugs = (*drugs, "trastuzumab")
        return drugs

    def follow(
        self, episode: Episode, region: str, first_gap: tuple[int, int] = (56, 91)
    ) -> Exam | None:
        """Exams every 2-3 months until progression (returned) or the end of follow-up (None)."""
        date, (low, high), seeded = episode.start, first_gap, False
        modality = "PET" if region == "pet" else "CT"
        while True:
            date += days(self.rng.randint(low, high))
            low, high = 56, 91
            if not self.alive_on(date):
                return None
            ttp = self.effect.ttp
            if not seeded and ttp is not None and (date - episode.start).days > ttp + 5:
                seeded = True
                self.seed_progression(episode, date)
            if region == "pet" and len(episode.timepoints) >= 2:
                region, modality = "tap", "CT"  # after the end-of-treatment PET, CT follow-up
            exam = self.exam(date, region, modality, "follow_up", episode)
            if exam.recist is not None and exam.recist["overall"] == "PD":
                return exam
            self.consult_after(exam, episode)

    def consult_after(self, exam: Exam, episode: Episode) -> None:
        if self.rng.random() < 0.45:
            date = exam.date + days(self.rng.randint(2, 8))
            self.consult(date, "on_treatment", episode=episode, exam=exam)

    def close(self, episode: Episode, progression: Exam | None) -> None:
        """Set the end of the episode and record one structured course per drug."""
        parts: list[tuple[str, dt.date, dt.date | None]] = []
        stop = progression.date + days(self.rng.randint(2, 10)) if progression else None
        for drug in episode.drugs:
            cycles = FIXED_CYCLES.get(drug)
            cycle_days = DRUGS[drug].cycle_days or 28
            planned_end = episode.start + days(cycles * cycle_days - 1) if cycles else None
            end = stop
            if planned_end is not None and (end is None or planned_end < end):
                end = planned_end if planned_end <= self.patient.follow_up_end else None
            parts.append((drug, episode.start, end))
        ends = [end for _, _, end in parts]
        episode.end = None if any(end is None for end in ends) else max(e for e in ends if e)
        if progression is not None and episode.end is not None and episode.end >= progression.date:
            episode.end_reason = "progression"
        else:
            episode.end_reason = "completed" if episode.end else None
        self.record_courses(episode, parts)

    def end_of_life(self, date: dt.date) -> None:
        if not self.alive_on(date) or self.rng.random() > 0.7:
            return
        self.consult(date, "palliative")
        death = date + days(self.rng.randint(30, 160))
        if death <= self.patient.follow_up_end:
            self.patient.death_date = death
