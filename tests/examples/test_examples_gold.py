"""The bundled French corpus in `examples/` and its hand-checked gold extractions.

These tests keep the corpus honest: every report has exactly one gold extraction that validates
against the domain model, every evidence quote is the report text at its offsets, the structured
treatments file agrees with the manifest, and the corpus conventions the README documents
(negated, hypothetical and family-history mentions are not facts; one deliberate
text-vs-structured inconsistency) still hold.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections import defaultdict
from functools import cache
from pathlib import Path

import polars as pl
import pytest

from graphbuilder.core.vocabulary import ReportKind
from graphbuilder.extract.model import ReportExtraction, TreatmentCategory

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
MANIFEST_COLUMNS = ["patient_id", "report_id", "date", "kind", "file"]
TREATMENT_COLUMNS = ["patient_id", "event", "name", "category", "start_date", "end_date", "line"]
# Names a report may use for a treatment it does not name more precisely.
GENERIC_TREATMENT_NAMES = {"chemotherapy", "hormone therapy"}


@cache
def manifest() -> pl.DataFrame:
    return pl.read_csv(EXAMPLES / "manifest.csv", infer_schema=False)


@cache
def treatments() -> pl.DataFrame:
    return pl.read_csv(EXAMPLES / "treatments.csv", infer_schema=False)


@cache
def gold() -> dict[str, ReportExtraction]:
    lines = (EXAMPLES / "gold.jsonl").read_text(encoding="utf-8").splitlines()
    extractions: dict[str, ReportExtraction] = {}
    for number, line in enumerate(lines, start=1):
        extraction = ReportExtraction.model_validate_json(line)
        assert extraction.report_id not in extractions, f"line {number}: duplicate report id"
        extractions[extraction.report_id] = extraction
    return extractions


def report_text(report_id: str) -> str:
    row = manifest().filter(pl.col("report_id") == report_id).row(0, named=True)
    return (EXAMPLES / row["file"]).read_bytes().decode("utf-8")


def manifest_rows() -> list[dict[str, str]]:
    return manifest().to_dicts()


def iso(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


# ----------------------------------------------------------------------------- manifest
def test_manifest_has_the_documented_columns_and_valid_rows() -> None:
    assert manifest().columns == MANIFEST_COLUMNS
    kinds = {kind.value for kind in ReportKind}
    for row in manifest_rows():
        assert row["kind"] in kinds, row
        iso(row["date"])
        assert (EXAMPLES / row["file"]).is_file(), row
        assert row["report_id"].startswith(row["patient_id"] + "_"), row
    assert manifest()["report_id"].is_unique().all()


@pytest.mark.parametrize("row", manifest_rows(), ids=lambda row: row["report_id"])
def test_report_file_is_clean_utf8_text_of_realistic_length(row: dict[str, str]) -> None:
    raw = (EXAMPLES / row["file"]).read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf"), "no byte-order mark"
    assert b"\r" not in raw, "LF line endings only"
    text = raw.decode("utf-8")
    assert unicodedata.is_normalized("NFC", text)
    assert 600 <= len(text) <= 2500
    assert text == text.lstrip(), "offsets must not depend on leading whitespace"
    assert "synthétique" in text, "every report says it is synthetic"


def test_corpus_size_and_time_span() -> None:
    frame = manifest().with_columns(pl.col("date").str.to_date())
    spans = frame.group_by("patient_id").agg(
        (pl.col("date").max() - pl.col("date").min()).dt.total_days().alias("days"),
        pl.len().alias("reports"),
    )
    assert spans.height >= 5
    assert frame.height >= 30
    assert spans.filter(pl.col("days") >= 365).height >= 4
    assert set(frame["kind"]) == {"radiology", "pathology", "consultation", "tumour_board"}


# ----------------------------------------------------------------------------- gold
def test_every_report_has_exactly_one_gold_extraction() -> None:
    assert set(gold()) == set(manifest()["report_id"])
    assert len(gold()) == manifest().height


@pytest.mark.parametrize("report_id", sorted(gold()))
def test_every_evidence_is_the_report_text_at_its_offsets(report_id: str) -> None:
    text = report_text(report_id)
    evidences = gold()[report_id].evidences()
    assert evidences, "every report yields at least one grounded fact"
    for evidence in evidences:
        assert text[evidence.start : evidence.end] == evidence.text, evidence
        # quotes are whole words: a span never cuts "VI" out of "VIII" or "8 mm" out of "18 mm"
        before = text[evidence.start - 1] if evidence.start else " "
        after = text[evidence.end] if evidence.end < len(text) else " "
        assert not (before.isalnum() and evidence.text[0].isalnum()), evidence
        assert not (after.isalnum() and evidence.text[-1].isalnum()), evidence


@pytest.mark.parametrize("row", manifest_rows(), ids=lambda row: row["report_id"])
def test_sections_follow_the_report_kind(row: dict[str, str]) -> None:
    extraction = gold()[row["report_id"]]
    if row["kind"] == "radiology":
        assert extraction.radiology is not None
        assert extraction.radiology.exam_date is not None
        assert extraction.radiology.exam_date.value == iso(row["date"])
        assert extraction.radiology.stated_evolution is not None
    else:
        assert extraction.radiology is None
    assert bool(extraction.pathology) == (row["kind"] == "pathology")


def test_comparison_and_previous_size_dates_name_exams_of_the_same_patient() -> None:
    exams: dict[str, set[dt.date]] = defaultdict(set)
    for row in manifest_rows():
        if row["kind"] == "radiology":
            exams[row["patient_id"]].add(iso(row["date"]))
    for row in manifest_rows():
        radiology = gold()[row["report_id"]].radiology
        if radiology is None:
            continue
        quoted = [comparison.value for comparison in radiology.comparison_dates]
        quoted += [
            lesion.previous.date.value
            for lesion in radiology.lesions
            if lesion.previous is not None and lesion.previous.date is not None
        ]
        for day in quoted:
            assert day in exams[row["patient_id"]], (row["report_id"], day)
            assert day < iso(row["date"]), (row["report_id"], day)


def test_follow_up_flag_agrees_with_the_stated_evolution() -> None:
    for report_id, extraction in gold().items():
        radiology = extraction.radiology
        if radiology is None or radiology.is_follow_up is None:
            continue
        initial = radiology.stated_evolution is not None and (
            radiology.stated_evolution.value == "Not-a-follow-up"
        )
        assert radiology.is_follow_up.value is not initial, report_id


def test_gold_treatment_names_use_the_structured_file_vocabulary() -> None:
    structured = defaultdict(set)
    for row in treatments().filter(pl.col("event") == "treatment").to_dicts():
        structured[row["patient_id"]].add(row["name"])
    for row in manifest_rows():
        for treatment in gold()[row["report_id"]].treatments:
            name = treatment.name.value
            assert name in structured[row["patient_id"]] | GENERIC_TREATMENT_NAMES, (
                row["report_id"],
                name,
            )


# ----------------------------------------------------------------------------- qualifiers
def test_family_history_is_not_a_tumour_of_the_patient() -> None:
    # P002 (sister) and P005 (mother) have a family history of breast cancer.
    for report_id in ("P002_R01", "P005_R03", "P005_R04"):
        assert "cancer du sein" in report_text(report_id)
    for report_id, extraction in gold().items():
        if report_id.startswith("P005"):
            assert {tumour.site.value for tumour in extraction.tumours} <= {"pancreas"}


def test_hypothetical_and_negated_findings_are_not_lesions() -> None:
    # "suspicion d'une petite lésion hypodense du segment II": hypothetical, not a lesion
    assert "suspicion d'une petite lésion" in report_text("P005_R01")
    initial = gold()["P005_R01"].radiology
    assert initial is not None
    assert [lesion.organ.value for lesion in initial.lesions] == ["pancreas"]
    # "une récidive locale débutante ne peut être exclue": no lesion, evolution Unknown
    doubtful = gold()["P005_R08"].radiology
    assert doubtful is not None
    assert doubtful.lesions == []
    assert doubtful.stated_evolution is not None
    assert doubtful.stated_evolution.value == "Unknown"
    # "pas de nodule pulmonaire suspect" in the staging CT: no lung lesion
    staging = gold()["P001_R02"].radiology
    assert staging is not None
    assert "lung" not in {lesion.organ.value for lesion in staging.lesions}


# ----------------------------------------------------------------------------- treatments.csv
def test_treatments_file_has_valid_rows_for_known_patients() -> None:
    assert treatments().columns == TREATMENT_COLUMNS
    patients = set(manifest()["patient_id"])
    categories = {category.value for category in TreatmentCategory}
    for row in treatments().to_dicts():
        assert row["patient_id"] in patients, row
        assert row["event"] in {"treatment", "diagnosis", "death"}, row
        start = iso(row["start_date"])
        if row["event"] == "treatment":
            assert row["name"] and row["category"] in categories, row
        else:
            assert row["category"] is None, row
        if row["end_date"] is not None:
            assert iso(row["end_date"]) >= start, row
        if row["line"] is not None:
            assert int(row["line"]) >= 1, row


def test_no_report_is_dated_after_the_patient_died() -> None:
    deaths = treatments().filter(pl.col("event") == "death")
    for row in deaths.to_dicts():
        dates = manifest().filter(pl.col("patient_id") == row["patient_id"])["date"]
        assert max(iso(day) for day in dates) < iso(row["start_date"])


def test_the_documented_text_versus_structured_inconsistency_is_present() -> None:
    # treatments.csv ends FOLFIRI on 2024-05-28; the letter of 2024-06-18 says it is ongoing
    recorded = treatments().filter((pl.col("patient_id") == "P001") & (pl.col("name") == "FOLFIRI"))
    assert recorded["end_date"].to_list() == ["2024-05-28"]
    letter = next(t for t in gold()["P001_R10"].treatments if t.name.value == "FOLFIRI")
    assert letter.status is not None and letter.status.value == "ongoing"
    assert manifest().filter(pl.col("report_id") == "P001_R10")["date"].item() > "2024-05-28"
    assert "2024-05-28" in (EXAMPLES / "README.md").read_text(encoding="utf-8")
