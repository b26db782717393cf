"""How oncologists write about a treatment's course (on folded text): when it starts and ends,
its status, its line, its cycle, a radiotherapy's dose and fractions."""

from __future__ import annotations

from graphbuilder.extract.backends.rules.text.alternation import (
    Alternation,
    compile_alternation,
    fast,
)
from graphbuilder.extract.backends.rules.treatments import lexicon
from graphbuilder.extract.model import TreatmentStatus

Lexicon = tuple[lexicon.Entry, ...]


def _compile(entries: Lexicon, boundary: str = r"\w") -> Alternation:
    return compile_alternation([forms for _, _, forms in entries], boundary)


NAMED = lexicon.REGIMENS + lexicon.DRUGS + lexicon.PROCEDURES
NAMED_PATTERN = _compile(NAMED)
UPPERCASE = lexicon.UPPERCASE_REGIMENS + lexicon.UPPERCASE_PROCEDURES
UPPERCASE_PATTERN = _compile(UPPERCASE, r"\w-")
GENERIC_PATTERN = _compile(lexicon.GENERIC)

# Two chemotherapy drugs joined ("carboplatine-pémétrexed") are one regimen.
JOINER = fast(r"^\s*(?:-|/|\+|et|,)\s*$")

# ----------------------------------------------------------------------------- dates
START_BEFORE_DATE = fast(
    r"(?:\bdebut\w*|\binit\w*|\binstaur\w*|\bintrodu\w*|\bmis\w* en route|\bcommenc\w*|"
    r"\bdepuis|\ba partir d[ue']|\bc1(?:\s*j1)?|\bdemarr\w*|\bopere\w*|\bintervention|"
    r"\brealise\w*|\beffectue\w*|\bpratique\w*|\bprevue?s?|\bprogramme\w*|\bdebutera|"
    r"\badministr\w*)[^.;]{0,40}?(?:\b(?:le|du|en|depuis|des|au|ce))?[\s,:]*$"
)
END_BEFORE_DATE = fast(
    r"(?:\barret\w*|\bfin\b|\btermin\w*|\bacheve\w*|\bjusqu'(?:au|en|a)|\binterromp\w*|"
    r"\bderni(?:ere|er) (?:cure|cycle|seance|injection|administration)|\bsuspendu\w*|\bstopp\w*)"
    r"[^.;]{0,25}?(?:\b(?:le|du|en|au))?[\s,:]*$"
)
# A date that opens its sentence or line and the start cue after it: "Le 04/10/2018,
# démarrage de FOLFIRI", "- 7 mai 2018 : lobectomie" (a history line).
DATE_OPENS = fast(r"[ \t]*(?:[-\u2022*][ \t]*)?(?:le\s+)?")
START_AFTER_DATE = fast(  # matched right after the date (so no "^", which a `pos` defeats)
    r"\s*(?:,\s*(?:demarrage|debut|initiation|introduction|instauration|mise en route|"
    r"reprise)\b|(?P<colon>:))"
)
DATE_RIGHT_AFTER = fast(r"^[^.;,]{0,25}?\b(?:le|du|en date du|realisee? le)\s*$|^\s*\(\s*$")

# ----------------------------------------------------------------------------- status
# (status, pattern, where the treatment is: "after" the cue or "either" side)
STATUS_CUES: tuple[tuple[TreatmentStatus, str, str], ...] = (
    (
        TreatmentStatus.PLANNED,
        r"\ba debuter\b|\bdebutera\b|\bsera (?:debute|initie|introduit|"
        r"realise|administre|poursuivi|programme)\w*|\bva (?:debuter|beneficier|recevoir)|"
        r"\bprevue?s?\b|\bprogramme\w*|\bpropos\w*|\bindication (?:a|d'|de)|\bdecision d[e']|"
        r"\bil est decide|\bon retient|\ba (?:realiser|prevoir|programmer)|\bpreconis\w*|"
        r"\brecommand\w*",
        "either",
    ),
    (
        TreatmentStatus.PLANNED,
        r"\ben vue d'(?:une?\s+)?|\bavant (?:la |le |l'|une? )?|"
        r"\brelais par\b",
        "after",
    ),
    (
        TreatmentStatus.STOPPED,
        r"\barret\w*|\binterromp\w*|\binterruption|\bstoppe\w*|"
        r"\bsuspendu\w*|\bsuspension|\babandon\w*",
        "either",
    ),
    (
        TreatmentStatus.COMPLETED,
        r"\btermine\w*|\bacheve\w*|\bfin d[eu']|\bfin de (?:la |l')|"
        r"\ba recu\b|\bayant recu\b|\ba ete (?:realise|effectue|opere|traite)\w*|\bfinie?s?\b|"
        r"\bcomplete(?:e|es|s)?\b|"
        r"\bderni(?:ere|er) (?:cure|cycle|seance)|\boperee?\b|\bpost-?operatoire",
        "either",
    ),
    (
        TreatmentStatus.COMPLETED,
        r"\bau decours d[eu']\s*(?:la |l')?|"
        # "Évaluation après immunothérapie": evaluated during the course, not after its end
        r"\bapres(?<!evaluation apres) (?:la |le |l'|une? )?(?=[a-z])|\btraitee? par\b|"
        r"\ba beneficie d'(?:une?\s+)?|"
        r"\bintervention du\b[^:]{0,20}:?|\bantecedents? d[e']",
        "after",
    ),
    (
        TreatmentStatus.ONGOING,
        r"\ben cours\b|\bpoursuite\b|\bpoursuivi\w*|\bpoursuivre\b|"
        r"\bactuellement\b|\brecoit\b|\bcontinue\w*|\bnous (?:debutons|administrons|poursuivons)|"
        r"\bdebute\w* ce jour|\badministree? ce jour|\bbien tolere\w*",
        "either",
    ),
    (
        TreatmentStatus.ONGOING,
        r"\bsous\b|\ben maintenance par\b|\bentretien par\b|"
        # "Initiation de carboplatine ce jour", "mise en route d'EC100", "démarrage du
        # traitement par FOLFIRI", unless the start is still to come
        r"\b(?:initiation|debut|mise en route|demarrage) d(?:e |u |'|es )"
        r"(?:traitement (?:par |de |d'))?(?![^.;]{0,60}\b(?:prevue?|programmee?|a venir))",
        "after",
    ),
)
STATUS_PATTERNS = [(status, fast(words), side) for status, words, side in STATUS_CUES]
# Treatments named one after the other with only these words between them share their cues.
GROUP_GAP = fast(
    r"^\s*(?:-|/|\+|,|et|avec|plus|puis|associee? (?:a|au|aux)|en association avec)?\s*"
    r"(?:du |de |le |la |l'|au |aux )?\s*$"
)

# ----------------------------------------------------------------------------- line, cycle
_ORDINALS = {
    "premiere": 1,
    "premier": 1,
    "1ere": 1,
    "1er": 1,
    "deuxieme": 2,
    "seconde": 2,
    "second": 2,
    "troisieme": 3,
    "quatrieme": 4,
    "cinquieme": 5,
    "sixieme": 6,
}
ORDINALS = _ORDINALS
LINE = fast(
    r"\b(?P<number>\d{1,2})\s*(?:e|eme|er|ere|re|nde|nd)\s+ligne\b|"
    r"\b(?P<word>premiere|deuxieme|seconde|troisieme|quatrieme|cinquieme|sixieme)\s+ligne\b"
)
LINE_ABBREVIATION = fast(r"(?<![\w-])L(?P<number>[1-9])(?![\w-])")
CYCLE_CODE = fast(r"(?<![\w-])C(?P<number>\d{1,2})(?:\s*J\s*\d{1,2})?(?![\w-])")
CYCLE_WORDS = fast(
    r"\b(?:cure|cycle|seance)s?\s*(?:n\s*o?\.?\s*|numero\s*)?(?P<number>\d{1,2})\b(?!\s*(?:mm|gy|%))|"
    r"\b(?P<ordinal>\d{1,2})\s*(?:e|eme|ere|re)\s+(?:cure|cycle)\b|"
    r"\b(?P<count>\d{1,2})\s+(?:cures|cycles|injections)\b"
)
CYCLE_COUNT_BEFORE_NAME = fast(r"\b(?P<count>\d{1,2})\s*(?:x\s*)?$")

# ----------------------------------------------------------------------------- radiotherapy
DOSE = fast(
    r"(?<![\d.,])(?P<fr>\d{1,2})\s*(?:x|fois)\s*(?P<per>\d{1,2}(?:[.,]\d{1,2})?)\s*gy\b|"
    r"(?<![\d.,])(?P<dose>\d{1,3}(?:[.,]\d{1,2})?)\s*gy\b(?:[^.;\d]{0,20}?(?P<fractions>\d{1,2})"
    r"\s*(?:fractions?|seances?|fr\b|#))?"
)

# A tumour board's attendance line names specialties, not treatments:
# "Présents : oncologie, radiologie, chirurgie, radiothérapie."
ATTENDANCE_LINE = fast(
    r"[ \t]*(?:(?:medecins |specialites )?(?:presents?|participants?|representees?)|quorum)\s*:"
)

# A drug named as the cause of a side effect is not a treatment statement.
TOXICITY_BEFORE = fast(
    r"\b(?:toxicite|neuropathie|allergie|intolerance|hypersensibilite|reaction|cardiotoxicite|"
    r"effets? (?:secondaires?|indesirables?))\w*(?:\s+\w+){0,3}\s+(?:a|au|aux|de|du|liee? a|"
    r"induite? par|sous|secondaires? a)\s*(?:l'|la |le )?$"
)
# Cues that govern every treatment after them in their sentence ("traitée par EC puis
# paclitaxel, puis tumorectomie"), up to the next cue.
SCOPE_CUE = fast(
    r"\btraitee? par\b|\ba beneficie d|\ba recu\b|\bayant recu\b|\bpropos\w*|\bdecision\b|"
    r"\bindication\b|\bil est decide|\bon retient|\bsous\b|\bapres\b|\bavant\b|\ben vue d'|"
    r"\bnous (?:debutons|debuterons|administrons|poursuivons)"
)
# A course told over several sentences: "La C1 est prévue le 28/05.", "Six cures sont prévues."
HEADER_INTERVENTION = fast(
    r"\b(?:intervention|chirurgie|operee?|exerese)\s+(?:realisee?\s+)?(?:du|le|en date du)\s*$"
)
PLANNED_SENTENCE = fast(
    r"\bprogramme\w*|\bprevue?s?\b|\breevaluation apres\b|\bevaluation apres\b|\ba (?:prevoir|"
    r"realiser)|\bproposition\b|\bpropose\w*"
)
