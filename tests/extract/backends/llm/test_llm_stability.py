"""Agreement across samples: values kept only when every sample gives them."""

from __future__ import annotations

from typing import Any

from graphbuilder.extract.backends.llm.stability import agree


def quoted(value: Any, start: int = 0) -> dict[str, Any]:
    evidence = {"start": start, "end": start + 2, "text": "xx"}
    return {"value": value, "evidence": evidence}


def test_one_sample_is_kept_as_it_is() -> None:
    part = {"stated_evolution": quoted("Stability")}
    assert agree([part], frozenset()).data == part


def test_equal_values_agree_even_when_quoted_from_different_places() -> None:
    result = agree([{"modality": quoted("CT", 0)}, {"modality": quoted("CT", 40)}], frozenset())
    assert result.data == {"modality": quoted("CT", 0)}
    assert result.per_field == {"modality": 1.0} and result.unstable == []


def test_a_field_missing_from_one_sample_is_unstable() -> None:
    result = agree([{"modality": quoted("CT")}, {}, {"modality": quoted("CT")}], frozenset())
    assert result.data == {}
    assert result.unstable == ["modality"]
    assert round(result.per_field["modality"], 2) == 0.67


def test_a_list_keeps_the_items_every_sample_gives() -> None:
    a, b, c = ({"organ": quoted(organ)} for organ in ("liver", "lung", "bone"))
    result = agree(
        [{"lesions": [a, b]}, {"lesions": [b, a]}, {"lesions": [a, b, c]}], frozenset({"lesions"})
    )
    assert result.data == {"lesions": [a, b]}
    assert round(result.per_field["lesions"], 2) == 0.67
    assert result.warnings("radiology_lesions", 3) == [
        "radiology_lesions: lesions unstable across 3 samples (agreement 0.67); "
        "disagreeing values dropped"
    ]
