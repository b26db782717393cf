"""Cheap checks on a report's text: is it readable at all, and what kind of report it reads as.

Reports come mislabelled (a CT filed as a consultation); the sections that run follow the
label, and a cheap look at the title adds the section the text plainly asks for.
"""

from __future__ import annotations

import re

from graphbuilder.extract.backends.rules.radiology.exam_patterns import MODALITY

_BAD_CHARACTER = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffd\ue000-\uf8ff]")
_SAMPLE_CHARS = 20_000
MAX_BAD_SHARE = 0.02
MIN_LETTER_SHARE = 0.3
MIN_CHARS_FOR_LETTER_CHECK = 200  # "HER2 3+." is a report line, not garbage

_PATHOLOGY_TITLE = re.compile(
    r"anatomo-?(?:cyto-?)?pathologi\w*|anatomie (?:et cytologie )?pathologiques?|"
    r"\bmacroscopi\w*|\bmicroscopi\w*|immuno-?histochimi\w*|\bexamen extemporane"
)
_RADIOLOGY_BODY = re.compile(r"\b(?:conclusion|resultats?|technique|comparaison)\b")
TITLE_CHARS = 400


def unreadable_reason(text: str) -> str | None:
    """Why the text cannot be a report (binary, empty), or None when it can be read."""
    sample = text[:_SAMPLE_CHARS]
    if not sample.strip():
        return "the report text is empty"
    bad = len(_BAD_CHARACTER.findall(sample))
    if bad > MAX_BAD_SHARE * len(sample):
        return f"the text looks binary ({bad} control or replacement characters in {len(sample)})"
    letters = sum(map(str.isalpha, sample))
    if len(sample) >= MIN_CHARS_FOR_LETTER_CHECK and letters < MIN_LETTER_SHARE * len(sample):
        return f"the text has too few letters to be a report ({letters} in {len(sample)})"
    return None


def reads_as_radiology(folded: str) -> bool:
    title = folded[:TITLE_CHARS]
    return (
        bool(MODALITY.search(title))
        and bool(_RADIOLOGY_BODY.search(folded))
        and not (_PATHOLOGY_TITLE.search(title))
    )


def reads_as_pathology(folded: str) -> bool:
    return bool(_PATHOLOGY_TITLE.search(folded[:TITLE_CHARS]))
