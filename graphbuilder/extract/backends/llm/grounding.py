"""Grounding: find a model's quote in the report and give it our own offsets.

A quote is looked up exactly first, then in a folded form of both texts that ignores case,
accents, runs of whitespace and typographic variants (’ vs ', – vs -, œ vs oe). Folded positions
map back to the original text, so the evidence always quotes the report as ingested:
`text[start:end] == evidence.text`. A quote found nowhere grounds nothing: its value is dropped.
"""

from __future__ import annotations

import unicodedata

from graphbuilder.extract.model import Evidence

_VARIANTS = {
    "\u2019": "'",
    "\u2018": "'",
    "\u02bc": "'",
    "`": "'",
    "\u2013": "-",
    "\u2014": "-",
    "\u2010": "-",
    "\u2011": "-",
    "\u2212": "-",
    "œ": "oe",
    "æ": "ae",
    "ß": "ss",
}
# Edges a model adds or drops around a quote without changing what it says.
_EDGE = " \t\r\n.,;:!?()[]«»'"


def fold(text: str) -> tuple[str, list[int]]:
    """The folded text and, for each of its characters, the original character's index."""
    folded: list[str] = []
    origin: list[int] = []
    pending_space = False
    for index, char in enumerate(text):
        if char.isspace():
            pending_space = bool(folded)
            continue
        pieces = _fold_char(char)
        if not pieces:
            continue
        if pending_space:
            folded.append(" ")
            origin.append(index - 1)
            pending_space = False
        for piece in pieces:
            folded.append(piece)
            origin.append(index)
    return "".join(folded), origin


def _fold_char(char: str) -> str:
    lowered = char.casefold()
    lowered = "".join(_VARIANTS.get(c, c) for c in lowered)
    decomposed = unicodedata.normalize("NFD", lowered)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


class Grounder:
    """Grounds quotes in one report; the folded text is built once, on first need."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._folded: tuple[str, list[int]] | None = None

    def ground(self, quote: str) -> Evidence | None:
        """The evidence span of `quote` in the report, or None when it is not there."""
        exact = self._exact(quote)
        if exact is not None:
            return exact
        return self._tolerant(quote)

    def _exact(self, quote: str) -> Evidence | None:
        stripped = quote.strip(_EDGE)
        if not stripped:  # blanks and punctuation quote nothing
            return None
        for candidate in (quote, stripped):
            if candidate and (start := self.text.find(candidate)) >= 0:
                return Evidence(start=start, end=start + len(candidate), text=candidate)
        return None

    def _tolerant(self, quote: str) -> Evidence | None:
        if self._folded is None:
            self._folded = fold(self.text)
        folded_text, origin = self._folded
        needle, _ = fold(quote)
        needle = needle.strip(_EDGE)
        if not needle:
            return None
        position = folded_text.find(needle)
        if position < 0:
            return None
        start = origin[position]
        end = origin[position + len(needle) - 1] + 1
        return Evidence(start=start, end=end, text=self.text[start:end])
