"""Phrase banks of pathology reports: the 13 breast variables, TNM, and the other cancers.

Slots: `specimen`, `morpho`, `icdo`, `grade`, `tub`/`nuc`/`mit` (SBR sub-scores), `size`,
`margins`, `npos`/`nexam` (nodes), `lvi`, `ecs`, `erstat`/`erpct`, `prstat`/`prpct`,
`her2`/`ihc`/`ish`, `ki`, `tnm`; the specimen's site phrase carries `site` and `tlat`.
"""

from __future__ import annotations

from graphbuilder.synth.text import Bank

B = Bank

TITLE = B(
    "path_title",
    (
        "COMPTE RENDU D'ANATOMIE ET DE CYTOLOGIE PATHOLOGIQUES",
        "Compte rendu anatomopathologique",
        "ANATOMIE PATHOLOGIQUE",
        "Examen anatomo-pathologique",
        "Laboratoire d'anatomie pathologique - Compte rendu",
    ),
)

SAMPLE_DATE = B(
    "path_date",
    (
        "Prélèvement du {date}",
        "Date de prélèvement : {date}",
        "Reçu le {date}",
        "Prélevé le {date}",
        "Date du prélèvement : {date}",
    ),
)

SPECIMEN_LINE = B(
    "specimen_line",
    (
        "Nature du prélèvement : {what}.",
        "Prélèvement : {what}.",
        "Matériel reçu : {what}.",
        "Type de prélèvement : {what}.",
        "Nous avons reçu : {what}.",
    ),
)

# (specimen type → written forms); the site phrase follows the specimen.
SPECIMEN_FORMS = {
    "biopsy": (
        "microbiopsies",
        "biopsies percutanées",
        "macrobiopsies",
        "biopsies",
        "biopsies échoguidées",
    ),
    "lumpectomy": ("pièce de tumorectomie", "tumorectomie", "mastectomie partielle"),
    "mastectomy": ("mastectomie totale", "pièce de mastectomie", "mastectomie"),
    "resection": ("pièce de résection", "pièce opératoire", "pièce d'exérèse"),
    "node_biopsy": (
        "biopsie-exérèse ganglionnaire",
        "exérèse ganglionnaire",
        "biopsie ganglionnaire",
    ),
}
SPECIMEN_SITE = {
    "breast": ("du {site=sein} {tlat}", "du {site=sein} {tlat}", "au niveau du {site=sein} {tlat}"),
    "colorectal": ("{site=coliques}", "du {site=côlon}", "{site=recto-coliques}"),
    "colorectal_resection": ("de {procedure} ({site})", "({procedure} - {site})"),
    "lung": (
        "{site=bronchiques}",
        "{site=pulmonaires}",
        "transthoraciques {site=pulmonaires}",
        "du {site=poumon} {tlat}",
    ),
    "lung_resection": ("de lobectomie {site=pulmonaire} {tlatf}", "du {site=poumon} {tlat}"),
    "lymphoma": ("{loc}", "{loc}"),
}

MORPHOLOGY = B(
    "morphology",
    (
        "{morpho_cap}{icdo}.",
        "Il s'agit d'un {morpho}{icdo}.",
        "Diagnostic : {morpho}{icdo}.",
        "Prolifération tumorale correspondant à un {morpho}{icdo}.",
        "Examen histologique : {morpho}{icdo}.",
        "Aspect d'un {morpho}{icdo}.",
    ),
)

ICDO = B(
    "icdo",
    (
        " (ICD-O : {code})",
        " ({code})",
        " [code ICD-O-3 {code}]",
        " - ICD-O {code}",
        " (CIM-O-3 : {code})",
    ),
)

GRADE = B(
    "sbr_grade",
    (
        "Grade SBR {grade} ({tub}+{nuc}+{mit}).",
        "Grade histopronostique de Scarff-Bloom-Richardson modifié : {grade} (tubules {tub}, "
        "noyaux {nuc}, mitoses {mit}).",
        "SBR {grade} ({tub}-{nuc}-{mit}).",
        "Grade {grade} de Nottingham (score {score} : {tub}+{nuc}+{mit}).",
        "Grade histologique (Elston-Ellis) : {grade} [{tub}/{nuc}/{mit}].",
    ),
)
ROMAN = {1: "I", 2: "II", 3: "III"}

SIZE = B(
    "tumour_size",
    (
        "Taille tumorale : {size}.",
        "Carcinome mesurant {size} de grand axe.",
        "La tumeur mesure {size}.",
        "Taille histologique : {size}.",
        "Foyer tumoral de {size}.",
    ),
)

NO_RESIDUAL = (
    "Absence de reliquat tumoral infiltrant (réponse histologique complète).",
    "Pas de résidu tumoral infiltrant identifié.",
    "Réponse pathologique complète : aucun reliquat infiltrant.",
    "Absence de carcinome infiltrant résiduel.",
    "Stérilisation tumorale complète.",
)

MARGINS = {
    True: B(
        "margins_clear",
        (
            "{margins=Berges saines}.",
            "{margins=Limites d'exérèse saines} (marge minimale 4 mm).",
            "{margins=Exérèse complète}, marges in sano.",
            "{margins=Marges saines} (R0).",
            "{margins=Résection R0}.",
            "{margins=Limites chirurgicales non atteintes}.",
        ),
    ),
    False: B(
        "margins_involved",
        (
            "{margins=Berge latérale atteinte}.",
            "{margins=Limites d'exérèse atteintes} (R1).",
            "{margins=Marge focalement envahie}.",
            "{margins=Résection R1}.",
            "{margins=Tranche de section tumorale}.",
        ),
    ),
}

NODES = B(
    "nodes",
    (
        "Ganglions : {npos}/{nexam}.",
        "{nexam} ganglion(s) examiné(s), {npos} métastatique(s).",
        "Statut ganglionnaire : {npos}N+/{nexam}N.",
        "Curage : {npos} ganglion(s) envahi(s) sur {nexam} prélevé(s).",
        "{npos} ganglion(s) métastatique(s) sur {nexam} examiné(s).",
        "Ganglions lymphatiques : ({npos}/{nexam}).",
    ),
)

LVI = {
    True: B(
        "lvi_present",
        (
            "{lvi=Présence d'emboles vasculaires}.",
            "{lvi=Emboles lymphovasculaires présents}.",
            "{lvi=Invasion lymphovasculaire : oui}.",
            "{lvi=Emboles tumoraux vasculaires} identifiés.",
            "{lvi=Embols vasculaires : présents}.",
        ),
    ),
    False: B(
        "lvi_absent",
        (
            "{lvi=Absence d'emboles vasculaires}.",
            "{lvi=Pas d'emboles lymphovasculaires}.",
            "{lvi=Emboles vasculaires : non vus}.",
            "{lvi=Absence d'invasion lymphovasculaire}.",
            "{lvi=Pas d'embole tumoral visible}.",
        ),
    ),
}

ECS = {
    True: B(
        "ecs_present",
        (
            "{ecs=Rupture capsulaire présente}.",
            "{ecs=Effraction capsulaire} ganglionnaire.",
            "{ecs=Avec rupture capsulaire}.",
            "{ecs=Dépassement capsulaire : oui}.",
            "{ecs=Extension extra-capsulaire} notée.",
        ),
    ),
    False: B(
        "ecs_absent",
        (
            "{ecs=Sans rupture capsulaire}.",
            "{ecs=Pas d'effraction capsulaire}.",
            "{ecs=Absence de dépassement capsulaire}.",
            "{ecs=Rupture capsulaire : non}.",
            "{ecs=Sans extension extra-capsulaire}.",
        ),
    ),
}

ER = B(
    "er",
    (
        "Récepteurs aux œstrogènes : {erstat} ({erpct}).",
        "RE {erstat} à {erpct}.",
        "RO : {erpct} ({erstat}).",
        "Récepteurs hormonaux aux œstrogènes {erstat}, {erpct} des cellules.",
        "RE : {erstat}, {erpct} de noyaux marqués.",
    ),
)

PR = B(
    "pr",
    (
        "Récepteurs à la progestérone : {prstat} ({prpct}).",
        "RP {prstat} à {prpct}.",
        "RPg : {prpct} ({prstat}).",
        "Récepteurs à la progestérone {prstat}, {prpct} des cellules.",
        "RP : {prstat}, {prpct} de noyaux marqués.",
    ),
)
RECEPTOR_WORDS = {"positive": ("positifs", "positif"), "negative": ("négatifs", "négatif")}

HER2 = B(
    "her2",
    (
        "HER2 : score {ihc} ({her2}).",
        "Surexpression HER2 : score {ihc}, statut {her2}.",
        "Statut HER2 {her2} (IHC {ihc}).",
        "HER2 {her2}, score IHC {ihc}.",
        "Oncoprotéine HER2 : {ihc}, soit un statut {her2}.",
    ),
)

HER2_ISH = B(
    "her2_ish",
    (
        "HER2 : score {ihc} en IHC, {ish} en FISH : statut {her2}.",
        "HER2 {ihc}, hybridation in situ (SISH) : {ish}. Statut HER2 {her2}.",
        "Score HER2 {ihc} ; FISH {ish} ; statut {her2}.",
        "HER2 : {ihc} (IHC), CISH {ish}, donc {her2}.",
        "Statut HER2 {her2} (IHC {ihc}, FISH {ish}).",
    ),
)
HER2_WORDS = {
    "negative": ("négatif", "négatif"),
    "low": ("HER2-low", "faible (HER2-low)"),
    "positive": ("positif", "positif"),
    "equivocal": ("équivoque", "équivoque"),
}
ISH_WORDS = {
    "amplified": ("amplifié", "amplification"),
    "not_amplified": ("non amplifié", "absence d'amplification"),
}

KI67 = B(
    "ki67",
    (
        "Ki67 : {ki}.",
        "Index de prolifération Ki-67 estimé à {ki}.",
        "Ki67 {ki}.",
        "MIB1 : {ki}.",
        "Index de prolifération (Ki67) évalué à {ki}.",
    ),
)

TNM = B(
    "tnm",
    (
        "Stade {tnm}.",
        "Classification {tnm} (UICC 8e édition).",
        "pTNM : {tnm}.",
        "Stadification : {tnm}.",
        "Au total : {tnm}.",
    ),
)

EXTRAS = {
    "colorectal": (
        "Statut MMR : pMMR (expression conservée de MLH1, PMS2, MSH2 et MSH6).",
        "Recherche de mutation RAS en cours.",
        "Stroma desmoplasique, nécrose sale.",
        "Composante mucineuse inférieure à 50 %.",
        "Budding tumoral de bas grade.",
    ),
    "lung": (
        "TTF1 positif, CK7 positif, p40 négatif.",
        "PD-L1 (clone 22C3) : 60 % des cellules tumorales.",
        "PD-L1 (SP263) : 5 %.",
        "Recherche d'altérations moléculaires (EGFR, ALK, ROS1) en cours.",
        "Architecture acineuse prédominante.",
    ),
    "lymphoma": (
        "CD20+, CD10-, BCL6+, MUM1+. EBER négatif.",
        "Phénotype non centro-germinatif (Hans).",
        "Recherche de réarrangement MYC en cours.",
        "Architecture ganglionnaire effacée.",
        "CD3 marque les lymphocytes T réactionnels.",
    ),
    "breast": (
        "Composante in situ de bas grade estimée à 10 %.",
        "Microcalcifications associées.",
        "Infiltrat lymphocytaire (TILs) estimé à 10 %.",
        "Pas de composante intracanalaire.",
        "Tissu mammaire adjacent : mastopathie fibrokystique.",
    ),
}

CONCLUSION_HEADER = (
    "CONCLUSION :",
    "Conclusion :",
    "En conclusion :",
    "Diagnostic final :",
    "Synthèse :",
)
SIGNATURE = B(
    "path_signature",
    (
        "{doctor}, pathologiste",
        "{doctor} - ACP",
        "Compte rendu validé par {doctor}",
        "Signé : {doctor}",
        "{doctor} (anatomopathologiste)",
    ),
)
