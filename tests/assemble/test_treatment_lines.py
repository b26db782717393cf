"""Treatment lines from the events file and the reports, and the RECIST window of each."""

from graphbuilder.assemble.lines import components, treatment_lines
from tests.rules.factories import D, treatment


def _lines(*treatments):
    return [
        (line.sequence, line.regimen, line.start_date, line.assessed_until, line.basis)
        for line in treatment_lines("P1", treatments)
    ]


def test_numbered_lines_and_the_drugs_started_with_them() -> None:
    """The bundled example P001: FOLFOX + bevacizumab, then FOLFIRI + bevacizumab."""
    assert _lines(
        treatment("FOLFOX", start=D(2023, 2, 8), end=D(2023, 10, 10), line=1),
        treatment("bevacizumab", start=D(2023, 2, 8), end=D(2023, 10, 10), line=1,
                  category="targeted"),
        treatment("FOLFIRI", start=D(2023, 11, 21), end=D(2024, 5, 28), line=2),
        treatment("bevacizumab", start=D(2023, 11, 21), end=D(2024, 5, 28), line=2,
                  category="targeted"),
    ) == [
        (1, ("FOLFOX", "bevacizumab"), D(2023, 2, 8), D(2023, 11, 21), "first systemic treatment"),
        (2, ("FOLFIRI", "bevacizumab"), D(2023, 11, 21), None, "line 2 as the sources number it"),
    ]  # fmt: skip


def test_maintenance_with_a_drug_of_the_regimen_stays_in_the_line() -> None:
    lines = _lines(
        treatment("carboplatin-pemetrexed", start=D(2023, 6, 27), end=D(2023, 8, 29)),
        treatment("pembrolizumab", start=D(2023, 6, 27), category="immunotherapy"),
        treatment("pemetrexed", start=D(2023, 9, 19), end=D(2024, 4, 23)),
        treatment("docetaxel", start=D(2024, 5, 28)),
    )
    assert [(n, regimen, basis) for n, regimen, _, _, basis in lines] == [
        (1, ("carboplatin-pemetrexed", "pembrolizumab", "pemetrexed"), "first systemic treatment"),
        (2, ("docetaxel",), "new drug: docetaxel"),
    ]


def test_surgery_separates_neoadjuvant_from_adjuvant_and_bounds_the_windows() -> None:
    """The bundled example P005: FOLFIRINOX, pancreaticoduodenectomy, FOLFIRINOX again."""
    result = treatment_lines(
        "P1",
        [
            treatment("FOLFIRINOX", start=D(2024, 2, 27), end=D(2024, 5, 7)),
            treatment("pancreaticoduodenectomy", start=D(2024, 6, 18), category="surgery"),
            treatment("FOLFIRINOX", start=D(2024, 7, 30), end=D(2024, 10, 8)),
            treatment("gemcitabine-nab-paclitaxel", start=D(2025, 3, 11), line=1),
        ],
    )
    neoadjuvant, adjuvant, relapse = result
    assert neoadjuvant.assessed_until == D(2024, 6, 18) and neoadjuvant.baseline_after is None
    assert adjuvant.basis == "after the surgery of 2024-06-18"
    assert adjuvant.baseline_after == D(2024, 6, 18)
    assert relapse.basis == "restarted 154 days after the previous line ended"
    assert relapse.stated_number == 1 and relapse.sequence == 3


def test_a_report_naming_a_treatment_without_a_date_joins_its_course() -> None:
    structured = treatment("FOLFOX", start=D(2023, 2, 8), end=D(2023, 10, 10), line=1)
    said = treatment("FOLFOX", "text", status="ongoing", report="CT3", report_date=D(2023, 7, 18))
    text_dated = treatment("Folfox", "text", start=D(2023, 2, 10), report="C1",
                           report_date=D(2023, 2, 10))  # fmt: skip
    (line,) = treatment_lines("P1", [structured, said, text_dated])
    assert set(line.treatment_ids) == {structured.node_id, said.node_id, text_dated.node_id}


def test_local_treatments_alone_make_no_line() -> None:
    assert (
        _lines(
            treatment("lumpectomy", start=D(2023, 10, 3), category="surgery"),
            treatment("radiotherapy", start=D(2023, 11, 13), category="radiotherapy"),
        )
        == []
    )


def test_drug_names_are_compared_by_their_components() -> None:
    assert components("carboplatine-pemetrexed") == {"carboplatine", "pemetrexed"}
    assert components("FOLFIRI + Bévacizumab") == {"folfiri", "bevacizumab"}
