"""How French reports are laid out: sentence ends, abbreviations, section headings."""

from __future__ import annotations

import re

# A period after these (folded) words does not end a sentence: "cf. TDM", "seg. VI", "env. 3 cm".
ABBREVIATIONS = frozenset(
    {
        "cf",
        "dr",
        "pr",
        "mr",
        "mme",
        "mlle",
        "seg",
        "segm",
        "env",
        "vs",
        "no",
        "n",
        "fig",
        "ex",
        "p",
        "cp",
        "inj",
        "st",
        "ste",
        "prof",
        "resp",
        "sup",
        "inf",
        "ant",
        "post",
        "lat",
        "gche",
        "dte",
        "sq",
        "etc",
        "aprox",
        "approx",
        "coll",
        "hosp",
        "serv",
        "janv",
        "fevr",
        "fev",
        "avr",
        "juil",
        "sept",
        "oct",
        "nov",
        "dec",
        "gg",
        "adp",
        "lt",
    }
)

# A heading opens a line (after an optional bullet) and ends with a colon, a dash or the line.
_HEADING_WORDS: dict[str, tuple[str, ...]] = {
    "indication": (
        r"indications?",
        r"renseignements? cliniques?",
        r"motif(?: de l'examen)?",
        r"contexte(?: clinique)?",
        r"rappel(?: clinique)?",
        r"histoire de la maladie",
        r"objet de l'examen",
        r"demande",
    ),
    "technique": (r"techniques?", r"protocole", r"acquisition", r"modalites"),
    "comparison": (
        r"comparaisons?",
        r"examens? de comparaison",
        r"examens? de reference",
        r"anteriorites?",
        r"examens? anterieurs?",
        r"comparatif",
    ),
    "findings": (
        r"resultats?",
        r"description",
        r"constatations?",
        r"analyse",
        r"observations?",
        r"compte[- ]rendu",
        r"interpretation",
    ),
    "conclusion": (
        r"conclusions?",
        r"au total",
        r"en conclusion",
        r"synthese",
        r"impression",
        r"en resume",
        r"resume",
        r"avis",
        r"diagnostic",
    ),
    "family_history": (r"antecedents? familiaux", r"atcd familiaux", r"histoire familiale"),
    "history": (
        r"antecedents?(?: personnels?| medicaux| chirurgicaux| medico-chirurgicaux)?",
        r"atcds?",
    ),
    "macroscopy": (r"macroscopie", r"examen macroscopique", r"description macroscopique"),
    "microscopy": (r"microscopie", r"examen microscopique", r"description microscopique"),
    "immunohistochemistry": (r"immuno-?histochimie", r"etude immuno-?histochimique"),
    "plan": (
        r"propositions?(?: therapeutiques?)?",
        r"decisions?(?: de la rcp)?",
        r"conduite a tenir",
        r"cat",
        r"plan(?: de traitement)?",
        r"traitements? propose",
    ),
    "treatment": (r"traitements?(?: en cours| actuels?)?", r"traitement habituel"),
}

HEADING = re.compile(
    r"(?m)^[ \-\u2022*>#]*(?P<label>"
    + "|".join(f"(?P<{name}>{'|'.join(words)})" for name, words in _HEADING_WORDS.items())
    + r")(?: (?:de|du|des|d'|en)[^:\n]{1,25})?[ .]*(?::|-(?= )|$)"
)

# "Au total : SD" often sits inside a paragraph, not on its own line.
INLINE_CONCLUSION = re.compile(
    r"(?m)(?:^|(?<=[.!?]))[ \t]*(?P<cue>au total|en conclusion|en resume|au final)\b"
)

SENTENCE_END = re.compile(r"[.!?;](?=\s|$)|\n")

# Indication, technique and comparison paragraphs end at a blank line or the next "Label :".
PARAGRAPH_END = re.compile(r"\n[ \t]*\n|\n(?=[ \-\u2022*]*[a-z][a-z' \-]{1,30}[ ]*:)")
SHORT_SECTIONS = frozenset({"indication", "technique", "comparison"})
