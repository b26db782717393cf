"""Consultation letters and tumour-board (RCP) notes, with their gold Tumour and Treatments.

A note names the cancer (site, histology, side, sometimes the diagnosis date), the family
history (never gold: it is not the patient's cancer), past treatments, the current one and
what is planned. Exam results are mentioned in words only (not gold outside radiology).
"""

from __future__ import annotations

import datetime as dt

from graphbuilder.synth.course import Course, Document
from graphbuilder.synth.phrasing import notes as N
from graphbuilder.synth.phrasing.clinical import cancer_phrase
from graphbuilder.synth.phrasing.common import DOCTORS, HOSPITALS
from graphbuilder.synth.render.context import Context, Gold, tumour_gold
from graphbuilder.synth.render.treatments import group, write_active, write_past, write_planned
from graphbuilder.synth.text import Lit, Phrase, TextBuilder, compile_template

_STORY = compile_template("Histoire : {cancer_cap}{stage}{dx}.")
_STAGE = {
    True: (" métastatique", " d'emblée métastatique", " de stade IV", " métastatique"),
    False: ("", " localisé", "", " non métastatique"),
}
_LYMPHOMA_STAGE = (" de stade IV", " de stade III d'Ann Arbor", " disséminé", "", " de stade II")
_FAMILY_WHO = {
    "mother_breast": ("mère", "du sein", True),
    "sister_breast": ("sœur", "du sein", True),
    "father_colon": ("père", "colique", False),
    "father_lung": ("père", "bronchique", False),
    "aunt_ovary": ("tante", "de l'ovaire", True),
}
_EXAM_WORDS = {"CT": "scanner", "MRI": "IRM", "PET": "TEP-TDM", "XR": "bilan sénologique"}


def render_consultation(ctx: Context, doc: Document) -> tuple[str, Gold]:
    patient = ctx.patient
    tb = ctx.builder()
    gold: Gold = {"report_id": doc.report_id, "schema_version": "1"}
    service = "Hématologie clinique" if patient.profile.site == "lymphoma" else "Oncologie médicale"
    tb.lit(f"{ctx.choice(HOSPITALS)} - {service}\n")
    tb.lit(ctx.plain(N.CONSULT_TITLE))
    tb.keep("\n")
    tb.emit(ctx.pick(N.CONSULT_DATE), {"date": Lit(ctx.date(doc.date))})
    tb.keep("\n\n")
    greeting = ctx.choice(N.GREETING)
    if greeting:
        tb.lit(greeting)
        tb.keep("\n")
    _intro(ctx, tb, doc, gold)
    _background(ctx, tb)
    treatments = _treatments(ctx, tb, doc)
    _exam_mention(ctx, tb, doc)
    if doc.data.get("moment") == "palliative":
        tb.lit(ctx.choice(N.PALLIATIVE))
        tb.keep("\n")
    else:
        tb.lit(ctx.choice(N.TOLERANCE) + " " + ctx.choice(N.EXAM))
        tb.keep("\n")
        tb.lit(ctx.choice(N.PLAN))
        tb.keep("\n")
    tb.keep("\n")
    tb.emit(ctx.pick(N.SIGNATURE), {"doctor": Lit(ctx.choice(DOCTORS))})
    tb.keep("\n")
    if treatments:
        gold["treatments"] = treatments
    return tb.text(), gold


def _cancer_values(ctx: Context, doc: Document, cap: bool) -> dict[str, object]:
    patient, rng = ctx.patient, ctx.rng
    flipped = doc.data.get("laterality_flip")
    metastatic = patient.metastatic_at_diagnosis or (
        patient.relapse_date is not None and doc.date > patient.relapse_date
    )
    stages = _LYMPHOMA_STAGE if patient.profile.site == "lymphoma" else _STAGE[metastatic]
    values: dict[str, object] = {
        "cancer": cancer_phrase(rng, patient, cap=False, laterality=flipped),
        "stage": Lit(ctx.choice(stages)),
    }
    if cap:
        values["cancer_cap"] = cancer_phrase(rng, patient, cap=True, laterality=flipped)
    if rng.random() < 0.6:
        values["dx"] = Phrase(ctx.pick(N.DIAGNOSIS), {"ddate": ctx.date(patient.diagnosis_date)})
    return values


def _intro(ctx: Context, tb: TextBuilder, doc: Document, gold: Gold) -> None:
    values = _cancer_values(ctx, doc, cap=False)
    values["age"] = Lit(str(ctx.patient.age_at(doc.date)))
    found = tb.emit(ctx.pick(N.INTRO, ctx.feminine_patient), values)
    tb.keep("\n")
    tumour = tumour_gold(found, ctx.patient, doc.data.get("laterality_flip"))
    if tumour is not None:
        gold["tumours"] = [tumour]


def _background(ctx: Context, tb: TextBuilder) -> None:
    rng, patient = ctx.rng, ctx.patient
    tb.lit(ctx.choice(N.PERSONAL))
    tb.keep("\n")
    family = _FAMILY_WHO.get(patient.family_history or "")
    if family is not None:
        who, site, feminine = family
        tb.emit(
            ctx.pick(N.FAMILY, feminine),
            {
                "who": Lit(who),
                "fsite": Lit(site),
                "fage": Lit(str(rng.randint(45, 80))),
            },
        )
        tb.keep("\n")
    elif rng.random() < 0.5:
        tb.lit(ctx.choice(N.NO_FAMILY))
        tb.keep("\n")


def _split(ctx: Context, doc: Document) -> tuple[list[Course], list[Course], list[Course]]:
    """(past, active, planned) courses on the note's date; a flagged course stays active."""
    date = doc.date
    still = doc.data.get("ongoing_course")
    past, active, future = [], [], []
    for course in ctx.patient.courses:
        if course is still:
            active.append(course)
        elif course.start > date:
            future.append(course)
        elif course.end is not None and course.end < date:
            past.append(course)
        elif course.category not in ("surgery", "radiotherapy"):
            active.append(course)
    planned: list[Course] = []
    if future:
        first = min(future, key=lambda c: c.start)
        if (first.start - date).days <= 60 and first.category != "radiotherapy":
            planned = [c for c in future if c.start == first.start and c.episode is first.episode]
    return past, active, planned


def _treatments(ctx: Context, tb: TextBuilder, doc: Document) -> list[Gold]:
    past, active, planned = _split(ctx, doc)
    gold: list[Gold] = []
    if past:
        tb.lit(ctx.choice(N.HISTORY_HEADER))
        tb.keep("\n")
        gold += write_past(ctx, tb, past)
    for items in group(active):
        gold += write_active(ctx, tb, items, doc.date, starting=items[0].start == doc.date)
    if planned:
        gold += write_planned(ctx, tb, planned)
    return gold


def _exam_mention(ctx: Context, tb: TextBuilder, doc: Document) -> None:
    exam = doc.data.get("exam")
    if exam is None:
        return
    result = N.EXAM_RESULT.get(exam.evolution, "le bilan")
    see = ctx.choice(
        ("", " (cf. compte rendu)", " cf. CR joint", "", " (cf. courrier du radiologue)")
    )
    tb.lit(f"Le {_EXAM_WORDS[exam.modality]} du {ctx.date(exam.date)} montre {result}{see}.")
    tb.keep("\n")


def render_tumour_board(ctx: Context, doc: Document) -> tuple[str, Gold]:
    patient = ctx.patient
    tb = ctx.builder()
    gold: Gold = {"report_id": doc.report_id, "schema_version": "1"}
    tb.lit(f"{ctx.choice(HOSPITALS)}\n")
    tb.emit(ctx.pick(N.RCP_TITLE), {"speciality": Lit(N.SPECIALITY[patient.profile.site])})
    tb.keep("\n")
    tb.emit(ctx.pick(N.RCP_DATE), {"date": Lit(ctx.date(doc.date))})
    tb.keep("\n\n")
    sex = "Patiente" if patient.sex == "F" else "Patient"
    tb.lit(f"{sex} de {patient.age_at(doc.date)} ans. ")
    values = _cancer_values(ctx, doc, cap=True)
    found = tb.emit(_STORY, values)
    tb.keep("\n")
    tumour = tumour_gold(found, patient, doc.data.get("laterality_flip"))
    if tumour is not None:
        gold["tumours"] = [tumour]
    _background(ctx, tb)
    past, _, planned = _split(ctx, doc)
    treatments: list[Gold] = []
    if past:
        tb.lit(ctx.choice(N.HISTORY_HEADER))
        tb.keep("\n")
        treatments += write_past(ctx, tb, past)
    tb.lit(ctx.choice(N.RCP_REASON[doc.data.get("reason", "initial")]))
    tb.keep("\n")
    tb.lit(ctx.choice(N.RCP_PROPOSAL))
    tb.keep("\n")
    if planned or doc.data.get("reason") == "initial":
        planned = planned or _next_courses(ctx, doc.date)
    if planned:
        treatments += write_planned(ctx, tb, planned)
    else:
        tb.lit(ctx.choice(N.RCP_SUPPORTIVE))
        tb.keep("\n")
    tb.lit(ctx.choice(N.PARTICIPANTS))
    tb.keep("\n")
    if treatments:
        gold["treatments"] = treatments
    return tb.text(), gold


def _next_courses(ctx: Context, date: dt.date) -> list[Course]:
    """The first treatment after the board, however far (initial boards decide it)."""
    future = [c for c in ctx.patient.courses if c.start > date and c.category != "radiotherapy"]
    if not future:
        return []
    first = min(future, key=lambda c: c.start)
    return [c for c in future if c.start == first.start and c.episode is first.episode]
