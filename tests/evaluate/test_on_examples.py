"""The bundled hand-made gold (examples/gold.jsonl) scored against itself and a perturbed copy."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from graphbuilder.evaluate import EvaluationRequest, evaluate
from graphbuilder.evaluate.report import Evaluation
from graphbuilder.extract.model import Evolution

from .reports import write_lines

GOLD = Path(__file__).resolve().parents[2] / "examples" / "gold.jsonl"


def gold_records() -> list[dict[str, Any]]:
    return [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines()]


def row(evaluation: Evaluation, section: str, field: str) -> Any:
    return next(r for r in evaluation.field_rows() if (r.section, r.field) == (section, field))


def test_the_gold_against_itself_scores_one_on_every_supported_field() -> None:
    evaluation = evaluate(EvaluationRequest(predicted=GOLD, gold=GOLD))
    supported = [r for r in evaluation.field_rows() if r.tally.support]
    assert len(supported) > 50
    assert {r.tally.f1 for r in supported} == {1.0}
    assert {r.accuracy for r in supported if r.categorical} == {1.0}
    assert evaluation.extraction.evolution.macro_f1() == 1.0
    assert evaluation.reports()["gold"] == len(gold_records())


def perturb(records: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], dict[str, int]]:
    """Every third lesion 1 mm longer, two evolutions changed, the first pathology result's
    ER status removed, the first non-radiology report with treatments dropped."""
    made = {"sizes": 0, "evolutions": 0, "er": 0}
    classes = [evolution.value for evolution in Evolution]
    lesion_number = 0
    dropped = next(r for r in records if r["treatments"] and not r.get("radiology"))
    made["dropped_treatments"] = len(dropped["treatments"])
    kept = []
    for record in records:
        if record is dropped:
            continue
        radiology = record.get("radiology")
        for lesion in radiology["lesions"] if radiology else []:
            lesion_number += 1
            if lesion_number % 3 == 0 and lesion.get("long_axis_mm"):
                lesion["long_axis_mm"]["value"] += 1.0
                made["sizes"] += 1
        evolution = radiology.get("stated_evolution") if radiology else None
        if evolution and made["evolutions"] < 2:
            evolution["value"] = classes[(classes.index(evolution["value"]) + 1) % len(classes)]
            made["evolutions"] += 1
        for result in record["pathology"]:
            if made["er"] == 0 and "er_status" in result:
                del result["er_status"]
                made["er"] = 1
        kept.append(record)
    return kept, made


def test_a_perturbed_copy_scores_below_one_exactly_where_it_was_changed(tmp_path: Path) -> None:
    records, made = perturb(gold_records())
    assert made["sizes"] and made["evolutions"] == 2 and made["er"] == 1
    predicted = write_lines(tmp_path / "pred.jsonl", records)
    evaluation = evaluate(EvaluationRequest(predicted=predicted, gold=GOLD))
    sizes = row(evaluation, "lesions", "long_axis_mm").tally
    assert (sizes.fp, sizes.fn) == (made["sizes"], made["sizes"])
    assert sizes.f1 == sizes.tp / (sizes.tp + made["sizes"]) < 1.0
    evolution = row(evaluation, "radiology", "stated_evolution")
    assert (evolution.tally.fp, evolution.tally.fn) == (2, 2)
    assert evolution.accuracy == 1 - 2 / evolution.tally.support
    macro_f1 = evaluation.extraction.evolution.macro_f1()
    assert macro_f1 is not None and macro_f1 < 1.0
    er = row(evaluation, "pathology", "er_status").tally
    assert (er.fp, er.fn, er.precision) == (0, 1, 1.0)
    treatments = row(evaluation, "treatments", "detection").tally
    assert (treatments.fp, treatments.fn) == (0, made["dropped_treatments"])
    assert evaluation.reports()["missing_in_prediction"] == 1
    # untouched radiology fields keep a perfect score
    for field in ("exam_date", "modality", "comparison_dates"):
        assert row(evaluation, "radiology", field).tally.f1 == 1.0
    assert row(evaluation, "lesions", "detection").tally.f1 == 1.0
    overall = evaluation.summary_rows()[-1].tally
    assert overall.f1 is not None and overall.f1 < 1.0
