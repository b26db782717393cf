"""Tumours: the primary cancers a report names, with histology, side and diagnosis date."""

from __future__ import annotations

from typing import Any

import pytest

from graphbuilder.core.vocabulary import ReportKind
from graphbuilder.extract.model import CancerSite, Tumour
from tests.extract.backends.rules.conftest import Extract
from tests.extract.backends.rules.support import shown


def tumours(
    extract: Extract, text: str, kind: ReportKind = ReportKind.CONSULTATION
) -> list[Tumour]:
    return extract(text, kind).tumours


CASES: list[tuple[str, dict[str, Any]]] = [
    (
        "Adénocarcinome du côlon sigmoïde métastatique au foie.",
        {"site": ("colorectal", "côlon"), "histology": ("adénocarcinome", "Adénocarcinome")},
    ),
    (
        "Cancer du sein gauche diagnostiqué le 12/01/2023.",
        {"site": ("breast", "sein"), "laterality": ("left", "gauche")},
    ),
    ("CBNPC du lobe supérieur droit.", {"site": ("lung", "CBNPC")}),
    (
        "Adénocarcinome pulmonaire du lobe supérieur droit, stade IV.",
        {"site": ("lung", "pulmonaire"), "laterality": ("right", "droit")},
    ),
    (
        "Lymphome B diffus à grandes cellules stade III.",
        {
            "site": ("lymphoma", "Lymphome"),
            "histology": (
                "lymphome B diffus à grandes cellules",
                "Lymphome B diffus à grandes cellules",
            ),
        },
    ),
    ("Néoplasie prostatique sous hormonothérapie.", {"site": ("prostate", "prostatique")}),
    ("Adénocarcinome canalaire pancréatique.", {"site": ("pancreas", "pancréatique")}),
    ("Biopsies du sigmoïde : adénocarcinome lieberkühnien.", {"site": ("colorectal", "sigmoïde")}),
    ("Mélanome de la jambe gauche.", {"site": ("melanoma", "Mélanome")}),
    (
        "K du sein droit opéré en 2015.",
        {"site": ("breast", "sein"), "laterality": ("right", "droit")},
    ),
]


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[t for t, _ in CASES])
def test_a_primary_cancer_with_its_evidence(
    extract: Extract, text: str, expected: dict[str, Any]
) -> None:
    (tumour,) = tumours(extract, text)
    for field, value in expected.items():
        assert shown(getattr(tumour, field)) == value, field


DIAGNOSED = [
    ("Cancer du sein gauche diagnostiqué le 12/01/2023.", "2023-01-12", "12/01/2023"),
    (
        "Suivi pour un cancer du sigmoïde métastatique, histologie du 26 mars 2016.",
        "2016-03-26",
        "26 mars 2016",
    ),
]


@pytest.mark.parametrize(("text", "day", "quote"), DIAGNOSED, ids=[t for t, _, _ in DIAGNOSED])
def test_a_diagnosis_date(extract: Extract, text: str, day: str, quote: str) -> None:
    (tumour,) = tumours(extract, text)
    assert tumour.diagnosis_date is not None
    assert tumour.diagnosis_date.value.isoformat() == day
    assert tumour.diagnosis_date.evidence.text == quote


def test_a_biopsy_date_dates_the_diagnosis_of_a_pathology_report(extract: Extract) -> None:
    text = (
        "Prélèvement du 10/01/2023\nNature du prélèvement : biopsies coliques.\n"
        "Conclusion : adénocarcinome du sigmoïde."
    )
    (tumour,) = tumours(extract, text, ReportKind.PATHOLOGY)
    assert tumour.diagnosis_date is not None
    assert tumour.diagnosis_date.evidence.text == "10/01/2023"


def test_one_tumour_per_site_however_often_named(extract: Extract) -> None:
    text = "Cancer du sein gauche. Le carcinome du sein est RE+. Tumeur mammaire de 2 cm."
    assert [shown(t.site) for t in tumours(extract, text)] == [("breast", "sein")]


NOT_A_TUMOUR = [
    "Antécédent familial de cancer du sein chez sa mère.",
    "Sa sœur a eu un cancer de l'ovaire.",
    "Suspicion de cancer de la prostate, biopsies à prévoir.",
    "Pas de cancer du côlon à la coloscopie.",
    "Métastases hépatiques multiples.",
    "Carcinose péritonéale.",
]


@pytest.mark.parametrize("text", NOT_A_TUMOUR)
def test_family_hypothetical_negated_or_secondary_mentions_are_not_tumours(
    extract: Extract, text: str
) -> None:
    assert tumours(extract, text) == []


def test_a_patient_history_of_cancer_is_still_the_patients_tumour(extract: Extract) -> None:
    (tumour,) = tumours(extract, "Antécédent personnel de cancer du sein droit traité en 2015.")
    assert shown(tumour.site) == ("breast", "sein")


def test_a_cancer_on_a_family_history_line_is_a_relatives(extract: Extract) -> None:
    text = (
        "Lymphome B diffus à grandes cellules de stade III.\n"
        "ATCD familiaux : père, cancer colique.\n"
        "Antécédents personnels et familiaux : mère, cancer du sein.\n"
    )
    assert [tumour.site.value for tumour in tumours(extract, text)] == [CancerSite.LYMPHOMA]


def test_a_pathology_reports_cancer_takes_its_site_from_the_specimen_line(
    extract: Extract,
) -> None:
    text = (
        "Matériel reçu : biopsies du côlon sigmoïde.\n\n"
        "Examen microscopique :\nDiagnostic : adénocarcinome lieberkühnien bien différencié.\n"
    )
    (tumour,) = tumours(extract, text, ReportKind.PATHOLOGY)
    assert shown(tumour.site) == ("colorectal", "côlon")
    assert tumour.histology is not None
