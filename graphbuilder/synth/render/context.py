"""What every renderer needs: the patient, its generator, noise, phrase counting, gold helpers.

Gold records are plain dicts in the JSON shape of `ReportExtraction` (validated in tests and
with `--validate`, never in the hot loop). `ev(value, evidence)` is one `Evidenced[T]`.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from graphbuilder.synth.course import Course, Episode, Patient
from graphbuilder.synth.noise import Noise
from graphbuilder.synth.phrasing.common import format_date
from graphbuilder.synth.text import Bank, Evidence, Template, TextBuilder, Usage

Gold = dict[str, Any]


def ev(value: object, evidence: Evidence) -> dict[str, Any]:
    return {"value": value, "evidence": evidence}


class Context:
    """Rendering state of one patient's reports."""

    __slots__ = ("noise", "patient", "rng", "usage")

    def __init__(
        self,
        patient: Patient,
        rng: random.Random,
        noise: Noise | None = None,
        usage: Usage | None = None,
    ) -> None:
        self.patient = patient
        self.rng = rng
        self.noise = noise  # its own generator: noise on or off, the same words are chosen
        self.usage = usage

    def builder(self) -> TextBuilder:
        return TextBuilder(self.noise)

    def pick(self, bank: Bank, feminine: bool = False) -> Template:
        return bank.pick(self.rng, self.usage, feminine)

    def plain(self, bank: Bank) -> str:
        """A phrasing without slots (headers, technique lines), counted like the others."""
        return self.pick(bank).source

    def choice(self, options: tuple[str, ...]) -> str:
        return options[int(self.rng.random() * len(options))]

    def date(self, date: dt.date, short_ok: bool = False) -> str:
        return format_date(self.rng, date, short_ok)

    @property
    def feminine_patient(self) -> bool:
        return self.patient.sex == "F"

    # ----------------------------------------------------------------- course queries
    def courses_of(self, episode: Episode) -> list[Course]:
        return [course for course in self.patient.courses if course.episode is episode]

    def active_drugs(self, episode: Episode, date: dt.date) -> tuple[str, ...]:
        """The episode's drugs being given on `date` (EC, then paclitaxel, ...)."""
        active = tuple(
            course.name
            for course in self.courses_of(episode)
            if course.start <= date and (course.end is None or date <= course.end)
        )
        return active or episode.drugs


def tumour_gold(
    found: dict[str, Evidence], patient: Patient, laterality: str | None = None
) -> Gold | None:
    """The Tumour a cancer phrase wrote (None if the phrase named no site)."""
    site = found.get("site")
    histo = found.get("histo")
    if site is None:
        if histo is None or patient.profile.site != "lymphoma":
            return None
        site = histo  # "lymphome B diffus à grandes cellules" names the site itself
    tumour: Gold = {"site": ev(patient.profile.site, site)}
    if histo is not None:
        tumour["histology"] = ev(patient.profile.histology.label, histo)
    side = found.get("tlat") or found.get("tlatf")
    if side is not None:
        tumour["laterality"] = ev(laterality or patient.laterality, side)
    if "ddate" in found:
        tumour["diagnosis_date"] = ev(patient.diagnosis_date.isoformat(), found["ddate"])
    return tumour


def treatment_gold(
    found: dict[str, Evidence],
    drugs: tuple[str, ...],
    categories: dict[str, str],
    extra: dict[str, Any] | None = None,
) -> list[Gold]:
    """One Treatment per drug a drugs phrase wrote; `extra` adds shared fields (status, line...)."""
    treatments: list[Gold] = []
    for index, name in enumerate(drugs):
        evidence = found.get(f"drug{index}")
        if evidence is None:
            continue
        category_evidence = found["cat"] if len(drugs) == 1 and "cat" in found else evidence
        treatment: Gold = {
            "name": ev(name, evidence),
            "category": ev(categories[name], category_evidence),
        }
        if extra:
            treatment.update(extra)
        treatments.append(treatment)
    return treatments
