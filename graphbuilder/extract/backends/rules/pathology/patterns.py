"""How French pathologists write (on folded text: lower case, no accents).

Specimens, morphologies with their ICD-O-3 codes, the SBR / Elston-Ellis grade and its three
scores, margins, lymph nodes ("(1/12)", "1N+/12", "dont 2 métastatiques"), emboli, capsular
rupture, hormone receptors, HER2 (IHC score, FISH/SISH), Ki-67 and TNM.
"""

from __future__ import annotations

from graphbuilder.extract.backends.rules.text.alternation import compile_alternation, fast
from graphbuilder.extract.model import SpecimenType

# ----------------------------------------------------------------------------- specimen
SPECIMENS: tuple[tuple[SpecimenType, str], ...] = (
    (
        SpecimenType.LUMPECTOMY,
        r"\bmastectomie partielle\b|\btumorectomie\w*|\bzonectomie\w*|"
        r"\bquadrantectomie\w*|\bpiece d'exerese (?:mammaire|du sein)",
    ),
    (SpecimenType.MASTECTOMY, r"\bmastectomie\w*"),
    (
        SpecimenType.AXILLARY_DISSECTION,
        r"\bcurage (?:ganglionnaire )?axillaire\b|"
        r"\bcurage ganglionnaire\b|\blymphadenectomie\w*",
    ),
    (
        SpecimenType.SENTINEL_NODE,
        r"\bganglions? sentinelles?\b|\bgs\b|\bprocedure du ganglion "
        r"sentinelle\b",
    ),
    (
        SpecimenType.RESECTION,
        r"\b(?:hemi)?colectomie\w*|\bproctectomie\b|\bresection\w*|"
        r"\blobectomie\w*|\bpneumonectomie\w*|\bhepatectomie\w*|"
        r"\bmetastasectomie\w*|\bgastrectomie\w*|\bduodeno-?pancreatectomie\w*|"
        r"\bpancreatectomie\w*|\bprostatectomie\w*|\bnephrectomie\w*|"
        r"\bpiece operatoire\b|\bexerese (?:chirurgicale|large)\b|"
        r"\bsegmentectomie\w*|\bwedge\b|\bhysterectomie\w*|\bcystectomie\w*",
    ),
    (
        SpecimenType.BIOPSY,
        r"\b(?:micro|macro)?-?biopsies?\b|\bbiopsi\w*|\bcarottes?\b|\bexerese ganglionnaire\b|"
        r"\badenectomie\b|"
        r"\bponction-biopsie\b|\bcytoponction\b|\bprelevement biopsique\b",
    ),
)
SPECIMEN = compile_alternation([words for _, words in SPECIMENS])
# The most extensive specimen wins when a report names several ("tumorectomie et GS").
SPECIMEN_PRIORITY = [specimen for specimen, _ in SPECIMENS]
SPECIMEN_HEADER = fast(
    r"\b(?:nature|type) d[ue]s? (?:prelevements?|piece)\b|\bprelevements?\s*:|\bintitule\b"
)

# ----------------------------------------------------------------------------- morphology
MORPHOLOGIES: tuple[tuple[str, str, str], ...] = (
    # (folded pattern, canonical label, ICD-O-3), most specific first
    (
        r"carcinome (?:canalaire |intra-?canalaire |ductal )in situ|\bccis\b|\bdcis\b",
        "carcinome canalaire in situ",
        "8500/2",
    ),
    (r"carcinome lobulaire in situ|\bclis\b", "carcinome lobulaire in situ", "8520/2"),
    (
        r"carcinome (?:mammaire )?(?:infiltrant )?lobulaire(?: infiltrant)?|\bcli\b",
        "carcinome lobulaire infiltrant",
        "8520/3",
    ),
    (
        r"carcinome (?:mammaire )?(?:infiltrant |invasif )?(?:de type )?(?:non specifique|nst)\b|"
        r"carcinome (?:mammaire )?(?:infiltrant |invasif )de type non specifique|"
        r"carcinome (?:canalaire|ductal|galactophorique) (?:infiltrant|invasif)|\bcci\b|"
        r"carcinome (?:mammaire )?(?:infiltrant|invasif) (?:\(?nst\)?|sans autre specification)",
        "carcinome infiltrant de type non spécifique",
        "8500/3",
    ),
    (r"(?:adeno)?carcinome (?:colloide|mucineux|muqueux)\w*", "carcinome mucineux", "8480/3"),
    (r"carcinome tubuleux", "carcinome tubuleux", "8211/3"),
    (r"carcinome medullaire", "carcinome médullaire", "8510/3"),
    (r"carcinome micropapillaire", "carcinome micropapillaire", "8507/3"),
    (r"carcinome metaplasique", "carcinome métaplasique", "8575/3"),
    (
        r"carcinome neuro-?endocrine a grandes cellules",
        "carcinome neuroendocrine à grandes cellules",
        "8013/3",
    ),
    (
        r"carcinome (?:bronchique |pulmonaire )?a petites cellules|\bcbpc\b",
        "carcinome à petites cellules",
        "8041/3",
    ),
    (r"tumeur neuro-?endocrine", "tumeur neuroendocrine", "8240/3"),
    (r"carcinome (?:epidermoide|malpighien)\w*", "carcinome épidermoïde", "8070/3"),
    (r"carcinome urothelial", "carcinome urothélial", "8120/3"),
    (r"carcinome (?:renal )?a cellules claires", "carcinome à cellules claires", "8310/3"),
    (r"carcinome hepatocellulaire|\bchc\b", "carcinome hépatocellulaire", "8170/3"),
    (r"carcinome papillaire", "carcinome papillaire", "8260/3"),
    (r"(?:adeno)?carcinome sereux de haut grade", "carcinome séreux de haut grade", "8461/3"),
    (
        r"adenocarcinome canalaire (?:du pancreas|pancreatique)",
        "adénocarcinome canalaire",
        "8500/3",
    ),
    (r"adenocarcinome\b|\badk\b", "adénocarcinome", "8140/3"),
    (
        r"lymphome (?:b )?diffus a grandes cellules(?: b)?|\blbdgc\b|\bdlbcl\b|\bldgcb\b",
        "lymphome B diffus à grandes cellules",
        "9680/3",
    ),
    (r"lymphome folliculaire", "lymphome folliculaire", "9690/3"),
    (r"lymphome de hodgkin|maladie de hodgkin", "lymphome de Hodgkin", "9650/3"),
    (r"melanome", "mélanome", "8720/3"),
    (
        r"carcinome (?:mammaire )?(?:infiltrant|invasif)",
        "carcinome infiltrant de type non spécifique",
        "8500/3",
    ),
)
MORPHOLOGY = compile_alternation([words for words, _, _ in MORPHOLOGIES])
# Grade or differentiation words that pathologists write right after the morphology.
MORPHOLOGY_TAIL = fast(
    r"(?:\s+(?:lieberkuhnien|bien|moyennement|peu|in situ|infiltrant|invasif|differencie|"
    r"de type non specifique|\(nst\)|nst))+"
)
ICDO_CODE = fast(r"(?<![\d/])(?:m-?)?(?P<code>[89]\d{3}/[0-3])(?![\d/])")

# ----------------------------------------------------------------------------- grade
_ROMAN_GRADE = r"(?P<grade>iii|ii|i|[1-3])\b"
SBR_GRADE = fast(
    r"\b(?:grade\s+(?:histo-?pronostique\s+)?(?:de\s+|selon\s+)?(?:sbr|elston(?:\s*(?:et|&|-)"
    r"\s*ellis)?|ee|nottingham|scarff[- ]bloom[- ]richardson)|(?:sbr|elston(?:\s*(?:et|&|-)\s*"
    r"ellis)?|nottingham)(?:\s+modifie)?(?:\s*\((?:ee|sbr modifie|elston[^)]*)\))?|"
    r"grade histo-?(?:pronostique|logique)(?:\s+(?:de\s+|selon\s+)?(?:elston(?:\s*(?:et|&|-)"
    r"\s*ellis)?|sbr|nottingham))?(?:\s*\([^)]{0,30}\))?)"
    rf"\s*(?:modifie\s*)?[:=]?\s*(?:grade\s*)?{_ROMAN_GRADE}"
)
GRADE_THEN_SYSTEM = fast(
    rf"\bgrade\s+{_ROMAN_GRADE}\s*(?:\(?\s*(?:de |selon )?(?:sbr|elston|ee\b|nottingham))"
)
SUBSCORES = fast(
    r"[(\[]?\s*(?P<t>[1-3])\s*[+\-/]\s*(?P<n>[1-3])\s*[+\-/]\s*(?P<m>[1-3])\s*(?:=\s*\d\s*)?"
    r"[)\]]?"
)
TUBULES = fast(
    r"\b(?:tubules?|architecture|differenciation (?:tubulo-?)?glandulaire|formation (?:de )?"
    r"tubul\w*|differenciation tubulaire|glandes)\s*(?:\([^)]{0,25}\))?\s*[:=]?\s*"
    r"(?:score\s*)?(?P<score>[1-3])\b(?!\s*(?:%|mm|/))"
)
NUCLEI = fast(
    r"\b(?:noyaux|pleomorphisme nucleaire|atypies? (?:cyto-?)?nucleaires?|anisocaryose)\s*"
    r"(?:\([^)]{0,25}\))?\s*[:=]?\s*(?:score\s*)?(?P<score>[1-3])\b(?!\s*(?:%|mm|/))"
)
MITOSES = fast(
    r"\b(?:mitoses|index mitotique|activite mitotique|compte mitotique)\s*(?:\([^)]{0,25}\))?"
    r"\s*[:=]?\s*(?:score\s*)?(?P<score>[1-3])\b(?!\s*(?:%|mm|/|mitoses|pour))"
)

# ----------------------------------------------------------------------------- size
TUMOUR_SIZE_CUE = fast(
    r"(?:\btaille(?: (?:tumorale|histologique|de la tumeur|du foyer|de la lesion|macroscopique))?"
    r"|\bplus grand (?:axe|diametre)|\bdiametre(?: maximal)?|\bmesur(?:ant|e|ee)|\bdimension"
    r"|\bgrand axe)\s*(?:de|a|:|=)?\s*(?:\w+\s+){0,2}$"
)
TUMOUR_WORD = fast(
    r"\btumeur|\bcarcinome|\badenocarcinome|\bfoyer|\blesion|\bnodule|\bmasse|"
    r"\breliquat|\bresidu|\blymphome|\bmelanome"
)
# "carcinome infiltrant de type non spécifique, de 11 mm": a size right after the tumour words.
SIZE_AFTER_TUMOUR = fast(r"(?:,\s*)?\b(?:de|mesurant|d'environ|d'un diametre de)\s*$")
NOT_TUMOUR_SIZE = fast(
    r"\b(?:piece|fragment|carotte|recoupe|berge|marge|distance|capsule|peau|lambeau|ganglion|"
    r"prelevement|specimen|curage|copeau|biopsie|limite|tranche)\w*"
)

# ----------------------------------------------------------------------------- margins
MARGIN_WORD = (
    r"(?:marges?|berges?|limites?(?: d'exerese| chirurgicales?)?|recoupes?|tranches? de section)"
)
MARGINS_CLEAR = fast(
    rf"\b{MARGIN_WORD}(?:\s+(?:d'exerese|chirurgicales?|laterales?|profondes?))?\s*(?:sont\s+|:\s*)?"
    r"(?:saines?|in sano|non (?:atteintes?|envahies?|tumorales?|infiltrees?)|indemnes?|libres?|"
    r"negatives?|en zone saine)|\bexerese\s+(?:complete|in sano)|\bin sano\b|(?<![\w-])r0(?![\w-])|"
    r"\b(?:absence|pas) d'(?:atteinte|envahissement) (?:des|de la|du) (?:marges?|berges?|limites?)"
)
MARGINS_INVOLVED = fast(
    rf"\b{MARGIN_WORD}(?:\s+(?:d'exerese|chirurgicales?|laterales?|profondes?))?\s*(?:sont\s+|:\s*|"
    r"est\s+)?(?:atteintes?|envahies?|tumorales?|positives?|focalement atteintes?|au contact)|"
    r"\bexerese\s+(?:incomplete|non in sano)|(?<![\w-])r[12](?![\w-])|"
    r"\b(?:atteinte|envahissement) (?:des|de la|du) (?:marges?|berges?|limites?)"
)
MARGIN_DISTANCE = fast(
    rf"\b{MARGIN_WORD}\s+(?:la plus proche|minimale?|la plus courte)\s*(?:\([^)]*\)\s*)?"
    r"(?:est\s+)?(?:a|de|:|=)?\s*(?P<mm>\d+(?:[.,]\d+)?)\s*mm"
)

# ----------------------------------------------------------------------------- nodes
NODE_CONTEXT = fast(r"ganglion|\bgg\b|\bgs\b|sentinelle|\bpn\d|\bypn\d|\bn\+|curage|adenopath")
NODE_FRACTION = fast(
    r"(?<![\d/.,])\(?\s*(?P<pos>\d{1,2})\s*(?:n\+|gg\+|\+)?\s*/\s*(?P<tot>\d{1,2})\s*(?:n|gg)?\s*\)?"
    r"(?![\d/%]|[.,]\d|\s*(?:mm|cm))"
)
NUMBER_WORDS: dict[str, int] = {
    "aucun": 0,
    "un": 1,
    "une": 1,
    "deux": 2,
    "trois": 3,
    "quatre": 4,
    "cinq": 5,
    "six": 6,
    "sept": 7,
    "huit": 8,
    "neuf": 9,
    "dix": 10,
    "onze": 11,
    "douze": 12,
    "treize": 13,
    "quatorze": 14,
    "quinze": 15,
    "seize": 16,
    "vingt": 20,
}
_COUNT = r"(?P<count>\d{1,2}|" + "|".join(NUMBER_WORDS) + r")"
_COUNT2 = _COUNT.replace("count", "count2")
_NODE = r"(?:ganglions?|gg)(?:\(s\))?"
_AFFECTED = r"(?:envahi|metastatique|atteint|positif|tumora|n\+)\w*(?:\(s\))?"
# "2 ganglions envahis sur 12", "0 ganglion(s) envahi(s) sur 3 prélevé(s)"
NODES_OF = fast(
    rf"\b(?P<pos>\d{{1,2}}|aucun|un|deux|trois|quatre|cinq)\s+{_NODE}\s+(?:\w+\s+)?{_AFFECTED}"
    r"\s+sur\s+(?P<tot>\d{1,2})\b"
)
NODES_EXAMINED = fast(
    rf"\b{_COUNT}\s+{_NODE}(?:\s+(?:lymphatiques?|sentinelles?|axillaires?|"
    r"regionaux|pericoliques?))*(?!\s+(?:\w+\s+)?(?:envahi|metasta|atteint|positif|n\+))"
    r"(?:\s+(?:ont ete|a ete|sont|est))?\s*(?:examines?|preleves?|analyses?|identifies?|"
    r"isoles?|retrouves?|recus?|individualises?|disseques?)?(?:\(s\))?"
)
NODES_POSITIVE = fast(
    rf"\b(?:dont|avec)\s+{_COUNT}\s+(?:ganglions?\s+)?(?:est\s+|sont\s+)?(?:metastatiques?|envahis?"
    r"|atteints?|positifs?|tumoraux|n\+|siege d'une (?:macro|micro)?metastase)|"
    rf"\b{_COUNT2}\s+(?:ganglions?|gg)\s+(?:\w+\s+)?(?:metastatiques?|envahis?|atteints?|positifs?|n\+)"
)
NODES_ALL_NEGATIVE = fast(
    r"\b(?:aucun\w*|absence de|pas de)\s+(?:ganglions?\s+)?(?:metastase\w* ganglionnaire\w*|"
    r"(?:ganglion\w*\s+)?(?:metastatique|envahi|atteint)\w*|envahissement ganglionnaire)|"
    r"\bganglions?\b[^.;]{0,40}\b(?:indemnes?|sains?|non (?:envahis|metastatiques?|atteints?)|"
    r"negatifs?|sans (?:metastase|envahissement))\b|\bpn0\b"
)

# ----------------------------------------------------------------------------- emboli, rupture
EMBOLI = fast(
    r"\bemboles?(?:\s+(?:tumoraux|tumoral|carcinomateux))?(?:\s+(?:lympho-?vasculaires?|"
    r"vasculaires?|lymphatiques?|veineux|intra-?vasculaires?|peri-?tumoraux))*|"
    r"\binvasion (?:lympho-?)?vasculaire|\binvasion lymphatique|\bilv\b|\bemboles? lv\b|"
    r"\benvahissement (?:lympho-?)?vasculaire|\blvi\b"
)
CAPSULAR = fast(
    r"\b(?:rupture|effraction|depassement|franchissement)\s+(?:de la\s+)?capsul\w*|"
    r"\bextension\s+extra-?(?:capsulaire|ganglionnaire|nodale)|\bextra-?capsulaire\b|"
    r"(?<![\w-])r\.?c\.?\s*[+-]"
)
PRESENT_AFTER = fast(
    r"^\s*(?:\([^)]*\)\s*)?(?::|=)?\s*(?:presents?|presentes?|oui|\+|positifs?|nombreux|"
    r"multiples|focaux|focal|rares|quelques|identifie\w*|observe\w*|mis en evidence)\b"
)
ABSENT_AFTER = fast(
    r"^\s*(?:\([^)]*\)\s*)?(?::|=)?\s*(?:non (?:vus?|identifies?|observes?|retrouves?|"
    r"mis en evidence)|pas vus?|absents?|absentes?|negati(?:f|fs|ve|ves)\b|non\b|0\b|-)"
)
PRESENT_BEFORE = fast(r"\b(?:presence d[e']|quelques|nombreux|rares|multiples|avec)\s*$")

# ----------------------------------------------------------------------------- receptors
ER = fast(
    r"\brecepteurs?\s+(?:hormonaux\s+)?(?:aux\s+|a\s+l'|des\s+|d'|de\s+l')?o?estrogene?s?"
    r"(?:\s*\((?:re|ro|er)\))?|"
    r"(?<![\w-])(?:re|ro|er)(?![\w-])|\brh\s*:\s*re\b"
)
PR = fast(
    r"\brecepteurs?\s+(?:hormonaux\s+)?(?:a\s+la\s+|de\s+la\s+|a\s+|de\s+)?progesterone"
    r"(?:\s*\((?:rp|pr|rpg)\))?|"
    r"(?<![\w-])(?:rp|pr|rpg)(?![\w-])"
)
HORMONE_BOTH_NEGATIVE = fast(r"\b(?:rh|recepteurs hormonaux)\s*(?:-|negatifs?)|\btriple negatif\b")
RECEPTOR_VALUE = fast(
    r"\s*(?:\)\s*)?(?:[:=]\s*)?(?:(?P<sign>\+{1,3}|-)(?!\d)|(?P<word>positi\w*|negati\w*)|"
    r"(?P<lt><\s*)?(?P<pct>\d{1,3}(?:[.,]\d+)?)\s*%)"
)
PERCENT_AFTER_WORD = fast(r"[^%.;\n]{0,45}?(?P<lt><\s*)?(?P<pct>\d{1,3}(?:[.,]\d+)?)\s*%")

HER2 = fast(r"\bher\s?-?\s?2(?:\s*/\s*neu)?\b|\bc-?erb-?b2\b|\berbb2\b")
HER2_SCORE = fast(
    r"[^.;\n]{0,30}?(?:score\s*(?:ihc\s*)?[:=]?\s*)?(?<![\d/.,])(?P<score>[0-3])"
    r"(?:\s*(?P<plus>\+{1,3})|(?![\d/%]|[.,]\d))|\s*[:=]?\s*(?P<crosses>\+{1,3})(?![+\w])"
)
HER2_LOW = fast(r"[^.;\n]{0,40}?\b(?P<low>low|faible)\b")
HER2_WORD = fast(
    r"[^.;\n]{0,25}?\b(?P<word>positi\w*|negati\w*|equivoque|douteux|surexpri\w*|"
    r"non surexpri\w*|absence de surexpression|surexpression)"
)
ISH = fast(
    r"\b(?:fish|sish|cish|ddish|hybridation in situ|ish)\b[^.;\n]{0,60}?\b(?P<result>non[- ]"
    r"amplifi\w*|absence d'amplification|pas d'amplification|amplifi\w*|amplification)"
)
HER2_AMPLIFIED = fast(r"\bher-?2\b[^.;\n]{0,20}?\b(?P<result>non[- ]amplifi\w*|amplifi\w*)")

KI67 = fast(
    r"\b(?:ki-?\s?67|mib-?1|index de proliferation|indice de proliferation)"
    r"(?:\s*\((?:ki-?67|mib-?1)\))?[^%\d\n]{0,25}?(?P<lt>[<>]\s*)?(?P<a>\d{1,3}(?:[.,]\d+)?)"
    r"\s*(?:%\s*)?(?:(?:-|a)\s*(?P<b>\d{1,3}(?:[.,]\d+)?)\s*)?%"
)

# ----------------------------------------------------------------------------- TNM
# Categories are kept as written ("T1c", "N0(sn)", "M0"); node counts "(2/12)" are skipped.
_N_SUFFIX = r"(?P<nsuffix>\s*\((?:sn|i[+-]|mol[+-]|f|mi)\))?(?:\s*\(\d+\s*/\s*\d+\))?"
TNM = fast(
    r"(?<![\w/])(?P<prefix>y?p|y?c|r|a|u)?(?P<t>t(?:x|is|[0-4](?:mi|[a-d])?)(?:\s*\((?:m|\d+)\))?)"
    rf"(?:\s*(?P<nprefix>y?p|y?c)?(?P<n>n(?:x|[0-3](?:mi|[a-c])?)){_N_SUFFIX})?"
    r"(?:\s*(?P<mprefix>y?p|y?c)?(?P<m>m(?:x|[01][a-d]?)))?(?![\w])"
)
TNM_NODE_ONLY = fast(
    rf"(?<![\w/])(?P<nprefix>y?p|y?c)(?P<n>n(?:x|[0-3](?:mi|[a-c])?)){_N_SUFFIX}"
    r"(?:\s*(?P<mprefix>y?p|y?c)?(?P<m>m(?:x|[01][a-d]?)))?(?![\w])"
)
