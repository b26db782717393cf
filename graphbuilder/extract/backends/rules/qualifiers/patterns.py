"""Our adjustments to EDS-NLP's qualifier cue lists, for oncology imaging and pathology.

EDS-NLP's lists were built for hospital notes in general; a few cues mislead on our reports:
- negation: "disparition de l'adénopathie" is a lesion that disappeared (a status we keep), not
  an absent one; "lésion non cible" is a non-target lesion, not a negated one; "pas d'autre
  lésion" *is* a negation (EDS-NLP lists it as a pseudo-negation).
- hypothesis: "discrète augmentation" is a small change, not a doubt; "réponse partielle selon
  RECIST" states a category, it does not speculate.
- terminations: a colon ends a proposition ("Lésions non cibles : nodule du LID").
"""

from __future__ import annotations

from edsnlp.pipes.qualifiers.hypothesis import patterns as hypothesis
from edsnlp.pipes.qualifiers.negation import patterns as negation
from edsnlp.pipes.terminations import termination as default_termination

_NOT_NEGATION = frozenset(
    {"disparition de", "disparition des", "disparait", "disparaissent", "non", "élimination"}
)
NEGATION_PRECEDING = [cue for cue in negation.preceding if cue not in _NOT_NEGATION] + [
    "non",  # kept before the entity ("non retrouvé"), removed after it ("lésion non cible")
    "ni de",
    "absence d'",
    "absence de",
]
NEGATION_FOLLOWING = [cue for cue in negation.following if cue not in _NOT_NEGATION] + [
    "non vu",
    "non vus",
    "non vue",
    "non vues",
    "non identifié",
    "non identifiés",
    "non identifiée",
    "non identifiées",
    "non observé",
    "non observés",
]
# "Métastase non exclue": a doubt, so not a negation (a pseudo-negation cue) but a hypothesis
# (a following cue).
_NOT_EXCLUDED = (
    "non exclu",
    "non exclue",
    "non exclus",
    "non exclues",
    "ne peut être éliminée",
    "ne peut être éliminé",
    "ne peut être exclue",
    "ne peut être exclu",
    "ne peut pas être éliminée",
    "ne peut pas être exclue",
)
NEGATION_PSEUDO = [cue for cue in negation.pseudo if cue not in {"pas d'autre"}] + [
    "non cible",
    "non cibles",
    "non-cible",
    "non-cibles",
    "non mesurable",
    "non mesurables",
    "sans modification",
    "sans modification significative",
    "pas de modification",
    "pas d'évolution",
    "sans évolution",
    "pas d'argument pour",
    *_NOT_EXCLUDED,
]

_NOT_HYPOTHESIS = frozenset(
    {"discret", "discrets", "discrète", "discrètes", "selon", "soit", "exploration", "risque"}
)
HYPOTHESIS_PRECEDING = [cue for cue in hypothesis.preceding if cue not in _NOT_HYPOTHESIS] + [
    "suspicion d'",
    "à discuter",
    "discuter",
    "discussion d'",
    "discussion de",
    "à envisager",
    "évoquer",
    "à éliminer",
    "à confirmer",
    "doute sur",
    "pas d'argument pour",
]
# "Lésion suspecte": the adjective, folded like the participle "suspectée" of a hypothesis verb,
# describes a lesion that is there.
HYPOTHESIS_PSEUDO = [*hypothesis.pseudo, "suspect", "suspecte", "suspects", "suspectes"]
HYPOTHESIS_FOLLOWING = [cue for cue in hypothesis.following if cue not in _NOT_HYPOTHESIS] + [
    "à discuter",
    "à confirmer",
    "à éliminer",
    "non confirmé",
    "non confirmée",
    "douteux",
    "douteuse",
    *_NOT_EXCLUDED,
]

TERMINATION = [*default_termination, ":", "puis", "mais aussi"]

# ------------------------------------------------------------------ our own checks (folded)
# "L'adénopathie n'est pas retrouvée": EDS-NLP reads "ne" but not the elided "n'".
VERBAL_NEGATION_AFTER = (
    r"^[^,;.:()]{0,40}?(?:\b(?:n'(?:est|a|ont|etait|existe)|ne\s+(?:sont|se)|n'apparai\w*)\s+"
    r"(?:(?:\w+\s+){0,2})?(?:pas|jamais|aucun\w*)\b|\b(?:non|pas)\s+(?:retrouve\w*|mis\w* en "
    r"evidence|visualise\w*|individualise\w*|identifie\w*|objective\w*|vu\w*)\b)"
)
# "Il n'existe pas de lésion": the elided negation before the mention.
VERBAL_NEGATION_BEFORE = (
    r"\b(?:n'(?:existe|y a|est|a|ont|apparait|retrouve|objective|visualise|note)|"
    r"on ne (?:retrouve|note|voit|visualise|met)|ne (?:montre|retrouve|revele|met))"
    r"\s+(?:\w+\s+){0,2}?(?:pas|aucun\w*|plus)\b[^,;.:()]{0,50}$"
)
# "En cas de bonne réponse, discussion d'un traitement local (radiothérapie)": a condition or a
# discussion earlier in the sentence governs what follows, brackets included.
CONDITIONAL_BEFORE = (
    r"\b(?:en cas d[e']|si |s'il|au cas ou|discussion d[e']|a discuter|discuter|eventuel\w*|"
    r"envisager|envisageable|a envisager|selon (?:la|le|l')\w*)"
)
