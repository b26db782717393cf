"""Histology families, from French and English wording and ICD-O-3 morphology codes.

Two statements about one tumour conflict when they name different families; wording that
names no family ("carcinome", "tumeur maligne") conflicts with nothing. Adenocarcinomas and
breast carcinomas of no special type (ductal) are one family: the difference is of site, not
of histology.
"""

from __future__ import annotations

import re
from functools import lru_cache

from graphbuilder.core.dates import strip_accents

_WORDING: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (family, re.compile(pattern))
    for family, pattern in (
        ("small cell carcinoma", r"petites cellules|small cell"),
        ("squamous cell carcinoma", r"epidermoide|malpighien|squam"),
        ("lobular carcinoma", r"lobulaire|lobular"),
        ("Hodgkin lymphoma", r"(?<!non )(?<!non-)hodgkin(?!ien)"),
        ("follicular lymphoma", r"lymphome folliculaire|follicular lymphoma"),
        ("large B-cell lymphoma", r"grandes cellules b|large b[- ]cell|dlbcl|lbdgc"),
        ("neuroendocrine tumour", r"neuroendocrine"),
        ("melanoma", r"melanome|melanoma"),
        ("sarcoma", r"sarcome|sarcoma"),
        (
            "adenocarcinoma",
            r"adenocarcinome|adenocarcinoma|canalaire|ductal|non specifique|\bnst\b|lieberk",
        ),
    )
)
# ICD-O-3 morphology (without behaviour) → family.
_CODES = {
    "8041": "small cell carcinoma",
    "8070": "squamous cell carcinoma",
    "8071": "squamous cell carcinoma",
    "8520": "lobular carcinoma",
    "8650": "Hodgkin lymphoma",
    "9652": "Hodgkin lymphoma",
    "9663": "Hodgkin lymphoma",
    "9690": "follicular lymphoma",
    "9680": "large B-cell lymphoma",
    "8240": "neuroendocrine tumour",
    "8246": "neuroendocrine tumour",
    "8720": "melanoma",
    "8140": "adenocarcinoma",
    "8500": "adenocarcinoma",
    "8480": "adenocarcinoma",
}


@lru_cache(maxsize=4096)  # the same few wordings recur across reports and patients
def histology_family(text: str | None, icdo: str | None = None) -> str | None:
    """'adénocarcinome lieberkühnien' → 'adenocarcinoma'; '8520/3' → 'lobular carcinoma'."""
    if icdo:
        family = _CODES.get(icdo.split("/")[0].strip())
        if family:
            return family
    if not text:
        return None
    folded = strip_accents(text).lower()
    return next((family for family, pattern in _WORDING if pattern.search(folded)), None)
