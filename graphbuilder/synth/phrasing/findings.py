"""Phrase banks of radiology findings: one sentence per lesion, normal organs, hypotheses.

Slots: `lesion` (a noun phrase from `lesions.py`; `lesion_un`, `lesion_du`, `lesion_le` and
`lesion_bare` ask for an article or none), `size`, `previous` (a clause with `prev` and
`pdate`), `status`, `trend`, `nontarget`, `nonew`. Gender markers: see `text.GENDER_MARKERS`.
"""

from __future__ import annotations

from graphbuilder.synth.text import Bank

B = Bank

SECTION = {
    "thorax": (
        "Thorax :",
        "Étage thoracique :",
        "À l'étage thoracique :",
        "THORAX :",
        "Parenchyme pulmonaire et médiastin :",
    ),
    "abdomen": (
        "Abdomen et pelvis :",
        "Étage abdomino-pelvien :",
        "À l'étage abdominal :",
        "ABDOMEN :",
        "Abdomen :",
    ),
    "bone": ("Os :", "Squelette :", "Cadre osseux :", "Structures osseuses :", "OS :"),
    "other": ("Autres :", "Divers :", "Par ailleurs :", "Autres organes :", "Reste de l'examen :"),
    "breast": ("Seins :", "Analyse mammaire :", "Sein :", "Glandes mammaires :", "Mammaire :"),
}

PREVIOUS = B(
    "previous_clause",
    (
        " (contre {prev} le {pdate})",
        ", contre {prev} précédemment",
        " ({prev} sur l'examen du {pdate})",
        ", mesuré{e} antérieurement à {prev}",
        " (jusque-là de {prev})",
        " versus {prev} le {pdate}",
        " ({prev})",
    ),
)

PRESENT = B(
    "lesion_present",
    (
        "{lesion} mesurant {size}{previous}.",
        "{lesion} de {size}{previous}.",
        "{lesion} : {size}{previous}.",
        "{lesion} mesuré{e} à {size}{previous}.",
        "{lesion}, {size}{previous}.",
        "On retrouve {lesion_un} de {size}{previous}.",
    ),
)

TREND = B(
    "lesion_trend",
    (
        "{lesion} {trend}, {size}{previous}.",
        "{lesion} {trend} à {size}{previous}.",
        "{lesion} {trend} : {size}{previous}.",
        "{lesion}, {trend}, mesurant {size}{previous}.",
        "{lesion} {trend} ({size}){previous}.",
    ),
)

TRENDS = {
    "down": ("en diminution", "en régression", "diminué{e}", "en nette diminution", "régress{if}"),
    "up": (
        "en augmentation",
        "majoré{e}",
        "augmenté{e} de taille",
        "en progression",
        "grossissant{e}",
    ),
    "same": ("stable", "sans modification", "inchangé{e}", "de taille stable", "superposable"),
    "first": (
        "d'allure secondaire",
        "d'aspect secondaire",
        "de nature secondaire",
        "d'allure métastatique",
        "typique de localisation secondaire",
    ),
}

NODE = B(
    "node",
    (
        "{lesion} de {size} de petit axe{previous}.",
        "{lesion} mesurant {size} en petit axe{previous}.",
        "{lesion} ({size} de petit axe){previous}.",
        "{lesion} : petit axe {size}{previous}.",
        "{lesion} de {size} (petit axe){previous}.",
    ),
)

NODE_2D = B(
    "node_2d",
    (
        "{lesion} de {size}{previous}.",
        "{lesion} mesurant {size}{previous}.",
        "{lesion} : {size}{previous}.",
        "{lesion} de {size} (grand x petit axe){previous}.",
        "On note {lesion_un} de {size}{previous}.",
    ),
)

NEW = B(
    "lesion_new",
    (
        "{status=Apparition} d'{lesion_un} de {size}.",
        "{lesion}, {status={nouveau}}, de {size}.",
        "{status={Nouveau}} {lesion_bare} de {size}.",
        "{lesion} {status=non visible sur l'examen précédent}, mesurant {size}.",
        "{lesion} {status=d'apparition récente} mesurant {size}.",
        "{status=Apparition} d'{lesion_un} mesurant {size}.",
    ),
)

NEW_UNSIZED = B(
    "lesion_new_unsized",
    (
        "{status=Apparition} d'{lesion_un}.",
        "{lesion}, {status={nouveau}}.",
        "{status={Nouveau}} {lesion_bare}.",
        "{lesion} {status=non visible sur l'examen précédent}.",
        "{lesion} {status=d'apparition récente}.",
    ),
)

GONE = B(
    "lesion_gone",
    (
        "{status=Disparition} {lesion_du}.",
        "{lesion_le} {status=n'est plus visible}.",
        "{lesion} : {status=non retrouvé{e}}.",
        "{lesion} {status=disparu{e}}.",
        "{status=Plus d'individualisation} {lesion_du}.",
        "{lesion} : {status=disparition complète}.",
    ),
)

TOO_SMALL = B(
    "lesion_too_small",
    (
        "{lesion} {status=trop petit{e} pour être mesuré{e}}.",
        "{lesion}, {status=infracentimétrique non mesurable}.",
        "{lesion} {status=à peine visible}, non mesurable.",
        "{lesion} en nette diminution, {status=non mesurable}.",
        "{lesion} : {status=millimétrique, non mesuré{e}}.",
    ),
)

UNSIZED = B(
    "lesion_unsized",
    (
        "{lesion}, {trend}.",
        "{lesion} {trend}.",
        "Persistance d'{lesion_un}, {trend}.",
        "{lesion} connu{e}, {trend}.",
        "{lesion} : {trend}.",
    ),
)

UNSIZED_FIRST = B(
    "lesion_unsized_first",
    (
        "{lesion}, {trend}.",
        "{lesion} {trend}.",
        "{lesion} : {trend}.",
        "Présence d'{lesion_un} {trend}.",
        "On note {lesion_un}, {trend}.",
    ),
)

TARGET_FORMS = ("Cible n°{k}", "Cible {k}", "Lésion cible n°{k}", "C{k}", "Cible #{k}")
BULLETS = ("- ", "- ", "• ", "* ", "")

NON_TARGET_HEADER = B(
    "non_target_header",
    (
        "{nontarget=Lésions non cibles} :",
        "{nontarget=Non cibles} :",
        "{nontarget=Lésions non-cibles} :",
        "{nontarget=Autres lésions (non cibles)} :",
        "{nontarget=NON CIBLES} :",
    ),
)

NEGATIVE = {
    "liver": (
        "Foie de morphologie normale, sans lésion focale.",
        "Pas de lésion hépatique suspecte.",
        "Absence de lésion focale hépatique.",
        "Foie sans particularité.",
        "Parenchyme hépatique homogène.",
    ),
    "lung": (
        "Pas de nodule pulmonaire suspect.",
        "Parenchyme pulmonaire sans anomalie.",
        "Absence de lésion pulmonaire évolutive.",
        "Pas de condensation ni de nodule.",
        "Poumons sans particularité.",
    ),
    "lymph_node": (
        "Pas d'adénopathie médiastinale ni hilaire.",
        "Absence d'ADP sus- ou sous-diaphragmatique significative.",
        "Pas d'adénomégalie.",
        "Pas d'adénopathie profonde.",
        "Aires ganglionnaires libres.",
    ),
    "pleura": (
        "Pas d'épanchement pleural ni péricardique.",
        "Absence d'épanchement pleural.",
        "Plèvre libre.",
        "Pas d'épanchement pleural.",
        "Pas d'épanchement des séreuses.",
    ),
    "peritoneum": (
        "Pas d'ascite.",
        "Pas d'épanchement intrapéritonéal.",
        "Absence de carcinose visible.",
        "Pas d'épanchement péritonéal.",
        "Pas de nodule péritonéal.",
    ),
    "bone": (
        "Pas de lésion osseuse suspecte.",
        "Cadre osseux sans particularité.",
        "Pas de lésion lytique ou condensante suspecte.",
        "Structures osseuses sans anomalie.",
        "Discrets remaniements dégénératifs rachidiens.",
    ),
    "adrenal": (
        "Surrénales fines.",
        "Pas de nodule surrénalien.",
        "Glandes surrénales sans particularité.",
        "Surrénales de morphologie normale.",
        "Surrénales normales.",
    ),
    "other": (
        "Rate, pancréas et reins sans particularité.",
        "Vésicule biliaire alithiasique.",
        "Pas de dilatation des voies biliaires.",
        "Reins de taille normale, sans dilatation.",
        "Athérome aortique calcifié modéré.",
    ),
    "breast": (
        "Pas de prise de contraste suspecte.",
        "Pas de foyer suspect.",
        "Seins de densité B, sans anomalie.",
        "Pas d'image suspecte ACR 4 ou 5.",
        "Absence de lésion suspecte.",
    ),
}

HYPOTHESIS = (  # uncertain findings: never gold lesions
    "Suspicion de lésion osseuse de l'aile iliaque gauche, à confirmer par IRM.",
    "Micronodule pulmonaire non spécifique de 3 mm, possiblement séquellaire, à surveiller.",
    "Image hépatique infracentimétrique trop petite pour être caractérisée, "
    "pouvant correspondre à un kyste.",
    "Discret épaississement pleural évoquant possiblement une lésion secondaire, à confirmer.",
    "Aspect pouvant faire suspecter une lymphangite carcinomateuse débutante, à corréler.",
    "Doute sur une petite lésion du dôme hépatique, à confirmer par IRM.",
)

NO_NEW = B(
    "no_new_lesion",
    (
        "{nonew=Pas de nouvelle lésion}.",
        "{nonew=Absence de nouvelle lésion}.",
        "{nonew=Pas de lésion nouvelle décelable}.",
        "{nonew=Aucune nouvelle lésion} n'est mise en évidence.",
        "{nonew=Pas d'apparition de nouvelle lésion}.",
        "{nonew=Pas de lésion nouvelle}.",
    ),
)
