"""Treatments: regimens, drugs, surgery and radiotherapy with their course, as notes write them."""

from __future__ import annotations

from typing import Any

import pytest

from graphbuilder.core.vocabulary import ReportKind
from graphbuilder.extract.model import Treatment
from tests.extract.backends.rules.conftest import Extract
from tests.extract.backends.rules.support import shown


def treatments(extract: Extract, text: str) -> dict[str, Treatment]:
    found = extract(text, ReportKind.CONSULTATION).treatments
    return {treatment.name.value: treatment for treatment in found}


def status_by_treatment(extract: Extract, text: str) -> dict[tuple[str, Any], str | None]:
    """(name, line) → status of each treatment a consultation letter names."""
    found = extract(text, ReportKind.CONSULTATION).treatments
    return {
        (t.name.value, t.line.value if t.line else None): t.status.value if t.status else None
        for t in found
    }


def show_dates(treatment: Treatment) -> tuple[Any, Any]:
    def one(field: Any) -> tuple[str, str] | None:
        return None if field is None else (field.value.isoformat(), field.evidence.text)

    return one(treatment.start), one(treatment.end)


NAMES = [
    ("Patient sous FOLFOX depuis janvier.", "FOLFOX", ("chemotherapy", "FOLFOX")),
    ("Chimiothérapie par mFOLFOX6.", "FOLFOX", ("chemotherapy", "mFOLFOX6")),
    (
        "Reprise d'une immunothérapie par pembrolizumab.",
        "pembrolizumab",
        ("immunotherapy", "pembrolizumab"),
    ),
    ("Traitement par Keytruda.", "pembrolizumab", ("immunotherapy", "Keytruda")),
    ("Nivolumab toutes les deux semaines.", "nivolumab", ("immunotherapy", "Nivolumab")),
    (
        "Trastuzumab emtansine (T-DM1) en 2e ligne.",
        "trastuzumab emtansine",
        ("targeted", "Trastuzumab emtansine"),
    ),
    ("Protocole FOLFIRINOX modifié.", "FOLFIRINOX", ("chemotherapy", "FOLFIRINOX modifié")),
    ("Bévacizumab associé.", "bevacizumab", ("targeted", "Bévacizumab")),
    ("Hormonothérapie par tamoxifène.", "tamoxifen", ("hormone_therapy", "tamoxifène")),
    ("Anti-aromatase au long cours.", "aromatase inhibitor", ("hormone_therapy", "Anti-aromatase")),
    ("Cure d'EC 100.", "EC", ("chemotherapy", "EC 100")),
    ("Mastectomie totale gauche.", "mastectomy", ("surgery", "Mastectomie totale")),
    (
        "Duodénopancréatectomie céphalique.",
        "pancreaticoduodenectomy",
        ("surgery", "Duodénopancréatectomie céphalique"),
    ),
    (
        "Radiothérapie adjuvante du sein.",
        "radiotherapy",
        ("radiotherapy", "Radiothérapie adjuvante"),
    ),
    (
        "Chimiothérapie adjuvante, sans précision du protocole.",
        "chemotherapy",
        ("chemotherapy", "Chimiothérapie adjuvante"),
    ),
]


@pytest.mark.parametrize(("text", "name", "category"), NAMES, ids=[t for t, _, _ in NAMES])
def test_treatment_names_and_categories(
    extract: Extract, text: str, name: str, category: tuple[str, str]
) -> None:
    found = treatments(extract, text)
    assert list(found) == [name]
    assert shown(found[name].category) == category


def test_two_chemotherapy_drugs_joined_are_one_regimen(extract: Extract) -> None:
    found = treatments(extract, "Carboplatine-paclitaxel du 2 au 5 mars 2024.")
    assert list(found) == ["carboplatin-paclitaxel"]
    assert found["carboplatin-paclitaxel"].name.evidence.text == "Carboplatine-paclitaxel"
    assert show_dates(found["carboplatin-paclitaxel"]) == (
        ("2024-03-02", "2 au 5 mars 2024"),
        ("2024-03-05", "5 mars 2024"),
    )


def test_a_regimen_with_a_targeted_drug_stays_two_treatments(extract: Extract) -> None:
    found = treatments(extract, "2e ligne par FOLFIRI + bévacizumab.")
    assert sorted(found) == ["FOLFIRI", "bevacizumab"]
    assert shown(found["FOLFIRI"].line) == (2, "2e ligne")
    assert shown(found["bevacizumab"].line) == (2, "2e ligne")


COURSES: list[tuple[str, str, str, Any]] = [
    ("Patient sous FOLFOX depuis le 12/01/2024.", "FOLFOX", "status", ("ongoing", "sous")),
    ("Patient sous FOLFOX depuis le 12/01/2024.", "FOLFOX", "start", ("2024-01-12", "12/01/2024")),
    (
        "Pembrolizumab débuté le 3 mars 2024.",
        "pembrolizumab",
        "start",
        ("2024-03-03", "3 mars 2024"),
    ),
    ("C3 de FOLFOX le 12/03/2024, bonne tolérance.", "FOLFOX", "cycle", (3, "C3")),
    ("Arrêt du XELOX le 15/05/2024 pour toxicité.", "XELOX", "status", ("stopped", "Arrêt")),
    ("Arrêt du XELOX le 15/05/2024 pour toxicité.", "XELOX", "end", ("2024-05-15", "15/05/2024")),
    (
        "Paclitaxel hebdomadaire terminé le 05/09/2023.",
        "paclitaxel",
        "status",
        ("completed", "terminé"),
    ),
    ("Létrozole à débuter.", "letrozole", "status", ("planned", "à débuter")),
    (
        "Docétaxel en deuxième ligne, C1 prévue le 28/05/2024.",
        "docetaxel",
        "line",
        (2, "deuxième ligne"),
    ),
    (
        "Docétaxel en deuxième ligne, C1 prévue le 28/05/2024.",
        "docetaxel",
        "start",
        ("2024-05-28", "28/05/2024"),
    ),
    ("FOLFIRI en cours (C14).", "FOLFIRI", "cycle", (14, "C14")),
    ("Pembrolizumab en 1re ligne depuis mars.", "pembrolizumab", "line", (1, "1re ligne")),
    (
        "Carboplatine-pémétrexed : 1re cure ce jour.",
        "carboplatin-pemetrexed",
        "cycle",
        (1, "1re cure"),
    ),
    ("Après 6 cures de R-CHOP, rémission complète.", "R-CHOP", "cycle", (6, "6 cures")),
    ("Tumorectomie gauche le 03/10/2023.", "lumpectomy", "start", ("2023-10-03", "03/10/2023")),
    ("Radiothérapie de 50 Gy en 25 fractions.", "radiotherapy", "dose_gy", (50.0, "50 Gy")),
    ("Radiothérapie de 50 Gy en 25 fractions.", "radiotherapy", "fractions", (25, "25 fractions")),
    (
        "Radiothérapie stéréotaxique 5 x 5 Gy sur la lésion.",
        "stereotactic radiotherapy",
        "dose_gy",
        (25.0, "5 x 5 Gy"),
    ),
    (
        "Radiothérapie du 13/11/2023 au 15/12/2023, 50 Gy.",
        "radiotherapy",
        "end",
        ("2023-12-15", "15/12/2023"),
    ),
]


@pytest.mark.parametrize(
    ("text", "name", "field", "expected"), COURSES, ids=[f"{f}: {t}" for t, _, f, _ in COURSES]
)
def test_the_course_of_a_treatment(
    extract: Extract, text: str, name: str, field: str, expected: Any
) -> None:
    value = getattr(treatments(extract, text)[name], field)
    shown_value = shown(value)
    if shown_value is not None and hasattr(shown_value[0], "isoformat"):
        shown_value = (shown_value[0].isoformat(), shown_value[1])
    assert shown_value == expected


def test_a_proposition_of_the_tumour_board_is_planned(extract: Extract) -> None:
    text = "Proposition de la RCP :\nFOLFOX + bévacizumab en première ligne."
    found = treatments(extract, text)
    assert shown(found["FOLFOX"].status) == ("planned", "Proposition")
    assert shown(found["FOLFOX"].line) == (1, "première ligne")


def test_a_drug_given_in_two_lines_is_two_treatments(extract: Extract) -> None:
    text = (
        "Première ligne par FOLFOX + bévacizumab arrêtée pour progression. "
        "Deuxième ligne par FOLFIRI + bévacizumab en cours."
    )
    found = extract(text, ReportKind.CONSULTATION).treatments
    lines = sorted((t.name.value, t.line.value if t.line else None) for t in found)
    assert lines == [("FOLFIRI", 2), ("FOLFOX", 1), ("bevacizumab", 1), ("bevacizumab", 2)]


def test_a_drug_named_again_without_a_line_continues_its_regimens_line(extract: Extract) -> None:
    text = (
        "La première ligne par FOLFOX + bévacizumab a été arrêtée en octobre 2023. "
        "La deuxième ligne par FOLFIRI-bévacizumab est en cours depuis le 21/11/2023.\n\n"
        "Conduite à tenir : Poursuite du FOLFIRI-bévacizumab au même rythme."
    )
    status = status_by_treatment(extract, text)
    assert status == {
        ("FOLFOX", 1): "stopped",
        ("bevacizumab", 1): "stopped",
        ("FOLFIRI", 2): "ongoing",
        ("bevacizumab", 2): "ongoing",
    }


NOT_A_TREATMENT = [
    "Pas d'indication à une chimiothérapie adjuvante.",
    "En cas de progression, discuter une immunothérapie par nivolumab.",
    "Sa mère a été traitée par tamoxifène.",
    "Neuropathie de grade 1 à l'oxaliplatine.",
    "Bilan avec échographie et ACE.",
    "Traitement par FOLFOX non envisageable.",
]


@pytest.mark.parametrize("text", NOT_A_TREATMENT)
def test_negated_hypothetical_family_or_side_effect_mentions_are_not_treatments(
    extract: Extract, text: str
) -> None:
    assert treatments(extract, text) == {}


def test_a_past_treatment_stays_a_treatment_of_the_patient(extract: Extract) -> None:
    found = treatments(extract, "Antécédent de tumorectomie droite en 2015.")
    assert list(found) == ["lumpectomy"]


def test_a_drug_named_again_in_another_regimen_is_not_merged_into_its_first_line(
    extract: Extract,
) -> None:
    text = (
        "Première ligne par FOLFOX + bévacizumab arrêtée en mars 2021. "
        "Initiation de FOLFIRI associé au bévacizumab le 27/05/2021 : C1."
    )
    status = status_by_treatment(extract, text)
    assert status[("bevacizumab", 1)] == "stopped"
    assert status[("bevacizumab", None)] == status[("FOLFIRI", None)] == "ongoing"


STATUS_WORDING = [
    ("Initiation de carboplatine-pémétrexed ce jour : 1re cure.", "ongoing"),
    ("Début de pembrolizumab le 30 août 2015 (C1J1).", "ongoing"),
    ("Début du FOLFOX prévu le 12/09/2024.", "planned"),
    ("Mise en route d'EC100 à partir du 05/05/21, cure n°1.", "ongoing"),
    ("Démarrage du traitement par FOLFIRI le 04/10/2018.", "ongoing"),
    ("Mise en route du docétaxel programmée le 28/05/2024.", "planned"),
    ("Évaluation après immunothérapie par pembrolizumab.", None),
    ("Bilan après chimiothérapie par FOLFOX.", "completed"),
]


@pytest.mark.parametrize(("text", "expected"), STATUS_WORDING)
def test_the_status_a_start_or_an_evaluation_wording_gives(
    extract: Extract, text: str, expected: str | None
) -> None:
    (treatment,) = extract(text, ReportKind.CONSULTATION).treatments
    assert (treatment.status.value if treatment.status else None) == expected


def test_a_tumour_boards_attendance_line_names_no_treatment(extract: Extract) -> None:
    text = "Présents : oncologie, radiologie, chirurgie, radiothérapie.\nFOLFOX en cours."
    found = extract(text, ReportKind.TUMOUR_BOARD).treatments
    assert [t.name.value for t in found] == ["FOLFOX"]


def test_a_drug_of_a_lineless_regimen_stays_apart_from_its_next_line(extract: Extract) -> None:
    text = (
        "- Folfox et bévacizumab de 09/04/2015 à 24/04/2016. Traitement stoppé.\n"
        "- FOLFIRI-bevacizumab (seconde ligne) du 04/05/16 au 13.07.2016, arrêté.\n"
    )
    found = extract(text, ReportKind.CONSULTATION).treatments
    bevacizumab = sorted(
        (t.line.value if t.line else 0, t.start.value.isoformat() if t.start else None)
        for t in found
        if t.name.value == "bevacizumab"
    )
    assert bevacizumab == [(0, "2015-04-09"), (2, "2016-05-04")]


STARTS = [
    ("Le 04/10/2018, démarrage de FOLFIRI.", "FOLFIRI", ("2018-10-04", "04/10/2018")),
    ("Rappel :\n- 7 mai 2018 : lobectomie.", "lobectomy", ("2018-05-07", "7 mai 2018")),
    (
        "Début de R-CHOP 21 en 1ère ligne le 19/09/2022 (C1J1).",
        "R-CHOP",
        ("2022-09-19", "19/09/2022"),
    ),
]


@pytest.mark.parametrize(("text", "name", "start"), STARTS, ids=[t for t, _, _ in STARTS])
def test_a_start_date_written_before_the_treatment_or_a_few_words_away(
    extract: Extract, text: str, name: str, start: tuple[str, str]
) -> None:
    found = treatments(extract, text)[name].start
    assert found is not None and (found.value.isoformat(), found.evidence.text) == start


NOT_A_START = [
    "Le 04/10/2018, scanner de réévaluation sous FOLFIRI.",
    "Le 04/10/2018 : scanner de réévaluation sous FOLFIRI.",
]


@pytest.mark.parametrize("text", NOT_A_START)
def test_a_date_opening_a_line_dates_the_scan_it_names_not_a_treatment_further_on(
    extract: Extract, text: str
) -> None:
    assert treatments(extract, text)["FOLFIRI"].start is None
