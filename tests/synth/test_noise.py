"""Typos and OCR errors hit running text at the configured rate and never touch cue words."""

from __future__ import annotations

import random

from graphbuilder.synth.noise import Noise

SENTENCE = "Parenchyme hépatique homogène sans anomalie décelable ce jour chez cette patiente"


def test_the_rate_is_about_the_share_of_corrupted_words() -> None:
    noise = Noise(0.1, random.Random(3))
    changed = total = 0
    for _ in range(2000):
        for before, after in zip(
            SENTENCE.split(" "), noise.corrupt(SENTENCE).split(" "), strict=False
        ):
            total += 1
            changed += before != after
    assert 0.04 < changed / total < 0.12  # short words are skipped, and a split shifts the rest


def test_the_same_generator_gives_the_same_noise() -> None:
    first = [Noise(0.2, random.Random(8)).corrupt(SENTENCE) for _ in range(3)]
    assert len(set(first)) == 1


def test_negation_hypothesis_and_family_cues_are_kept() -> None:
    text = "absence suspicion antécédents familiaux nouvelle aucune"
    noise = Noise(1.0, random.Random(0))
    for _ in range(100):
        assert noise.corrupt(text) == text


def test_short_words_and_numbers_are_left_alone() -> None:
    noise = Noise(1.0, random.Random(0))
    assert noise.corrupt("de 12 mm le 3/4") == "de 12 mm le 3/4"
