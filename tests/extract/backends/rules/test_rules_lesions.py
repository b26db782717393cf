"""Radiology lesions: organ, place, side, node or not, axes, earlier size, status, role.

Each case is a French sentence, then the expected fields of its single lesion as
(value, quoted text). Every evidence is also checked to quote the report at its offsets.
"""

from __future__ import annotations

from typing import Any

import pytest

from graphbuilder.extract.model import Lesion
from tests.extract.backends.rules.conftest import Extract
from tests.extract.backends.rules.support import shown


def only_lesion(extract: Extract, text: str) -> Lesion:
    radiology = extract(text).radiology
    assert radiology is not None
    assert len(radiology.lesions) == 1, radiology.lesions
    return radiology.lesions[0]


LESIONS: list[tuple[str, dict[str, Any]]] = [
    (
        "Lésion du segment VI de 25 mm.",
        {
            "organ": ("liver", "segment VI"),
            "location": ("VI", "segment VI"),
            "long_axis_mm": (25.0, "25 mm"),
            "nodal": (False, "Lésion"),
            "status": ("present", "Lésion"),
        },
    ),
    (
        "Nodule du lobe supérieur droit mesurant 2,5 cm.",
        {
            "organ": ("lung", "lobe supérieur droit"),
            "location": ("lobe supérieur", "lobe supérieur droit"),
            "laterality": ("right", "lobe supérieur droit"),
            "long_axis_mm": (25.0, "2,5 cm"),
        },
    ),
    (
        "Nodule du LID de 8\u00a0mm.",
        {
            "organ": ("lung", "LID"),
            "location": ("lobe inférieur", "LID"),
            "laterality": ("right", "LID"),
            "long_axis_mm": (8.0, "8\u00a0mm"),
        },
    ),
    (
        "Adénopathie axillaire gauche de 15 x 12 mm.",
        {
            "organ": ("lymph_node", "Adénopathie"),
            "nodal": (True, "Adénopathie"),
            "location": ("axillaire", "axillaire"),
            "laterality": ("left", "gauche"),
            "long_axis_mm": (15.0, "15 x 12 mm"),
            "short_axis_mm": (12.0, "15 x 12 mm"),
        },
    ),
    (
        "ADP sus-claviculaire G de 18 mm.",
        {
            "organ": ("lymph_node", "ADP"),
            "location": ("sus-claviculaire", "sus-claviculaire"),
            "laterality": ("left", "G"),
            "long_axis_mm": (18.0, "18 mm"),
        },
    ),
    (
        "Masse surrénalienne droite de 18x22mm.",
        {
            "organ": ("adrenal", "surrénalienne"),
            "laterality": ("right", "droite"),
            "long_axis_mm": (22.0, "18x22mm"),
            "short_axis_mm": (18.0, "18x22mm"),
        },
    ),
    (
        "Métastase du dôme hépatique de 30 × 24 mm.",
        {
            "organ": ("liver", "dôme hépatique"),
            "location": ("dôme", "dôme hépatique"),
            "long_axis_mm": (30.0, "30 × 24 mm"),
            "short_axis_mm": (24.0, "30 × 24 mm"),
        },
    ),
    (
        "Lésion du seg. VIII de 12-13 mm.",
        {"location": ("VIII", "seg. VIII"), "long_axis_mm": (12.5, "12-13 mm")},
    ),
    (
        "Lésion hépatique S7 de 14 mm.",
        {"organ": ("liver", "S7"), "location": ("VII", "S7"), "long_axis_mm": (14.0, "14 mm")},
    ),
    (
        "Adénopathie médiastinale 4R de 12 mm de petit axe.",
        {"location": ("4R", "4R"), "short_axis_mm": (12.0, "12 mm"), "long_axis_mm": None},
    ),
    (
        "Adénopathie hilaire droite (10R) de 21 x 15 mm.",
        {
            "location": ("10R", "10R"),
            "laterality": ("right", "droite"),
            "long_axis_mm": (21.0, "21 x 15 mm"),
        },
    ),
    (
        "Lésion lytique de L3 de 20 mm.",
        {"organ": ("bone", "lytique"), "location": ("L3", "L3"), "long_axis_mm": (20.0, "20 mm")},
    ),
    (
        "Nodule de carcinose péritonéale de 16 mm.",
        {"organ": ("peritoneum", "carcinose"), "long_axis_mm": (16.0, "16 mm")},
    ),
    (
        "Masse de la tête du pancréas de 2,8 x 2,4 cm.",
        {
            "organ": ("pancreas", "tête du pancréas"),
            "location": ("tête", "tête du pancréas"),
            "long_axis_mm": (28.0, "2,8 x 2,4 cm"),
            "short_axis_mm": (24.0, "2,8 x 2,4 cm"),
        },
    ),
    (
        "Sein gauche : masse du quadrant supéro-externe de 24 mm.",
        {
            "organ": ("breast", "quadrant supéro-externe"),
            "location": ("QSE", "quadrant supéro-externe"),
            "laterality": ("left", "gauche"),
        },
    ),
    (
        "Foie :\n- segment IVa : 9 mm.",
        {
            "organ": ("liver", "segment IVa"),
            "location": ("IVa", "segment IVa"),
            "long_axis_mm": (9.0, "9 mm"),
        },
    ),
    (
        "Foie : lésion hypodense de 17 mm.",
        {"organ": ("liver", "Foie"), "long_axis_mm": (17.0, "17 mm")},
    ),
    (
        "Lésion cérébrale frontale droite de 11 mm.",
        {"organ": ("brain", "cérébrale"), "laterality": ("right", "droite")},
    ),
]


@pytest.mark.parametrize(("text", "expected"), LESIONS, ids=[text for text, _ in LESIONS])
def test_a_lesion_is_read_with_its_evidence(
    extract: Extract, text: str, expected: dict[str, Any]
) -> None:
    lesion = only_lesion(extract, text)
    for field, value in expected.items():
        assert shown(getattr(lesion, field)) == value, field


EARLIER: list[tuple[str, tuple[float, str], tuple[str, str] | None]] = [
    ("Lésion du segment VI mesurant 22 mm, mesurée antérieurement à 18 mm.", (18.0, "18 mm"), None),
    (
        "Nodule du LSD de 14 mm contre 18 mm le 12/03/2024.",
        (18.0, "18 mm"),
        ("2024-03-12", "12/03/2024"),
    ),
    ("Nodule du LSD de 14 mm contre 18 mm le 12/03.", (18.0, "18 mm"), ("2024-03-12", "12/03")),
    ("Lésion du segment IVb de 20 mm (18 mm).", (18.0, "18 mm"), None),
    ("Lésion du segment II de 16 mm, jusque-là de 12 mm.", (12.0, "12 mm"), None),
    ("Nodule du LM de 9 mm (précédemment 6 mm).", (6.0, "6 mm"), None),
    ("Adénopathie coeliaque passant de 18 à 25 mm.", (18.0, "18"), None),
    ("Lésion du segment V de 31 mm vs 35 mm.", (35.0, "35 mm"), None),
]


@pytest.mark.parametrize(("text", "size", "date"), EARLIER, ids=[t for t, _, _ in EARLIER])
def test_the_size_a_report_quotes_for_an_earlier_exam(
    extract: Extract, text: str, size: tuple[float, str], date: tuple[str, str] | None
) -> None:
    lesion = only_lesion(extract, text)
    assert lesion.previous is not None
    assert shown(lesion.previous.long_axis_mm) == size
    found = shown(lesion.previous.date)
    assert (None if found is None else (found[0].isoformat(), found[1])) == date


EARLIER_OF_A_SHORT_AXIS = [
    (
        "Ganglion hilaire droit de 0,8 cm (petit axe) versus 1,5 x 1,1 cm le 30/06/2018.",
        ((15.0, "1,5 x 1,1 cm"), (11.0, "1,5 x 1,1 cm"), ("2018-06-30", "30/06/2018")),
    ),
    (
        "Adénopathie médiastinale (18 mm de petit axe), mesurée antérieurement à 33 × 26 mm.",
        ((33.0, "33 × 26 mm"), (26.0, "33 × 26 mm"), None),
    ),
    ("Adénopathie médiastinale de 6 mm de petit axe, contre 8 mm.", None),
]


@pytest.mark.parametrize(
    ("text", "earlier"), EARLIER_OF_A_SHORT_AXIS, ids=[t for t, _ in EARLIER_OF_A_SHORT_AXIS]
)
def test_the_earlier_size_of_a_node_measured_by_its_short_axis(
    extract: Extract, text: str, earlier: tuple[Any, Any, Any] | None
) -> None:
    """An earlier size with both axes says which is the short one; a lone one beside a
    current short axis is most likely a short axis too, which the model cannot keep."""
    lesion = only_lesion(extract, text)
    assert lesion.long_axis_mm is None and lesion.short_axis_mm is not None
    if earlier is None:
        assert lesion.previous is None
        return
    assert lesion.previous is not None
    found = shown(lesion.previous.date)
    assert (
        shown(lesion.previous.long_axis_mm),
        shown(lesion.previous.short_axis_mm),
        None if found is None else (found[0].isoformat(), found[1]),
    ) == earlier


def test_passing_from_one_size_to_another_keeps_the_later_one_as_current(extract: Extract) -> None:
    lesion = only_lesion(extract, "Adénopathie coeliaque passant de 18 à 25 mm.")
    assert shown(lesion.long_axis_mm) == (25.0, "25 mm")


STATUSES = [
    ("Apparition d'un nodule du segment III de 9 mm.", ("new", "Apparition")),
    ("Nouvelle lésion du segment V de 7 mm.", ("new", "Nouvelle")),
    ("Disparition de l'adénopathie sus-claviculaire droite.", ("disappeared", "Disparition")),
    ("L'adénopathie hilaire gauche n'est plus visible.", ("disappeared", "n'est plus visible")),
    ("La lésion du segment II n'est pas retrouvée.", ("disappeared", "n'est pas retrouvée")),
    (
        "Le nodule du segment VII est trop petit pour être mesuré.",
        ("too_small", "trop petit pour être mesuré"),
    ),
    ("Nodule du LSG de 11 mm, stable.", ("present", "Nodule")),
    ("Nodule hépatique en nette diminution, non mesurable.", ("too_small", "non mesurable")),
    ("Adénomégalie médiastinale : disparition complète.", ("disappeared", "disparition")),
]


@pytest.mark.parametrize(("text", "status"), STATUSES, ids=[t for t, _ in STATUSES])
def test_the_lesion_status(extract: Extract, text: str, status: tuple[str, str]) -> None:
    assert shown(only_lesion(extract, text).status) == status


ROLES = [
    ("Cible 1 : segment VI, 32 mm.", ("target", "Cible")),
    ("Lésion non cible du segment IVa de 9 mm.", ("non_target", "non cible")),
    ("Lésions cibles :\n- segment VIII : 21 mm.", ("target", "Lésions cibles")),
    ("Lésions non cibles :\n- nodule du LID de 6 mm.", ("non_target", "Lésions non cibles")),
]


@pytest.mark.parametrize(("text", "role"), ROLES, ids=[t for t, _ in ROLES])
def test_target_and_non_target_wording(extract: Extract, text: str, role: tuple[str, str]) -> None:
    assert shown(only_lesion(extract, text).target) == role


def roles(extract: Extract, text: str) -> list[tuple[str, str] | None]:
    """Each lesion's role as quoted, in report order."""
    radiology = extract(text).radiology
    assert radiology is not None
    return [shown(lesion.target) for lesion in radiology.lesions]


def test_a_line_opening_with_a_short_target_label_is_a_target(extract: Extract) -> None:
    text = (
        "Cible 1 - Masse du QSI du sein gauche : 30 mm.\n"
        "C2 : Ganglion axillaire gauche mesurant 28 x 21 mm.\n"
    )
    assert roles(extract, text) == [("target", "Cible"), ("target", "C2")]


def test_a_cervical_vertebra_is_no_target_label_in_a_report_without_targets(
    extract: Extract,
) -> None:
    assert roles(extract, "C5 : lésion lytique du corps vertébral de 12 mm.\n") == [None]


def test_a_non_target_list_without_bullets_runs_to_the_next_heading(extract: Extract) -> None:
    text = (
        "Cible 1 : Ganglion médiastinal de 15 mm de petit axe.\n"
        "Non cibles :\n"
        "Ganglion cervical gauche : non retrouvé.\n"
        "Le nodule du lobe inférieur droit n'est plus visible.\n"
        "Apparition d'un nodule du lobe supérieur gauche de 6 mm.\n"
        "À l'étage abdominal :\n"
        "Lésion du segment VI de 12 mm.\n"
    )
    assert roles(extract, text) == [
        ("target", "Cible"),
        ("non_target", "Non cibles"),
        ("non_target", "Non cibles"),
        None,  # a new lesion is no item of a list of known ones
        None,  # below the next heading
    ]


def test_a_list_of_lesions_gives_one_lesion_per_item(extract: Extract) -> None:
    text = "Foie :\n- segment VI : 26 mm, contre 19 mm ;\n- segment VIII : 21 mm (15 mm) ;\n"
    radiology = extract(text).radiology
    assert radiology is not None
    assert [(shown(x.location), shown(x.long_axis_mm)) for x in radiology.lesions] == [
        (("VI", "segment VI"), (26.0, "26 mm")),
        (("VIII", "segment VIII"), (21.0, "21 mm")),
    ]
    assert [shown(x.previous.long_axis_mm) for x in radiology.lesions if x.previous] == [
        (19.0, "19 mm"),
        (15.0, "15 mm"),
    ]


def test_two_sizes_for_two_nodules_in_one_sentence(extract: Extract) -> None:
    radiology = extract("Deux nodules du LSD de 12 et 8 mm.").radiology
    assert radiology is not None
    assert [shown(x.long_axis_mm) for x in radiology.lesions] == [(12.0, "12"), (8.0, "8")]


MEASURED_WORDINGS = [
    ("Adénomégalie inguinale gauche (31 mm de petit axe).", (None, (31.0, "31 mm"))),
    ("Adénomégalie médiastinale de 8 mm (petit axe).", (None, (8.0, "8 mm"))),
    (
        "Nodule hépatique (segment III) de taille stable (19 x 14,5 mm), contre 1,9 cm.",
        ((19.0, "19 x 14,5 mm"), (14.5, "19 x 14,5 mm")),
    ),
    (
        "Métastase hépatique du segment IV de taille stable : 1,5 cm, contre 1,4 cm.",
        ((15.0, "1,5 cm"), None),
    ),
]


@pytest.mark.parametrize(("text", "axes"), MEASURED_WORDINGS)
def test_node_synonyms_and_stable_sizes_are_measured(
    extract: Extract, text: str, axes: tuple[Any, Any]
) -> None:
    """ "Adénomégalie" is no "adénome"; "de taille stable (19 mm)" is no organ's normal size."""
    lesion = only_lesion(extract, text)
    assert (shown(lesion.long_axis_mm), shown(lesion.short_axis_mm)) == axes


def test_places_describing_a_measured_lesions_surroundings_are_not_more_lesions(
    extract: Extract,
) -> None:
    lesion = only_lesion(
        extract,
        "Poumons : la masse du lobe supérieur droit mesure 30 x 24 mm, entourée de plages de "
        "verre dépoli du lobe supérieur droit et du segment apical du lobe inférieur droit.",
    )
    assert shown(lesion.location) == ("lobe supérieur", "lobe supérieur droit")
    assert shown(lesion.long_axis_mm) == (30.0, "30 x 24 mm")


def test_a_singular_noun_then_two_measured_places_is_two_lesions(extract: Extract) -> None:
    radiology = extract("Lésion du segment VI de 20 mm et du segment VII de 15 mm.").radiology
    assert radiology is not None
    assert [(shown(x.location), shown(x.long_axis_mm)) for x in radiology.lesions] == [
        (("VI", "segment VI"), (20.0, "20 mm")),
        (("VII", "segment VII"), (15.0, "15 mm")),
    ]


def test_the_conclusion_repeating_a_lesion_does_not_double_it(extract: Extract) -> None:
    text = (
        "Résultats :\nApparition d'une lésion du segment VII de 12 mm.\n\n"
        "Conclusion :\nNouvelle métastase du segment VII."
    )
    radiology = extract(text).radiology
    assert radiology is not None
    (lesion,) = radiology.lesions
    assert shown(lesion.long_axis_mm) == (12.0, "12 mm")
    assert shown(lesion.status) == ("new", "Apparition")


NOT_A_LESION = [
    "Pas de nodule pulmonaire.",
    "Absence d'adénopathie médiastinale de plus de 10 mm.",
    "Pas de lésion osseuse ni de nodule pulmonaire suspect de 5 mm.",
    "Kyste biliaire du segment VI de 12 mm.",
    "Nodule calcifié du LSD de 4 mm, séquellaire.",
    "Ganglions axillaires d'aspect réactionnel de 8 mm.",
    "Suspicion de lésion du segment III de 8 mm.",
    "Antécédent de métastase du segment VI de 20 mm réséquée.",
    "Rate de taille normale (11 cm).",
    "Épanchement pleural de 15 mm.",
    "Reconstructions en coupes de 1,25 mm.",
    "Stabilité des lésions hépatiques.",
]


@pytest.mark.parametrize("text", NOT_A_LESION)
def test_negated_hypothetical_historical_or_benign_findings_are_not_lesions(
    extract: Extract, text: str
) -> None:
    radiology = extract(text).radiology
    assert radiology is None or radiology.lesions == []


def test_two_alike_items_of_one_list_are_two_lesions(extract: Extract) -> None:
    text = (
        "Résultats :\n• ADP médiastinale : disparition complète.\n"
        "• ADP médiastinale : non retrouvée.\n\n"
        "NON CIBLES :\nAdénopathie latéro-aortique : disparition complète.\n"
        "Adénopathie latéro-aortique disparue.\nDisparition de l'ADP latéro-aortique.\n"
        "L'adénopathie latéro-aortique n'est plus visible.\n\n"
        "Conclusion :\n- Disparition de l'ADP médiastinale."
    )
    radiology = extract(text).radiology
    assert radiology is not None
    assert [shown(x.status) for x in radiology.lesions] == [
        ("disappeared", "disparition"),
        ("disappeared", "non retrouvée"),
        ("disappeared", "disparition"),
        ("disappeared", "disparue"),
        ("disappeared", "Disparition"),
        ("disappeared", "n'est plus visible"),
    ]


def test_a_status_before_a_target_labels_noun_is_the_lesions(extract: Extract) -> None:
    lesion = only_lesion(extract, "Cible 1 : Plus d'individualisation du ganglion inguinal.")
    assert shown(lesion.status) == ("disappeared", "Plus d'individualisation")
    assert shown(lesion.target) == ("target", "Cible")


def test_a_lesion_named_again_on_its_own_line_without_news_is_the_same(extract: Extract) -> None:
    text = "Foie :\nLésion du segment VI de 25 mm.\nLa lésion du segment VI est nécrotique."
    assert shown(only_lesion(extract, text).long_axis_mm) == (25.0, "25 mm")
