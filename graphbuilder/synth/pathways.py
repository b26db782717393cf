"""Per-cancer care pathways: how a patient is diagnosed, treated and followed.

Metastatic (or advanced) disease goes straight to treatment lines; localised disease goes
through surgery or curative treatment, surveillance and, for some, a relapse that opens the
advanced lines. Sizes are in millimetres; delays in days are those of French practice.
"""

from __future__ import annotations

import datetime as dt

from graphbuilder.synth import disease
from graphbuilder.synth.course import Course, Episode, Exam, Patient
from graphbuilder.synth.profiles import (
    BREAST_QUADRANTS,
    LIVER_SEGMENTS,
    LUNG_LOBES,
    NODE_STATIONS,
    PROFILES,
    SIDED_STATIONS,
)
from graphbuilder.synth.simulate import (
    DIAGNOSIS_SPAN_DAYS,
    FIRST_DIAGNOSIS,
    Simulation,
    days,
    patient_rng,
)

_SIDES = ("left", "right")
_COLON_SITES = ("sigmoïde", "côlon droit", "côlon gauche", "côlon transverse", "rectum")
_FAMILY = (
    None,
    None,
    None,
    "mother_breast",
    "father_colon",
    "sister_breast",
    "father_lung",
    "aunt_ovary",
)


def simulate_patient(seed: int, index: int) -> Patient:
    """The whole course of patient number `index` of the corpus seeded with `seed`."""
    rng = patient_rng(seed, index)
    profile = rng.choices(PROFILES, weights=[p.weight for p in PROFILES])[0]
    diagnosis = FIRST_DIAGNOSIS + days(rng.randint(0, DIAGNOSIS_SPAN_DAYS))
    sex = "F" if rng.random() < profile.female_share else "M"
    if profile.site == "breast":
        location = rng.choice(BREAST_QUADRANTS)
    elif profile.site == "lung":
        location = rng.choice(LUNG_LOBES[:3])[0]
    elif profile.site == "colorectal":
        location = rng.choice(_COLON_SITES)
    else:
        location = rng.choice(NODE_STATIONS["lymphoma"])
    laterality = rng.choice(_SIDES) if profile.sided else None
    if location == "lobe moyen":
        laterality = "right"
    patient = Patient(
        patient_id=f"SYN{index + 1:06d}",
        index=index,
        profile=profile,
        sex=sex,
        birth_year=diagnosis.year - rng.randint(38 if profile.site == "breast" else 45, 84),
        diagnosis_date=diagnosis,
        laterality=laterality,
        primary_location=location,
        metastatic_at_diagnosis=rng.random() < profile.metastatic_share,
        follow_up_end=diagnosis + days(rng.randint(330, 1000)),
        family_history=rng.choice(_FAMILY),
    )
    if profile.site == "breast":
        patient.receptors = breast_receptors(rng)
    sim = Simulation(patient, rng)
    run_pathway(sim)
    patient.documents.sort(key=lambda doc: doc.date)
    return patient


def breast_receptors(rng: disease.random.Random) -> dict[str, object]:
    er = rng.random() < 0.75
    pr = er and rng.random() < 0.8
    ihc = rng.choices(("0", "1+", "2+", "3+"), weights=(35, 30, 20, 15))[0]
    ish = ("amplified" if rng.random() < 0.3 else "not_amplified") if ihc == "2+" else None
    her2 = {"0": "negative", "1+": "low", "3+": "positive"}.get(ihc) or (
        "positive" if ish == "amplified" else "low"
    )
    tubules, nuclei, mitoses = rng.randint(2, 3), rng.randint(1, 3), rng.randint(1, 3)
    total = tubules + nuclei + mitoses
    return {
        "er": "positive" if er else "negative",
        "er_percent": rng.choice((60, 70, 80, 90, 95, 100)) if er else 0,
        "pr": "positive" if pr else "negative",
        "pr_percent": rng.choice((10, 20, 30, 50, 70, 80)) if pr else 0,
        "her2_ihc": ihc,
        "her2_ish": ish,
        "her2_status": her2,
        "ki67": rng.choice((5, 10, 15, 20, 25, 30, 40, 50, 60)),
        "sbr": (tubules, nuclei, mitoses),
        "grade": 1 if total <= 5 else (2 if total <= 7 else 3),
    }


def seed_metastasis(sim: Simulation, born: dt.date, size: float, organ: str | None = None) -> None:
    """One metastasis in an organ the cancer spreads to (weighted), at a plausible place."""
    rng, patient = sim.rng, sim.patient
    organs = patient.profile.metastasis_organs
    if organ is None:
        organ = rng.choices([o for o, _ in organs], weights=[w for _, w in organs])[0]
    if organ == "liver":
        disease.new_lesion(
            patient, rng, organ="liver", born=born, size=size, location=rng.choice(LIVER_SEGMENTS)
        )
    elif organ == "lung":
        lobe, implied = rng.choice(LUNG_LOBES)
        disease.new_lesion(
            patient,
            rng,
            organ="lung",
            born=born,
            size=size,
            location=lobe,
            laterality=implied or rng.choice(_SIDES),
        )
    elif organ == "lymph_node":
        seed_node(sim, born, size * rng.uniform(1.0, 1.6))
    elif organ == "adrenal":
        disease.new_lesion(
            patient, rng, organ="adrenal", born=born, size=size, laterality=rng.choice(_SIDES)
        )
    elif organ == "bone":
        disease.new_lesion(
            patient,
            rng,
            organ="bone",
            born=born,
            size=size,
            location=rng.choice(("L1", "L2", "L3", "L4", "T10", "T12", "bassin")),
        )
    else:
        disease.new_lesion(patient, rng, organ=organ, born=born, size=size)


def seed_node(sim: Simulation, born: dt.date, long_axis: float) -> None:
    rng, patient = sim.rng, sim.patient
    station = rng.choice(NODE_STATIONS[patient.profile.site])
    side = None
    if station in SIDED_STATIONS:
        side = (
            patient.laterality if patient.laterality and rng.random() < 0.8 else rng.choice(_SIDES)
        )
    disease.new_lesion(
        patient,
        rng,
        organ="lymph_node",
        born=born,
        size=long_axis,
        location=station,
        laterality=side,
        nodal=True,
    )


def seed_primary(sim: Simulation, born: dt.date, size: float) -> None:
    patient = sim.patient
    organ = {"breast": "breast", "lung": "lung"}.get(patient.profile.site)
    if organ is not None:
        disease.new_lesion(
            patient,
            sim.rng,
            organ=organ,
            born=born,
            size=size,
            location=patient.primary_location,
            laterality=patient.laterality,
            primary=True,
        )


def seed_metastatic_disease(sim: Simulation, born: dt.date) -> None:
    rng = sim.rng
    site = sim.patient.profile.site
    if site == "lymphoma":
        for _ in range(rng.randint(3, 6)):
            seed_node(sim, born, rng.uniform(16, 40))
        return
    seed_primary(sim, born, rng.uniform(20, 45))
    organs = sim.patient.profile.metastasis_organs
    first = rng.choices([o for o, _ in organs], weights=[w for _, w in organs])[0]
    if first == "bone":  # keep measurable disease to follow
        first = "liver"
    for _ in range(rng.randint(1, 4 if first == "liver" else 2)):
        seed_metastasis(sim, born, rng.uniform(10, 32), first)
    if rng.random() < 0.35:
        seed_metastasis(sim, born, rng.uniform(8, 25))


def run_pathway(sim: Simulation) -> None:
    """Diagnosis work-up, then the pathway of the cancer and its stage."""
    patient, rng = sim.patient, sim.rng
    diagnosis = patient.diagnosis_date
    born = diagnosis - days(rng.randint(60, 200))
    if patient.metastatic_at_diagnosis:
        seed_metastatic_disease(sim, born)
    else:
        seed_localised_disease(sim, born)
    sim.document("pathology", "biopsy", diagnosis)
    staging_date = diagnosis + days(rng.randint(3, 15))
    region = "pet" if patient.profile.site == "lymphoma" else "tap"
    staging = sim.exam(staging_date, region, "PET" if region == "pet" else "CT", "staging")
    if patient.profile.site == "breast" and not patient.metastatic_at_diagnosis:
        sim.exam(staging_date + days(rng.randint(1, 6)), "breast", "MRI", "staging")
    board = sim.board(staging_date + days(rng.randint(5, 15)), "initial")
    start = (board.date if board else staging_date) + days(rng.randint(7, 21))
    sim.consult(start - days(rng.randint(1, 5)), "announcement")
    if patient.metastatic_at_diagnosis:
        sim.advanced_lines(start, staging)
    else:
        from graphbuilder.synth.localised import LOCALISED_PATHWAYS

        LOCALISED_PATHWAYS[patient.profile.site](sim, start)


def seed_localised_disease(sim: Simulation, born: dt.date) -> None:
    rng = sim.rng
    seed_primary(sim, born, rng.uniform(14, 48))
    if rng.random() < 0.4 and sim.patient.profile.site in ("breast", "lung"):
        seed_node(sim, born, rng.uniform(18, 30))


def plan_relapse(sim: Simulation, after: dt.date) -> dt.date | None:
    """Some localised cancers relapse: metastases start growing on a date drawn now."""
    rng, patient = sim.rng, sim.patient
    if rng.random() > patient.profile.relapse_share:
        return None
    born = after + days(rng.randint(90, 600))
    if born >= patient.follow_up_end:
        return None
    patient.relapse_date = born
    for _ in range(rng.randint(1, 3)):
        seed_metastasis(sim, born, rng.uniform(7, 14))
    return born


def relapse_work_up(sim: Simulation, purpose: str, stop: tuple[Course, ...] = ()) -> None:
    """The scan that finds the relapse, the tumour board, and the advanced lines after it.

    `stop`: ongoing courses (adjuvant hormone therapy) that end when the relapse is found.
    """
    rng, patient = sim.rng, sim.patient
    if patient.relapse_date is None:
        return
    detected = patient.relapse_date + days(rng.randint(60, 120))
    if not sim.alive_on(detected):
        return
    for course in stop:  # stopped because the disease progressed under it
        course.end = detected
        if course.episode is not None:
            course.episode.end, course.episode.end_reason = detected, "progression"
    exam = sim.exam(detected, "tap", "CT", purpose)
    board = sim.board(detected + days(rng.randint(4, 14)), "relapse")
    start = (board.date if board else detected) + days(rng.randint(7, 21))
    sim.advanced_lines(start, exam)


def surveillance(
    sim: Simulation,
    start: dt.date,
    region: str,
    gap: tuple[int, int],
    episode: Episode | None = None,
) -> Exam | None:
    """Scans (and consultations) at `gap` intervals until a relapse is seen or follow-up ends."""
    rng, date, last = sim.rng, start, None
    modality = {"tap": "CT", "mammo": "XR"}.get(region, "CT")
    while True:
        date += days(rng.randint(*gap))
        if not sim.alive_on(date) or (sim.patient.relapse_date and date > sim.patient.relapse_date):
            return last
        last = sim.exam(
            date, region, modality, "surveillance" if episode is None else "follow_up", episode
        )
        if rng.random() < 0.5:
            sim.consult(date + days(rng.randint(3, 15)), "surveillance", exam=last)
