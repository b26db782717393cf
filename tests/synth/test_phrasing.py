"""The corpus varies its wording: several phrasings per sentence type, as hospitals write."""

from __future__ import annotations

import re

from graphbuilder.synth.phrasing import findings, notes, pathology, radiology
from graphbuilder.synth.text import Bank

from .conftest import Corpus


def _banks() -> list[Bank]:
    found: list[Bank] = []
    for module in (radiology, findings, pathology, notes):
        for value in vars(module).values():
            candidates = value.values() if isinstance(value, dict) else [value]
            found += [item for item in candidates if isinstance(item, Bank)]
    return found


def test_every_sentence_type_has_at_least_five_phrasings() -> None:
    banks = _banks()
    assert len(banks) > 50
    assert all(len(bank) >= 5 for bank in banks), [b.name for b in banks if len(b) < 5]


def test_two_hundred_patients_use_five_phrasings_of_every_common_sentence_type(
    clean_corpus: Corpus,
) -> None:
    phrasings = clean_corpus.summary.phrasings
    common = {name: counts for name, counts in phrasings.items() if sum(counts) >= 50}
    assert len(common) > 50
    for name, counts in common.items():
        assert sum(1 for count in counts if count) >= 5, (name, counts)


def _text(corpus: Corpus) -> str:
    return "\n".join(row["text"] for row in corpus.reports)


def test_sizes_are_written_in_mm_cm_two_axes_and_ranges(clean_corpus: Corpus) -> None:
    text = _text(clean_corpus)
    for form in (
        r"\b\d+ mm\b",
        r"\b\d+mm\b",
        r"\b\d+,\d cm\b",
        r"\b\d+ x \d+ mm\b",
        r"\b\d+x\d+ mm\b",
        r"\b\d+,\d x \d+,\d cm\b",
        r"\b\d+-\d+ mm\b",
        r"\b\d+,5 mm\b",
    ):
        assert re.search(form, text), form


def test_dates_are_written_in_the_usual_french_forms(clean_corpus: Corpus) -> None:
    text = _text(clean_corpus)
    for form in (
        r"\b\d\d/\d\d/\d{4}\b",
        r"\b\d\d\.\d\d\.\d{4}\b",
        r"\b\d\d/\d\d/\d\d\b",
        r"\b\d{1,2} (janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre"
        r"|novembre|décembre) \d{4}\b",
        r"\b1er \w+\.? \d{4}\b",
        r"\b\d{4}-\d\d-\d\d\b",
        r"\b\d{1,2} (janv|févr|sept|oct|nov|déc)\. \d{4}\b",
        r"le \d\d/\d\d\)",
    ):
        assert re.search(form, text), form


def test_abbreviations_negations_hypotheses_and_family_history_occur(clean_corpus: Corpus) -> None:
    text = _text(clean_corpus)
    for word in (
        "RP",
        "RC",
        "MS",
        "TDM",
        "IRM",
        "TEP",
        "ADP",
        "cf.",
        "Pas de nouvelle lésion",
        "Suspicion de",
        "Antécédent",
        "LID|LSD|LIG|LSG",
        "RE ",
        "HER2",
        "C\\d+J1",
    ):
        assert re.search(word, text), word


def test_many_distinct_report_openings(clean_corpus: Corpus) -> None:
    """The exam-date line of radiology reports ("Examen du", "Réalisé le"...) varies."""
    openings = {
        re.split(r"\d", row["text"].split("\n")[2])[0]
        for row in clean_corpus.reports
        if row["kind"] == "radiology"
    }
    assert len(openings) >= 5
