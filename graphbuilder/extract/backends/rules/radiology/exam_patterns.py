"""How French radiologists write the exam and its conclusion (on folded text): modality,
exam date, comparison with earlier exams, follow-up or initial staging, the stated evolution
(five classes), RECIST categories and "pas de nouvelle lésion"."""

from __future__ import annotations

import re

from graphbuilder.extract.backends.rules.text.alternation import compile_alternation, fast
from graphbuilder.extract.model import Evolution, Modality, RecistCategory

# ----------------------------------------------------------------------------- the exam
MODALITIES: tuple[tuple[Modality, str], ...] = (
    (
        Modality.PET,
        r"\btep\b|\bpet\b|\btep-?(?:tdm|scan\w*|ct)|\bpet-?(?:ct|scan)|\bfdg\b|"
        r"tomographie par emission de positons",
    ),
    (Modality.MRI, r"\birm\b|resonance magnetique"),
    (
        Modality.CT,
        r"\btdm\b|\bscanner\b|\btomodensitometri\w*|\bscanographi\w*|\buroscanner\b|"
        r"\bangioscanner\b|\bct\b|\btaco\b",
    ),
    (Modality.ULTRASOUND, r"\bechographi\w*|\bechographique|\becho-?doppler|\becho\b"),
    (
        Modality.XRAY,
        r"\bradiographi\w*|\bradio (?:du |de |pulmonaire|thorax)|\bcliches?\b|"
        r"\bmammographi\w*|\brx\b",
    ),
    (Modality.OTHER, r"\bscintigraphi\w*|\btomoscintigraphi\w*"),
)
MODALITY = compile_alternation([words for _, words in MODALITIES])

EXAM_DATE_CUE = fast(
    r"(?:\bdu|\ble|\bdate(?: de l'examen| d'examen)?\s*:?|\bexamen (?:du|realise le)|"
    r"\brealise\w* le|\beffectue\w* le|\bpratique\w* le|\ben date du)\s*$"
)
COMPARISON = fast(
    r"\bcompar\w*|\bpar rapport (?:a|au|aux)\b|\ben regard d\w*|\bvs\b|\bversus\b|"
    r"\bprecedent\w*|\banterieur\w*|\bdernier (?:examen|controle|scanner|bilan)|"
    r"\bconfront\w*|\breference\b|\bcontre\b|\bevolution\b"
)
NO_COMPARISON = fast(
    r"\bcomparaison\s*:\s*(?:neant|aucun\w*(?:\s+examen\w*(?:\s+anterieur\w*)?)?|non|sans objet|"
    r"pas d'\w+(?:\s+anterieur\w*)?)|"
    r"\b(?:pas|absence|aucun\w*|sans)\s+(?:d'|de\s+)?(?:examen\w* )?(?:anterieur\w*|comparati\w*|"
    r"precedent\w*|anteriorite\w*|examen de reference)"
)
FOLLOW_UP = fast(
    r"\breevaluation\b|\bsuivi\b|\bcontrole\b|\bsurveillance\b|\bevaluation (?:sous|apres)|"
    r"\bevolution\b|\breponse (?:au|therapeutique)|\bsous (?:traitement|chimio\w*|immuno\w*)"
)
NOT_A_FOLLOW_UP = fast(
    r"\bbilan (?:d'extension|initial|pre-?therapeutique|pre-?operatoire|diagnostique)\w*|"
    r"\bexamen (?:initial|de reference)|\bpremier examen\b|\bstaging\b|\bbaseline\b|"
    r"\breactualisation\b|\bavant (?:chirurgie|intervention|traitement|toute? (?:traitement|"
    r"chimiotherapie))\b|\bpre-?operatoire\b|\bbilan loco-?regional\b|"
    r"\bbilan de (?:premiere intention|diagnostic)|\bdecouverte\b"
)

# ----------------------------------------------------------------------------- conclusions
EVOLUTION_STRONG: tuple[tuple[Evolution, str], ...] = (
    (
        Evolution.PROGRESSION,
        r"\bprogression\b|\bmaladie (?:progressive|en progression)|"
        r"\bprogressive\b|\breprise evolutive|\bpoursuite evolutive|\bevolution (?:defavorable|"
        r"pejorative)|\bevolutivite (?:tumorale|lesionnelle|de la maladie)|\baggravation\b|"
        r"\brecidive\b|\bprogresse\b",
    ),
    (
        Evolution.RESPONSE,
        r"\breponse (?:partielle|complete|objective|majeure|favorable|"
        r"therapeutique|morphologique|metabolique)\w*|\bbonne reponse\b|\bremission\b|"
        r"\bevolution favorable\b|\bregression (?:partielle|complete|nette|significative)\w*",
    ),
    (
        Evolution.STABILITY,
        r"\bmaladie stable\b|\bstabilite (?:lesionnelle|de la maladie|"
        r"globale|tumorale)|\bglobalement stable|\bstabilisation\b|\bpas d'evolutivite\b|"
        r"\babsence d'evolutivite\b|\bpas (?:de )?(?:progression|modification significative)\b|"
        r"\babsence de progression\b|\bsans progression\b|\bsuperposable\w*|\binchange\w*|"
        r"\bmaintien de la (?:remission|reponse)(?: (?:complete|partielle|metabolique))*|"
        r"\b(?:remission|reponse) (?:complete |partielle |metabolique )*(?:maintenue|persistante)|"
        # surveillance after curative treatment: "Absence de récidive", "Pas d'argument pour
        # une récidive", "Pas de signe de récidive"
        r"\b(?:absence|pas) (?:de (?:signes? |elements? )|d'(?:arguments? |elements? ))?"
        r"(?:en faveur |pour )?(?:d'une |de |une )?(?:recidive|rechute)\w*",
    ),
    (
        Evolution.UNKNOWN,
        r"\bnon evaluable\b|\bdifficile(?:ment)? (?:a )?evalu\w*|"
        r"\bevaluation (?:difficile|impossible)|\bininterpretable\b|\breponse dissociee\b|"
        r"\bpas de comparaison possible\b|\bimpossible a evaluer|\bindetermine\w*|"
        r"\bd'interpretation difficile|\binterpretation difficile|\bdifficile a interpreter|"
        r"\bnon concluant\w*|\bpseudo-?progression|\bnon contributi\w*|"
        r"\bdifficile a apprecier|\bcomparaison difficile",
    ),
)
EVOLUTION_WEAK: tuple[tuple[Evolution, str], ...] = (
    (
        Evolution.PROGRESSION,
        r"\baugmentation\b|\bmajoration\b|\baugmente\w*|\bmajore\w*|"
        r"\bcroissance\b|\bapparition\b|\bnouvelles? lesions?\b|\bextension\b",
    ),
    (
        Evolution.RESPONSE,
        r"\bdiminution\b|\bregression\b|\bdiminue\w*|\bdisparition\b|"
        r"\bdecroissance\b|\bamelioration\b|\bregresse\w*|\bameliore\w*|\bfonte\b",
    ),
    (
        Evolution.STABILITY,
        r"\bstabilite\b|\bstables?\b|\bsans modification\b|\bpas de "
        r"modification\b|\bpas d'evolution\b|\bsans evolution\b|\bidentique\w*",
    ),
)
# Any progression makes the disease progress (RECIST); a stated doubt outranks stability.
EVOLUTION_PRECEDENCE = (
    Evolution.PROGRESSION,
    Evolution.RESPONSE,
    Evolution.UNKNOWN,
    Evolution.STABILITY,
)
# Our own negated-evolution phrases already mean stability; EDS-NLP must not undo them.
SELF_NEGATED_STABILITY = fast(r"^(?:pas|absence|sans)\b|^superposable|^inchange|^stab")

# Category words count as a stated RECIST category only when RECIST is named in the sentence.
RECIST_WORDS: tuple[tuple[RecistCategory, str], ...] = (
    (RecistCategory.CR, r"\breponse complete\b"),
    (RecistCategory.PR, r"\breponse partielle\b"),
    (RecistCategory.SD, r"\bmaladie stable\b|\bstabilite (?:lesionnelle|de la maladie)\b"),
    (RecistCategory.PD, r"\bmaladie (?:progressive|en progression)\b|\bprogression\b"),
    (RecistCategory.NE, r"\bnon evaluable\b"),
)
RECIST_ABBREVIATIONS: dict[str, RecistCategory] = {
    "RC": RecistCategory.CR,
    "CR": RecistCategory.CR,
    "RP": RecistCategory.PR,
    "PR": RecistCategory.PR,
    "SD": RecistCategory.SD,
    "MS": RecistCategory.SD,
    "PD": RecistCategory.PD,
    "MP": RecistCategory.PD,
    "NE": RecistCategory.NE,
}
# Matched on the original text: upper case, a word of its own.
RECIST_ABBREVIATION = re.compile(
    r"(?P<abbr>R(?<![\w/-]R)[CP]|C(?<![\w/-]C)R|P(?<![\w/-]P)[RD]|S(?<![\w/-]S)D|"
    r"M(?<![\w/-]M)[SP]|N(?<![\w/-]N)E)(?![\w/-])"
)
RECIST_CONTEXT = fast(
    r"(?:recist|reponse|au total|evaluation|categorie|conclusion|soit|:)[^.\n]{0,30}$"
)
ABBREVIATION_EVOLUTION: dict[RecistCategory, Evolution] = {
    RecistCategory.CR: Evolution.RESPONSE,
    RecistCategory.PR: Evolution.RESPONSE,
    RecistCategory.SD: Evolution.STABILITY,
    RecistCategory.PD: Evolution.PROGRESSION,
    RecistCategory.NE: Evolution.UNKNOWN,
}

NO_NEW_LESION = fast(
    r"\b(?:pas|absence|aucune?|sans|ni)\s+(?:d'|de\s+|d'autres?\s+)?(?:apparition\s+(?:d'|de\s+)"
    r"(?:une?\s+|de\s+)?)?(?:nouvel(?:le)?s?|nouveaux?)\s+(?:lesions?|localisations?|cibles?|"
    r"sites?|anomalies?|nodules?|foyers?|adenopathies?|metastases?|lesions? secondaires?)"
    r"(?:\s+(?:secondaires?|suspecte?s?|tumorales?|a distance|decelable\w*|visible\w*|"
    r"identifiable\w*))?|"
    r"\b(?:pas|absence|aucune?)\s+(?:d'|de\s+)?(?:lesions?|localisations?)\s+(?:secondaires?\s+)?"
    r"(?:nouvel(?:le)?s?|d'apparition (?:recente|nouvelle))|"
    r"\bnouvel(?:le)?s?\s+lesions?\s*:\s*(?:non|aucune|absence|0|neant)\b"
)
NEW_LESION_PHRASE = fast(
    r"\b(?:nouvel(?:le)?s?|nouveaux?)\s+(?:lesions?|localisations?|nodules?|adenopathies?|"
    r"metastases?|cibles?)|\bapparition\s+d[e']\s*(?:une?\s+|de\s+)?(?:nouvel\w*\s+)?"
    r"(?:lesions?|nodules?|adenopathies?|metastases?|localisations?)"
)
