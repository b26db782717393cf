"""How two values are judged the same: tolerances and normalisation."""

from __future__ import annotations

import pytest

from graphbuilder.evaluate.fields import (
    SIZE_TOLERANCE_MM,
    normalise_location,
    normalise_text,
    same_code,
    same_tnm,
    within,
)
from graphbuilder.extract.model import TnmStage


@pytest.mark.parametrize("spelling", ["VI", "Segment VI", "segment 6", "seg. 6", "S6", "s 6"])
def test_liver_segment_spellings_meet(spelling: str) -> None:
    assert normalise_location(spelling) == "vi"


def test_segment_sub_parts_and_other_locations_keep_their_identity() -> None:
    assert normalise_location("segment 4a") == normalise_location("IVa") == "iva"
    assert normalise_location("lobe supérieur") == "lobe superieur"
    assert normalise_location("sus-claviculaire") == "sus claviculaire"
    assert normalise_location("VII") != normalise_location("VIII")


def test_text_ignores_case_accents_and_punctuation() -> None:
    assert normalise_text("Adénocarcinome, NST") == normalise_text("adenocarcinome nst")


def test_size_tolerance_is_inclusive_at_half_a_millimetre() -> None:
    same = within(SIZE_TOLERANCE_MM)
    assert same(20.0, 20.5) and same(20.0, 19.5)
    assert not same(20.0, 20.51)


def test_codes_and_tnm_ignore_case_and_spaces_only() -> None:
    assert same_code("8500/3", " 8500/3")
    assert not same_code("8500/3", "8140/3")
    stage = TnmStage(prefix="yp", t="T1c", n="N0(sn)")
    assert same_tnm(stage, TnmStage(prefix="yp", t="t1c", n="N0 (sn)", m=None))
    assert not same_tnm(stage, TnmStage(prefix="p", t="T1c", n="N0(sn)"))
