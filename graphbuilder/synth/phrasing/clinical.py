"""Phrases every kind of report shares: the cancer ("un adénocarcinome du sigmoïde") and
treatments ("FOLFOX + bévacizumab", "hormonothérapie par létrozole").

Evidence slots: `histo`, `site`, `tlat` (a Tumour); `drug0`..`drug2` and `cat` (Treatments:
`cat` is the category word, written only before a single drug).
"""

from __future__ import annotations

import random

from graphbuilder.synth.course import Patient
from graphbuilder.synth.profiles import DRUGS
from graphbuilder.synth.text import Phrase, Template, compile_template

T = compile_template
SIDE_MASCULINE = {"left": "gauche", "right": "droit"}

_SITE_FORMS: dict[str, tuple[str, ...]] = {
    "sigmoïde": ("du {site=sigmoïde}", "{site=sigmoïdien}", "du {site=côlon sigmoïde}"),
    "côlon droit": ("du {site=côlon droit}", "{site=colique droit}", "du {site=côlon} droit"),
    "côlon gauche": ("du {site=côlon gauche}", "{site=colique gauche}", "du {site=côlon} gauche"),
    "côlon transverse": ("du {site=côlon transverse}", "{site=colique} transverse"),
    "rectum": ("du {site=rectum}", "{site=rectal}", "du {site=moyen rectum}"),
}
_CANCER = {
    "colorectal": (
        "{histo} {where}",
        "{histo} {where}",
        "cancer {where}",
        "{histo} {site=colique}",
        "cancer {site=colorectal}",
    ),
    "breast": (
        "{histo} du {site=sein} {tlat}",
        "cancer du {site=sein} {tlat}",
        "{histo} {site=mammaire} {tlat}",
        "carcinome du {site=sein} {tlat}",
        "{histo} du {site=sein} {tlat} ({quadrant})",
    ),
    "lung": (
        "{histo} {site=pulmonaire} {tlat}",
        "{histo} {site=bronchique} {tlat}",
        "cancer {site=bronchique} non à petites cellules ({histo})",
        "{histo} {site=pulmonaire} du {lobe} {tlat}",
        "carcinome {site=bronchopulmonaire} non à petites cellules de type {histo}",
    ),
    "lymphoma": ("{histo}", "{histo}", "{histo}", "{histo}", "{histo}"),
}


def _pair(source: str) -> tuple[Template, Template]:
    """A template and its sentence-initial form (first letter upper-cased when literal)."""
    capitalised = source if source.startswith("{") else source[0].upper() + source[1:]
    return T(source), T(capitalised)


_COMPILED = {site: tuple(_pair(source) for source in sources) for site, sources in _CANCER.items()}
_WHERE = {location: tuple(T(form) for form in forms) for location, forms in _SITE_FORMS.items()}


def cancer_phrase(
    rng: random.Random, patient: Patient, cap: bool = False, laterality: str | None = None
) -> Phrase:
    """The patient's cancer as a noun phrase without article (its head noun is masculine).

    `laterality` overrides the patient's side (a laterality-flip contradiction): the phrase
    then always writes a side.
    """
    profile = patient.profile
    templates = _COMPILED[profile.site]
    if laterality is not None:
        templates = tuple(pair for pair in templates if "tlat" in pair[0].slots)
    plain, capitalised = templates[int(rng.random() * len(templates))]
    forms = profile.histology.forms
    histology = forms[int(rng.random() * len(forms))]
    if cap and plain.source.startswith("{histo}"):
        histology = histology[0].upper() + histology[1:]
    values: dict[str, object] = {"histo": histology}
    if profile.site == "colorectal":
        where = _WHERE.get(patient.primary_location, _WHERE["sigmoïde"])
        values["where"] = Phrase(where[int(rng.random() * len(where))], {})
    elif patient.laterality:
        values["tlat"] = SIDE_MASCULINE[laterality or patient.laterality]
        values["quadrant"] = patient.primary_location
        values["lobe"] = patient.primary_location
    return Phrase(capitalised if cap else plain, values)


# ----------------------------------------------------------------------------- treatments
_CATEGORY_WORDS = {
    "chemotherapy": ("chimiothérapie", "chimiothérapie"),
    "immunotherapy": ("immunothérapie", "immunothérapie"),
    "hormone_therapy": ("hormonothérapie", "hormonothérapie"),
    "targeted": ("thérapie ciblée", "traitement ciblé"),
}
_ONE = (T("{drug0}"), T("{drug0}"), T("{cat} par {drug0}"))
_TWO = (
    T("{drug0}-{drug1}"),
    T("{drug0} + {drug1}"),
    T("{drug0} et {drug1}"),
    T("{drug0} associé au {drug1}"),
)
_THREE = (
    T("{drug0} puis {drug1} + {drug2}"),
    T("{drug0} puis {drug1} et {drug2}"),
    T("{drug0}, {drug1} et {drug2}"),
)


def drug_form(rng: random.Random, name: str) -> str:
    forms = DRUGS[name].forms
    return forms[int(rng.random() * len(forms))]


def drugs_phrase(
    rng: random.Random, drugs: tuple[str, ...], cap: bool = False
) -> tuple[Phrase, dict[str, str]]:
    """(phrase, written form per drug) naming `drugs`; cap upper-cases the first letter."""
    written = {name: drug_form(rng, name) for name in drugs}
    values: dict[str, object] = {f"drug{i}": written[name] for i, name in enumerate(drugs)}
    if len(drugs) == 1:
        template = _ONE[int(rng.random() * len(_ONE))]
        if template.slots == {"cat", "drug0"}:
            words = _CATEGORY_WORDS.get(DRUGS[drugs[0]].category)
            if words is None:
                template = _ONE[0]
            else:
                values["cat"] = words[int(rng.random() * 2)]
    elif len(drugs) == 2:
        template = _TWO[int(rng.random() * len(_TWO))]
        if template is _TWO[3] and written[drugs[1]][0] in "AEIOUaeiouéÉ":
            template = _TWO[1]
    else:
        template = _THREE[int(rng.random() * len(_THREE))]
    if cap:
        first = "cat" if "cat" in values else "drug0"
        text = str(values[first])
        values[first] = text[0].upper() + text[1:]
    return Phrase(template, values), written
