"""The `rules` backend as the pipeline uses it: the seam, provenance, batches, report kinds and
reports that cannot be read (which give an empty extraction with a warning, never a crash)."""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import graphbuilder
from graphbuilder.core.vocabulary import ReportKind
from graphbuilder.extract.backend import ExtractionBackend
from graphbuilder.extract.backends.rules import RulesBackend
from graphbuilder.extract.backends.rules import backend as backend_module
from graphbuilder.extract.model import ReportExtraction
from tests.extract.backends.rules.support import assert_grounded, report, run

CT_REPORT = (
    "TDM THORACO-ABDOMINO-PELVIENNE\nExamen du 12/03/2024\n\n"
    "Comparaison : TDM du 10/01/2024.\n\n"
    "Résultats :\nFoie : lésion du segment VI de 22 mm contre 30 mm.\n"
    "Pas de nouvelle lésion.\n\nConclusion :\nRéponse partielle selon RECIST 1.1."
)


def test_it_is_an_extraction_backend_named_rules() -> None:
    backend = RulesBackend()
    assert isinstance(backend, ExtractionBackend)
    assert backend.name == "rules"


def test_its_version_names_the_package_and_a_hash_of_the_rules() -> None:
    info = RulesBackend(max_chars=1000).info()
    version, _, rules = info.backend_version.partition("+rules.")
    assert version == graphbuilder.__version__
    assert len(rules) == 12 and int(rules, 16) >= 0
    assert info.parameters["max_chars"] == 1000


def test_changing_a_pattern_file_changes_the_version(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    copy = tmp_path / "rules"
    shutil.copytree(Path(backend_module.__file__).parent, copy)
    monkeypatch.setattr(backend_module, "_PACKAGE_DIR", copy)
    before = backend_module.rules_hash()
    patterns = copy / "radiology" / "patterns.py"
    patterns.write_text(patterns.read_text() + "\n# a new rule\n")
    assert backend_module.rules_hash() != before


def test_the_eds_nlp_pipeline_loads_on_first_use_only() -> None:
    backend = RulesBackend()
    assert backend._qualifier._nlp is None
    list(backend.extract([report(CT_REPORT)]))
    loaded = backend._qualifier._nlp
    assert loaded is not None
    list(backend.extract([report(CT_REPORT)]))
    assert backend._qualifier._nlp is loaded


def test_one_outcome_per_report_in_order_across_batches() -> None:
    backend = RulesBackend(batch_size=4)
    reports = [report(CT_REPORT, report_id=f"R{index}") for index in range(10)]
    outcomes = list(backend.extract(reports))
    assert [o.report_id for o in outcomes] == [f"R{index}" for index in range(10)]
    assert all(o.succeeded and o.warnings == () for o in outcomes)
    bodies = {
        o.extraction.model_dump_json().replace(o.report_id, "") for o in outcomes if o.extraction
    }
    assert len(bodies) == 1  # the same text gives the same facts in every batch


def test_the_same_input_gives_the_same_extraction(backend: RulesBackend) -> None:
    first = run(backend, CT_REPORT).extraction
    second = run(backend, CT_REPORT).extraction
    assert first == second


def test_a_radiology_report_gives_its_findings(backend: RulesBackend) -> None:
    extraction = run(backend, CT_REPORT).extraction
    assert extraction is not None and extraction.radiology is not None
    radiology = extraction.radiology
    assert radiology.exam_date is not None and radiology.exam_date.evidence.text == "12/03/2024"
    assert [d.evidence.text for d in radiology.comparison_dates] == ["10/01/2024"]
    assert len(radiology.lesions) == 1
    assert radiology.no_new_lesion is not None and radiology.no_new_lesion.value is True
    assert radiology.stated_recist is not None and radiology.stated_recist.value.value == "PR"


def test_sections_follow_the_report_kind(backend: RulesBackend) -> None:
    text = "Lésion du segment VI de 22 mm. RE positifs à 90 %. Sous FOLFOX."
    for kind, radiology, pathology in (
        (ReportKind.RADIOLOGY, True, False),
        (ReportKind.PATHOLOGY, False, True),
        (ReportKind.CONSULTATION, False, False),
    ):
        extraction = run(backend, text, kind).extraction
        assert extraction is not None
        assert (extraction.radiology is not None, bool(extraction.pathology)) == (
            radiology,
            pathology,
        ), kind
        assert [t.name.value for t in extraction.treatments] == ["FOLFOX"]


def test_a_mislabelled_ct_report_is_still_read_as_radiology(backend: RulesBackend) -> None:
    outcome = run(backend, CT_REPORT, ReportKind.CONSULTATION)
    assert outcome.extraction is not None and outcome.extraction.radiology is not None
    assert outcome.warnings == (
        "labelled consultation but reads as a radiology report: findings read",
    )


def test_a_mislabelled_pathology_report_is_still_read_as_pathology(backend: RulesBackend) -> None:
    text = "COMPTE RENDU ANATOMOPATHOLOGIQUE\nMacroscopie : carotte.\nConclusion : Ki67 à 20 %."
    outcome = run(backend, text, ReportKind.OTHER)
    assert outcome.extraction is not None and outcome.extraction.pathology


def test_binary_garbage_gives_an_empty_extraction_and_a_warning(backend: RulesBackend) -> None:
    rng = random.Random(3)
    garbage = bytes(rng.randrange(256) for _ in range(5000)).decode("latin-1")
    outcome = run(backend, garbage)
    assert outcome.extraction == ReportExtraction(report_id="R1")
    assert len(outcome.warnings) == 1 and "binary" in outcome.warnings[0]


def test_an_empty_report_gives_an_empty_extraction_and_a_warning(backend: RulesBackend) -> None:
    outcome = run(backend, "   \n ")
    assert outcome.extraction == ReportExtraction(report_id="R1")
    assert outcome.warnings == ("the report text is empty",)


def test_a_megabyte_report_is_read_up_to_the_limit_with_a_warning() -> None:
    backend = RulesBackend(max_chars=200_000)
    text = CT_REPORT + "\n" + ("Rien à signaler dans ce paragraphe de remplissage.\n" * 20_000)
    assert len(text) > 1_000_000
    (outcome,) = backend.extract([report(text)])
    assert outcome.extraction is not None and outcome.extraction.radiology is not None
    assert_grounded(outcome.extraction, text)
    assert len(outcome.extraction.radiology.lesions) == 1
    (warning,) = outcome.warnings
    assert f"{len(text)} characters" in warning and "limit 200000" in warning


def test_a_radiology_report_without_conclusion_is_read_with_a_warning(
    backend: RulesBackend,
) -> None:
    outcome = run(backend, "TDM TAP. Lésion du segment VI de 22 mm. Stabilité.")
    assert outcome.extraction is not None and outcome.extraction.radiology is not None
    assert outcome.warnings == (
        "no conclusion section: the stated evolution was read in the whole text",
    )


def test_a_bug_in_one_report_costs_that_report_only(
    backend: RulesBackend, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*_: object) -> None:
        raise RuntimeError("boom")

    reports = [report("TDM : Progression.", report_id="ok"), report("x" * 40, report_id="bad")]
    original = backend_module.ReportText

    def selective(text: str, date: object) -> object:
        if text.startswith("x"):
            broken()
        return original(text, date)  # type: ignore[arg-type]

    monkeypatch.setattr(backend_module, "ReportText", selective)
    outcomes = {o.report_id: o for o in backend.extract(reports)}
    assert outcomes["ok"].extraction is not None and outcomes["ok"].warnings == (
        "no conclusion section: the stated evolution was read in the whole text",
    )
    assert outcomes["bad"].extraction == ReportExtraction(report_id="bad")
    assert outcomes["bad"].warnings == ("the rules could not read this report (RuntimeError)",)


FRENCH_BITS = st.sampled_from(
    [
        "Lésion du segment VI de 22 mm",
        "contre 18 mm le 12/03",
        "Pas de nouvelle lésion",
        "Conclusion :",
        "RP",
        "SD",
        "pT2N1M0",
        "Ki67 à 30 %",
        "HER2 2+",
        "FOLFOX",
        "du 2 au 5 mars 2024",
        "ADP 4R",
        "15 x 12 mm",
        "\n",
        ". ",
        " ",
        ";",
        "(",
        ")",
        "Antécédent de",
        "sa mère",
        "suspicion de",
        "×",
        "\u00a0",
        "2,5 cm",
        "C3",
        "2e ligne",
    ]
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(parts=st.lists(FRENCH_BITS | st.text(max_size=8), max_size=30))
def test_any_text_gives_a_grounded_extraction_and_never_raises(
    backend: RulesBackend, parts: list[str]
) -> None:
    text = "".join(parts)
    for kind in (ReportKind.RADIOLOGY, ReportKind.PATHOLOGY):
        (outcome,) = backend.extract([report(text, kind)])
        assert outcome.extraction is not None
        assert_grounded(outcome.extraction, text)
