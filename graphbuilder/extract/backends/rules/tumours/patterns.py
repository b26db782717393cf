"""How reports name a primary cancer (on folded text): "adénocarcinome du sigmoïde",
"cancer du sein gauche", "CBNPC", "K du sein", "lymphome B diffus", "néoplasie pulmonaire"."""

from __future__ import annotations

import re

from graphbuilder.extract.backends.rules.text.alternation import fast
from graphbuilder.extract.model import CancerSite

TUMOUR_WORD = (
    r"(?:cancer|carcinome|adenocarcinome|adk|neoplasie|neoplasme|neo|tumeur(?: maligne)?|k|"
    r"sarcome|lesion primitive|primitif)"
)
# The nearest site word wins: "adénocarcinome pulmonaire du lobe supérieur" is "pulmonaire".
_OF = r"(?:\s+(?:[\w-]+\s+){0,2}?|\s+(?:[\w()-]+\s+){0,6}?(?:du|de la|de l'|des|d')\s*)"

SITES: tuple[tuple[CancerSite, str], ...] = (
    (CancerSite.BREAST, r"sein|mammaire|canalaire infiltrant|lobulaire infiltrant"),
    (
        CancerSite.COLORECTAL,
        r"colon|colique|colo-?rectal|rectum|rectal|sigmoide|sigmoidien|"
        r"caecum|caecal|charniere recto-?sigmoidienne|angle colique|"
        r"jonction recto-?sigmoidienne|haut rectum|bas rectum",
    ),
    (
        CancerSite.LUNG,
        r"poumon|pulmonaire|bronch\w*|broncho-?pulmonaire|lobe superieur|"
        r"lobe inferieur|lobe moyen",
    ),
    (CancerSite.PROSTATE, r"prostate|prostatique"),
    (CancerSite.PANCREAS, r"pancreas|pancreatique|tete du pancreas"),
    (CancerSite.OVARY, r"ovaire|ovarien\w*|annexiel\w*|tubo-?ovarien\w*"),
    (CancerSite.KIDNEY, r"rein|renal\w*"),
    (CancerSite.BLADDER, r"vessie|vesical\w*|urothelial\w*"),
    (
        CancerSite.HEAD_AND_NECK,
        r"oropharynx|oropharynge\w*|larynx|larynge\w*|hypopharynx|"
        r"cavite buccale|amygdale|langue|vads|nasopharynx|orl",
    ),
    (
        CancerSite.OTHER,
        r"estomac|gastrique|oesophage|oesophagien\w*|thyroide|thyroidien\w*|"
        r"endometre|col uterin|col de l'uterus|foie|hepatocellulaire|"
        r"voies biliaires|vesicule biliaire|testicul\w*|vulv\w*|anus|anal|"
        r"cerebral|peau|cutane\w*|os|osseux|parties molles",
    ),
)
_SITE_ALTERNATION = "|".join(f"(?P<s{i}>\\b(?:{words})\\b)" for i, (_, words) in enumerate(SITES))
SITE_BY_GROUP = {f"s{i}": site for i, (site, _) in enumerate(SITES)}
TUMOUR = re.compile(rf"{TUMOUR_WORD}\b{_OF}(?:{_SITE_ALTERNATION})")
# Where a tumour word starts: the full pattern is then tried there only (far cheaper).
TUMOUR_START = fast(rf"\b{TUMOUR_WORD}\b")
# Cancers named by one word or acronym.
SELF_NAMED: tuple[tuple[CancerSite, str], ...] = (
    (CancerSite.LUNG, r"\bcbnpc\b|\bcbpc\b|\bnsclc\b|\bsclc\b"),
    (
        CancerSite.LYMPHOMA,
        r"\blymphomes?\b|\blnh\b|\bmaladie de hodgkin\b|\bhodgkin\b|"
        r"\blbdgc\b|\bdlbcl\b|\bldgcb\b",
    ),
    (CancerSite.MELANOMA, r"\bmelanomes?\b"),
    (CancerSite.COLORECTAL, r"\bccr\b"),
    (
        CancerSite.OTHER,
        r"\bmyelome\b|\bglioblastome\b|\bmesotheliome\b|\bcholangiocarcinome\b|"
        r"\bchc\b|\bsarcome\b",
    ),
)
SELF_NAMED_PATTERN = fast("|".join(f"(?P<s{i}>{words})" for i, (_, words) in enumerate(SELF_NAMED)))
SELF_NAMED_BY_GROUP = {f"s{i}": site for i, (site, _) in enumerate(SELF_NAMED)}
# Secondary disease named with the organ it reached is not a primary of that organ.
SECONDARY = fast(r"\b(?:metasta\w*|secondaires?|localisations? secondaires?|carcinose)\s*$")
DIAGNOSED = fast(
    r"\b(?:diagnostique\w*|decouvert\w*|diagnostic\w*|revele\w*|mis en evidence|"
    r"(?:micro|macro)?-?biopsi\w*|histologi\w*|preuve histologique)(?:\s+[\w-]+){0,3}?"
    r"[\s:,(]+(?:le|en|au|du|de|depuis)?\s*$"
)
# A line of family history: "ATCD familiaux : père, cancer colique." (EDS-NLP's family cues
# do not reach across the colon and the comma).
FAMILY_LINE = fast(r"\b(?:atcds?|antecedents?)\s+(?:\w+\s+et\s+)?familia\w*|\batcds?\s+fam\b")
# The day a pathology report's specimen was taken: a biopsy there is the diagnosis.
SPECIMEN_DATE = fast(
    r"\b(?:prelevement|biopsie\w*|microbiopsie\w*|ponction)\s+(?:realise\w*\s+|effectue\w*\s+)?"
    r"(?:du|le|en date du)\s*$"
)
# The site written near a morphology: "Biopsies du sigmoïde : adénocarcinome lieberkühnien".
SITE_WORD = fast(_SITE_ALTERNATION)
# A pathology report's specimen line: "Nature du prélèvement : biopsies du côlon".
SPECIMEN_LINE = re.compile(
    r"(?m)^[ \t]*(?:nature du prelevement|type de prelevement|prelevements?|materiel recu|"
    r"nous avons recu|piece recue)\s*:[^\n]*"
)
