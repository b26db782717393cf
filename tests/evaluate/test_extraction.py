"""Field-by-field scoring of predicted extractions against gold, on small French reports."""

from __future__ import annotations

from graphbuilder.evaluate.extraction import ExtractionScores, score_extractions
from graphbuilder.evaluate.scores import Tally
from tests.support.evidence import evidenced

from .reports import (
    CT,
    changed,
    ct_gold,
    extractions,
    letter_gold,
    pathology_gold,
)

LESION_0 = "radiology.lesions.0"
LESION_1 = "radiology.lesions.1"


def score(gold: list[dict], predicted: list[dict]) -> ExtractionScores:
    return score_extractions(extractions(*gold), extractions(*predicted))


def counts(scores: ExtractionScores, section: str, field: str) -> tuple[int, int, int]:
    tally: Tally = scores.tallies[section, field]
    return tally.tp, tally.fp, tally.fn


def test_a_prediction_equal_to_gold_scores_one_on_every_field_with_support() -> None:
    gold = [ct_gold(), pathology_gold(), letter_gold()]
    scores = score(gold, gold)
    supported = [row for row in scores.rows() if row.tally.support]
    assert len(supported) > 30
    assert all(row.tally.f1 == 1.0 for row in supported)
    assert all(row.tally.evidence_overlap == 1.0 for row in supported if row.kind != "detection")
    assert counts(scores, "lesions", "detection") == (3, 0, 0)
    assert counts(scores, "radiology", "comparison_dates") == (2, 0, 0)
    # a field nobody filled has no figures rather than a perfect score
    empty = scores.tallies["pathology", "tnm"]
    assert (empty.support, empty.precision, empty.recall, empty.f1) == (0, None, None, None)


def test_sizes_match_within_half_a_millimetre_and_not_beyond() -> None:
    close = changed(ct_gold(), f"{LESION_0}.long_axis_mm.value", 32.4)
    far = changed(ct_gold(), f"{LESION_0}.long_axis_mm.value", 32.6)
    # three lesions have a long axis; only the first one is changed
    assert counts(score([ct_gold()], [close]), "lesions", "long_axis_mm") == (3, 0, 0)
    assert counts(score([ct_gold()], [far]), "lesions", "long_axis_mm") == (2, 1, 1)
    below = changed(ct_gold(), f"{LESION_0}.previous.long_axis_mm.value", 39.6)
    assert counts(score([ct_gold()], [below]), "lesions", "previous.long_axis_mm") == (1, 0, 0)


def test_lesions_are_matched_by_location_whatever_their_order() -> None:
    gold = ct_gold()
    lesions = gold["radiology"]["lesions"]
    swapped = changed(gold, "radiology.lesions", [lesions[2], lesions[1], lesions[0]])
    scores = score([gold], [swapped])
    assert counts(scores, "lesions", "detection") == (3, 0, 0)
    for field in ("location", "long_axis_mm", "short_axis_mm", "target", "previous.date"):
        tally = scores.tallies["lesions", field]
        assert (tally.fp, tally.fn) == (0, 0), field


def test_a_lesion_in_the_wrong_segment_is_detected_with_a_wrong_location() -> None:
    moved = changed(ct_gold(), f"{LESION_1}.location.value", "VII")
    scores = score([ct_gold()], [moved])
    assert counts(scores, "lesions", "detection") == (3, 0, 0)
    assert counts(scores, "lesions", "location") == (2, 1, 1)
    assert counts(scores, "lesions", "long_axis_mm") == (3, 0, 0)


def test_location_spellings_meet_after_normalisation() -> None:
    spelled = changed(ct_gold(), f"{LESION_0}.location.value", "Segment 6")
    assert counts(score([ct_gold()], [spelled]), "lesions", "location") == (3, 0, 0)


def test_a_lesion_of_another_organ_is_a_false_positive_and_a_miss() -> None:
    wrong_organ = changed(ct_gold(), f"{LESION_1}.organ.value", "lung")
    scores = score([ct_gold()], [wrong_organ])
    assert counts(scores, "lesions", "detection") == (2, 1, 1)
    # attributes are scored on matched pairs only: the two unmatched lesions add nothing
    assert counts(scores, "lesions", "short_axis_mm") == (1, 0, 0)


def test_sizes_break_ties_between_lesions_of_the_same_place() -> None:
    gold = ct_gold()
    twin = changed(gold["radiology"]["lesions"][0], "long_axis_mm.value", 12.0)
    twin = changed(twin, "target", None)
    twin = changed(twin, "previous", None)
    gold = changed(gold, "radiology.lesions", [*gold["radiology"]["lesions"], twin])
    reordered = changed(gold, "radiology.lesions", list(reversed(gold["radiology"]["lesions"])))
    scores = score([gold], [reordered])
    assert counts(scores, "lesions", "detection") == (4, 0, 0)
    assert counts(scores, "lesions", "long_axis_mm") == (4, 0, 0)


def test_a_wrong_value_is_one_false_positive_and_one_false_negative() -> None:
    mri = changed(ct_gold(), "radiology.modality.value", "MRI")
    scores = score([ct_gold()], [mri])
    assert counts(scores, "radiology", "modality") == (0, 1, 1)
    row = next(r for r in scores.rows() if r.field == "modality")
    assert (row.tally.precision, row.tally.recall, row.accuracy) == (0.0, 0.0, 0.0)


def test_a_value_only_predicted_is_a_false_positive_and_only_in_gold_a_miss() -> None:
    without_recist = changed(ct_gold(), "radiology.stated_recist", None)
    scores = score([without_recist], [ct_gold()])
    assert counts(scores, "radiology", "stated_recist") == (0, 1, 0)
    scores = score([ct_gold()], [without_recist])
    assert counts(scores, "radiology", "stated_recist") == (0, 0, 1)
    row = next(r for r in scores.rows() if r.field == "stated_recist")
    assert (row.tally.precision, row.tally.recall, row.tally.f1) == (None, 0.0, None)


def test_a_gold_report_missing_from_the_prediction_is_missed_entirely() -> None:
    scores = score([ct_gold(), letter_gold()], [letter_gold(), pathology_gold()])
    assert scores.missing_in_prediction == ["R-CT"]
    assert scores.extra_in_prediction == ["R-AP"]
    assert counts(scores, "lesions", "detection") == (0, 0, 3)
    assert counts(scores, "radiology", "exam_date") == (0, 0, 1)
    assert counts(scores, "radiology", "comparison_dates") == (0, 0, 2)
    # the extra pathology report is ignored, not counted as false positives
    assert counts(scores, "pathology", "er_status") == (0, 0, 0)
    assert counts(scores, "treatments", "detection") == (2, 0, 0)
    assert scores.evolution.count("Response", "(none)") == 1


def test_comparison_dates_are_scored_as_a_set() -> None:
    dates = ct_gold()["radiology"]["comparison_dates"]
    reordered = changed(ct_gold(), "radiology.comparison_dates", [dates[1], dates[0]])
    assert counts(score([ct_gold()], [reordered]), "radiology", "comparison_dates") == (2, 0, 0)
    one_wrong = changed(ct_gold(), "radiology.comparison_dates.1.value", "2023-11-06")
    assert counts(score([ct_gold()], [one_wrong]), "radiology", "comparison_dates") == (1, 1, 1)


def test_evidence_overlap_is_checked_on_true_positives() -> None:
    elsewhere = changed(
        ct_gold(), "radiology.stated_evolution", evidenced("Response", CT, "RP selon RECIST")
    )
    moved = changed(elsewhere, "radiology.modality", evidenced("CT", CT, "TDM thoraco"))
    scores = score([ct_gold()], [moved])
    evolution = scores.tallies["radiology", "stated_evolution"]
    modality = scores.tallies["radiology", "modality"]
    assert (evolution.tp, evolution.evidence_overlap) == (1, 0.0)
    assert (modality.tp, modality.evidence_overlap) == (1, 1.0)  # "TDM thoraco" covers "TDM"


def test_the_evolution_confusion_matrix_and_macro_f1() -> None:
    pairs = [  # (gold, predicted) stated evolution of six reports
        ("Response", "Response"),
        ("Response", "Stability"),
        ("Stability", "Stability"),
        ("Progression", "Progression"),
        ("Not-a-follow-up", "Not-a-follow-up"),
        ("Unknown", None),
    ]
    gold, predicted = [], []
    for n, (truth, guess) in enumerate(pairs):
        record = changed(ct_gold(f"R{n}"), "radiology.stated_evolution.value", truth)
        gold.append(record)
        guessed = changed(record, "radiology.stated_evolution.value", guess) if guess else None
        predicted.append(guessed or changed(record, "radiology.stated_evolution", None))
    confusion = score(gold, predicted).evolution
    assert confusion.count("Response", "Stability") == 1
    assert confusion.count("Unknown", "(none)") == 1
    assert confusion.count("Stability", "Stability") == 1
    assert confusion.accuracy() == 4 / 6
    # per class F1: Response 2/3 (P 1, R 1/2), Stability 2/3 (P 1/2, R 1), Progression 1,
    # Not-a-follow-up 1, Unknown 0 (never predicted, missed once)
    assert confusion.macro_f1() == (2 / 3 + 2 / 3 + 1 + 1 + 0) / 5


def test_pathology_results_are_matched_by_specimen_type() -> None:
    gold = pathology_gold()
    biopsy, sentinel = gold["pathology"]
    swapped = changed(gold, "pathology", [sentinel, biopsy])
    assert all(
        (tally.fp, tally.fn) == (0, 0)
        for (section, _), tally in score([gold], [swapped]).tallies.items()
        if section == "pathology"
    )
    only_biopsy = changed(gold, "pathology", [biopsy])
    scores = score([gold], [only_biopsy])
    assert counts(scores, "pathology", "detection") == (1, 0, 1)
    # a missed result misses every variable it holds
    assert counts(scores, "pathology", "nodes_examined") == (0, 0, 1)
    assert counts(scores, "pathology", "er_percent") == (1, 0, 0)


def test_treatments_are_matched_by_normalised_name_and_tumours_by_site() -> None:
    gold = letter_gold()
    predicted = changed(gold, "treatments.0.name.value", "Folfox")
    predicted = changed(predicted, "treatments.0.status.value", "stopped")
    predicted = changed(predicted, "tumours.0.diagnosis_date", None)
    scores = score([gold], [predicted])
    assert counts(scores, "treatments", "detection") == (2, 0, 0)
    assert counts(scores, "treatments", "status") == (1, 1, 1)
    assert counts(scores, "treatments", "cycle") == (1, 0, 0)
    assert counts(scores, "tumours", "detection") == (1, 0, 0)
    assert counts(scores, "tumours", "diagnosis_date") == (0, 0, 1)
    renamed = changed(gold, "treatments.1.name.value", "aflibercept")
    assert counts(score([gold], [renamed]), "treatments", "detection") == (1, 1, 1)
