"""Qualifiers: EDS-NLP's negation, hypothesis, history and family, plus our own checks."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from graphbuilder.extract.backends.rules.qualifiers.checks import apply_own_checks
from graphbuilder.extract.backends.rules.qualifiers.qualifier import Mention, Qualifier
from graphbuilder.extract.backends.rules.text.document import ReportText


@pytest.fixture(scope="module")
def qualifier() -> Qualifier:
    return Qualifier()


def qualify(qualifier: Qualifier, text: str, word: str) -> Mention:
    """Qualify the first occurrence of `word` in `text`, as the backend does."""
    report = ReportText(text, dt.date(2024, 6, 1))
    match = re.search(word, text)
    assert match is not None
    mention = Mention(match.start(), match.end())
    qualifier.qualify([(report, [mention])])
    apply_own_checks(report, [mention])
    assert mention.qualified
    return mention


FLAGS = [
    # text, word, (negated, hypothetical, historical, family)
    ("Pas de nouvelle lésion.", "lésion", (True, False, False, False)),
    ("Absence d'adénopathie.", "adénopathie", (True, False, False, False)),
    ("On ne retrouve aucune métastase.", "métastase", (True, False, False, False)),
    ("Il n'existe pas de nodule.", "nodule", (True, False, False, False)),
    ("L'adénopathie n'est pas retrouvée.", "adénopathie", (True, False, False, False)),
    ("Pas d'autre lésion suspecte.", "lésion", (True, False, False, False)),
    ("Suspicion de carcinose péritonéale.", "carcinose", (False, True, False, False)),
    ("Récidive locale non exclue.", "Récidive", (False, True, False, False)),
    ("En cas de progression, discuter le nivolumab.", "nivolumab", (False, True, False, False)),
    ("Antécédent de cancer du sein.", "cancer", (False, False, True, False)),
    ("Sa mère a eu un cancer du sein.", "cancer", (False, False, False, True)),
    ("Sa sœur a un cancer de l'ovaire.", "cancer", (False, False, False, True)),
    ("Lésion non cible du segment IV.", "Lésion", (False, False, False, False)),
    ("Disparition de l'adénopathie hilaire.", "adénopathie", (False, False, False, False)),
    ("Discrète augmentation du nodule.", "nodule", (False, False, False, False)),
    ("Réponse partielle selon RECIST.", "Réponse partielle", (False, False, False, False)),
    ("Nodule sans changement.", "Nodule", (False, False, False, False)),
    ("Lésion hépatique suspecte de 15 mm.", "Lésion", (False, False, False, False)),
]


@pytest.mark.parametrize(("text", "word", "flags"), FLAGS, ids=[t for t, _, _ in FLAGS])
def test_qualifier_flags(
    qualifier: Qualifier, text: str, word: str, flags: tuple[bool, bool, bool, bool]
) -> None:
    mention = qualify(qualifier, text, word)
    assert (mention.negated, mention.hypothetical, mention.historical, mention.family) == flags


def test_accents_and_typographic_apostrophes_do_not_hide_a_cue(qualifier: Qualifier) -> None:
    assert qualify(qualifier, "Absence d\u2019embole vasculaire.", "embole").negated
    assert qualify(qualifier, "ATCD familial de cancer colique.", "cancer").family


def test_mentions_of_many_reports_are_qualified_in_one_batch(qualifier: Qualifier) -> None:
    texts = ["Pas de nodule.", "Nodule de 8 mm.", "Suspicion de nodule."]
    batch = []
    for text in texts:
        report = ReportText(text, dt.date(2024, 6, 1))
        start = text.index("odule") - 1
        batch.append((report, [Mention(start, start + 6)]))
    qualifier.qualify(batch)
    flags = [(mentions[0].negated, mentions[0].hypothetical) for _, mentions in batch]
    assert flags == [(True, False), (False, False), (False, True)]
