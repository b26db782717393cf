"""Phrase banks of consultation letters and tumour-board (RCP) notes.

Gender markers follow the patient's sex (`{e}`, `{Madame}`, `{patient}`). Treatment slots:
`drugs` (a phrase from `clinical.drugs_phrase`), `start`, `end`, `status`, `line`, `cycle`,
`cycles`; procedures: `surgery`, `sdate`; radiotherapy: `rt`, `dose`, `fx`.
"""

from __future__ import annotations

from graphbuilder.synth.text import Bank

# Patient-sex markers, added to the gender markers every bank resolves.
SEX_MARKERS = (
    ("{Madame}", "Monsieur", "Madame"),
    ("{patient}", "le patient", "la patiente"),
    ("{Patient}", "Le patient", "La patiente"),
    ("{un_patient}", "un patient", "une patiente"),
    ("{Il}", "Il", "Elle"),
)


class SexBank(Bank):
    """A bank whose feminine/masculine forms follow the patient's sex (pick with feminine=F)."""

    def __init__(self, name: str, sources: tuple[str, ...]) -> None:
        expanded_m, expanded_f = [], []
        for source in sources:
            masculine, feminine = source, source
            for marker, m_form, f_form in SEX_MARKERS:
                masculine = masculine.replace(marker, m_form)
                feminine = feminine.replace(marker, f_form)
            expanded_m.append(masculine)
            expanded_f.append(feminine)
        super().__init__(name, expanded_m)
        feminine_bank = Bank(name, expanded_f)
        self.feminine = feminine_bank.feminine


B, S = Bank, SexBank

CONSULT_TITLE = B(
    "consult_title",
    (
        "Consultation d'oncologie médicale",
        "COMPTE RENDU DE CONSULTATION",
        "Hôpital de jour d'oncologie - compte rendu",
        "Courrier de consultation",
        "Consultation de suivi oncologique",
    ),
)

CONSULT_DATE = B(
    "consult_date",
    (
        "Date : {date}",
        "Vu en consultation le {date}",
        "Consultation du {date}",
        "Le {date}",
        "Date de consultation : {date}",
    ),
)

GREETING = ("Cher confrère,", "Chère consœur, cher confrère,", "Mon cher confrère,", "", "")

INTRO = S(
    "intro",
    (
        "{Madame}, {age} ans, suivi{e} pour un {cancer}{stage}{dx}.",
        "{Patient} de {age} ans présentant un {cancer}{stage}{dx}.",
        "J'ai revu en consultation {Madame}, {age} ans, pour la prise en charge "
        "d'un {cancer}{stage}{dx}.",
        "{Madame}, {age} ans, est suivi{e} dans le service pour un {cancer}{stage}{dx}.",
        "Il s'agit d'{un_patient} de {age} ans atteint{e} d'un {cancer}{stage}{dx}.",
    ),
)

DIAGNOSIS = B(
    "diagnosis_date",
    (
        " diagnostiqué le {ddate}",
        ", diagnostic posé le {ddate}",
        " (diagnostic : {ddate})",
        " découvert le {ddate}",
        ", histologie du {ddate}",
    ),
)

FAMILY = B(
    "family_history",
    (
        "Antécédents familiaux : {who} traité{e} pour un cancer {fsite} à {fage} ans.",
        "ATCD familiaux : {who}, cancer {fsite}.",
        "Dans la famille : {who} suivi{e} pour un cancer {fsite}.",
        "Antécédent familial de cancer {fsite} ({who}).",
        "Histoire familiale : cancer {fsite} chez sa {who}.",
    ),
)

NO_FAMILY = (
    "Pas d'antécédent familial de cancer.",
    "ATCD familiaux : néant.",
    "Pas d'histoire familiale particulière.",
    "Antécédents familiaux : aucun.",
    "Absence d'antécédent familial notable.",
)

PERSONAL = (
    "Antécédents : HTA, dyslipidémie.",
    "ATCD : diabète de type 2.",
    "Antécédents personnels : appendicectomie.",
    "ATCD : tabagisme sevré (30 PA).",
    "Antécédents : néant.",
    "ATCD : hypothyroïdie substituée.",
)

HISTORY_HEADER = (
    "Historique thérapeutique :",
    "Histoire de la maladie :",
    "Traitements reçus :",
    "Rappel :",
    "Antécédents oncologiques :",
)

HISTORY = B(
    "treatment_history",
    (
        "- {drugs}{line} du {start} au {end}{cycles}, {status}{reason}.",
        "- De {start} à {end} : {drugs}{line}{cycles}, {status}{reason}.",
        "- {drugs}{line} débuté le {start}, {status} le {end}{reason}.",
        "- {drugs}{line} de {start} à {end}{cycles}. Traitement {status}{reason}.",
        "- {start} - {end} : {drugs}{line}{cycles}, {status}{reason}.",
    ),
)

LINE_CLAUSE = B(
    "line_clause",
    (" en {line}", " ({line})", " dans le cadre d'une {line}", " en {line}", " - {line}"),
)
CYCLES_CLAUSE = B(
    "cycles_clause",
    (" ({cycles})", ", {cycles}", " soit {cycles}", " [{cycles}]", " ({cycles} au total)"),
)
STATUS_WORDS = {
    "stopped": ("arrêté", "interrompu", "stoppé", "arrêté", "interrompu"),
    "completed": ("terminé", "achevé", "complété", "terminé", "fini"),
}
REASONS = {
    "progression": (
        " pour progression",
        " devant une progression",
        " (progression)",
        " pour progression radiologique",
        " pour évolution défavorable",
    ),
    "completed": ("", "", " sans toxicité limitante", " comme prévu", ""),
}

SURGERY = B(
    "surgery",
    (
        "- {sdate} : {surgery}{where}.",
        "- {surgery_cap}{where} le {sdate}.",
        "- {surgery_cap}{where} réalisée le {sdate}.",
        "- Chirurgie ({surgery}{where}) le {sdate}.",
        "- {sdate} : {cat=chirurgie} par {surgery}{where}.",
    ),
)

RADIOTHERAPY = B(
    "radiotherapy",
    (
        "- {rt}{where} : {dose} en {fx}, du {start} au {end}, {status=terminée}.",
        "- {rt}{where} de {dose} en {fx} ({start} - {end}).",
        "- {rt}{where} ({dose}/{fx}) du {start} au {end}, {status=achevée}.",
        "- {rt}{where} du {start} au {end} : {dose}, {fx}.",
        "- {rt}{where}, dose totale {dose} en {fx}, {status=réalisée} du {start} au {end}.",
    ),
)

CURRENT = S(
    "current_treatment",
    (
        "Actuellement, {drugs}{line} {status=en cours} depuis le {start}, {cycle} ce jour.",
        "Poursuite {de}{drugs}{line} ({status=en cours} depuis le {start}) : {cycle} ce jour.",
        "Traitement {status=en cours} : {drugs}{line}, débuté le {start}. Ce jour, {cycle}.",
        "{Patient} est {status=actuellement sous} {drugs}{line} depuis le {start} ; "
        "{cycle} ce jour.",
        "Le traitement par {drugs}{line} est {status=poursuivi} : {cycle} ce jour "
        "(début le {start}).",
    ),
)

CURRENT_CONTINUOUS = S(
    "current_continuous",
    (
        "Actuellement, {drugs} {status=en cours} depuis le {start}.",
        "{Patient} est {status=actuellement sous} {drugs} depuis le {start}, bonne tolérance.",
        "Traitement {status=en cours} : {drugs} (depuis le {start}).",
        "Sous {drugs} depuis le {start}, traitement {status=poursuivi} sans effet "
        "indésirable notable.",
        "{drugs_cap} {status=en cours} depuis le {start}, bien toléré.",
    ),
)

START = B(
    "treatment_start",
    (
        "{status=Début} {de}{drugs}{line} le {start} ({cycle}).",
        "{status=Initiation} {de}{drugs}{line} le {start} : {cycle}.",
        "{status=Mise en route} {de}{drugs}{line} à partir du {start}, {cycle}.",
        "Le {start}, {status=démarrage} {de}{drugs}{line} ({cycle}).",
        "{drugs_cap}{line} : {status=début du traitement} le {start}, {cycle}.",
    ),
)

PLANNED = B(
    "treatment_planned",
    (
        "Proposition {de}{drugs}{line}, {status=début prévu} le {start}.",
        "{drugs_cap}{line} {status=à débuter} le {start}.",
        "{status=Début prévu} le {start} : {drugs}{line}.",
        "Indication retenue : {drugs}{line}, {status=programmé} à partir du {start}.",
        "Décision : {drugs}{line} ({status=début programmé} le {start}).",
    ),
)

PLANNED_SURGERY = B(
    "surgery_planned",
    (
        "Proposition de {surgery}{where}, {status=prévue} le {start}.",
        "{surgery_cap}{where} {status=programmée} le {start}.",
        "Décision : {surgery}{where} ({status=prévue} le {start}).",
        "Chirurgie {status=planifiée} : {surgery}{where} le {start}.",
        "Indication de {surgery}{where}, {status=programmée} le {start}.",
    ),
)

TOLERANCE = (
    "Tolérance : neuropathie périphérique de grade 1.",
    "Asthénie de grade 2.",
    "Pas de toxicité notable.",
    "Syndrome main-pied de grade 1.",
    "Neutropénie de grade 3 ayant motivé un report d'une semaine.",
    "Bonne tolérance clinique.",
    "Mucite de grade 1, nausées contrôlées.",
)

EXAM = (
    "Examen clinique : OMS 1, poids stable, abdomen souple.",
    "État général conservé (OMS 0).",
    "Examen clinique sans particularité, OMS 1.",
    "Perte de 2 kg, OMS 1.",
    "Examen : pas d'adénopathie périphérique palpable, OMS 0.",
)

EXAM_RESULT = {
    "Progression": "une progression",
    "Stability": "une stabilité",
    "Response": "une réponse",
    "Unknown": "une évolution difficile à interpréter",
    "Not-a-follow-up": "le bilan",
}

PLAN = (
    "Prochaine consultation dans 3 semaines avec bilan biologique.",
    "Prochaine évaluation scanographique dans 3 mois.",
    "Revoir en consultation après le prochain scanner.",
    "Bilan biologique avant chaque cure.",
    "Rendez-vous dans 6 mois avec imagerie.",
)

SIGNATURE = B(
    "consult_signature",
    (
        "{doctor}, oncologue médical",
        "{doctor} - Oncologie médicale",
        "Bien confraternellement, {doctor}",
        "{doctor}",
        "Signé électroniquement : {doctor}",
    ),
)

RCP_TITLE = B(
    "rcp_title",
    (
        "RÉUNION DE CONCERTATION PLURIDISCIPLINAIRE - {speciality}",
        "Fiche RCP {speciality}",
        "RCP {speciality}",
        "Compte rendu de RCP ({speciality})",
        "Réunion de concertation pluridisciplinaire d'oncologie {speciality}",
    ),
)

SPECIALITY = {
    "colorectal": "digestive",
    "breast": "sénologie",
    "lung": "thoracique",
    "lymphoma": "hématologie",
}

RCP_DATE = B(
    "rcp_date",
    (
        "Date de la RCP : {date}",
        "RCP du {date}",
        "Séance du {date}",
        "Date : {date}",
        "Dossier présenté le {date}",
    ),
)

RCP_REASON = {
    "initial": (
        "Motif : dossier initial.",
        "Motif de présentation : prise en charge initiale.",
        "Dossier présenté pour décision thérapeutique initiale.",
        "Question posée : stratégie thérapeutique de première intention.",
        "Nouveau dossier.",
    ),
    "progression": (
        "Motif : progression.",
        "Dossier représenté pour progression.",
        "Question : conduite à tenir devant une progression.",
        "Motif de présentation : évolution défavorable.",
        "Progression radiologique : quelle suite ?",
    ),
    "relapse": (
        "Motif : récidive.",
        "Dossier représenté pour récidive à distance.",
        "Question : prise en charge d'une rechute métastatique.",
        "Motif : rechute.",
        "Récidive : stratégie thérapeutique ?",
    ),
}

RCP_PROPOSAL = (
    "Proposition :",
    "Décision de la RCP :",
    "Avis RCP :",
    "PROPOSITION THÉRAPEUTIQUE :",
    "Conclusion de la RCP :",
)

RCP_SUPPORTIVE = (
    "Pas d'indication à un traitement spécifique : soins de support.",
    "Arrêt des traitements spécifiques, prise en charge palliative.",
    "Soins de confort exclusifs.",
    "Orientation vers l'équipe de soins palliatifs.",
    "Discussion d'un essai thérapeutique ; à défaut, soins de support.",
)

PARTICIPANTS = (
    "Participants : oncologue, radiologue, chirurgien, pathologiste.",
    "Médecins présents : 6 (quorum atteint).",
    "Présents : oncologie, radiologie, chirurgie, radiothérapie.",
    "Quorum respecté.",
    "RCP validée par le coordonnateur.",
)

PALLIATIVE = (
    "Devant la progression après plusieurs lignes, arrêt des traitements spécifiques.",
    "Altération de l'état général (OMS 3) : soins de confort.",
    "Décision collégiale de limitation des traitements spécifiques.",
    "Orientation vers l'unité de soins palliatifs.",
    "Prise en charge symptomatique exclusive.",
)
