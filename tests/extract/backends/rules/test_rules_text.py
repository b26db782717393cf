"""The shared readers: folding, sentences and sections, dates, sizes and fast alternations."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from graphbuilder.extract.backends.rules.dates.finder import Precision, RangeRole, find_dates
from graphbuilder.extract.backends.rules.sizes.finder import find_sizes
from graphbuilder.extract.backends.rules.text.alternation import compile_alternation, fast
from graphbuilder.extract.backends.rules.text.document import ReportText
from graphbuilder.extract.backends.rules.text.fold import fold

REPORT_DATE = dt.date(2024, 6, 1)


@given(st.text())
def test_folding_never_moves_an_offset(text: str) -> None:
    assert len(fold(text)) == len(text)


def test_folding_writes_what_the_patterns_expect() -> None:
    assert fold("Lésion à 15\u00a0×\u202f12 mm – Œstrogènes l’été") == (
        "lesion a 15 x 12 mm - estrogenes l'ete"
    )


def test_sentences_end_at_periods_lines_and_semicolons_but_not_abbreviations() -> None:
    text = "Lésion du seg. VI de 12 mm ; nodule cf. TDM.\nFoie :\n- segment II : 9 mm"
    report = ReportText(text, REPORT_DATE)
    assert [text[s.start : s.end] for s in report.sentences] == [
        "Lésion du seg. VI de 12 mm ;",
        "nodule cf. TDM.",
        "Foie :",
        "- segment II : 9 mm",
    ]


def test_a_hard_wrapped_line_continues_its_sentence() -> None:
    text = "Lésion du segment VI\nmesurant 25 mm. Suite."
    report = ReportText(text, REPORT_DATE)
    assert text[report.sentences[0].start : report.sentences[0].end] == (
        "Lésion du segment VI\nmesurant 25 mm."
    )


def test_sections_from_headings_and_an_inline_au_total() -> None:
    text = "Indication : bilan.\n\nRésultats :\nFoie normal.\nAu total : SD."
    report = ReportText(text, REPORT_DATE)
    assert [(s.name, text[s.start : s.label_end]) for s in report.sections] == [
        ("indication", "Indication"),
        ("findings", "Résultats"),
        ("conclusion", "Au total"),
    ]
    assert report.section_at(text.index("SD")) == "conclusion"
    assert report.section_at(text.index("Foie")) == "findings"


def test_evidence_trims_blanks_and_quotes_the_original_text() -> None:
    report = ReportText("Nodule :  12 mm ; ", REPORT_DATE)
    evidence = report.evidence(8, 18)
    assert evidence is not None
    assert (evidence.start, evidence.end, evidence.text) == (10, 15, "12 mm")
    assert report.evidence(6, 9) is None


DATES = [
    ("le 12/03/2024", "2024-03-12", "12/03/2024", Precision.DAY),
    ("le 12.03.24", "2024-03-12", "12.03.24", Precision.DAY),
    ("le 2024-03-12", "2024-03-12", "2024-03-12", Precision.DAY),
    ("le 1er févr. 2024", "2024-02-01", "1er févr. 2024", Precision.DAY),
    ("le 12 mars 2024", "2024-03-12", "12 mars 2024", Precision.DAY),
    ("contre 18 mm le 12/03", "2024-03-12", "12/03", Precision.DAY),
    ("contre 18 mm le 20/11", "2023-11-20", "20/11", Precision.DAY),
    ("diagnostiqué en mars 2022", "2022-03-01", "mars 2022", Precision.MONTH),
]


@pytest.mark.parametrize(("text", "value", "quote", "precision"), DATES)
def test_dates_as_french_reports_write_them(
    text: str, value: str, quote: str, precision: Precision
) -> None:
    report = ReportText(text, REPORT_DATE)
    (date,) = find_dates(report)
    assert (date.value.isoformat(), text[date.start : date.end], date.precision) == (
        value,
        quote,
        precision,
    )


def test_node_counts_and_impossible_days_are_not_dates() -> None:
    report = ReportText("Ganglions : 1/12 et (2/3). Le 31/02/2024.", REPORT_DATE)
    assert find_dates(report) == []


def test_ranges_give_both_bounds() -> None:
    text = "du 2 au 5 mars 2024 puis du 12/01/2024 au 15/03/2024"
    dates = find_dates(ReportText(text, REPORT_DATE))
    assert [(d.value.isoformat(), d.role) for d in dates] == [
        ("2024-03-02", RangeRole.START),
        ("2024-03-05", RangeRole.END),
        ("2024-01-12", RangeRole.START),
        ("2024-03-15", RangeRole.END),
    ]


SIZES = [
    ("20 mm", (20.0,)),
    ("2,5 cm", (25.0,)),
    ("15 x 12 mm", (15.0, 12.0)),
    ("18x22mm", (22.0, 18.0)),
    ("2,5 cm x 1,8 cm", (25.0, 18.0)),
    ("30 × 25 × 20 mm", (30.0, 25.0, 20.0)),
    ("12-13 mm", (12.5,)),
    ("12 à 13 mm", (12.5,)),
    ("4 millimètres", (4.0,)),
]


@pytest.mark.parametrize(("text", "axes"), SIZES)
def test_sizes_in_mm(text: str, axes: tuple[float, ...]) -> None:
    (size,) = find_sizes(fold(text))
    assert (size.axes_mm, text[size.start : size.end]) == (axes, text)


def test_what_is_not_a_length() -> None:
    assert find_sizes(fold("120 mmHg, 3 cm3, 14G, 5-40 mm, pT2N1M0")) == []


def test_passant_de_18_a_25_mm_is_an_earlier_and_a_current_size() -> None:
    text = "passant de 18 à 25 mm"
    earlier, current = find_sizes(fold(text))
    assert (earlier.long_mm, earlier.earlier, text[earlier.start : earlier.end]) == (18, True, "18")
    assert (current.long_mm, current.earlier, text[current.start : current.end]) == (
        25,
        False,
        "25 mm",
    )


WORDY = st.text(alphabet="abcdeimnorstu -'", max_size=40)


@given(WORDY)
def test_fast_patterns_match_exactly_what_the_plain_ones_match(text: str) -> None:
    pattern = r"\b(?:micro)?nodules?\b|\bmasses?\b|\b(?:pas|absence)\s+(?:de )?lesion|\bnon\b"
    assert [m.span() for m in fast(pattern).finditer(text)] == [
        m.span() for m in re.finditer(pattern, text)
    ]


@given(WORDY)
def test_an_alternation_finds_what_its_forms_find(text: str) -> None:
    forms = [r"\bmasses?\b|\bnodules?\b", r"m?oie|tumeurs?", r"(?:sous|sus)-?cutane"]
    alternation = compile_alternation(forms)
    plain = re.compile(r"(?<!\w)(?:" + "|".join(f"(?:{f})" for f in forms) + r")(?!\w)")
    assert [m.span() for _, m in alternation.finditer(text)] == [
        m.span() for m in plain.finditer(text)
    ]
