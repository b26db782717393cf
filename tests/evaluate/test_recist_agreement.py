"""Per-timepoint and per-patient agreement of RECIST categories with the synthetic truth."""

from __future__ import annotations

from pathlib import Path

from graphbuilder.evaluate.predictions import read_best_responses, read_timepoints
from graphbuilder.evaluate.recist_agreement import DERIVED, FROM_FILE, compare_recist
from graphbuilder.evaluate.truth import read_truth

from .truth_fixtures import TIMEPOINTS, write_truth


def test_timepoints_agree_by_patient_and_date(tmp_path: Path) -> None:
    truth = read_truth(write_truth(tmp_path))
    (tmp_path / "tp.csv").write_text(TIMEPOINTS, encoding="utf-8")
    agreement = compare_recist(truth, read_timepoints(tmp_path / "tp.csv"), None)
    assert agreement.timepoints is not None
    figures = agreement.timepoints.as_dict()
    assert (figures["truth"], figures["matched"], figures["unmatched_predictions"]) == (6, 5, 1)
    assert figures["agreement"] == 4 / 6
    assert figures["agreement_when_matched"] == 4 / 5
    assert (figures["patients"], figures["patients_agreeing"]) == (2, 0)
    confusion = agreement.timepoints.confusion
    assert confusion.count("PD", "SD") == 1
    assert confusion.count("SD", "SD") == 2
    assert confusion.count("SD", "(none)") == 1


def test_best_response_is_derived_from_timepoints_with_the_recist_engine(tmp_path: Path) -> None:
    truth = read_truth(write_truth(tmp_path))
    (tmp_path / "tp.csv").write_text(TIMEPOINTS, encoding="utf-8")
    agreement = compare_recist(truth, read_timepoints(tmp_path / "tp.csv"), None)
    assert agreement.best_source == DERIVED
    best = agreement.best.as_dict()
    # P1 line 1: PR confirmed 61 days later; P1 line 2: SD after 68 days; P2: non-CR/non-PD
    # after 60 days, the truth's SD; P3 has no line in the truth
    assert (best["truth"], best["matched"], best["agreement"]) == (3, 3, 1.0)
    assert (best["patients_agreeing"], best["unmatched_predictions"]) == (2, 1)


def test_best_responses_from_a_file_match_lines_by_start(tmp_path: Path) -> None:
    truth = read_truth(write_truth(tmp_path))
    (tmp_path / "patients.csv").write_text(
        "patient_id,best_overall_response,line_start\n"
        "P1,PD,2024-01-10\n"  # wrong: PR
        "P2,SD,\n"  # no start: P2's first scored line (the neoadjuvant one has no response)
        "P1,PR,2023-01-01\n",  # no such line
        encoding="utf-8",
    )
    agreement = compare_recist(truth, None, read_best_responses(tmp_path / "patients.csv"))
    assert (agreement.best_source, agreement.timepoints) == (FROM_FILE, None)
    best = agreement.best.as_dict()
    assert (best["truth"], best["matched"], best["unmatched_predictions"]) == (3, 2, 1)
    assert best["agreement"] == 1 / 3
    assert (best["patients"], best["patients_agreeing"]) == (2, 1)
    assert agreement.best.confusion.count("PR", "PD") == 1
    assert agreement.best.confusion.count("SD", "(none)") == 1
