"""A pathology report (biopsy or surgical specimen) and its gold `PathologyResult` and Tumour.

Breast reports carry the 13 variables; colorectal and lung resections a pTNM; every report
the morphology (sometimes with its ICD-O code). Macroscopic dimensions of the specimen and
PD-L1 percentages are written too: they are not the tumour size nor the Ki-67.
"""

from __future__ import annotations

from typing import Any

from graphbuilder.synth.course import Document
from graphbuilder.synth.phrasing import pathology as P
from graphbuilder.synth.phrasing.common import DOCTORS, HOSPITALS, percent_text, size_text
from graphbuilder.synth.render.context import Context, Gold, ev, tumour_gold
from graphbuilder.synth.text import Lit, Phrase, TextBuilder, compile_template

_SIDE = {"left": ("gauche", "gauche"), "right": ("droit", "droite")}
_SPECIMEN_SITE = {
    key: tuple(compile_template(f) for f in forms) for key, forms in P.SPECIMEN_SITE.items()
}
_SPECIMEN = compile_template("{specimen} {where}")
_ICDO_SHARE = 0.5


def render_pathology(ctx: Context, doc: Document) -> tuple[str, Gold]:
    patient, rng = ctx.patient, ctx.rng
    tb = ctx.builder()
    result: Gold = {}
    gold: Gold = {"report_id": doc.report_id, "schema_version": "1"}
    tb.lit(f"{ctx.choice(HOSPITALS)} - Anatomie et cytologie pathologiques\n")
    tb.lit(ctx.plain(P.TITLE))
    tb.keep("\n")
    tb.emit(ctx.pick(P.SAMPLE_DATE), {"date": Lit(ctx.date(doc.date))})
    tb.keep(f"\nN° d'examen : H{doc.date.year % 100:02d}-{rng.randint(10000, 99999)}\n\n")
    tb.lit("Renseignements cliniques : " + _clinical(doc, patient.profile.site))
    tb.keep("\n")
    found = _specimen(ctx, tb, doc, result)
    tb.keep("\n\n")
    if doc.subtype == "surgery":
        a, b, c = rng.randint(4, 18), rng.randint(3, 10), rng.randint(2, 6)
        tb.lit(f"Examen macroscopique : pièce de {a} x {b} x {c} cm, orientée par un fil.")
        tb.keep("\n")
    tb.lit("Examen microscopique :")
    tb.keep("\n")
    found.update(_morphology(ctx, tb, result))
    site = patient.profile.site
    if site == "breast":
        _breast(ctx, tb, doc, result)
    elif doc.subtype == "surgery":
        _resection(ctx, tb, doc, result)
    if site != "breast":
        tb.lit(ctx.choice(P.EXTRAS[site]))
        tb.keep("\n")
        if site == "lymphoma":
            ki67 = rng.choice((60, 70, 80, 90))
            found_ki = tb.emit(ctx.pick(P.KI67), {"ki": percent_text(rng, ki67)})
            tb.keep("\n")
            result["ki67_percent"] = ev(float(ki67), found_ki["ki"])
    tb.keep("\n")
    summary = patient.profile.histology.forms[0] if rng.random() < 0.8 else "cf. ci-dessus"
    tb.lit(ctx.choice(P.CONCLUSION_HEADER) + " " + summary + ".")
    tb.keep("\n\n")
    tb.emit(ctx.pick(P.SIGNATURE), {"doctor": Lit(ctx.choice(DOCTORS))})
    tb.keep("\n")
    gold["pathology"] = [result]
    tumour = tumour_gold(found, patient)
    if tumour is not None:
        gold["tumours"] = [tumour]
    return tb.text(), gold


def _clinical(doc: Document, site: str) -> str:
    if doc.subtype == "surgery":
        return "pièce opératoire, cancer connu."
    return {
        "breast": "masse mammaire ACR 5, suspicion de néoplasie.",
        "colorectal": "lésion bourgeonnante à la coloscopie.",
        "lung": "masse pulmonaire, suspicion de néoplasie.",
        "lymphoma": "polyadénopathies, suspicion d'hémopathie.",
    }[site]


def _specimen(ctx: Context, tb: TextBuilder, doc: Document, result: Gold) -> dict[str, Any]:
    patient, rng = ctx.patient, ctx.rng
    site = patient.profile.site
    if doc.subtype == "biopsy":
        specimen = "node_biopsy" if site == "lymphoma" else "biopsy"
        value = "biopsy"
    else:
        procedure = doc.data.get("procedure", "")
        specimen = {"tumorectomie": "lumpectomy", "mastectomie": "mastectomy"}.get(
            procedure, "resection"
        )
        value = specimen
    key = site if doc.subtype == "biopsy" or site == "breast" else f"{site}_resection"
    forms = _SPECIMEN_SITE[key]
    values: dict[str, object] = {"procedure": Lit(doc.data.get("procedure", "colectomie"))}
    side = patient.laterality
    if side:
        values["tlat"], values["tlatf"] = _SIDE[side]
    if site == "lymphoma":
        values["loc"] = Lit(patient.primary_location)
    elif site == "colorectal":
        values["site"] = patient.primary_location  # "sigmoïde", "côlon droit", "rectum"
    where = Phrase(forms[int(rng.random() * len(forms))], values)
    written = ctx.choice(P.SPECIMEN_FORMS[specimen])
    phrase = Phrase(_SPECIMEN, {"specimen": written, "where": where})
    found = tb.emit(ctx.pick(P.SPECIMEN_LINE), {"what": phrase})
    result["specimen_type"] = ev(value, found["specimen"])
    lat = found.get("tlat") or found.get("tlatf")
    if lat is not None and side:
        result["laterality"] = ev(side, lat)
    return found


def _morphology(ctx: Context, tb: TextBuilder, result: Gold) -> dict[str, Any]:
    histology = ctx.patient.profile.histology
    written = ctx.choice(histology.forms)
    template = ctx.pick(P.MORPHOLOGY)
    values: dict[str, object] = {}
    if "morpho_cap" in template.slots:
        values["morpho_cap"] = written[0].upper() + written[1:]
    else:
        values["morpho"] = written
    if ctx.rng.random() < _ICDO_SHARE:
        values["icdo"] = Phrase(ctx.pick(P.ICDO), {"code": histology.icdo})
    found = tb.emit(template, values)
    tb.keep("\n")
    morpho = found.get("morpho") or found["morpho_cap"]
    result["morphology"] = ev(histology.label, morpho)
    if "code" in found:
        result["morphology_icdo"] = ev(histology.icdo, found["code"])
    return {"histo": morpho}


def _breast(ctx: Context, tb: TextBuilder, doc: Document, result: Gold) -> None:
    rng, receptors = ctx.rng, dict(ctx.patient.receptors)
    tubules, nuclei, mitoses = receptors["sbr"]
    grade = receptors["grade"]
    roman = rng.random() < 0.6
    found = tb.emit(
        ctx.pick(P.GRADE),
        {
            "grade": P.ROMAN[grade] if roman else str(grade),
            "tub": str(tubules),
            "nuc": str(nuclei),
            "mit": str(mitoses),
            "score": Lit(str(tubules + nuclei + mitoses)),
        },
    )
    tb.keep("\n")
    result["sbr_grade"] = ev(grade, found["grade"])
    result["sbr_tubules"] = ev(tubules, found["tub"])
    result["sbr_nuclei"] = ev(nuclei, found["nuc"])
    result["sbr_mitoses"] = ev(mitoses, found["mit"])
    if doc.subtype == "surgery":
        _surgical_breast(ctx, tb, doc, result)
    if doc.subtype == "biopsy" or doc.data.get("restate_receptors"):
        flip = doc.data.get("flip")
        if flip:
            receptors.update(flip["stated"])
        _receptors(ctx, tb, receptors, result)


def _receptors(ctx: Context, tb: TextBuilder, receptors: dict[str, Any], result: Gold) -> None:
    rng = ctx.rng
    for prefix, bank, status, percent in (
        ("er", P.ER, "er", "er_percent"),
        ("pr", P.PR, "pr", "pr_percent"),
    ):
        found = tb.emit(
            ctx.pick(bank),
            {
                f"{prefix}stat": ctx.choice(P.RECEPTOR_WORDS[receptors[status]]),
                f"{prefix}pct": percent_text(rng, receptors[percent]),
            },
        )
        tb.keep("\n")
        result[f"{prefix}_status"] = ev(receptors[status], found[f"{prefix}stat"])
        result[percent] = ev(float(receptors[percent]), found[f"{prefix}pct"])
    ish = receptors.get("her2_ish")
    values: dict[str, object] = {
        "ihc": receptors["her2_ihc"],
        "her2": ctx.choice(P.HER2_WORDS[receptors["her2_status"]]),
    }
    if ish:
        values["ish"] = ctx.choice(P.ISH_WORDS[ish])
    found = tb.emit(ctx.pick(P.HER2_ISH if ish else P.HER2), values)
    tb.keep("\n")
    result["her2_status"] = ev(receptors["her2_status"], found["her2"])
    result["her2_ihc"] = ev(receptors["her2_ihc"], found["ihc"])
    if ish:
        result["her2_ish"] = ev(ish, found["ish"])
    found = tb.emit(ctx.pick(P.KI67), {"ki": percent_text(rng, receptors["ki67"])})
    tb.keep("\n")
    result["ki67_percent"] = ev(float(receptors["ki67"]), found["ki"])


def _surgical_breast(ctx: Context, tb: TextBuilder, doc: Document, result: Gold) -> None:
    rng = ctx.rng
    size = round(doc.data["size"])
    prefix = "yp" if doc.data.get("neoadjuvant") else "p"
    if size < 3:
        tb.lit(ctx.choice(P.NO_RESIDUAL))
        tb.keep("\n")
        t = "0"
    else:
        text, stated, _ = size_text(rng, float(size))
        found = tb.emit(ctx.pick(P.SIZE), {"size": text})
        tb.keep("\n")
        result["tumour_size_mm"] = ev(stated, found["size"])
        t = (
            "1a"
            if size <= 5
            else "1b"
            if size <= 10
            else "1c"
            if size <= 20
            else "2"
            if size <= 50
            else "3"
        )
    _common_surgical(ctx, tb, doc, result, breast=True)
    positive = doc.data["nodes_positive"]
    n = "0" if positive == 0 else "1a" if positive <= 3 else "2a" if positive <= 9 else "3a"
    sentinel = doc.data["nodes_examined"] <= 4
    _tnm(ctx, tb, result, prefix, t, n, "(sn)" if sentinel else "")


def _resection(ctx: Context, tb: TextBuilder, doc: Document, result: Gold) -> None:
    rng, site = ctx.rng, ctx.patient.profile.site
    size = max(5, round(doc.data["size"]))
    text, stated, _ = size_text(rng, float(size))
    found = tb.emit(ctx.pick(P.SIZE), {"size": text})
    tb.keep("\n")
    result["tumour_size_mm"] = ev(stated, found["size"])
    _common_surgical(ctx, tb, doc, result, breast=False)
    positive = doc.data["nodes_positive"]
    if site == "lung":
        t = (
            "1a"
            if size <= 10
            else "1b"
            if size <= 20
            else "1c"
            if size <= 30
            else "2a"
            if size <= 40
            else "2b"
            if size <= 50
            else "3"
        )
        n = "0" if positive == 0 else "1"
    else:
        t = rng.choice(("2", "3", "3", "3", "4a"))
        n = "0" if positive == 0 else "1a" if positive == 1 else "1b" if positive <= 3 else "2a"
    _tnm(ctx, tb, result, "p", t, n, "")


def _common_surgical(
    ctx: Context, tb: TextBuilder, doc: Document, result: Gold, breast: bool
) -> None:
    rng = ctx.rng
    lvi = rng.random() < (0.3 + 0.3 * (doc.data["nodes_positive"] > 0))
    found = tb.emit(ctx.pick(P.LVI[lvi]))
    tb.keep("\n")
    result["lymphovascular_invasion"] = ev(lvi, found["lvi"])
    clear = rng.random() < 0.92
    found = tb.emit(ctx.pick(P.MARGINS[clear]))
    tb.keep("\n")
    result["margins_clear"] = ev(clear, found["margins"])
    positive, examined = doc.data["nodes_positive"], doc.data["nodes_examined"]
    examined = max(examined, positive)
    found = tb.emit(ctx.pick(P.NODES), {"npos": str(positive), "nexam": str(examined)})
    tb.keep("\n")
    result["nodes_examined"] = ev(examined, found["nexam"])
    result["nodes_positive"] = ev(positive, found["npos"])
    if breast and positive > 0:
        spread = rng.random() < 0.3
        found = tb.emit(ctx.pick(P.ECS[spread]))
        tb.keep("\n")
        result["extracapsular_spread"] = ev(spread, found["ecs"])


def _tnm(
    ctx: Context, tb: TextBuilder, result: Gold, prefix: str, t: str, n: str, suffix: str
) -> None:
    roll = ctx.rng.random()
    if roll < 0.4:
        text = f"{prefix}T{t}N{n}{suffix}"
    elif roll < 0.7:
        text = f"{prefix}T{t} N{n}{suffix}"
    else:
        text = f"{prefix}T{t} pN{n}{suffix}"
    found = tb.emit(ctx.pick(P.TNM), {"tnm": text})
    tb.keep("\n")
    result["tnm"] = ev({"prefix": prefix, "t": t, "n": n}, found["tnm"])
