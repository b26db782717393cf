"""Pathology: the 13 breast variables and TNM, each case a sentence and its (value, quote)."""

from __future__ import annotations

from typing import Any

import pytest

from graphbuilder.core.vocabulary import ReportKind
from graphbuilder.extract.model import PathologyResult
from tests.extract.backends.rules.conftest import Extract
from tests.extract.backends.rules.support import shown


def pathology(extract: Extract, text: str) -> PathologyResult:
    results = extract(text, ReportKind.PATHOLOGY).pathology
    assert len(results) == 1
    return results[0]


CASES: list[tuple[str, str, Any]] = [
    # specimen
    (
        "Nature du prélèvement : microbiopsies du sein gauche.",
        "specimen_type",
        ("biopsy", "microbiopsies"),
    ),
    (
        "Pièce de mastectomie totale droite avec curage axillaire.",
        "specimen_type",
        ("mastectomy", "mastectomie"),
    ),
    (
        "Tumorectomie et ganglion sentinelle gauches.",
        "specimen_type",
        ("lumpectomy", "Tumorectomie"),
    ),
    (
        "Ganglion sentinelle axillaire droit : 0/1.",
        "specimen_type",
        ("sentinel_node", "Ganglion sentinelle"),
    ),
    ("Pièce d'hémicolectomie droite.", "specimen_type", ("resection", "hémicolectomie")),
    # laterality
    ("Nature du prélèvement : microbiopsies du sein gauche.", "laterality", ("left", "gauche")),
    ("Tumorectomie droite orientée.", "laterality", ("right", "droite")),
    # morphology and ICD-O
    (
        "Carcinome canalaire infiltrant.",
        "morphology",
        ("carcinome infiltrant de type non spécifique", "Carcinome canalaire infiltrant"),
    ),
    (
        "Carcinome canalaire infiltrant.",
        "morphology_icdo",
        None,
    ),
    (
        "Carcinome lobulaire infiltrant classique.",
        "morphology_icdo",
        None,
    ),
    (
        "Carcinome canalaire in situ de haut grade.",
        "morphology_icdo",
        None,
    ),
    (
        "Adénocarcinome lieberkühnien moyennement différencié (CIM-O-3 : 8140/3).",
        "morphology_icdo",
        ("8140/3", "8140/3"),
    ),
    ("Carcinome canalaire infiltrant (CIM-O-3 : 8500/3).", "morphology_icdo", ("8500/3", "8500/3")),
    ("Carcinome lobulaire infiltrant, code M8520/3.", "morphology_icdo", ("8520/3", "8520/3")),
    # SBR grade and its scores
    ("Grade SBR II (2-3-1).", "sbr_nuclei", (3, "(2-3-1)")),
    ("Carcinome infiltrant, grade SBR II.", "sbr_grade", (2, "grade SBR II")),
    (
        "Grade histopronostique de Elston et Ellis : grade III (3+3+2).",
        "sbr_grade",
        (3, "Grade histopronostique de Elston et Ellis : grade III"),
    ),
    (
        "Grade histopronostique de Elston et Ellis : grade III (3+3+2).",
        "sbr_mitoses",
        (2, "(3+3+2)"),
    ),
    ("SBR 1 (2+1+1).", "sbr_tubules", (2, "(2+1+1)")),
    ("Tubules : 3 ; noyaux : 2 ; mitoses : 1.", "sbr_grade", (2, "Tubules : 3")),
    ("Tubules : 3 ; noyaux : 2 ; mitoses : 1.", "sbr_nuclei", (2, "noyaux : 2")),
    # tumour size
    ("Taille tumorale : 22 mm.", "tumour_size_mm", (22.0, "22 mm")),
    ("Carcinome infiltrant de 1,8 cm de grand axe.", "tumour_size_mm", (18.0, "1,8 cm")),
    ("Pièce de tumorectomie de 62 x 45 x 30 mm.", "tumour_size_mm", None),
    # margins
    ("Marges saines.", "margins_clear", (True, "Marges saines")),
    ("Berge latérale atteinte.", "margins_clear", (False, "Berge latérale atteinte")),
    ("Exérèse complète, R0.", "margins_clear", (True, "Exérèse complète")),
    ("Marges non atteintes.", "margins_clear", (True, "Marges non atteintes")),
    (
        "La marge la plus proche est à 3 mm.",
        "margins_clear",
        (True, "marge la plus proche est à 3 mm"),
    ),
    # lymph nodes
    ("Ganglions sentinelles : 1/2.", "nodes_examined", (2, "1/2")),
    ("Ganglions sentinelles : 1/2.", "nodes_positive", (1, "1/2")),
    ("pN1a (2/12).", "nodes_positive", (2, "2/12")),
    ("Curage axillaire : 1N+/14.", "nodes_examined", (14, "1N+/14")),
    (
        "12 ganglions examinés dont 2 métastatiques.",
        "nodes_examined",
        (12, "12 ganglions examinés"),
    ),
    ("12 ganglions examinés dont 2 métastatiques.", "nodes_positive", (2, "dont 2 métastatiques")),
    ("Trois ganglions prélevés, indemnes.", "nodes_positive", (0, "ganglions prélevés, indemnes")),
    (
        "Curage : 2 ganglion(s) envahi(s) sur 14 prélevé(s).",
        "nodes_positive",
        (2, "2 ganglion(s) envahi(s) sur 14"),
    ),
    (
        "Curage : 2 ganglion(s) envahi(s) sur 14 prélevé(s).",
        "nodes_examined",
        (14, "2 ganglion(s) envahi(s) sur 14"),
    ),
    (
        "Récepteurs hormonaux aux œstrogènes positifs, 100 % des cellules.",
        "er_percent",
        (100.0, "100 %"),
    ),
    (
        "Prélèvement : exérèse ganglionnaire cervicale.",
        "specimen_type",
        ("biopsy", "exérèse ganglionnaire"),
    ),
    # lymphovascular invasion
    (
        "Emboles vasculaires : absents.",
        "lymphovascular_invasion",
        (False, "Emboles vasculaires : absents"),
    ),
    (
        "Présence d'emboles lymphatiques.",
        "lymphovascular_invasion",
        (True, "Présence d'emboles lymphatiques"),
    ),
    (
        "Absence d'embole vasculaire.",
        "lymphovascular_invasion",
        (False, "Absence d'embole vasculaire"),
    ),
    (
        "Emboles lymphovasculaires : non vus.",
        "lymphovascular_invasion",
        (False, "Emboles lymphovasculaires : non vus"),
    ),
    # extracapsular spread
    (
        "Ganglion métastatique avec rupture capsulaire.",
        "extracapsular_spread",
        (True, "avec rupture capsulaire"),
    ),
    (
        "Ganglions sentinelles : 0/2, sans rupture capsulaire.",
        "extracapsular_spread",
        (False, "sans rupture capsulaire"),
    ),
    # hormone receptors
    ("RE : positifs à 90 %.", "er_status", ("positive", "RE : positifs")),
    ("RE : positifs à 90 %.", "er_percent", (90.0, "90 %")),
    ("Récepteurs aux œstrogènes : 100 %.", "er_percent", (100.0, "100 %")),
    ("RO+ (80 %).", "er_status", ("positive", "RO+")),
    ("RP négatifs (< 1 %).", "pr_status", ("negative", "RP négatifs")),
    ("RP négatifs (< 1 %).", "pr_percent", None),
    (
        "Récepteurs à la progestérone : 0 %.",
        "pr_status",
        ("negative", "Récepteurs à la progestérone : 0 %"),
    ),
    ("Cancer triple négatif.", "er_status", ("negative", "triple négatif")),
    # HER2
    ("HER2 : score 0.", "her2_status", ("negative", "0")),
    ("HER2 1+.", "her2_status", ("low", "1+")),
    ("HER2 2+, FISH non amplifié.", "her2_ish", ("not_amplified", "FISH non amplifié")),
    ("HER2 2+, FISH non amplifié.", "her2_status", ("low", "2+")),
    ("HER2 score 2+, SISH : amplification.", "her2_status", ("positive", "SISH : amplification")),
    ("HER2 3+.", "her2_ihc", ("3+", "3+")),
    ("HER2 2+ (en attente de l'hybridation).", "her2_status", ("equivocal", "2+")),
    ("HER2 : négatif.", "her2_status", ("negative", "HER2 : négatif")),
    ("HER2-low.", "her2_status", ("low", "HER2-low")),
    # Ki-67
    ("Ki67 à 30 %.", "ki67_percent", (30.0, "30 %")),
    ("Ki-67 : 15-20 %.", "ki67_percent", (17.5, "15-20 %")),
    ("Index de prolifération (MIB1) : 5 %.", "ki67_percent", (5.0, "5 %")),
]


@pytest.mark.parametrize(
    ("text", "field", "expected"), CASES, ids=[f"{f}: {t}" for t, f, _ in CASES]
)
def test_a_pathology_variable_with_its_evidence(
    extract: Extract, text: str, field: str, expected: Any
) -> None:
    assert shown(getattr(pathology(extract, text), field)) == expected


TNM = [
    ("pT2N1M0", ("p", "2", "1", "0"), "pT2N1M0"),
    ("ypT1c ypN0(sn)", ("yp", "1c", "0", None), "ypT1c ypN0(sn)"),
    ("Classification : cT3 N2 M0.", ("c", "3", "2", "0"), "cT3 N2 M0"),
    ("pT1b pN1mi (1/3)", ("p", "1b", "1mi", None), "pT1b pN1mi (1/3)"),
    ("Stade pTis N0.", ("p", "is", "0", None), "pTis N0"),
]


@pytest.mark.parametrize(("text", "stage", "quote"), TNM, ids=[t for t, _, _ in TNM])
def test_tnm_categories_without_their_letter(
    extract: Extract, text: str, stage: tuple[str, str, str, str | None], quote: str
) -> None:
    tnm = pathology(extract, text).tnm
    assert tnm is not None
    assert (tnm.value.prefix, tnm.value.t, tnm.value.n, tnm.value.m) == stage
    assert tnm.evidence.text == quote


def test_a_t2_weighted_mri_sequence_is_not_a_tnm(extract: Extract) -> None:
    results = extract("Hypersignal T2 de la lésion, rehaussement en T1.", ReportKind.PATHOLOGY)
    assert all(result.tnm is None for result in results.pathology)


def test_the_conclusion_is_preferred_over_the_microscopy(extract: Extract) -> None:
    text = (
        "Microscopie : RE positifs à 80 % sur la première lame.\n\n"
        "Conclusion :\nRE positifs à 90 %. Ki67 à 20 %."
    )
    result = pathology(extract, text)
    assert shown(result.er_percent) == (90.0, "90 %")


def test_a_consultation_does_not_get_pathology_results(extract: Extract) -> None:
    text = "Patiente suivie pour un cancer du sein RE 90 %, HER2 négatif, sous létrozole."
    assert extract(text, ReportKind.CONSULTATION).pathology == []
