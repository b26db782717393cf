"""Each injected contradiction shows in the text (so in the gold) and is labelled in the truth."""

from __future__ import annotations

from typing import Any

from .conftest import Corpus


def _by_type(corpus: Corpus, kind: str) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    return [(t, c) for t in corpus.truth for c in t["contradictions"] if c["type"] == kind]


def _gold(corpus: Corpus, report_id: str) -> list[dict[str, Any]]:
    return [g for g in corpus.gold if g["report_id"] == report_id]


def _lesion(
    corpus: Corpus, truth: dict[str, Any], lesion_id: str, report_id: str
) -> dict[str, Any]:
    lesion = next(item for item in truth["lesions"] if item["lesion_id"] == lesion_id)
    point = next(p for p in lesion["trajectory"] if p["report_id"] == report_id)
    return _gold(corpus, report_id)[0]["radiology"]["lesions"][point["gold_lesion_index"]]


def test_a_unit_slip_is_read_as_written(noisy_corpus: Corpus) -> None:
    cases = _by_type(noisy_corpus, "unit_slip")
    assert cases
    for truth, case in cases:
        gold = _lesion(noisy_corpus, truth, case["lesion_id"], case["report_ids"][0])
        assert gold["long_axis_mm"]["value"] == case["stated_mm"] != case["intended_mm"]
        assert case["stated_mm"] in (round(case["intended_mm"] / 10, 1), case["intended_mm"] * 10)


def test_a_wrong_quoted_previous_size_differs_from_the_size_measured_then(
    noisy_corpus: Corpus,
) -> None:
    cases = _by_type(noisy_corpus, "wrong_quoted_previous_size")
    assert cases
    for truth, case in cases:
        now, before = case["report_ids"]
        quoted = _lesion(noisy_corpus, truth, case["lesion_id"], now)["previous"]["long_axis_mm"][
            "value"
        ]
        assert quoted == case["quoted_mm"]
        assert abs(quoted - case["actual_mm"]) >= 4
        lesion = next(item for item in truth["lesions"] if item["lesion_id"] == case["lesion_id"])
        then = next(p for p in lesion["trajectory"] if p["report_id"] == before)
        assert then["stated_long_mm"] == case["actual_mm"]


def test_a_stated_evolution_disagrees_with_the_sizes(noisy_corpus: Corpus) -> None:
    cases = _by_type(noisy_corpus, "stated_evolution_vs_sizes")
    assert cases
    expected = {"CR": "Response", "PR": "Response", "SD": "Stability", "PD": "Progression"}
    for _, case in cases:
        stated = _gold(noisy_corpus, case["report_ids"][0])[0]["radiology"]["stated_evolution"][
            "value"
        ]
        assert stated == case["stated"] != expected[case["recist"]]


def test_a_duplicate_report_id_has_two_different_texts(noisy_corpus: Corpus) -> None:
    cases = _by_type(noisy_corpus, "duplicate_report_id")
    assert cases
    for _, case in cases:
        (report_id,) = case["report_ids"]
        texts = [row["text"] for row in noisy_corpus.reports if row["report_id"] == report_id]
        assert len(texts) == 2 and texts[0] != texts[1]
        assert len(_gold(noisy_corpus, report_id)) == 2


def test_a_treatment_said_ongoing_after_its_recorded_end(noisy_corpus: Corpus) -> None:
    cases = _by_type(noisy_corpus, "treatment_ongoing_after_end")
    assert cases
    for _, case in cases:
        (gold,) = _gold(noisy_corpus, case["report_ids"][0])
        ongoing = [
            t
            for t in gold["treatments"]
            if t["name"]["value"] == case["treatment"] and t["status"]["value"] == "ongoing"
        ]
        assert ongoing and case["report_date"] > case["end_date"]


def test_a_laterality_flip_states_the_other_side(noisy_corpus: Corpus) -> None:
    cases = _by_type(noisy_corpus, "laterality_flip")
    assert cases
    for truth, case in cases:
        (gold,) = _gold(noisy_corpus, case["report_ids"][0])
        assert (
            gold["tumours"][0]["laterality"]["value"]
            == case["stated"]
            != truth["cancer"]["laterality"]
        )


def test_a_receptor_or_her2_flip_between_two_pathology_reports(noisy_corpus: Corpus) -> None:
    cases = _by_type(noisy_corpus, "receptor_or_her2_flip")
    assert cases
    for _, case in cases:
        first, second = (_gold(noisy_corpus, rid)[0]["pathology"][0] for rid in case["report_ids"])
        field = case["field"]
        assert first[field]["value"] == case["first"] != second[field]["value"] == case["second"]


def test_without_contradictions_the_text_agrees_with_the_truth(clean_corpus: Corpus) -> None:
    assert not [c for t in clean_corpus.truth for c in t["contradictions"]]
    expected = {"CR": "Response", "PR": "Response", "SD": "Stability", "PD": "Progression"}
    stated = {
        g["report_id"]: g["radiology"]["stated_evolution"]["value"]
        for g in clean_corpus.gold
        if g.get("radiology")
    }
    for truth in clean_corpus.truth:
        for exam in truth["exams"]:
            if exam["recist"] in expected and stated[exam["report_id"]] != "Unknown":
                assert stated[exam["report_id"]] == expected[exam["recist"]]
