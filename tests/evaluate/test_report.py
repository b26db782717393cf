"""The evaluation written as JSON and per-field CSV, in a deterministic order."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from graphbuilder.evaluate import EvaluationRequest, evaluate, write_field_csv, write_json
from graphbuilder.evaluate.scores import SLOT_CONVENTION

from .reports import changed, ct_gold, letter_gold, pathology_gold, write_jsonl


def test_json_and_csv_hold_every_figure_in_a_stable_order(tmp_path: Path) -> None:
    gold = write_jsonl(tmp_path / "gold.jsonl", ct_gold(), pathology_gold(), letter_gold())
    wrong = changed(ct_gold(), "radiology.modality.value", "MRI")
    pred = write_jsonl(tmp_path / "pred.jsonl", letter_gold(), wrong)
    evaluation = evaluate(EvaluationRequest(predicted=pred, gold=gold))
    write_json(evaluation, tmp_path / "out" / "eval.json")
    write_field_csv(evaluation, tmp_path / "out" / "fields.csv")
    data = json.loads((tmp_path / "out" / "eval.json").read_text(encoding="utf-8"))
    assert data["convention"] == SLOT_CONVENTION
    assert data["reports"]["missing_in_prediction_ids"] == ["R-AP"]
    modality = next(r for r in data["fields"] if r["field"] == "modality")
    assert (modality["tp"], modality["fp"], modality["fn"], modality["accuracy"]) == (0, 1, 1, 0.0)
    assert data["stated_evolution"]["labels"][-1] == "(none)"
    assert [s["section"] for s in data["sections"]] == [
        "radiology", "lesions", "pathology", "treatments", "tumours", "overall",
    ]  # fmt: skip
    with (tmp_path / "out" / "fields.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert [(r["section"], r["field"]) for r in rows[: len(data["fields"])]] == [
        (r["section"], r["field"]) for r in data["fields"]
    ]
    assert rows[-1]["section"] == "overall"
    assert next(r for r in rows if r["field"] == "tnm")["f1"] == ""  # undefined, not zero
    again = evaluate(EvaluationRequest(predicted=pred, gold=gold))
    write_json(again, tmp_path / "again.json")
    assert (tmp_path / "again.json").read_text(encoding="utf-8") == (
        tmp_path / "out" / "eval.json"
    ).read_text(encoding="utf-8")
