"""Reports are built from pieces; evidence offsets are recorded where the pieces land."""

from __future__ import annotations

import random

import pytest

from graphbuilder.synth.noise import Noise
from graphbuilder.synth.text import Bank, Lit, Phrase, TextBuilder, compile_template


def test_a_slot_becomes_evidence_at_its_offsets() -> None:
    builder = TextBuilder()
    builder.keep("Foie :\n")
    found = builder.emit(
        compile_template("- Lésion du segment {loc} mesurant {size} (contre {prev})."),
        {"loc": "VI", "size": "2,3 cm", "prev": "18 mm"},
    )
    text = builder.text()
    assert text == "Foie :\n- Lésion du segment VI mesurant 2,3 cm (contre 18 mm)."
    for key, quote in (("loc", "VI"), ("size", "2,3 cm"), ("prev", "18 mm")):
        evidence = found[key]
        assert evidence["text"] == quote
        assert text[evidence["start"] : evidence["end"]] == quote


def test_fixed_slots_nested_phrases_literals_and_empty_slots() -> None:
    inner = Phrase(
        compile_template("{art}{noun} hépatique"), {"art": Lit("une "), "noun": "lésion"}
    )
    builder = TextBuilder()
    found = builder.emit(
        compile_template("{status=Apparition} d'{lesion}{missing}."),
        {"lesion": inner, "missing": None},
    )
    assert builder.text() == "Apparition d'une lésion hépatique."
    assert set(found) == {"status", "noun"}  # the article is a literal, not evidence
    assert found["noun"] == {"start": 17, "end": 23, "text": "lésion"}


def test_a_slot_given_an_unknown_kind_of_value_is_refused() -> None:
    with pytest.raises(TypeError, match="slot 'size'"):
        TextBuilder().emit(compile_template("{size}"), {"size": 12})


def test_gender_markers_give_each_phrasing_two_forms() -> None:
    bank = Bank("demo", ("{lesion} mesuré{e} à {size}", "{lesion}, {status={nouveau}}"))
    assert [t.source for t in bank.masculine] == [
        "{lesion} mesuré à {size}",
        "{lesion}, {status=nouveau}",
    ]
    assert [t.source for t in bank.feminine] == [
        "{lesion} mesurée à {size}",
        "{lesion}, {status=nouvelle}",
    ]


def test_bank_use_is_counted_per_phrasing() -> None:
    bank = Bank("demo", ("a", "b", "c"))
    usage: dict[str, list[int]] = {}
    rng = random.Random(1)
    for _ in range(300):
        bank.pick(rng, usage)
    assert sum(usage["demo"]) == 300
    assert all(count > 50 for count in usage["demo"])


def test_noise_never_moves_evidence() -> None:
    template = compile_template(
        "Le nodule pulmonaire du {loc} mesure désormais {size} contre {prev}."
    )
    for seed in range(50):
        builder = TextBuilder(Noise(0.5, random.Random(seed)))
        found = builder.emit(template, {"loc": "lobe inférieur", "size": "12 mm", "prev": "15 mm"})
        text = builder.text()
        for evidence in found.values():
            assert text[evidence["start"] : evidence["end"]] == evidence["text"]
