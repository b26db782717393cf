"""The "Résultats" of a radiology report: one sentence per lesion, per organ section, with gold.

Each lesion sentence records the evidence of its organ, sub-location, laterality, nodal flag,
sizes, quoted previous size (and date), status and target role, and returns the gold lesion.
"""

from __future__ import annotations

from graphbuilder.synth.course import Exam, Measure
from graphbuilder.synth.phrasing import findings as F
from graphbuilder.synth.phrasing.common import size_text
from graphbuilder.synth.phrasing.lesions import LOBE_ABBREVIATION, choose_noun, lesion_phrase
from graphbuilder.synth.render.context import Context, Gold, ev
from graphbuilder.synth.text import Bank, Evidence, Lit, Phrase, TextBuilder

_ABBREVIATIONS = frozenset(LOBE_ABBREVIATION.values())
_THORACIC_STATIONS = frozenset(
    {"médiastinale", "hilaire", "axillaire", "sus-claviculaire", "mammaire interne", "cervicale"}
)
_LESION_SLOTS = (  # slot name → (article, capitalised)
    ("lesion", "", True),
    ("lesion_bare", "", False),
    ("lesion_un", "indef", False),
    ("lesion_du", "de_def", False),
    ("lesion_le", "def", True),
)
SECTION_ORGANS = {
    "thorax": ("lung", "pleura"),
    "abdomen": ("liver", "adrenal", "peritoneum", "other"),
    "bone": ("bone",),
    "breast": ("breast",),
}


def section_of(measure: Measure, region: str) -> str:
    lesion = measure.lesion
    if region in ("breast", "mammo"):
        return "breast"
    if lesion.organ in ("lung", "breast") or (
        lesion.nodal and lesion.location in _THORACIC_STATIONS
    ):
        return "thorax"
    if lesion.organ == "bone":
        return "bone"
    return "abdomen"


def _bank_for(measure: Measure, rng_value: float) -> Bank:
    status = measure.status
    if status == "disappeared":
        return F.GONE
    if status == "too_small":
        return F.TOO_SMALL
    sized = measure.long_mm is not None or measure.short_mm is not None
    if status == "new":
        return F.NEW if sized else F.NEW_UNSIZED
    if not sized:
        return F.UNSIZED if measure.previous is not None else F.UNSIZED_FIRST
    if measure.lesion.nodal:
        return F.NODE if measure.long_mm is None else F.NODE_2D
    previous = measure.previous
    if previous is not None and previous.long_mm is not None and rng_value < 0.45:
        return F.TREND
    return F.PRESENT


def _trend(ctx: Context, measure: Measure, feminine: bool) -> str:
    previous = measure.previous
    now = measure.short_mm if measure.lesion.nodal else measure.long_mm
    before = None
    if previous is not None:
        before = previous.short_mm if measure.lesion.nodal else previous.long_mm
    if previous is None:
        key = "first"  # first description: no evolution to state
    elif now is None or before is None or before == 0:
        key = "same" if measure.true_long > 0 else "down"
    else:
        ratio = now / before
        key = "down" if ratio < 0.9 else ("up" if ratio > 1.1 else "same")
    word = ctx.choice(F.TRENDS[key])
    return word.replace("{e}", "e" if feminine else "").replace("{if}", "ive" if feminine else "if")


def _previous_clause(ctx: Context, measure: Measure, feminine: bool) -> tuple[Phrase | None, Gold]:
    """The quoted previous size, when the report quotes one; and its gold (filled on emit)."""
    previous = measure.previous
    forced = measure.quoted_previous_mm is not None  # a contradiction needs the quote written
    if previous is None or measure.status != "present" or (not forced and ctx.rng.random() > 0.75):
        return None, {}
    long, short = previous.long_mm, None
    if measure.lesion.nodal:
        if previous.long_mm is None or previous.short_mm is None:
            return None, {}
        short = previous.short_mm
    if long is None:
        return None, {}
    if measure.quoted_previous_mm is not None:
        long, short = measure.quoted_previous_mm, None
    text, stated_long, stated_short = size_text(ctx.rng, long, short)
    template = ctx.pick(F.PREVIOUS, feminine)
    values: dict[str, object] = {"prev": text}
    if "pdate" in template.slots and measure.previous_date is not None:
        values["pdate"] = ctx.date(measure.previous_date, short_ok=True)
    elif "pdate" in template.slots:
        return None, {}
    return Phrase(template, values), {"long": stated_long, "short": stated_short}


def lesion_sentence(
    ctx: Context,
    tb: TextBuilder,
    measure: Measure,
    bullet: str,
    target: tuple[str, object] | None,
    exam: Exam,
) -> Gold:
    """Write one lesion line. `target` is ("target", "Cible n°1") or ("non_target", the
    evidence of the "Lésions non cibles" header) when the report names RECIST roles."""
    rng, lesion = ctx.rng, measure.lesion
    noun = choose_noun(rng, lesion)
    template = ctx.pick(_bank_for(measure, rng.random()), noun.feminine)
    values: dict[str, object] = {}
    for slot, article, cap in _LESION_SLOTS:
        if slot in template.slots:
            values[slot] = lesion_phrase(rng, lesion, noun, article, cap)
            break
    size_gold: tuple[float | None, float | None] = (None, None)
    if "size" in template.slots:
        size_gold = _size(ctx, measure, values)
    if "trend" in template.slots:
        values["trend"] = Lit(_trend(ctx, measure, noun.feminine))
    previous_gold: Gold = {}
    if "previous" in template.slots:
        values["previous"], previous_gold = _previous_clause(ctx, measure, noun.feminine)
    target_evidence: Evidence | None = None
    if target is not None and target[0] == "target":
        target_evidence = tb.span(str(target[1]))
        tb.lit(ctx.choice((" : ", " - ", ") ", " : ")))
    else:
        tb.keep(bullet)
    found = tb.emit(template, values)
    tb.keep("\n")
    if exam.modality == "PET" and lesion.nodal and measure.status in ("present", "new"):
        active = (measure.short_mm or measure.long_mm or 0.0) >= 10.0
        suv = rng.uniform(4, 25) if active else rng.uniform(1.2, 2.8)
        tb.keep(f"  SUVmax {suv:.1f}".replace(".", ",") + "\n")
    return _gold(measure, found, size_gold, previous_gold, target, target_evidence)


def _size(
    ctx: Context, measure: Measure, values: dict[str, object]
) -> tuple[float | None, float | None]:
    if measure.lesion.nodal and measure.long_mm is None:
        text, short, _ = size_text(ctx.rng, measure.short_mm or 5.0)
        values["size"] = text
        return None, short
    long = measure.long_mm if measure.long_mm is not None else 5.0
    if measure.unit_slip:
        text, stated, _ = size_text(ctx.rng, long, unit_slip=measure.unit_slip)
        values["size"] = text
        return stated, None
    text, stated_long, stated_short = size_text(ctx.rng, long, measure.short_mm)
    values["size"] = text
    return stated_long, stated_short


def _gold(
    measure: Measure,
    found: dict[str, Evidence],
    size_gold: tuple[float | None, float | None],
    previous_gold: Gold,
    target: tuple[str, object] | None,
    target_evidence: Evidence | None,
) -> Gold:
    lesion = measure.lesion
    noun = found["noun"]
    gold: Gold = {
        "organ": ev(lesion.organ, found.get("organ") or noun),
        "nodal": ev(lesion.nodal, noun),
    }
    location = found.get("loc")
    if location is not None:
        gold["location"] = ev(lesion.location, location)
    side = found.get("lat")
    if side is None and location is not None and location["text"] in _ABBREVIATIONS:
        side = location  # "LID": lobe and side in one abbreviation
    if side is not None and lesion.laterality:
        gold["laterality"] = ev(lesion.laterality, side)
    size = found.get("size")
    if size is not None:
        if size_gold[0] is not None:
            gold["long_axis_mm"] = ev(size_gold[0], size)
        if size_gold[1] is not None:
            gold["short_axis_mm"] = ev(size_gold[1], size)
    if "prev" in found and previous_gold:
        previous: Gold = {"long_axis_mm": ev(previous_gold["long"], found["prev"])}
        if previous_gold.get("short") is not None:
            previous["short_axis_mm"] = ev(previous_gold["short"], found["prev"])
        if "pdate" in found and measure.previous_date is not None:
            previous["date"] = ev(measure.previous_date.isoformat(), found["pdate"])
        gold["previous"] = previous
    gold["status"] = ev(measure.status, found.get("status") or noun)
    if target is not None:
        role, header = target
        evidence = target_evidence if role == "target" else header
        if isinstance(evidence, dict):
            gold["target"] = ev(role, evidence)
    return gold
