"""Typos and OCR-like errors in running text, at a configurable rate per word.

Only literal text is corrupted (the `TextBuilder` never passes evidence through here), so gold
offsets stay exact. Cue words whose corruption would change what a sentence means (negation,
hypothesis, family history) are left alone: the noise makes text harder to read, never false.
The gap to the next corrupted word is drawn once (geometric), so a rate of 0.01 costs one
random draw per hundred words rather than one per word.
"""

from __future__ import annotations

import math
import random

# OCR confusions: a scanned letter read as a similar glyph.
_OCR = (("l", "1"), ("o", "0"), ("rn", "m"), ("m", "rn"), ("e", "c"), ("i", "l"), ("é", "e"))
_ACCENTS = str.maketrans("éèêàâùûôîç", "eeeaauuoic")
_PROTECTED = frozenset(
    {
        "absence",
        "aucun",
        "aucune",
        "sans",
        "suspicion",
        "suspecte",
        "suspect",
        "possible",
        "probable",
        "évoquant",
        "éventuelle",
        "antécédent",
        "antécédents",
        "familial",
        "familiaux",
        "familiale",
        "mère",
        "père",
        "sœur",
        "frère",
        "tante",
        "nouvelle",
        "nouvelles",
        "nouveau",
    }
)


class Noise:
    """Corrupts about `rate` of the words of the literal text it is given."""

    __slots__ = ("_countdown", "_log_keep", "_rng")

    def __init__(self, rate: float, rng: random.Random) -> None:
        if not 0.0 < rate <= 1.0:
            raise ValueError(f"noise rate {rate} must be in (0, 1]")
        self._rng = rng
        self._log_keep = math.log(1.0 - rate) if rate < 1.0 else None
        self._countdown = self._gap()

    def _gap(self) -> int:
        """How many words pass before the next corrupted one (geometric distribution)."""
        if self._log_keep is None:
            return 0
        return int(math.log(1.0 - self._rng.random()) / self._log_keep)

    def corrupt(self, text: str) -> str:
        words = text.count(" ") + 1
        if self._countdown >= words:
            self._countdown -= words
            return text
        pieces = text.split(" ")
        index = self._countdown
        while index < len(pieces):
            pieces[index] = self._corrupt_word(pieces[index])
            index += 1 + self._gap()
        self._countdown = index - len(pieces)
        return " ".join(pieces)

    def _corrupt_word(self, word: str) -> str:
        if len(word) < 4 or not word.isalpha() or word.lower() in _PROTECTED:
            return word
        rng = self._rng
        kind = rng.random()
        position = 1 + int(rng.random() * (len(word) - 2))
        if kind < 0.25:  # two letters swapped
            return word[: position - 1] + word[position] + word[position - 1] + word[position + 1 :]
        if kind < 0.4:  # a letter dropped
            return word[:position] + word[position + 1 :]
        if kind < 0.5:  # a letter doubled
            return word[:position] + word[position] + word[position:]
        if kind < 0.7:  # accents lost (keyboard without them, or a bad encoding round trip)
            return word.translate(_ACCENTS)
        if kind < 0.9:  # OCR glyph confusion
            for source, target in _OCR:
                found = word.find(source, 1)
                if found > 0:
                    return word[:found] + target + word[found + len(source) :]
            return word
        return word[:position] + " " + word[position:]  # a space inside the word
