"""Phrase banks of radiology reports (CT, MRI, PET, mammography), at least five per sentence type.

Slot names are the gold's: `modality`, `date` (exam date), `follow` (is-follow-up cue),
`cdate`/`cdate2` (comparison dates), `lesion` (a noun phrase from `lesions.py`), `size`,
`prev`/`pdate` (quoted previous size and its date), `status`, `target`, `evo` (stated
evolution), `recist`, `nonew` (no new lesion). `e` is a gender ending ("" or "e").
"""

from __future__ import annotations

from graphbuilder.synth.text import Bank

B = Bank

TITLES = {
    "CT": B(
        "title_ct",
        (
            "{modality=SCANNER} THORACO-ABDOMINO-PELVIEN",
            "{modality=TDM} TAP avec injection de produit de contraste",
            "{modality=Scanner} thoraco-abdomino-pelvien injecté",
            "{modality=TDM} thoraco-abdomino-pelvienne",
            "{modality=TOMODENSITOMÉTRIE} THORACO-ABDOMINO-PELVIENNE",
            "Compte rendu de {modality=scanner} TAP",
        ),
    ),
    "MRI": B(
        "title_mri",
        (
            "{modality=IRM} MAMMAIRE BILATÉRALE",
            "{modality=IRM} des seins",
            "{modality=IRM} mammaire avec injection de gadolinium",
            "Compte rendu d'{modality=IRM} mammaire",
            "{modality=Imagerie par résonance magnétique} mammaire",
        ),
    ),
    "PET": B(
        "title_pet",
        (
            "{modality=TEP-TDM} au 18F-FDG",
            "{modality=TEP-scanner} au FDG",
            "{modality=TEP TDM} corps entier",
            "{modality=Tomographie par émission de positons} (TEP-TDM) au FDG",
            "{modality=PET-CT} au 18F-FDG",
        ),
    ),
    "XR": B(
        "title_xr",
        (
            "{modality=MAMMOGRAPHIE} BILATÉRALE ET ÉCHOGRAPHIE",
            "{modality=Mammographie} de surveillance",
            "{modality=Mammographie} bilatérale (2 incidences) et échographie mammaire",
            "Compte rendu de {modality=mammographie}",
            "{modality=MAMMOGRAPHIE} NUMÉRIQUE BILATÉRALE",
        ),
    ),
}

EXAM_DATE = B(
    "exam_date",
    (
        "Date de l'examen : {date}",
        "Examen du {date}",
        "Réalisé le {date}",
        "Date : {date}",
        "Examen réalisé le {date}",
        "Le {date}",
    ),
)

INDICATION_HEADER = B(
    "indication_header",
    (
        "Indication : ",
        "INDICATION : ",
        "Motif : ",
        "Renseignements cliniques : ",
        "Contexte : ",
    ),
)

STAGING = B(
    "indication_staging",
    (
        "{follow=Bilan d'extension initial} d'un {cancer}.",
        "{follow=Bilan initial}. {cancer_cap} récemment diagnostiqué.",
        "Découverte récente d'un {cancer} : {follow=bilan d'extension}.",
        "{follow=Bilan pré-thérapeutique} d'un {cancer}.",
        "{follow=Staging initial} d'un {cancer}.",
        "{cancer_cap}. {follow=Bilan d'extension}.",
    ),
)

PRE_SURGERY = B(
    "indication_pre_surgery",
    (
        "{follow=Bilan préopératoire}. {cancer_cap}.",
        "{follow=Examen de réactualisation avant chirurgie} d'un {cancer}.",
        "{cancer_cap}, {follow=bilan avant chirurgie}.",
        "{follow=Bilan pré-chirurgical} d'un {cancer}.",
        "{follow=Réactualisation préopératoire}. {cancer_cap}.",
    ),
)

FOLLOW_UP = B(
    "indication_follow_up",
    (
        "{follow=Réévaluation} {under=sous} {treatment}.",
        "{follow=Évaluation} après {treatment}.",
        "{follow=Suivi} d'un {cancer} {under=sous} {treatment}.",
        "{follow=Contrôle} {under=sous} {treatment}.",
        "{follow=Évaluation de la réponse thérapeutique}. {cancer_cap} traité par {treatment}.",
        "{cancer_cap}. {follow=Réévaluation morphologique} {under=sous} {treatment}.",
    ),
)

FOLLOW_UP_PLAIN = B(
    "indication_follow_up_plain",
    (
        "{follow=Surveillance} d'un {cancer}.",
        "{follow=Suivi} d'un {cancer}.",
        "{follow=Contrôle}. {cancer_cap}.",
        "{cancer_cap}. {follow=Examen de surveillance}.",
        "{follow=Surveillance post-thérapeutique}. {cancer_cap}.",
    ),
)

TECHNIQUE = {
    "CT": B(
        "technique_ct",
        (
            "Technique : acquisition hélicoïdale thoraco-abdomino-pelvienne après injection "
            "de produit "
            "de contraste iodé au temps portal.",
            "Technique : acquisitions sans puis avec injection de PDC iodé, "
            "temps artériel et portal.",
            "Technique : examen réalisé avec injection (90 mL), coupes fines, reconstructions "
            "multiplanaires.",
            "Technique : hélice TAP au temps portal, reconstructions MPR. Pas d'incident.",
            "TECHNIQUE : TDM TAP injectée, coupes de 1,25 mm.",
        ),
    ),
    "MRI": B(
        "technique_mri",
        (
            "Technique : séquences T1, T2, diffusion et dynamique après injection de gadolinium.",
            "Technique : IRM 1,5 T, antenne dédiée, injection de gadolinium, soustractions.",
            "Technique : protocole standard avec séquences dynamiques et diffusion.",
            "Technique : IRM 3 T, séquences T2 STIR, T1 FS dynamiques.",
            "TECHNIQUE : exploration bilatérale avec injection.",
        ),
    ),
    "PET": B(
        "technique_pet",
        (
            "Technique : acquisition corps entier 60 minutes après injection "
            "de 250 MBq de 18F-FDG. "
            "Glycémie capillaire 5,6 mmol/L.",
            "Technique : injection de 3 MBq/kg de FDG, acquisition du vertex à mi-cuisses.",
            "Technique : TEP couplée à un scanner de repérage non injecté. Glycémie 1,02 g/L.",
            "Technique : acquisition à 60 min, reconstructions itératives.",
            "TECHNIQUE : protocole FDG standard, patient à jeun depuis 6 h.",
        ),
    ),
    "XR": B(
        "technique_xr",
        (
            "Technique : incidences de face et oblique bilatérales, "
            "complétées par une échographie.",
            "Technique : mammographie numérique 2D et tomosynthèse, échographie bilatérale.",
            "Technique : clichés standards et échographie complémentaire.",
            "Technique : mammographie bilatérale, incidences F et OBL.",
            "TECHNIQUE : 2 incidences par sein, échographie.",
        ),
    ),
}

COMPARISON = B(
    "comparison",
    (
        "Comparaison : {label} du {cdate}.",
        "Comparatif : {cdate}.",
        "Examen comparé au précédent {label} du {cdate}.",
        "Par rapport au {label} du {cdate}.",
        "Comparaison avec l'examen antérieur ({cdate}).",
        "Comparaison : examen du {cdate}.",
    ),
)

COMPARISON_TWO = B(
    "comparison_two",
    (
        "Comparaison : {label} du {cdate} et examen de référence du {cdate2}.",
        "Comparatifs : {cdate} et {cdate2} (référence).",
        "Comparaison avec le {label} du {cdate} ainsi qu'avec le bilan de référence du {cdate2}.",
        "Par rapport aux examens du {cdate} et du {cdate2}.",
        "Comparaison : {cdate} (précédent) ; {cdate2} (baseline).",
    ),
)

NO_COMPARISON = B(
    "no_comparison",
    (
        "Comparaison : aucun examen antérieur.",
        "Pas d'examen antérieur disponible.",
        "Comparaison : néant.",
        "Premier examen dans notre centre.",
        "Aucun comparatif.",
    ),
)

RESULTS_HEADER = B(
    "results_header",
    (
        "Résultats :",
        "RÉSULTATS :",
        "Description :",
        "Constatations :",
        "Compte rendu :",
    ),
)

CONCLUSION_HEADER = B(
    "conclusion_header",
    (
        "Conclusion :",
        "CONCLUSION :",
        "Au total :",
        "En conclusion :",
        "Synthèse :",
    ),
)

EVOLUTION = {
    "Progression": B(
        "evolution_progression",
        (
            "{evo=Progression} de la maladie.",
            "{evo=Progression tumorale}.",
            "{evo=Évolution défavorable}.",
            "Majoration lésionnelle, en faveur d'une {evo=progression}.",
            "{evo=Aggravation} de l'atteinte secondaire.",
            "{evo=Maladie en progression}.",
        ),
    ),
    "Stability": B(
        "evolution_stability",
        (
            "{evo=Stabilité} lésionnelle.",
            "{evo=Maladie stable}.",
            "{evo=Aspect stable} des lésions connues.",
            "{evo=Pas de modification significative} par rapport à l'examen précédent.",
            "{evo=Stabilité morphologique}.",
            "{evo=Lésions stables}.",
        ),
    ),
    "Response": B(
        "evolution_response",
        (
            "{evo=Réponse partielle}.",
            "{evo=Diminution} des lésions, en faveur d'une réponse.",
            "{evo=Régression} des lésions connues.",
            "{evo=Évolution favorable}.",
            "{evo=Bonne réponse morphologique}.",
            "{evo=Poursuite de la réponse} thérapeutique.",
        ),
    ),
    "Response_complete": B(
        "evolution_complete",
        (
            "{evo=Réponse complète} morphologique.",
            "{evo=Disparition de toutes les lésions} connues.",
            "{evo=Rémission complète}.",
            "{evo=Réponse complète}.",
            "{evo=Réponse métabolique et morphologique complète}.",
        ),
    ),
    "Unknown": B(
        "evolution_unknown",
        (
            "{evo=Évolution difficile à apprécier} (technique différente).",
            "{evo=Comparaison difficile}, examen non superposable.",
            "{evo=Évaluation non contributive} sur cet examen.",
            "{evo=Réponse non évaluable} en l'état.",
            "{evo=Évolution indéterminée}.",
        ),
    ),
    "staging": B(
        "evolution_staging",
        (
            "{evo=Bilan d'extension initial} : {summary}.",
            "{evo=Examen de référence} avant traitement : {summary}.",
            "{evo=Bilan initial} : {summary}.",
            "{evo=Bilan pré-thérapeutique} : {summary}.",
            "{evo=Examen initial de référence}. {summary_cap}.",
        ),
    ),
    "pre_surgery": B(
        "evolution_pre_surgery",
        (
            "{evo=Bilan préopératoire} : {summary}.",
            "{evo=Examen de réactualisation avant chirurgie} : {summary}.",
            "{evo=Bilan avant chirurgie} : {summary}.",
            "{evo=Réactualisation préopératoire} : {summary}.",
            "{evo=Bilan pré-chirurgical} : {summary}.",
        ),
    ),
    "surveillance": B(
        "evolution_surveillance",
        (
            "{evo=Pas d'argument pour une récidive}.",
            "{evo=Absence de récidive} locorégionale ou à distance.",
            "{evo=Pas de signe de récidive}.",
            "{evo=Examen stable}, sans lésion suspecte.",
            "{evo=Rémission} maintenue.",
            "{evo=Aspect stable}.",
        ),
    ),
    "relapse": B(
        "evolution_relapse",
        (
            "{evo=Récidive métastatique}.",
            "{evo=Évolution défavorable} avec récidive à distance.",
            "{evo=Progression} : récidive secondaire.",
            "{evo=Récidive} de la maladie.",
            "{evo=Rechute} métastatique.",
        ),
    ),
}

RECIST = B(
    "recist",
    (
        "Selon RECIST 1.1 : {recist}.",
        "(RECIST : {recist})",
        "Réponse RECIST 1.1 : {recist}.",
        "Catégorie RECIST : {recist}.",
        "Évaluation RECIST 1.1 = {recist}.",
    ),
)

RECIST_FORMS = {
    "CR": ("RC", "CR", "réponse complète"),
    "PR": ("RP", "PR", "réponse partielle"),
    "SD": ("MS", "SD", "maladie stable", "stabilité"),
    "PD": ("MP", "PD", "progression"),
}

SIGNATURE = B(
    "signature",
    (
        "{doctor}, radiologue",
        "Compte rendu validé électroniquement par {doctor}",
        "{doctor} - Radiologie",
        "Signé : {doctor}",
        "Interprété par {doctor}",
    ),
)
