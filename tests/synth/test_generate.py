"""The corpus as a whole: reproducible, grounded gold, truth with every contradiction type."""

from __future__ import annotations

import hashlib
import re
from dataclasses import replace
from pathlib import Path

import pytest

from graphbuilder.extract.model import ReportExtraction
from graphbuilder.synth import CONTRADICTION_TYPES, OutputFormat, SynthConfig, generate

from .conftest import Corpus


def _digests(folder: Path) -> dict[str, str]:
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def test_the_same_seed_gives_byte_identical_files(tmp_path: Path, noisy_corpus: Corpus) -> None:
    from .conftest import NOISY

    generate(NOISY, tmp_path)
    assert _digests(tmp_path) == _digests(noisy_corpus.folder)


def test_parallel_workers_write_the_same_files(tmp_path: Path) -> None:
    config = SynthConfig(
        patients=120,
        seed=4,
        noise_rate=0.02,
        contradiction_rate=0.3,
        formats=(OutputFormat.JSONL, OutputFormat.PARQUET),
    )
    generate(config, tmp_path / "one")
    generate(replace(config, workers=2), tmp_path / "two")
    assert _digests(tmp_path / "one") == _digests(tmp_path / "two")


def test_another_seed_gives_another_corpus(tmp_path: Path, noisy_corpus: Corpus) -> None:
    from .conftest import NOISY

    generate(replace(NOISY, seed=6), tmp_path)
    assert (tmp_path / "corpus.jsonl").read_bytes() != (
        noisy_corpus.folder / "corpus.jsonl"
    ).read_bytes()


@pytest.mark.parametrize("corpus_name", ["noisy_corpus", "clean_corpus"])
def test_every_gold_value_is_quoted_at_its_offsets(
    corpus_name: str, request: pytest.FixtureRequest
) -> None:
    corpus: Corpus = request.getfixturevalue(corpus_name)
    assert len(corpus.gold) == len(corpus.reports) == corpus.summary.reports
    evidences = 0
    for row, gold in zip(corpus.reports, corpus.gold, strict=True):
        extraction = ReportExtraction.model_validate(gold)
        assert extraction.report_id == row["report_id"]
        for evidence in extraction.evidences():
            assert row["text"][evidence.start : evidence.end] == evidence.text, row["report_id"]
            evidences += 1
    assert evidences > 20 * len(corpus.reports)


def test_noise_changes_running_text_only(noisy_corpus: Corpus) -> None:
    typos = sum(
        1
        for row in noisy_corpus.reports
        if re.search(r"\b(Serivce|Hsopital)\b|[a-z][A-Z]", row["text"])
    )
    assert typos > 0


def test_every_kind_of_gold_field_is_filled(clean_corpus: Corpus) -> None:
    seen: set[str] = set()
    for gold in clean_corpus.gold:
        extraction = ReportExtraction.model_validate(gold)
        if extraction.radiology:
            seen |= {k for k, v in extraction.radiology if v not in (None, [])}
            for lesion in extraction.radiology.lesions:
                seen |= {f"lesion.{k}" for k, v in lesion if v is not None}
        for result in extraction.pathology:
            seen |= {f"pathology.{k}" for k, v in result if v is not None}
        for treatment in extraction.treatments:
            seen |= {f"treatment.{k}" for k, v in treatment if v is not None}
        for tumour in extraction.tumours:
            seen |= {f"tumour.{k}" for k, v in tumour if v is not None}
    expected = {
        "exam_date",
        "modality",
        "is_follow_up",
        "comparison_dates",
        "lesions",
        "no_new_lesion",
        "stated_evolution",
        "stated_recist",
        "lesion.location",
        "lesion.laterality",
        "lesion.long_axis_mm",
        "lesion.short_axis_mm",
        "lesion.previous",
        "lesion.target",
        "pathology.specimen_type",
        "pathology.morphology",
        "pathology.morphology_icdo",
        "pathology.laterality",
        "pathology.sbr_grade",
        "pathology.sbr_tubules",
        "pathology.tumour_size_mm",
        "pathology.margins_clear",
        "pathology.nodes_examined",
        "pathology.nodes_positive",
        "pathology.lymphovascular_invasion",
        "pathology.extracapsular_spread",
        "pathology.er_status",
        "pathology.er_percent",
        "pathology.pr_status",
        "pathology.her2_status",
        "pathology.her2_ihc",
        "pathology.her2_ish",
        "pathology.ki67_percent",
        "pathology.tnm",
        "treatment.start",
        "treatment.end",
        "treatment.status",
        "treatment.line",
        "treatment.cycle",
        "treatment.dose_gy",
        "treatment.fractions",
        "tumour.histology",
        "tumour.laterality",
        "tumour.diagnosis_date",
    }
    assert expected <= seen, sorted(expected - seen)


def test_the_four_cancer_types_appear(clean_corpus: Corpus) -> None:
    assert set(clean_corpus.summary.cancers) == {"colorectal", "breast", "lung", "lymphoma"}
    assert {t["cancer"]["site"] for t in clean_corpus.truth} == {
        "colorectal",
        "breast",
        "lung",
        "lymphoma",
    }


def test_family_history_negations_and_hypotheses_are_not_gold(clean_corpus: Corpus) -> None:
    cues = re.compile(
        r"^(Antécédents? familia|ATCD familiaux|Dans la famille|Histoire familiale|"
        r"Pas d'|Absence d|Suspicion|Micronodule|Image hépatique infracentimétrique|Doute)"
    )
    checked = 0
    for row, gold in zip(clean_corpus.reports, clean_corpus.gold, strict=True):
        spans = [(e.start, e.end) for e in ReportExtraction.model_validate(gold).evidences()]
        offset = 0
        for line in row["text"].split("\n"):
            start, end = offset, offset + len(line)
            offset = end + 1
            if not cues.match(line) or line.startswith(
                (
                    "Pas de nouvelle",
                    "Pas de lésion nouvelle",
                    "Pas d'apparition",
                    "Absence de nouvelle",
                    "Pas de modification",
                    "Pas d'argument",
                    "Pas de signe",
                    "Absence de récidive",
                    "Absence d'emboles",
                    "Absence d'invasion",
                    "Absence de dépassement",
                    "Pas d'emboles",
                    "Pas d'embole",
                    "Pas d'effraction",
                )
            ):
                continue
            checked += 1
            assert not [s for s in spans if s[0] < end and s[1] > start], (row["report_id"], line)
    assert checked > 500


def test_truth_has_every_contradiction_type_when_the_rate_is_high(noisy_corpus: Corpus) -> None:
    found = {c["type"] for t in noisy_corpus.truth for c in t["contradictions"]}
    assert found == set(CONTRADICTION_TYPES)
    report_ids = {row["report_id"] for row in noisy_corpus.reports}
    for truth in noisy_corpus.truth:
        for contradiction in truth["contradictions"]:
            assert contradiction["report_ids"] and set(contradiction["report_ids"]) <= report_ids


def test_truth_follows_each_lesion_and_line(clean_corpus: Corpus) -> None:
    gold_by_id = {g["report_id"]: g for g in clean_corpus.gold}
    points = 0
    for truth in clean_corpus.truth:
        for lesion in truth["lesions"]:
            for point in lesion["trajectory"]:
                gold = gold_by_id[point["report_id"]]["radiology"]["lesions"][
                    point["gold_lesion_index"]
                ]
                assert gold["organ"]["value"] == lesion["organ"]
                assert gold["status"]["value"] == point["status"]
                if point["stated_long_mm"] is not None and "long_axis_mm" in gold:
                    assert gold["long_axis_mm"]["value"] == point["stated_long_mm"]
                points += 1
        for line in truth["treatment_lines"]:
            if line["line"] is not None and line["timepoints"]:
                assert line["baseline_report_id"] in gold_by_id
                assert {tp["overall"] for tp in line["timepoints"]} <= {
                    "CR",
                    "PR",
                    "SD",
                    "PD",
                    "NE",
                }
    assert points > 1000


def test_the_summary_counts_what_was_written(noisy_corpus: Corpus) -> None:
    summary = noisy_corpus.summary
    assert summary.patients == 80 == len(noisy_corpus.truth)
    assert sum(summary.kinds.values()) == summary.reports
    assert set(summary.files) >= {
        "corpus.jsonl",
        "gold.jsonl",
        "truth.jsonl",
        "treatments.csv",
        "manifest.csv",
        "corpus.parquet",
        "fhir/documents.ndjson",
    }


def test_a_radiology_indication_under_treatment_gives_the_treatment_as_ongoing(
    clean_corpus: Corpus,
) -> None:
    """ "Réévaluation sous FOLFOX": the examples' gold reads "sous" as ongoing, so does this."""
    under = 0
    for row, gold in zip(clean_corpus.reports, clean_corpus.gold, strict=True):
        if row["kind"] != "radiology":
            continue
        for treatment in gold.get("treatments", []):
            name_start = treatment["name"]["evidence"]["start"]
            if re.search(r"\bsous $", row["text"][max(0, name_start - 5) : name_start]):
                under += 1
                assert treatment["status"]["value"] == "ongoing"
                assert treatment["status"]["evidence"]["text"] == "sous"
    assert under > 50
