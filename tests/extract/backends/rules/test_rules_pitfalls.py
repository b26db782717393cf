"""One test per EDS-NLP pitfall seen on this project (shared/ENVIRONMENT.md): our own patterns
read what its pipes misread, and the qualifiers EDS-NLP does well are used as they are."""

from __future__ import annotations

from graphbuilder.core.vocabulary import ReportKind
from tests.extract.backends.rules.conftest import Extract
from tests.extract.backends.rules.support import shown


def test_15_x_12_mm_gives_both_axes(extract: Extract) -> None:
    """eds.measurements kept only "12 mm"."""
    radiology = extract("Adénopathie iliaque droite de 15 x 12 mm.").radiology
    assert radiology is not None
    (lesion,) = radiology.lesions
    assert shown(lesion.long_axis_mm) == (15.0, "15 x 12 mm")
    assert shown(lesion.short_axis_mm) == (12.0, "15 x 12 mm")


def test_pt2n1m0_gives_a_tnm_and_no_bogus_size(extract: Extract) -> None:
    """eds.measurements read a size "1M0" in "pT2N1M0"."""
    extraction = extract("Carcinome infiltrant pT2N1M0 de 25 mm.", ReportKind.PATHOLOGY)
    (result,) = extraction.pathology
    assert result.tnm is not None
    assert (result.tnm.value.t, result.tnm.value.n, result.tnm.value.m) == ("2", "1", "0")
    assert shown(result.tumour_size_mm) == (25.0, "25 mm")
    sizes = [e.text for e in extraction.evidences() if e.text.endswith("mm")]
    assert sizes == ["25 mm"]


def test_ki67_a_30_percent_gives_30(extract: Extract) -> None:
    """eds.measurements read "Ki67 à 30 %" as a range."""
    (result,) = extract("Ki67 à 30 %.", ReportKind.PATHOLOGY).pathology
    assert shown(result.ki67_percent) == (30.0, "30 %")


def test_grade_sbr_ii_gives_2(extract: Extract) -> None:
    """The SBR / Elston-Ellis pipe did not fire on "grade SBR II"."""
    (result,) = extract("Carcinome infiltrant de grade SBR II.", ReportKind.PATHOLOGY).pathology
    assert shown(result.sbr_grade) == (2, "grade SBR II")


def test_du_2_au_5_mars_2024_gives_both_dates(extract: Extract) -> None:
    """eds.dates kept only the end of "du 2 au 5 mars 2024"."""
    (treatment,) = extract(
        "Cure de FOLFOX du 2 au 5 mars 2024.", ReportKind.CONSULTATION
    ).treatments
    assert treatment.start is not None and treatment.end is not None
    assert (treatment.start.value.isoformat(), treatment.start.evidence.text) == (
        "2024-03-02",
        "2 au 5 mars 2024",
    )
    assert (treatment.end.value.isoformat(), treatment.end.evidence.text) == (
        "2024-03-05",
        "5 mars 2024",
    )


def test_folfox_and_pembrolizumab_are_recognised(extract: Extract) -> None:
    """Neither is in eds.drugs' list."""
    text = "Traitement par FOLFOX, puis pembrolizumab en deuxième ligne."
    found = {
        t.name.value: shown(t.category) for t in extract(text, ReportKind.CONSULTATION).treatments
    }
    assert found == {
        "FOLFOX": ("chemotherapy", "FOLFOX"),
        "pembrolizumab": ("immunotherapy", "pembrolizumab"),
    }
