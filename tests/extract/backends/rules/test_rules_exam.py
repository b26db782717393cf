"""Radiology exam fields: date, modality, follow-up, comparisons, "no new lesion", the stated
evolution in five classes and the stated RECIST category."""

from __future__ import annotations

import pytest

from graphbuilder.extract.model import RadiologyFindings
from tests.extract.backends.rules.conftest import Extract
from tests.extract.backends.rules.support import shown


def findings(extract: Extract, text: str) -> RadiologyFindings:
    radiology = extract(text).radiology
    assert radiology is not None
    return radiology


EXAM_DATES = [
    ("TDM TAP du 12/03/2024\n\nRésultats : foie normal.", ("2024-03-12", "12/03/2024")),
    ("IRM hépatique\nDate de l'examen : 3 février 2024\n", ("2024-02-03", "3 février 2024")),
    ("Scanner réalisé le 05.04.24 pour bilan.", ("2024-04-05", "05.04.24")),
    (
        "Comparaison : TDM du 10/01/2024.\nExamen du 14/03/2024 : stabilité.",
        ("2024-03-14", "14/03/2024"),
    ),
]


@pytest.mark.parametrize(("text", "expected"), EXAM_DATES, ids=[t for t, _ in EXAM_DATES])
def test_exam_date(extract: Extract, text: str, expected: tuple[str, str]) -> None:
    found = shown(findings(extract, text).exam_date)
    assert found is not None
    assert (found[0].isoformat(), found[1]) == expected


MODALITIES = [
    ("TDM thoraco-abdomino-pelvienne injectée. Conclusion : stable.", ("CT", "TDM")),
    ("SCANNER THORACIQUE\nConclusion : RAS.", ("CT", "SCANNER")),
    ("IRM hépatique avec injection. Conclusion : stable.", ("MRI", "IRM")),
    ("TEP-TDM au 18F-FDG. Conclusion : réponse métabolique complète.", ("PET", "TEP")),
    ("Échographie abdominale. Conclusion : foie normal.", ("US", "Échographie")),
    ("Scintigraphie osseuse. Conclusion : pas de foyer.", ("other", "Scintigraphie")),
]


@pytest.mark.parametrize(("text", "expected"), MODALITIES, ids=[t for t, _ in MODALITIES])
def test_modality(extract: Extract, text: str, expected: tuple[str, str]) -> None:
    assert shown(findings(extract, text).modality) == expected


def test_comparison_dates_are_every_earlier_exam_named(extract: Extract) -> None:
    text = (
        "TDM TAP du 14/03/2024\n\nComparaison : TDM du 10/01/2024 et IRM du 3 février 2024.\n\n"
        "Résultats : lésion du segment VI de 20 mm contre 24 mm le 10/01/2024."
    )
    found = findings(extract, text)
    assert [shown(date) for date in found.comparison_dates] == [
        (found.comparison_dates[0].value, "10/01/2024"),
        (found.comparison_dates[1].value, "3 février 2024"),
    ]
    assert [date.value.isoformat() for date in found.comparison_dates] == [
        "2024-01-10",
        "2024-02-03",
    ]
    assert shown(found.is_follow_up) == (True, "Comparaison")


FOLLOW_UP = [
    (
        "Indication : bilan d'extension initial.\nConclusion : masse pulmonaire.",
        (False, "bilan d'extension"),
    ),
    (
        "Comparaison : aucun examen antérieur.\nConclusion : lésion hépatique unique.",
        (False, "Comparaison : aucun examen antérieur"),
    ),
    (
        "Indication : réévaluation sous chimiothérapie.\nConclusion : stabilité.",
        (True, "réévaluation"),
    ),
]


@pytest.mark.parametrize(("text", "expected"), FOLLOW_UP, ids=[t for t, _ in FOLLOW_UP])
def test_follow_up_or_initial_exam(extract: Extract, text: str, expected: tuple[bool, str]) -> None:
    assert shown(findings(extract, text).is_follow_up) == expected


NO_NEW_LESION = [
    ("Pas de nouvelle lésion.", (True, "Pas de nouvelle lésion")),
    (
        "Absence de nouvelle localisation secondaire.",
        (True, "Absence de nouvelle localisation secondaire"),
    ),
    ("On ne retrouve aucune nouvelle lésion hépatique.", (True, "aucune nouvelle lésion")),
    ("Pas de lésion nouvelle.", (True, "Pas de lésion nouvelle")),
    (
        "Apparition d'une nouvelle lésion du segment II de 8 mm.",
        (False, "Apparition d'une nouvelle lésion"),
    ),
]


@pytest.mark.parametrize(("text", "expected"), NO_NEW_LESION, ids=[t for t, _ in NO_NEW_LESION])
def test_no_new_lesion(extract: Extract, text: str, expected: tuple[bool, str]) -> None:
    assert shown(findings(extract, text).no_new_lesion) == expected


def test_pas_de_nouvelle_lesion_sets_the_flag_and_creates_no_lesion(extract: Extract) -> None:
    found = findings(extract, "Foie : pas de nouvelle lésion. Conclusion : stabilité.")
    assert found.lesions == []
    assert shown(found.no_new_lesion) == (True, "pas de nouvelle lésion")


def test_a_hedged_new_lesion_states_nothing(extract: Extract) -> None:
    radiology = extract("Suspicion de nouvelle lésion du segment III, à contrôler.").radiology
    assert radiology is None or (radiology.no_new_lesion is None and radiology.lesions == [])


EVOLUTIONS = [
    ("Conclusion : Au total : SD.", ("Stability", "SD"), ("SD", "SD")),
    ("Conclusion : maladie stable.", ("Stability", "maladie stable"), None),
    ("Au total : MS selon RECIST 1.1.", ("Stability", "MS"), ("SD", "MS")),
    ("Conclusion : progression hépatique.", ("Progression", "progression"), None),
    ("Conclusion : PD (apparition d'une lésion).", ("Progression", "PD"), ("PD", "PD")),
    (
        "Conclusion : réponse partielle selon RECIST 1.1.",
        ("Response", "réponse partielle"),
        ("PR", "réponse partielle"),
    ),
    ("Conclusion : RC.", ("Response", "RC"), ("CR", "RC")),
    ("Conclusion : RP selon les critères RECIST.", ("Response", "RP"), ("PR", "RP")),
    ("Conclusion : bilan initial.", ("Not-a-follow-up", "bilan initial"), None),
    (
        "Conclusion : examen de réactualisation avant chirurgie.",
        ("Not-a-follow-up", "réactualisation"),
        None,
    ),
    ("Conclusion : pas de progression.", ("Stability", "pas de progression"), None),
    ("Conclusion : évolution difficile à évaluer.", ("Unknown", "difficile à évaluer"), None),
    (
        "Conclusion : diminution des lésions hépatiques, stabilité des nodules.",
        ("Response", "diminution"),
        None,
    ),
    (
        "Conclusion : progression hépatique, stabilité pulmonaire.",
        ("Progression", "progression"),
        None,
    ),
    (
        "Conclusion : pas d'argument pour une récidive. Aspect stable.",
        ("Stability", "pas d'argument pour une récidive"),
        None,
    ),
    ("Conclusion : absence de récidive.", ("Stability", "absence de récidive"), None),
    ("Conclusion : pas de signe de récidive.", ("Stability", "pas de signe de récidive"), None),
    ("Conclusion : évaluation non contributive.", ("Unknown", "non contributive"), None),
    (
        "Conclusion : comparaison difficile, aspect superposable.",
        ("Unknown", "comparaison difficile"),
        None,
    ),
    ("Conclusion : récidive hépatique.", ("Progression", "récidive"), None),
]


@pytest.mark.parametrize(
    ("text", "evolution", "recist"), EVOLUTIONS, ids=[t for t, _, _ in EVOLUTIONS]
)
def test_stated_evolution_and_recist(
    extract: Extract, text: str, evolution: tuple[str, str], recist: tuple[str, str] | None
) -> None:
    found = findings(extract, text)
    assert shown(found.stated_evolution) == evolution
    assert shown(found.stated_recist) == recist


def test_the_conclusion_outranks_the_findings(extract: Extract) -> None:
    text = (
        "Résultats : augmentation d'un nodule du LSD de 8 mm.\n\n"
        "Conclusion : réponse partielle selon RECIST."
    )
    assert shown(findings(extract, text).stated_evolution) == ("Response", "réponse partielle")


def test_abbreviations_outside_a_conclusion_or_recist_context_are_ignored(
    extract: Extract,
) -> None:
    text = "TDM TAP. Résultats : lésion du segment VI de 12 mm (cf. RP du 02/01)."
    found = findings(extract, text)
    assert found.stated_recist is None
