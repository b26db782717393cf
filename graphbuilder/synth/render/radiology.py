"""A radiology report (CT, MRI, PET, mammography) and its gold `RadiologyFindings`.

Layout: hospital, title (modality), exam date, indication (follow-up or not, the cancer, the
treatment under evaluation), technique, comparison (dates), results per organ, conclusion
(stated evolution, sometimes a RECIST category, "pas de nouvelle lésion"), signature.
"""

from __future__ import annotations

from graphbuilder.synth.course import Document, Exam, Measure
from graphbuilder.synth.phrasing import findings as F
from graphbuilder.synth.phrasing import radiology as R
from graphbuilder.synth.phrasing.clinical import cancer_phrase, drugs_phrase
from graphbuilder.synth.phrasing.common import DOCTORS, HOSPITALS, line_text
from graphbuilder.synth.profiles import DRUGS
from graphbuilder.synth.recist import select_targets
from graphbuilder.synth.render.context import Context, Gold, ev, treatment_gold, tumour_gold
from graphbuilder.synth.render.findings import SECTION_ORGANS, lesion_sentence, section_of
from graphbuilder.synth.text import Lit, Phrase, TextBuilder, compile_template

_TREATMENT = compile_template("{drugs}{line}")
_LINE = compile_template(" ({line})")
_CATEGORIES = {name: drug.category for name, drug in DRUGS.items()}
_LABELS = {
    "CT": ("TDM", "scanner", "TDM TAP", "scanner TAP"),
    "MRI": ("bilan IRM", "contrôle IRM"),
    "PET": ("TEP-TDM", "TEP-scanner"),
    "XR": ("bilan sénologique", "bilan mammographique"),
}
_ORGAN_WORDS = {
    "liver": "hépatique",
    "lung": "pulmonaire",
    "lymph_node": "ganglionnaire",
    "bone": "osseuse",
    "adrenal": "surrénalienne",
    "peritoneum": "péritonéale",
    "breast": "mammaire",
}


def render_radiology(ctx: Context, doc: Document, second_version: bool = False) -> tuple[str, Gold]:
    exam = doc.exam
    assert exam is not None
    tb = ctx.builder()
    gold: Gold = {"report_id": doc.report_id, "schema_version": "1"}
    radiology: Gold = {}
    if second_version:
        tb.keep(f"ADDENDUM - compte rendu modifié le {ctx.date(exam.date)}\n")
    tb.lit(f"{ctx.choice(HOSPITALS)} - Service d'imagerie médicale\n")
    found = tb.emit(ctx.pick(R.TITLES[exam.modality]))
    radiology["modality"] = ev(exam.modality, found["modality"])
    tb.keep("\n")
    found = tb.emit(ctx.pick(R.EXAM_DATE), {"date": ctx.date(exam.date)})
    radiology["exam_date"] = ev(exam.date.isoformat(), found["date"])
    tb.keep("\n\n")
    follow_evidence = _indication(ctx, tb, exam, gold, radiology)
    tb.keep("\n")
    tb.lit(ctx.plain(R.TECHNIQUE[exam.modality]))
    tb.keep("\n")
    _comparison(ctx, tb, exam, radiology)
    tb.keep("\n\n")
    lesions, no_new = _results(ctx, tb, exam, second_version)
    radiology["lesions"] = lesions
    tb.keep("\n")
    _conclusion(ctx, tb, exam, radiology, follow_evidence, no_new)
    tb.keep("\n\n")
    tb.emit(ctx.pick(R.SIGNATURE), {"doctor": Lit(ctx.choice(DOCTORS))})
    tb.keep("\n")
    gold["radiology"] = radiology
    return tb.text(), gold


def _indication(ctx: Context, tb: TextBuilder, exam: Exam, gold: Gold, radiology: Gold) -> object:
    tb.lit(ctx.plain(R.INDICATION_HEADER))
    episode = exam.episode
    under_treatment = episode is not None and (episode.end is None or exam.date <= episode.end)
    if exam.purpose == "staging":
        template = ctx.pick(R.STAGING)
    elif exam.purpose == "pre_surgery":
        template = ctx.pick(R.PRE_SURGERY)
    else:
        template = ctx.pick(R.FOLLOW_UP if under_treatment else R.FOLLOW_UP_PLAIN)
    values: dict[str, object] = {}
    if "cancer" in template.slots:
        values["cancer"] = cancer_phrase(ctx.rng, ctx.patient)
    if "cancer_cap" in template.slots:
        values["cancer_cap"] = cancer_phrase(ctx.rng, ctx.patient, cap=True)
    drugs: tuple[str, ...] = ()
    line_number = None
    if "treatment" in template.slots and episode is not None:
        drugs = ctx.active_drugs(episode, exam.date)
        phrase, _ = drugs_phrase(ctx.rng, drugs)
        line = None
        if episode.number is not None and ctx.rng.random() < 0.4:
            line = Phrase(_LINE, {"line": line_text(ctx.rng, episode.number)})
            line_number = episode.number
        values["treatment"] = Phrase(_TREATMENT, {"drugs": phrase, "line": line})
    found = tb.emit(template, values)
    radiology["is_follow_up"] = ev(exam.purpose not in ("staging", "pre_surgery"), found["follow"])
    tumour = tumour_gold(found, ctx.patient)
    if tumour is not None:
        gold["tumours"] = [tumour]
    if drugs:
        extra: Gold = {}
        if line_number is not None:
            extra["line"] = ev(line_number, found["line"])
        if "under" in found:  # "Réévaluation sous FOLFOX": the patient is on it
            extra["status"] = ev("ongoing", found["under"])
        gold["treatments"] = treatment_gold(found, drugs, _CATEGORIES, extra)
    return found["follow"]


def _comparison(ctx: Context, tb: TextBuilder, exam: Exam, radiology: Gold) -> None:
    previous = exam.previous
    if previous is None:
        tb.lit(ctx.plain(R.NO_COMPARISON))
        radiology["comparison_dates"] = []
        return
    baseline = exam.episode.baseline if exam.episode is not None else None
    two = baseline is not None and baseline.date < previous.date and ctx.rng.random() < 0.3
    values: dict[str, object] = {
        "label": Lit(ctx.choice(_LABELS[previous.modality])),
        "cdate": ctx.date(previous.date),
    }
    if two and baseline is not None:
        values["cdate2"] = ctx.date(baseline.date)
    found = tb.emit(ctx.pick(R.COMPARISON_TWO if two else R.COMPARISON), values)
    dates = [ev(previous.date.isoformat(), found["cdate"])]
    if "cdate2" in found and baseline is not None:
        dates.append(ev(baseline.date.isoformat(), found["cdate2"]))
    radiology["comparison_dates"] = dates


def _roles(ctx: Context, exam: Exam) -> dict[str, int] | None:
    """Target numbering when this report names targets (about a third of assessed exams)."""
    episode = exam.episode
    if exam.recist is None or episode is None or episode.baseline is None:
        return None
    if ctx.rng.random() > 0.3:
        return None
    targets = select_targets(episode.baseline)
    return {key: index + 1 for index, key in enumerate(targets)} or None


def _results(
    ctx: Context, tb: TextBuilder, exam: Exam, second_version: bool
) -> tuple[list[Gold], bool]:
    tb.lit(ctx.plain(R.RESULTS_HEADER))
    tb.keep("\n")
    roles = _roles(ctx, exam)
    sections: dict[str, list[Measure]] = {}
    for measure in exam.measures:
        sections.setdefault(section_of(measure, exam.region), []).append(measure)
    order = ("breast",) if exam.region in ("breast", "mammo") else ("thorax", "abdomen", "bone")
    lesions: list[Gold] = []
    bullet = ctx.choice(F.BULLETS)
    for name in order:
        measures = sections.get(name, [])
        tb.lit(ctx.choice(F.SECTION[name]))
        tb.keep("\n")
        if roles:  # targets first, then new lesions, then the non-targets under their header
            measures = sorted(measures, key=lambda m: _role_order(m, roles))
        header = None
        for measure in measures:
            target: tuple[str, object] | None = None
            if roles and measure.lesion.key in roles:
                label = ctx.choice(F.TARGET_FORMS).replace("{k}", str(roles[measure.lesion.key]))
                target = ("target", label)
            elif roles and measure.status != "new":
                if header is None:
                    header = tb.emit(ctx.pick(F.NON_TARGET_HEADER))["nontarget"]
                    tb.keep("\n")
                target = ("non_target", header)
            gold = lesion_sentence(ctx, tb, measure, bullet, target, exam)
            if not second_version:
                measure.gold_index = len(lesions)
            lesions.append(gold)
        _negatives(ctx, tb, name, measures)
    no_new = exam.previous is not None and not any(m.status == "new" for m in exam.measures)
    if ctx.rng.random() < 0.12:
        tb.lit(ctx.choice(F.HYPOTHESIS))
        tb.keep("\n")
    return lesions, no_new


def _role_order(measure: Measure, roles: dict[str, int]) -> tuple[int, int]:
    if measure.lesion.key in roles:
        return (0, roles[measure.lesion.key])
    return (1, 0) if measure.status == "new" else (2, 0)


def _negatives(ctx: Context, tb: TextBuilder, section: str, measures: list[Measure]) -> None:
    """Normal organs of the section (one at least when the section has no lesion)."""
    involved = {m.lesion.organ for m in measures}
    organs = [organ for organ in SECTION_ORGANS.get(section, ()) if organ not in involved]
    if section == "thorax" and not any(m.lesion.nodal for m in measures):
        organs.append("lymph_node")
    for rank, organ in enumerate(organs[:2]):
        if (rank == 0 and not measures) or ctx.rng.random() < 0.7:
            tb.lit(ctx.choice(F.NEGATIVE[organ]))
            tb.keep("\n")


def _conclusion(
    ctx: Context, tb: TextBuilder, exam: Exam, radiology: Gold, follow: object, no_new: bool
) -> None:
    tb.lit(ctx.plain(R.CONCLUSION_HEADER))
    tb.keep("\n")
    stated = exam.stated_evolution or ("Unknown" if exam.unknown_evolution else exam.evolution)
    values: dict[str, object] = {}
    if exam.purpose in ("staging", "pre_surgery"):
        bank = R.EVOLUTION[exam.purpose]
        summary = _summary(exam)
        values = {"summary": Lit(summary), "summary_cap": Lit(summary[0].upper() + summary[1:])}
    elif exam.stated_evolution is None and exam.recist is None and stated == "Stability":
        bank = R.EVOLUTION["surveillance"]
    elif exam.stated_evolution is None and exam.recist is None and stated == "Progression":
        bank = R.EVOLUTION["relapse"]
    elif (
        stated == "Response"
        and exam.recist
        and exam.recist["overall"] == "CR"
        and not exam.stated_evolution
    ):
        bank = R.EVOLUTION["Response_complete"]
    else:
        bank = R.EVOLUTION[stated]
    found = tb.emit(ctx.pick(bank), values)
    radiology["stated_evolution"] = ev(stated, found["evo"])
    tb.keep("\n")
    if no_new and ctx.rng.random() < 0.6:
        found = tb.emit(ctx.pick(F.NO_NEW))
        radiology["no_new_lesion"] = ev(True, found["nonew"])
        tb.keep("\n")
    recist = exam.recist
    if (
        recist is not None
        and recist["overall"] in R.RECIST_FORMS
        and exam.stated_evolution is None
        and not exam.unknown_evolution
        and ctx.rng.random() < 0.3
    ):
        found = tb.emit(
            ctx.pick(R.RECIST), {"recist": ctx.choice(R.RECIST_FORMS[recist["overall"]])}
        )
        radiology["stated_recist"] = ev(recist["overall"], found["recist"])
        tb.keep("\n")


def _summary(exam: Exam) -> str:
    organs = []
    for measure in exam.measures:
        word = _ORGAN_WORDS.get(measure.lesion.organ)
        if word and word not in organs and not measure.lesion.primary:
            organs.append(word)
    if not organs:
        return "pas de lésion secondaire à distance"
    if organs == ["ganglionnaire"]:
        return "atteinte ganglionnaire"
    return (
        "atteinte secondaire "
        + ", ".join(organs[:-1])
        + (" et " if len(organs) > 1 else "")
        + organs[-1]
    )
