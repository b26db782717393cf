"""How French radiologists describe lesions (on folded text: lower case, no accents).

Lesion nouns, organ, sub-location and node-station words, sides, statuses, target wording and
the cues that mark a size as the earlier one. The exam and its conclusion: `exam_patterns`.
"""

from __future__ import annotations

import re

from graphbuilder.extract.backends.rules.text.alternation import compile_alternation, fast
from graphbuilder.extract.model import Organ

# ----------------------------------------------------------------------------- lesion nouns
LESION_HEAD = compile_alternation(
    [
        r"\b(?:micro)?nodules?\b|\bmasses?\b|\blesions?\b(?!\s+(?:non[- ])?cibles?\s*:)|"
        r"\bmetastases?\b|\bmeta\b|"
        r"\blocalisations?\s+secondaires?\b|\blocalisations?\b(?=\s+(?:hepatique|pulmonaire|osseuse|"
        r"ganglionnaire|surrenal|cerebral|peritoneal|pleural))|\badenopathies?\b|\badenomegalies?\b|\badp\b|"
        r"\bganglions?\b(?!\s+sentinelle)|\bformations?\s+(?:tissulaires?|nodulaires?|tumorales?)|"
        r"\bimages?\s+(?:nodulaires?|lacunaires?|tissulaires?|suspectes?)|\bopacites?\s+nodulaires?|"
        r"\btumeurs?\b|\bimplants?\b|"
        r"\bprocessus\s+(?:tumoral|expansif|lesionnel)\w*|"
        r"\bfoyers?\s+(?:hyper)?(?:metabolique|de fixation|fixant)s?|"
        r"\bhyperfixations?\b|\blacunes?\b|\bnodules?\s+de\s+carcinose\b|\bcarcinose\b|"
        r"\bepaississements?\s+(?:tissulaires?|nodulaires?|pleural\w*|peritoneal\w*)|"
        r"\bcibles?\b(?=\s*(?:n\s*o?\s*|#)?\d|\s*[:(])|\bprises? de contraste\s+nodulaires?"
    ]
)
NODAL_HEAD = fast(r"adenopathie|adenomegalie|adp|ganglion")
PLURAL_HEAD = fast(r"(?:s|x)$")
# Benign or non-tumoral findings described with the same nouns.
BENIGN = fast(
    r"\bkyst\w*|\bangiome|\bhemangiome|\bcalcifi\w*|\bgranulome|\bsequellaire|\bcicatri\w*|"
    r"\bbenin\w*|\bfibrose|\batelectasi\w*|\bnon suspect\w*|\bd'allure banale|\bhamartome|"
    r"\bnon specifique|\baspecifique|\breactionnel\w*|\binflammatoire|\bsans caractere suspect|"
    r"\bfocale nodulaire|\bhyperplasie nodulaire|\badenomes?\b|\blipome|\bdysplasie"
)

# ----------------------------------------------------------------------------- organs
ORGAN_WORDS: tuple[tuple[Organ, str], ...] = (
    (Organ.LYMPH_NODE, r"\bganglionnaires?\b|\baires? ganglionnaires?"),
    (Organ.LIVER, r"\bhepatiques?\b|\bdu foie\b|\bfoie\b|\bdome hepatique"),
    (Organ.LUNG, r"\bpulmonaires?\b|\bdu poumon\b|\bpoumons?\b|\bparenchyme pulmonaire"),
    (Organ.ADRENAL, r"\bsurrenal\w*|\bsurrenales?\b"),
    (
        Organ.BONE,
        r"\bosseu(?:x|se|ses)\b|\bos\b|\bvertebr\w*|\brachis\b|\brachidien\w*|"
        r"\bsacrum\b|\bsacre\w*|\bcotes?\b|\bcostal\w*|\bfemur\w*|\bhumer\w*|"
        r"\bsternum\b|\bsternal\w*|\bbassin\b|\bcotyle\w*|\bscapula\w*|\bcalvari\w*|"
        r"\b(?:osteo)?lytiques?\b|\bosteocondensant\w*|\bcondensante?s?\b|"
        r"\bblastiques?\b|\bostealgi\w*|\bmedullaire osseu\w*",
    ),
    (
        Organ.BRAIN,
        r"\bcerebra(?:l|le|les|ux)\b|\bencephal\w*|\bcerebell\w*|\bcerveau\b|"
        r"\bintra-?craniens?\b|\b(?:sus|sous)-?tentoriel\w*",
    ),
    (
        Organ.PERITONEUM,
        r"\bperitone\w*|\bcarcinose\b|\bepiploi\w*|\bgrand epiploon\b|"
        r"\bomental\w*|\bcul-de-sac de douglas\b|"
        r"m(?<!artere m)(?<!veine m)(?<!vaisseaux m)esenter(?:e|ique)\b",
    ),
    (Organ.PLEURA, r"\bpleura(?:l|le|les|ux)\b|\bplevre\b"),
    (Organ.BREAST, r"\bmammaires?\b|\bdu sein\b|\bsein\b"),
    (Organ.COLON, r"\bcoliques?\b|\bcolon\b|\bcaecum\b|\bcaecal\w*|\bsigmoid\w*"),
    (Organ.RECTUM, r"\brecta(?:l|le|les|ux)\b|\brectum\b"),
    (Organ.PANCREAS, r"\bpancrea\w*"),
    (Organ.KIDNEY, r"\brena(?:l|le|les|ux)\b|\bdu rein\b|\breins?\b"),
    (Organ.SPLEEN, r"\bspleniques?\b|\bde la rate\b|\brate\b"),
    (Organ.OVARY, r"\bovari\w*|\bovaires?\b|\bannexiel\w*"),
    (Organ.PROSTATE, r"\bprostat\w*"),
    (Organ.SKIN, r"\bcutane\w*|\bpeau\b"),
    (Organ.SOFT_TISSUE, r"\bsous-?cutane\w*|\bmusculaires?\b|\btissus? mous\b|\bparietal\w*"),
)
ORGAN = compile_alternation([words for _, words in ORGAN_WORDS])

# A line that opens with an organ label ("Foie :", "Poumons :") sets the organ of what follows.
ORGAN_LABEL = fast(
    r"(?m)^[ \-\u2022*]*(?P<label>foie|hepatique|poumons?|parenchyme pulmonaire|pulmonaire|"
    r"ganglions?|aires? ganglionnaires?|adenopathies?|surrenales?|squelette|os|osseux|"
    r"cerveau|encephale|peritoine|plevre|pancreas|reins?|rate|seins?|pelvis)"
    r"(?:\s+(?P<side>droite?|gauche))?\s*:"
)
LABEL_ORGANS: dict[str, Organ] = {
    "foie": Organ.LIVER,
    "hepatique": Organ.LIVER,
    "poumon": Organ.LUNG,
    "poumons": Organ.LUNG,
    "parenchyme pulmonaire": Organ.LUNG,
    "pulmonaire": Organ.LUNG,
    "ganglion": Organ.LYMPH_NODE,
    "ganglions": Organ.LYMPH_NODE,
    "aire ganglionnaire": Organ.LYMPH_NODE,
    "aires ganglionnaires": Organ.LYMPH_NODE,
    "adenopathie": Organ.LYMPH_NODE,
    "adenopathies": Organ.LYMPH_NODE,
    "surrenale": Organ.ADRENAL,
    "surrenales": Organ.ADRENAL,
    "squelette": Organ.BONE,
    "os": Organ.BONE,
    "osseux": Organ.BONE,
    "cerveau": Organ.BRAIN,
    "encephale": Organ.BRAIN,
    "peritoine": Organ.PERITONEUM,
    "plevre": Organ.PLEURA,
    "pancreas": Organ.PANCREAS,
    "rein": Organ.KIDNEY,
    "reins": Organ.KIDNEY,
    "rate": Organ.SPLEEN,
    "sein": Organ.BREAST,
    "seins": Organ.BREAST,
}
# Any other "Label :" line that is not a list item ends the scope of an organ label.
ANY_LABEL = fast(r"(?m)^[ \t]*[a-z][a-z' \-]{1,30}[ \t]*:")
# IASLC node stations ("adénopathie 4R", "sous-carinaire (7)") and cervical levels ("IIa"),
# read on the original text right after a node word.
IASLC_STATION = fast(
    r"\s*(?:(?i:droite?s?|gauches?)\s*)?(?:\(\s*)?(?:station\s*|aire\s*|n\s*o?\s*)?"
    r"(?P<code>1[0-4][RL]?|[1-9][RL]?|3[ap])"
    r"(?![\w/.,]|\s*(?:mm|cm|x|%))"
)
CERVICAL_LEVEL = fast(
    r"\s*(?:gauche|droite?|\(|de niveau|niveau)?\s*(?P<level>I{1,3}[ab]|IV|V[ab]?|VI)\b"
)

# ----------------------------------------------------------------------------- sub-locations
ROMAN = r"(?:viii|vii|vi|iv|v|iii|ii|i)(?:[ab])?"
# A segment number, not the start of a size ("segment V, 2,9 cm" is segment V only).
_SEGMENT_NUMBER = rf"(?:{ROMAN}|[1-8][ab]?)(?![.,]\d|\s*(?:mm|cm))"
# "segment VI", "seg. 6", "S6", "segments VI, VIII et IVa", "S6-S7", "dôme", "lobe gauche du foie"
# Written letter first, the word boundary checked after it ("s(?<!\ws)"): see text.alternation.
LIVER_SEGMENT = re.compile(
    rf"s(?<!\ws)eg(?:ments?|m?\.?)\s*(?P<list>{_SEGMENT_NUMBER}"
    rf"(?:\s*(?:,|et|-|/|a)\s*{_SEGMENT_NUMBER}\b)*)\b|"
    rf"(?P<slist>s(?<![\w/]s)[1-8](?:\s*(?:-|/|et|,)\s*s?[1-8])*)\b|"
    rf"(?P<dome>d(?<!\wd)ome hepatique)\b|l(?<!\wl)obe (?P<lobe>droit|gauche) (?:du foie|hepatique)"
)
SEGMENT_NUMBER = fast(rf"(?<![a-z])(?:{ROMAN}|[1-8][ab]?)(?![a-z])")
PANCREAS_PART = re.compile(
    r"(?P<part>t(?<!\wt)ete|c(?<!\wc)orps|q(?<!\wq)ueue|i(?<!\wi)sthme|c(?<!\wc)rochet|"
    r"u(?<!\wu)ncus)\s+(?:du\s+)?pancrea\w*|"
    r"p(?<!\wp)ancrea\w*\s+(?P<side>cephalique|caudal|corporeal)\w*|"
    r"l(?<!\wl)esion (?P<adj>cephalique)"
)
PANCREAS_PARTS = {
    "tete": "tête",
    "corps": "corps",
    "queue": "queue",
    "isthme": "isthme",
    "crochet": "crochet",
    "uncus": "crochet",
    "cephalique": "tête",
    "caudal": "queue",
    "corporeal": "corps",
}
LUNG_LOBE = re.compile(
    r"l(?<!\wl)obe\s+(?P<level>superieur|inferieur|moyen)(?:\s+(?P<side>droit|gauche))?|"
    r"(?P<lingula>l(?<!\wl)ingula(?:ire)?)\b|"
    r"(?P<abbr>l(?<![\w-]l)(?:sd|id|m|sg|ig))(?![\w-])"
)
LOBE_ABBREVIATIONS: dict[str, tuple[str, str]] = {
    "lsd": ("lobe supérieur", "right"),
    "lid": ("lobe inférieur", "right"),
    "lm": ("lobe moyen", "right"),
    "lsg": ("lobe supérieur", "left"),
    "lig": ("lobe inférieur", "left"),
}
LOBE_LEVELS = {"superieur": "lobe supérieur", "inferieur": "lobe inférieur", "moyen": "lobe moyen"}
NODE_STATIONS: tuple[tuple[str, str], ...] = (
    ("sus-claviculaire", r"sus[- ]?claviculaire|supra-?claviculaire"),
    ("mammaire interne", r"mammaire interne"),
    ("axillaire", r"axillaire"),
    ("sous-carinaire", r"sous[- ]?carinaire|infra-?carinaire|inter-?tracheo-?bronchique"),
    ("paratrachéale", r"para-?tracheal\w*|latero-?tracheal\w*"),
    ("loge de Barety", r"loge de barety|fenetre aorto-?pulmonaire"),
    ("hilaire", r"hilaires?|du hile pulmonaire"),
    ("médiastinale", r"mediastin\w*"),
    ("cœlio-mésentérique", r"coelio-?mesenterique|coeliaque"),
    ("mésentérique", r"mesenterique"),
    (
        "lombo-aortique",
        r"lombo-?aortique|latero-?aortique|para-?aortique|inter-?aortico-?cave|"
        r"retro-?cave|retro-?peritoneal\w*|latero-?cave",
    ),
    ("iliaque", r"iliaque(?:s)?(?: (?:externe|interne|commune|primitive)s?)?"),
    ("inguinale", r"inguina\w*"),
    ("obturatrice", r"obturat\w*"),
    (
        "cervicale",
        r"cervica\w*|jugulo-?carotidien\w*|sous-?mandibulaire|spinal\w*|sous-?digastrique",
    ),
    ("pelvienne", r"pelvien\w*"),
    ("pédicule hépatique", r"du pedicule hepatique|du hile hepatique"),
)
NODE_STATION = compile_alternation([words for _, words in NODE_STATIONS])
BONE_SITE = fast(
    r"(?<![\w/])(?P<vertebra>[lctd](?:1[0-2]|[1-9]))(?![\w/])|"
    r"\b(?P<named>sacrum|bassin|aile iliaque|cotyle|sternum|femur|humerus|cote|crane)\b"
)
BREAST_QUADRANT = re.compile(
    r"(?P<q>q(?<!\wq)(?:se|si|ie|ii)|u(?<!\wu)(?:qs|qi|qe|qint))\b|"
    r"q(?<!\wq)uadrant\s+(?P<spelled>supero-?externe|supero-?interne|infero-?externe|"
    r"infero-?interne)|u(?<!\wu)nion des quadrants\s+(?P<union>superieurs|inferieurs|externes|"
    r"internes)|(?P<areola>r(?<!\wr)etro-?areolaire|c(?<!\wc)entral)\b"
)
QUADRANTS = {
    "supero-externe": "QSE",
    "superoexterne": "QSE",
    "supero-interne": "QSI",
    "superointerne": "QSI",
    "infero-externe": "QIE",
    "inferoexterne": "QIE",
    "infero-interne": "QII",
    "inferointerne": "QII",
    "superieurs": "union des quadrants supérieurs",
    "inferieurs": "union des quadrants inférieurs",
    "externes": "union des quadrants externes",
    "internes": "union des quadrants internes",
    "retro-areolaire": "rétro-aréolaire",
    "retroareolaire": "rétro-aréolaire",
    "central": "central",
}

# ----------------------------------------------------------------------------- laterality
LATERALITY = fast(
    r"\b(?P<right>droite?s?)\b|\b(?P<left>gauches?)\b|\b(?P<both>bilaterale?s?|bilateraux|bilat)\b"
)
# "ADP axillaire G": the single-letter side, only right after a location word (original case).
SIDE_LETTER = fast(r"\s(?P<side>[DG])\b(?!')")

# ----------------------------------------------------------------------------- status, role
NEW = fast(
    r"\bnouve(?:l|lle|lles|au|aux)\b|\bapparition\b|\bapparue?s?\b|\bd'apparition\b|"
    r"\bneo-?lesion\w*|\brecemment apparue?s?\b"
)
DISAPPEARED = fast(
    r"\bdisparition\b|\bdisparue?s?\b|\ba disparu\b|\bont disparu\b|"
    r"\b(?:n'est|ne sont|n'etait)\s+(?:plus|pas)\s+(?:\w+\s+)?(?:visible|visualise|retrouve|"
    r"individualis|identifi|mesurable|decel|vue?s?\b)\w*|\bplus (?:visible|visualise|retrouve|"
    r"individualis|identifi)\w*|\bnon (?:retrouve|visualise|individualis)\w*|\ben reponse complete|"
    r"\bplus d'(?:individualisation|identification)\b|\bplus de (?:visibilite|trace)\b"
)
TOO_SMALL = fast(
    r"\btrop petite?s? pour (?:etre )?mesure\w*|\btrop petite?s? pour une mesure|"
    r"\bnon mesurables? (?:car|en raison de sa|du fait de sa) (?:trop )?petite taille|"
    r"\bmillimetriques?\b|\bpunctiformes?\b|\btrop petite?s? pour\b|"
    r"\bnon mesurables?\b"  # "en nette diminution, non mesurable"
)
# "Cible 2", "non cible", and a line that opens with a target's short label: "C2 : ganglion..."
# (a label only in a report that speaks of targets: elsewhere "C5 :" is a cervical vertebra)
TARGET = fast(r"\b(?P<non>non[- ])?cibles?\b|(?m:^)(?P<label>c[1-9]\d?)(?=\s*[:)\u2013-])")
# "petit axe", with room for a typo ("pett axe", "grnd axe")
_SMALL = r"p[a-z]{2,4}"
_LARGE = r"g[a-z]{3,5}"
# after the size: "8 mm de petit axe", "8 mm (petit axe)"
SHORT_AXIS = fast(rf"^\s*\(?\s*(?:de |en |dans son |dans le )?(?:plus )?{_SMALL} axe\b")
LONG_AXIS = fast(rf"^\s*\(?\s*(?:de |en |dans son |dans le )?(?:plus )?{_LARGE} axe\b")
AXIS_BEFORE = fast(rf"\b(?P<axis>{_SMALL}|{_LARGE}) axe\s*(?:de|a|:|=|mesure\w*(?: a)?)?\s*$")

# ----------------------------------------------------------------------------- earlier sizes
EARLIER_BEFORE = fast(
    r"(?:\bcontre|\bvs\.?|\bversus|\bau lieu de|\bcompare\w* a|\bpar rapport a|"
    r"\b(?:anterieurement|precedemment|auparavant|initialement|prealablement|jusque-?la|"
    r"jusqu'alors|jusqu'ici|au nadir|nadir)\b[^\d]{0,12}|\bmesur(?:ait|aient|ee?s? "
    r"(?:anterieurement|precedemment|auparavant|initialement)(?: a)?)|\betai(?:t|ent)(?: de)?|"
    r"\b(?:sur|lors de|a) l'(?:examen|exploration) (?:precedent|anterieur)\w*\s*(?:a|:)?|"
    r"\b(?:precedent|anterieur|dernier)\w* (?:examen|controle|scanner|tdm|irm)\w*\s*(?:a|:)?|"
    r"\bbilan initial\s*(?:a|:)?|\binitial\w*\s*:)\s*\(?\s*$"
)
EARLIER_AFTER = fast(
    r"^\s*\)?\s*(?:precedemment|auparavant|anterieurement|initialement|sur l'examen "
    r"(?:precedent|anterieur|du)|lors de l'examen (?:precedent|anterieur|du)|"
    r"sur le (?:precedent|dernier) (?:examen|scanner|controle)|au (?:precedent|dernier) "
    r"(?:examen|scanner|controle)|a l'examen (?:precedent|anterieur))\b"
)
NADIR = fast(r"\bnadir\b[^\d]{0,15}$|\bsomme des diametres\b[^\d]{0,20}$|\bsomme\b[^\d]{0,12}$")
# "la plus volumineuse de 32 mm dans le segment VI": the size opens a lesion of its own.
SUPERLATIVE = fast(
    r"\b(?:la |le )?plus (?:volumineu\w*|grande?s?|grosse)|\bla principale|\ble principal"
    r"|\bdont (?:la|le|l'une|l'un)\b"
)
OPEN_PAREN = fast(r"\(\s*$")
# Sizes that are not lesions: slice thickness, a distance, an organ's own size.
NOT_A_LESION_SIZE_BEFORE = fast(
    r"(?:\bcoupes?|\bepaisseur|\breconstructions?|\bcollimation|\bincrement|\bpas de|"
    r"\blame|\bepanchement|\bfleche|\bhauteur|\bcalibre|\bdiametre de l'aorte|\bcortex|"
    r"\bcanal|\bwirsung|\bvoies? biliaires?|\bcholedoque|\bdilatation|"
    # an organ "de taille normale (11 cm)", not a lesion "de taille stable (19 mm)"
    r"\bde taille (?:normale|habituelle)|"
    r"\bpetit bassin|\bmarge|\bdistance)[^.;,]{0,30}$|"
    r"\b(?:rate|foie|utérus|uterus|prostate)\b[^.;,()]{0,15}$"
)
DISTANCE_BEFORE = fast(r"\b(?:a|situee?s?\s+a|distante?s?\s+de)\s*$")
DISTANCE_AFTER = fast(
    r"^\s*(?:de la|du|des|de l'|d'|en dedans|en dehors|sous|au-dessus|au contact)"
)
# "Lésions cibles :" opens a list whose items are all targets (or all non-targets).
TARGET_LIST = fast(
    r"(?m)^[ \-\u2022*]*(?:autres\s+)?(?:lesions?\s+)?\(?(?P<non>non[- ])?cibles?\)?\s*:"
)
# A list item: a line that opens with a bullet.
LIST_ITEM_LINE = fast(r"\n[ \t]*[-\u2022*>]")
BLANK_LINE = fast(r"\n[ \t]*\n")
