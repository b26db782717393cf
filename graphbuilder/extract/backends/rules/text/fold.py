"""Folding report text for matching without moving a single offset.

Patterns are written once, in lower case and without accents, and run on a *folded* copy of the
report whose every character sits at the same offset as in the original. A match on the folded
copy is therefore also a span of the original, and evidence quotes the original text. Folding
lower-cases, strips accents, turns the many Unicode spaces, dashes, apostrophes and the
multiplication sign into their ASCII forms, and maps a few ligatures to one letter.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

# One character in, one character out: anything longer would shift offsets.
_SPECIAL: dict[str, str] = {
    "\u00a0": " ",  # no-break space
    "\u202f": " ",  # narrow no-break space (French typography before : ; % ?)
    "\u2007": " ",
    "\u2009": " ",  # thin space
    "\u200a": " ",
    "\u3000": " ",
    "\t": " ",
    "\r": " ",
    "\f": " ",
    "\v": " ",
    "\u00d7": "x",  # multiplication sign: 15 × 12 mm
    "\u2715": "x",
    "\u2716": "x",
    "\u2217": "*",
    "\u2019": "'",  # typographic apostrophe
    "\u2018": "'",
    "\u02bc": "'",
    "\u00b4": "'",
    "`": "'",
    "\u2010": "-",
    "\u2011": "-",
    "\u2012": "-",
    "\u2013": "-",  # en dash
    "\u2014": "-",  # em dash
    "\u2212": "-",  # minus sign
    "\u00ab": '"',
    "\u00bb": '"',
    "\u201c": '"',
    "\u201d": '"',
    "\u0153": "e",  # œ: "œstrogènes" folds to "estrogenes", patterns accept "o?estrog"
    "\u00e6": "e",
    "\u1d49": "e",  # superscript e in "2ᵉ ligne"
    "\u02b3": "r",
    "\u00b0": "o",  # "n°" reads as "no"
    "\u00ba": "o",
    "\u2026": ".",
}


@lru_cache(maxsize=1)
def _table() -> dict[int, str]:
    table: dict[int, str] = {}
    for code in range(0x00C0, 0x0250):
        char = chr(code)
        lowered = char.lower()
        if len(lowered) != 1:
            continue
        base = unicodedata.normalize("NFKD", lowered)[0]
        if base != lowered and base.isascii():
            table[code] = base
    for char, replacement in _SPECIAL.items():
        table[ord(char)] = replacement
    return table


def fold(text: str) -> str:
    """Lower-case, accent-free copy of `text` with exactly the same length and offsets."""
    lowered = text.lower()
    if len(lowered) != len(text):  # a rare character whose lower case is longer ("İ")
        lowered = "".join(ch if len(ch.lower()) != 1 else ch.lower() for ch in text)
    return lowered.translate(_table())
