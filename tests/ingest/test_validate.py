"""Row checks shared by every format: dates, kinds, text, ids, duplicates, fail vs skip."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from graphbuilder.core.errors import InputError
from graphbuilder.ingest import CORPUS_COLUMNS, IngestOptions, ingest

from .helpers import report, write_jsonl

SKIP = IngestOptions(on_error="skip")
DATE_HINT = "dates are read day first: write 2024-03-12, 12/03/2024 or 12 mars 2024"


@pytest.mark.parametrize(
    "written",
    ["2024-03-12", "2024-03-12T08:30:00Z", "12/03/2024", "12.03.24", "12-03-2024",
     "12 mars 2024", "12 MARS 2024", " 12  mars 2024 "],
)  # fmt: skip
def test_iso_and_french_dates(tmp_path: Path, written: str) -> None:
    path = write_jsonl(tmp_path / "r.jsonl", [report("R1", date=written)])
    assert ingest(path).corpus["date"].to_list() == [dt.date(2024, 3, 12)]


def test_french_abbreviated_months_and_first_of_the_month(tmp_path: Path) -> None:
    path = write_jsonl(
        tmp_path / "r.jsonl",
        [report("R1", date="1er févr. 2024"), report("R2", date="3 août 2023")],
    )
    assert ingest(path).corpus["date"].to_list() == [dt.date(2023, 8, 3), dt.date(2024, 2, 1)]


def test_an_impossible_date(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "r.jsonl", [report("R1", date="31/02/2024")])
    expected = (
        f"{path}:1: report 'R1': invalid date: '31/02/2024' is not a real day (day is out of "
        f"range for month) — {DATE_HINT}"
    )
    with pytest.raises(InputError, match=f"^{re.escape(expected)}$"):
        ingest(path)


def test_an_unparseable_date(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "r.jsonl", [report("R1", date="la semaine dernière")])
    expected = (
        f"{path}:1: report 'R1': invalid date: 'la semaine dernière' is not a date (expected "
        f"2024-03-12, 12/03/2024 or 12 mars 2024) — {DATE_HINT}"
    )
    with pytest.raises(InputError, match=f"^{re.escape(expected)}$"):
        ingest(path)


def test_a_missing_date(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "r.jsonl", [report("R1", date="")])
    with pytest.raises(InputError, match=re.escape(f"{path}:1: report 'R1': missing date —")):
        ingest(path)


def test_report_kinds_are_normalised(tmp_path: Path) -> None:
    rows = [
        report("R1", kind="Radiologie"),
        report("R2", kind="anatomie pathologique"),
        report("R3", kind="RCP"),
        report("R4", kind="courrier"),
        report("R5", kind="other"),
    ]
    kinds = ingest(write_jsonl(tmp_path / "r.jsonl", rows)).corpus["kind"].to_list()
    assert kinds == ["radiology", "pathology", "tumour_board", "consultation", "other"]


def test_an_unknown_report_kind_lists_the_accepted_ones(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "r.jsonl", [report("R1", kind="échographie")])
    expected = (
        f"{path}:1: report 'R1': unknown report kind 'échographie' "
        "(accepted: radiology, pathology, consultation, tumour_board, other) — use one of the "
        "accepted kinds (French names such as radiologie, anapath, rcp work)"
    )
    with pytest.raises(InputError, match=f"^{re.escape(expected)}$"):
        ingest(path)


@pytest.mark.parametrize("text", ["", "  \n\t ", None])
def test_an_empty_text(tmp_path: Path, text: str | None) -> None:
    path = write_jsonl(tmp_path / "r.jsonl", [report("R1", text=text)])
    expected = (
        f"{path}:1: report 'R1': empty text — the report has no text: fix its text or remove "
        "the row"
    )
    with pytest.raises(InputError, match=f"^{re.escape(expected)}$"):
        ingest(path)


@pytest.mark.parametrize(("field", "value"), [("patient_id", ""), ("report_id", "  ")])
def test_missing_ids(tmp_path: Path, field: str, value: str) -> None:
    path = write_jsonl(tmp_path / "r.jsonl", [report("R1", **{field: value})])
    with pytest.raises(InputError, match=re.escape(f"{path}:1: ") + f".*missing {field} —"):
        ingest(path)


def test_ids_are_stripped(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "r.jsonl", [report(" R1 ", patient_id=" P1\t")])
    assert ingest(path).corpus.select("patient_id", "report_id").row(0) == ("P1", "R1")


def test_an_exact_duplicate_is_dropped_and_counted(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "r.jsonl", [report("R1"), report("R2"), report("R1")])
    result = ingest(path)
    assert result.corpus["report_id"].to_list() == ["R1", "R2"]
    assert result.corpus["source"].to_list() == [f"{path}:1", f"{path}:2"]  # the first copy
    assert result.duplicates_dropped == 1
    assert result.rejects == ()


def test_the_same_report_id_for_another_patient_is_not_a_duplicate(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "r.jsonl", [report("R1"), report("R1", patient_id="P2")])
    assert ingest(path).corpus.height == 2


def test_a_duplicate_report_id_with_another_text(tmp_path: Path) -> None:
    rows = [report("R1"), report("R1", text="Scanner : progression hépatique.")]
    path = write_jsonl(tmp_path / "r.jsonl", rows)
    expected = (
        f"{path}:2: report 'R1': duplicate report id for patient 'P001' with a different text "
        f"than at {path}:1 — give each report its own report_id, or keep only the right version"
    )
    with pytest.raises(InputError, match=f"^{re.escape(expected)}$"):
        ingest(path)
    result = ingest(path, SKIP)
    assert result.corpus["text"].to_list() == [rows[0]["text"]]  # the first version is kept
    assert [(r.line, r.report_id) for r in result.rejects] == [(2, "R1")]


def test_fail_reports_the_first_problem_in_input_order(tmp_path: Path) -> None:
    rows = [report("R1"), report("R2", kind="?"), "{bad json", report("R4", date="32/01/2024")]
    path = write_jsonl(tmp_path / "r.jsonl", rows)
    with pytest.raises(InputError, match=re.escape(f"{path}:2: report 'R2': unknown report kind")):
        ingest(path)


def test_skip_keeps_every_good_row_and_returns_rejects_in_input_order(tmp_path: Path) -> None:
    rows = [
        report("R1", date="2024-05-01"),
        report("R2", date="32/01/2024"),
        "{bad json",
        report("R4", date="2024-01-01"),
        report("R5", text=""),
        report("R6", patient_id="P0", date="12 mars 2024"),
    ]
    result = ingest(write_jsonl(tmp_path / "r.jsonl", rows), SKIP)
    assert result.corpus.columns == list(CORPUS_COLUMNS)
    # sorted by patient, date, report id
    assert result.corpus["report_id"].to_list() == ["R6", "R4", "R1"]
    assert [(r.line, r.report_id, r.reason.split(":")[0]) for r in result.rejects] == [
        (2, "R2", "invalid date"),
        (3, None, "invalid JSON (Expecting property name enclosed in double quotes at column 2)"),
        (5, "R5", "empty text"),
    ]


def test_reports_of_one_day_are_ordered_by_report_id(tmp_path: Path) -> None:
    rows = [report("R9"), report("R10"), report("A1", patient_id="P000")]
    corpus = ingest(write_jsonl(tmp_path / "r.jsonl", rows)).corpus
    assert corpus.select("patient_id", "report_id").rows() == [
        ("P000", "A1"),
        ("P001", "R10"),
        ("P001", "R9"),
    ]
