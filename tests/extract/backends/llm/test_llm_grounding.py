"""Grounding: a quote is found exactly, then tolerant to whitespace, case and accents."""

from __future__ import annotations

import pytest

from graphbuilder.extract.backends.llm.grounding import Grounder, fold

TEXT = "Foie : lésion du Segment VI\u00a0mesurant  28 mm.\nL’adénopathie cœliaque – stable."


def grounded(quote: str) -> str | None:
    evidence = Grounder(TEXT).ground(quote)
    if evidence is None:
        return None
    assert TEXT[evidence.start : evidence.end] == evidence.text
    return evidence.text


def test_an_exact_quote_keeps_its_offsets() -> None:
    evidence = Grounder(TEXT).ground("lésion du Segment VI")
    assert evidence is not None
    assert (evidence.start, evidence.end) == (7, 27)


@pytest.mark.parametrize(
    ("quote", "found"),
    [
        ("lesion du segment vi", "lésion du Segment VI"),  # accents and case
        ("segment VI mesurant 28 mm", "Segment VI\u00a0mesurant  28 mm"),  # whitespace runs
        ("l'adenopathie coeliaque - stable", "L’adénopathie cœliaque – stable"),  # typography
        ("« mesurant 28 mm. »", "mesurant  28 mm"),  # quotation marks and final stop
        ("Foie : lésion", "Foie : lésion"),
    ],
)
def test_a_tolerant_match_maps_back_to_the_original_text(quote: str, found: str) -> None:
    assert grounded(quote) == found


@pytest.mark.parametrize("quote", ["lésion du segment VII", "32 mm", "", "  ", "..."])
def test_a_quote_that_is_not_in_the_report_grounds_nothing(quote: str) -> None:
    assert grounded(quote) is None


def test_the_first_occurrence_is_taken() -> None:
    evidence = Grounder("SD. Au total : SD").ground("sd")
    assert evidence is not None and evidence.start == 0


def test_folding_keeps_an_origin_per_folded_character() -> None:
    folded, origin = fold("Œdème  É")
    assert folded == "oedeme e"
    assert origin == [0, 0, 1, 2, 3, 4, 6, 7]
