"""Pathways of localised cancers: surgery or curative treatment, surveillance, relapse.

Colorectal: colectomy, adjuvant FOLFOX or XELOX when nodes are involved, CT every 3-6 months.
Breast: neoadjuvant EC then paclitaxel (with trastuzumab when HER2 is positive) for HER2+,
triple-negative and some others, with MRI evaluation; lumpectomy or mastectomy; adjuvant
chemotherapy when not given before; radiotherapy; hormone therapy when ER is positive;
yearly mammography. Lung: lobectomy, or concurrent chemoradiotherapy (60-66 Gy).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from graphbuilder.synth import disease
from graphbuilder.synth.course import Course, Episode
from graphbuilder.synth.pathways import plan_relapse, relapse_work_up, surveillance
from graphbuilder.synth.profiles import DRUGS
from graphbuilder.synth.simulate import Simulation, days

_SIDE_FR = {"left": "gauche", "right": "droit"}


def fixed_course(
    sim: Simulation, episode: Episode, drug: str, start: dt.date, cycles: int
) -> dt.date:
    """Record `cycles` cycles of `drug` from `start`; returns the planned last day."""
    end = start + days(cycles * (DRUGS[drug].cycle_days or 28) - 1)
    recorded = end if end <= sim.patient.follow_up_end else None
    sim.patient.courses.append(Course(drug, DRUGS[drug].category, start, recorded, None, episode))
    return end


def resect(sim: Simulation, organs: tuple[str, ...], date: dt.date) -> dict[str, float]:
    """Remove the primary (and regional nodes); returns the sizes the pathologist will find."""
    disease.advance(sim.patient, sim.effect, date)
    found = {"size": 0.0, "nodes": 0.0}
    for lesion in sim.patient.lesions:
        if lesion.born <= date and (lesion.organ in organs or lesion.nodal) and not lesion.removed:
            if lesion.primary:
                found["size"] = lesion.size
            elif lesion.nodal and not lesion.gone:
                found["nodes"] += 1
            lesion.removed = True
    return found


def colorectal(sim: Simulation, start: dt.date) -> None:
    rng, patient = sim.rng, sim.patient
    surgery = start + days(rng.randint(5, 30))
    if patient.primary_location == "rectum":  # preoperative (chemo)radiotherapy
        dose, fractions = rng.choice(((50.0, 25), (50.0, 25), (25.0, 5)))
        rt = sim.radiotherapy(start, dose, fractions, "rectum")
        delay = rng.randint(42, 70) if fractions == 25 else rng.randint(5, 14)
        surgery = (rt.end or start) + days(delay)
    name = "proctectomie" if patient.primary_location == "rectum" else "colectomie"
    sim.procedure(name, surgery, patient.primary_location)
    positive = 0 if rng.random() < 0.55 else rng.randint(1, 5)
    sim.document(
        "pathology",
        "surgery",
        surgery + days(rng.randint(6, 14)),
        size=rng.uniform(20, 65),
        nodes_examined=rng.randint(12, 28),
        nodes_positive=positive,
        procedure=name,
    )
    sim.consult(surgery + days(rng.randint(18, 30)), "post_surgery", procedure=name)
    if positive:
        drug = rng.choice(("FOLFOX", "XELOX"))
        begin = surgery + days(rng.randint(35, 56))
        episode = Episode(None, "adjuvant", (drug,), begin)
        patient.episodes.append(episode)
        end = fixed_course(sim, episode, drug, begin, 12 if drug == "FOLFOX" else 8)
        episode.end, episode.end_reason = end, "completed"
        sim.consult(begin, "line_start", episode=episode)
        sim.consult(begin + days(rng.randint(80, 100)), "on_treatment", episode=episode)
    plan_relapse(sim, surgery)
    surveillance(sim, surgery + days(60), "tap", (90, 180))
    relapse_work_up(sim, "surveillance")


def breast(sim: Simulation, start: dt.date) -> None:
    rng, patient = sim.rng, sim.patient
    receptors = patient.receptors
    her2 = receptors["her2_status"] == "positive"
    triple_negative = receptors["er"] == "negative" and receptors["pr"] == "negative" and not her2
    side = _SIDE_FR.get(patient.laterality or "", "")
    neoadjuvant = her2 or triple_negative or rng.random() < 0.2
    chemo_end: dt.date | None = None
    if neoadjuvant:
        surgery, chemo_end = _neoadjuvant(sim, start, her2)
    else:
        surgery = start + days(rng.randint(7, 28))
    name = "mastectomie" if rng.random() < 0.3 else "tumorectomie"
    sim.procedure(name, surgery, f"sein {side}")
    found = resect(sim, ("breast",), surgery)
    axillary = found["nodes"] > 0
    sim.document(
        "pathology",
        "surgery",
        surgery + days(rng.randint(7, 14)),
        size=found["size"],
        nodes_examined=rng.randint(10, 18) if axillary else rng.randint(1, 4),
        nodes_positive=int(found["nodes"]) + (rng.randint(0, 2) if axillary else 0),
        procedure=name,
        neoadjuvant=neoadjuvant,
        restate_receptors=rng.random() < 0.5,
    )
    sim.consult(surgery + days(rng.randint(20, 35)), "post_surgery", procedure=name)
    if not neoadjuvant and (axillary or rng.random() < 0.25):
        chemo_end = _chemotherapy(sim, surgery + days(rng.randint(28, 42)), her2, "adjuvant")
    hormone = _radiotherapy_and_hormones(sim, surgery, max(surgery, chemo_end or surgery), name)
    # A relapse ends the hormone therapy it is found under: it grows once that has begun, or
    # the therapy would end before it starts.
    plan_relapse(sim, hormone.start if hormone is not None else surgery)
    surveillance(sim, surgery + days(120), "mammo", (300, 400))
    relapse_work_up(sim, "staging", stop=(hormone,) if hormone is not None else ())


def _radiotherapy_and_hormones(
    sim: Simulation, surgery: dt.date, after: dt.date, procedure: str
) -> Course | None:
    """Adjuvant radiotherapy, then hormone therapy when ER is positive (returned: it goes on)."""
    rng, patient = sim.rng, sim.patient
    side = _SIDE_FR.get(patient.laterality or "", "")
    dose, fractions = rng.choice(((50.0, 25), (50.0, 25), (40.0, 15), (26.0, 5)))
    target = "paroi thoracique" if procedure == "mastectomie" else "sein"
    rt = sim.radiotherapy(after + days(rng.randint(28, 49)), dose, fractions, f"{target} {side}")
    rt_end = rt.end or rt.start
    sim.consult(rt_end + days(rng.randint(10, 30)), "after_radiotherapy", course=rt)
    if patient.receptors["er"] != "positive":
        return None
    drug = "letrozole" if patient.age_at(surgery) >= 55 else "tamoxifen"
    begin = rt_end + days(rng.randint(7, 28))
    episode = Episode(None, "adjuvant", (drug,), begin)
    patient.episodes.append(episode)
    hormone = Course(drug, "hormone_therapy", begin, None, None, episode)
    patient.courses.append(hormone)
    return hormone


def _neoadjuvant(sim: Simulation, start: dt.date, her2: bool) -> tuple[dt.date, dt.date]:
    """EC then paclitaxel before surgery, evaluated by MRI; returns (surgery, chemo end)."""
    rng, patient = sim.rng, sim.patient
    complete = rng.random() < (0.35 if her2 else 0.12)
    sim.effect = disease.Effect(
        start,
        0.02 if complete else rng.uniform(0.25, 0.75),
        None,
        disease.untreated(start, rng).growth,
    )
    disease.start_effect(patient, sim.effect)
    drugs = ("EC", "paclitaxel", "trastuzumab") if her2 else ("EC", "paclitaxel")
    episode = Episode(None, "neoadjuvant", drugs, start, baseline=sim.last_exam.get("breast"))
    patient.episodes.append(episode)
    end = _chemotherapy(sim, start, her2, "neoadjuvant", episode)
    sim.exam(start + days(rng.randint(70, 84)), "breast", "MRI", "follow_up", episode)
    sim.exam(end + days(rng.randint(7, 20)), "breast", "MRI", "pre_surgery")
    surgery = end + days(rng.randint(21, 42))
    return surgery, end


def _chemotherapy(
    sim: Simulation, start: dt.date, her2: bool, intent: str, episode: Episode | None = None
) -> dt.date:
    """4 EC every 3 weeks, then 12 weekly paclitaxel (+ one year of trastuzumab)."""
    rng, patient = sim.rng, sim.patient
    if episode is None:
        drugs = ("EC", "paclitaxel", "trastuzumab") if her2 else ("EC", "paclitaxel")
        episode = Episode(None, intent, drugs, start)
        patient.episodes.append(episode)
    ec_end = fixed_course(sim, episode, "EC", start, 4)
    taxane_start = ec_end + days(1)
    end = fixed_course(sim, episode, "paclitaxel", taxane_start, 12)
    if her2:
        fixed_course(sim, episode, "trastuzumab", taxane_start, 18)
    episode.end, episode.end_reason = end, "completed"
    sim.consult(start, "line_start", episode=episode)
    sim.consult(taxane_start + days(rng.randint(20, 40)), "on_treatment", episode=episode)
    return end


def lung(sim: Simulation, start: dt.date) -> None:
    """Lobectomy (60 %) or concurrent chemoradiotherapy, then surveillance."""
    if sim.rng.random() < 0.6:
        _lobectomy(sim, start)
    else:
        _chemoradiotherapy(sim, start)


def _lobectomy(sim: Simulation, start: dt.date) -> None:
    rng, patient = sim.rng, sim.patient
    surgery = start + days(rng.randint(7, 30))
    sim.exam(surgery - days(rng.randint(8, 20)), "pet", "PET", "pre_surgery")
    side = _SIDE_FR.get(patient.laterality or "", "")
    sim.procedure("lobectomie", surgery, f"{patient.primary_location} {side}".strip())
    found = resect(sim, ("lung",), surgery)
    sim.document(
        "pathology",
        "surgery",
        surgery + days(rng.randint(7, 14)),
        size=found["size"],
        nodes_examined=rng.randint(6, 20),
        nodes_positive=int(found["nodes"]),
        procedure="lobectomie",
    )
    sim.consult(surgery + days(rng.randint(20, 35)), "post_surgery", procedure="lobectomie")
    plan_relapse(sim, surgery)
    surveillance(sim, surgery + days(60), "tap", (90, 180))
    relapse_work_up(sim, "surveillance")


def _chemoradiotherapy(sim: Simulation, start: dt.date) -> None:
    rng, patient = sim.rng, sim.patient
    baseline = sim.last_exam.get("tap")
    episode = Episode(None, "curative", ("carboplatin-pemetrexed",), start, baseline=baseline)
    patient.episodes.append(episode)
    relapse = rng.choice((None, rng.randint(200, 600)))
    growth = disease.untreated(start, rng).growth
    sim.effect = disease.Effect(start, rng.uniform(0.3, 0.75), relapse, growth)
    disease.start_effect(patient, sim.effect)
    end = fixed_course(sim, episode, "carboplatin-pemetrexed", start, 4)
    dose, fractions = rng.choice(((60.0, 30), (66.0, 33)))
    sim.radiotherapy(start + days(rng.randint(0, 14)), dose, fractions, "thorax")
    episode.end, episode.end_reason = end, "completed"
    sim.consult(start, "line_start", episode=episode)
    progression = sim.follow(episode, "tap")
    if progression is None:
        return
    board = sim.board(progression.date + days(rng.randint(4, 14)), "progression", episode=episode)
    sim.effect = disease.untreated(progression.date, rng)
    begin = (board.date if board else progression.date) + days(rng.randint(7, 21))
    sim.advanced_lines(begin, progression)


LOCALISED_PATHWAYS: dict[str, Callable[[Simulation, dt.date], None]] = {
    "colorectal": colorectal,
    "breast": breast,
    "lung": lung,
}
