"""French noun phrases for a lesion: "une lésion hépatique du segment VI", "l'ADP axillaire".

`lesion_phrase` returns a `Phrase` whose evidence slots are `noun` (the head noun: evidence of
the status "present" and of the nodal flag), `organ`, `loc` (sub-location) and `lat`
(laterality); the gold fills a lesion from whichever of them the phrase wrote. A laterality
that only the anatomy implies (lobe moyen, lingula) is not written, so it is not gold.
"""

from __future__ import annotations

import random
from typing import NamedTuple

from graphbuilder.synth.course import LesionTrack
from graphbuilder.synth.text import Lit, Phrase, compile_template


class Noun(NamedTuple):
    text: str
    feminine: bool


def _nouns(*items: tuple[str, bool]) -> tuple[Noun, ...]:
    return tuple(Noun(text, feminine) for text, feminine in items)


F, M = True, False
NOUNS: dict[str, tuple[Noun, ...]] = {
    "liver": _nouns(
        ("lésion", F),
        ("métastase", F),
        ("nodule", M),
        ("lésion secondaire", F),
        ("image nodulaire", F),
        ("lésion hypodense", F),
    ),
    "lung": _nouns(
        ("nodule", M),
        ("lésion", F),
        ("opacité nodulaire", F),
        ("métastase", F),
        ("nodule tissulaire", M),
    ),
    "lung_primary": _nouns(
        ("masse", F),
        ("tumeur", F),
        ("lésion tumorale", F),
        ("masse tissulaire", F),
        ("processus tumoral", M),
    ),
    "lymph_node": _nouns(
        ("adénopathie", F),
        ("ADP", F),
        ("ganglion", M),
        ("adénomégalie", F),
        ("ganglion tumoral", M),
    ),
    "adrenal": _nouns(
        ("nodule", M),
        ("lésion", F),
        ("métastase", F),
        ("masse", F),
        ("épaississement nodulaire", M),
    ),
    "bone": _nouns(
        ("lésion lytique", F),
        ("lésion ostéolytique", F),
        ("lésion condensante", F),
        ("métastase", F),
        ("lésion", F),
    ),
    "peritoneum": _nouns(
        ("nodule", M),
        ("implant", M),
        ("nodule de carcinose", M),
        ("lésion", F),
        ("implant tumoral", M),
    ),
    "breast": _nouns(
        ("masse", F), ("lésion", F), ("nodule", M), ("opacité", F), ("formation nodulaire", F)
    ),
}
ORGAN_ADJECTIVE: dict[str, tuple[str, str]] = {  # (masculine, feminine)
    "liver": ("hépatique", "hépatique"),
    "lung": ("pulmonaire", "pulmonaire"),
    "adrenal": ("surrénalien", "surrénalienne"),
    "bone": ("osseux", "osseuse"),
    "peritoneum": ("péritonéal", "péritonéale"),
    "breast": ("mammaire", "mammaire"),
}
STATION_FORMS: dict[str, tuple[tuple[str, str], ...]] = {  # canonical → (masc, fem) forms
    "médiastinale": (("médiastinal", "médiastinale"),),
    "hilaire": (("hilaire", "hilaire"),),
    "cervicale": (("cervical", "cervicale"), ("jugulo-carotidien", "jugulo-carotidienne")),
    "axillaire": (("axillaire", "axillaire"),),
    "sus-claviculaire": (("sus-claviculaire", "sus-claviculaire"),),
    "mammaire interne": (("mammaire interne", "mammaire interne"),),
    "lombo-aortique": (
        ("lombo-aortique", "lombo-aortique"),
        ("latéro-aortique", "latéro-aortique"),
    ),
    "mésentérique": (("mésentérique", "mésentérique"),),
    "iliaque": (
        ("iliaque externe", "iliaque externe"),
        ("iliaque primitif", "iliaque primitive"),
        ("iliaque", "iliaque"),
    ),
    "inguinale": (("inguinal", "inguinale"),),
}
SIDE = {"left": ("gauche", "gauche"), "right": ("droit", "droite")}
LOBE_ABBREVIATION = {
    ("lobe supérieur", "right"): "LSD",
    ("lobe supérieur", "left"): "LSG",
    ("lobe inférieur", "right"): "LID",
    ("lobe inférieur", "left"): "LIG",
    ("lobe moyen", "right"): "LM",
}
SEGMENT_NUMBER = {"II": 2, "III": 3, "IV": 4, "V": 5, "VI": 6, "VII": 7, "VIII": 8}

T = compile_template
_BODY = T("{art}{noun} {organ}{where}")
_NODE = T("{art}{noun} {loc}{side}")
_BREAST = T("{art}{noun} du {loc} du {organ=sein} {lat}")
_BREAST_ADJ = T("{art}{noun} {organ} {lat} ({loc})")
_ADRENAL_NOUN = T("{art}{noun} de la {organ=surrénale} {lat}")
_LIVER_WHERE = (
    T(" du segment {loc}"),
    T(" (segment {loc})"),
    T(" au segment {loc}"),
    T(" du {loc}"),
    T(" segment {loc}"),
)
_LUNG_WHERE = (
    T(" du {loc} {lat}"),
    T(" dans le {loc} {lat}"),
    T(" au niveau du {loc} {lat}"),
    T(" au sein du {loc} {lat}"),
)
_LUNG_ABBREVIATED = (T(" du {loc}"), T(" ({loc})"))
_LINGULA = T(" de la {loc}")
_SIDE_ONLY = T(" {lat}")
_BONE_WHERE = (T(" de {loc}"), T(" en {loc}"), T(" du corps vertébral de {loc}"))
_PELVIS_WHERE = (T(" du {loc}"), T(" de l'aile iliaque droite du {loc}"))
_SPLIT_SIDE = T(" {lat}")


def _article(kind: str, noun: Noun) -> str:
    vowel = noun.text[0] in "aeéiouAEIOUÉ" or noun.text == "ADP"
    if kind == "indef":
        return "une " if noun.feminine else "un "
    if kind == "def":
        return "l'" if vowel else ("la " if noun.feminine else "le ")
    if kind == "de_def":
        return "de l'" if vowel else ("de la " if noun.feminine else "du ")
    return ""


def choose_noun(rng: random.Random, lesion: LesionTrack) -> Noun:
    """The head noun (its gender decides the sentence's agreement, so it is chosen first)."""
    key = "lung_primary" if lesion.organ == "lung" and lesion.primary else lesion.organ
    nouns = NOUNS.get(key, NOUNS["liver"])
    return nouns[int(rng.random() * len(nouns))]


def lesion_phrase(
    rng: random.Random, lesion: LesionTrack, noun: Noun, article: str = "", cap: bool = False
) -> Phrase:
    """The noun phrase of `lesion`; `article` is "", "indef", "def" or "de_def"."""
    art = _article(article, noun)
    head = noun.text
    if cap:
        if art:
            art = art[0].upper() + art[1:]
        else:
            head = head[0].upper() + head[1:]
    values: dict[str, object] = {"art": Lit(art), "noun": head}
    if lesion.nodal:
        return _node(rng, lesion, noun, values)
    organ = lesion.organ
    adjective = ORGAN_ADJECTIVE.get(organ, ("", ""))[1 if noun.feminine else 0]
    values["organ"] = adjective
    if organ == "liver":
        values["where"] = _liver_where(rng, lesion)
    elif organ == "lung":
        values["where"] = _lung_where(rng, lesion)
    elif organ == "breast":
        values["loc"] = lesion.location
        values["lat"] = SIDE[lesion.laterality or "left"][0]
        if rng.random() < 0.5:
            return Phrase(_BREAST, values)
        values["organ"] = "mammaire"
        values["lat"] = SIDE[lesion.laterality or "left"][1 if noun.feminine else 0]
        return Phrase(_BREAST_ADJ, values)
    elif organ == "adrenal":
        side = SIDE[lesion.laterality or "left"]
        if rng.random() < 0.3:
            values["lat"] = side[1]
            return Phrase(_ADRENAL_NOUN, values)
        values["where"] = Phrase(_SIDE_ONLY, {"lat": side[1 if noun.feminine else 0]})
    elif organ == "bone":
        values["where"] = _bone_where(rng, lesion)
    return Phrase(_BODY, values)


def _liver_where(rng: random.Random, lesion: LesionTrack) -> Phrase:
    index = int(rng.random() * len(_LIVER_WHERE))
    segment = lesion.location or "VI"
    loc = f"S{SEGMENT_NUMBER.get(segment, 6)}" if index == 3 else segment
    return Phrase(_LIVER_WHERE[index], {"loc": loc})


def _lung_where(rng: random.Random, lesion: LesionTrack) -> Phrase:
    lobe = lesion.location or "lobe inférieur"
    side = lesion.laterality
    abbreviation = LOBE_ABBREVIATION.get((lobe, side or ""))
    if abbreviation and rng.random() < 0.3:
        # "LID" states both the lobe and the side: the same span is evidence of both
        return Phrase(_LUNG_ABBREVIATED[int(rng.random() * 2)], {"loc": abbreviation})
    if lobe == "lingula":
        return Phrase(_LINGULA, {"loc": "lingula"})
    if lobe == "lobe moyen":
        return Phrase(_LUNG_ABBREVIATED[0], {"loc": "lobe moyen"})
    words = SIDE[side or "right"][0]  # "du lobe inférieur droit": the lobe is masculine
    template = _LUNG_WHERE[int(rng.random() * len(_LUNG_WHERE))]
    return Phrase(template, {"loc": lobe, "lat": words})


def _bone_where(rng: random.Random, lesion: LesionTrack) -> Phrase:
    place = lesion.location or "L3"
    if place == "bassin":
        return Phrase(_PELVIS_WHERE[int(rng.random() * 2)], {"loc": "bassin"})
    return Phrase(_BONE_WHERE[int(rng.random() * len(_BONE_WHERE))], {"loc": place})


def _node(rng: random.Random, lesion: LesionTrack, noun: Noun, values: dict[str, object]) -> Phrase:
    forms = STATION_FORMS.get(
        lesion.location or "", ((lesion.location or "", lesion.location or ""),)
    )
    form = forms[int(rng.random() * len(forms))][1 if noun.feminine else 0]
    values["loc"] = form
    if lesion.laterality:
        values["side"] = Phrase(
            _SPLIT_SIDE, {"lat": SIDE[lesion.laterality][1 if noun.feminine else 0]}
        )
    return Phrase(_NODE, values)
