"""The structured events file: treatments, diagnoses and deaths."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import polars as pl
import pytest

from graphbuilder.core.errors import InputError
from graphbuilder.ingest import EVENTS_SCHEMA, load_events, read_events

from .helpers import FIXTURES

HEADER = "patient_id,event,name,category,start_date,end_date,line\n"


def write_events(tmp_path: Path, rows: str, header: str = HEADER) -> Path:
    path = tmp_path / "events.csv"
    path.write_text(header + rows, encoding="utf-8")
    return path


def test_reads_treatments_diagnoses_and_deaths_with_french_values() -> None:
    path = FIXTURES / "events.csv"
    events = read_events(path)
    assert events.schema == EVENTS_SCHEMA
    assert events.drop("source", "start_date", "end_date").rows() == [
        ("P001", "diagnosis", "adénocarcinome du côlon", None, None),
        ("P001", "treatment", "FOLFOX", "chemotherapy", 1),
        ("P001", "treatment", "hépatectomie droite", "surgery", None),
        ("P002", "treatment", "létrozole", "hormone_therapy", 1),
        ("P003", "death", None, None, None),
    ]
    assert events.select("start_date", "end_date").rows() == [
        (dt.date(2023, 1, 10), None),
        (dt.date(2023, 2, 1), dt.date(2023, 5, 15)),
        (dt.date(2023, 6, 20), dt.date(2023, 6, 20)),
        (dt.date(2023, 3, 1), None),
        (dt.date(2024, 5, 2), None),
    ]
    assert events["source"][1] == f"{path}:3"


def test_optional_columns_may_be_absent(tmp_path: Path) -> None:
    path = write_events(tmp_path, "P1,death,2024-05-02\n", header="patient_id,event,start_date\n")
    assert read_events(path).select("event", "name", "end_date").row(0) == ("death", None, None)


def test_a_parquet_events_file_with_typed_dates(tmp_path: Path) -> None:
    path = tmp_path / "events.parquet"
    pl.DataFrame(
        {
            "patient_id": ["P1"],
            "event": ["treatment"],
            "name": ["pembrolizumab"],
            "category": ["immunothérapie"],
            "start_date": [dt.date(2024, 1, 5)],
            "end_date": [None],
            "line": [2],
        }
    ).write_parquet(path)
    events = read_events(path)
    assert events.drop("source").row(0) == (
        "P1", "treatment", "pembrolizumab", "immunotherapy", dt.date(2024, 1, 5), None, 2,
    )  # fmt: skip
    assert events["source"][0] == f"{path}#row 1"


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("P1,treatment,FOLFOX,chemotherapy,31/02/2024,,1",
         "invalid start_date: '31/02/2024' is not a real day (day is out of range for month) — "
         "dates are read day first"),
        ("P1,treatment,FOLFOX,chemotherapy,2024-01-02,hier,1",
         "invalid end_date: 'hier' is not a date"),
        ("P1,treatment,FOLFOX,chemotherapy,,,1", "missing start_date"),
        ("P1,surgery,colectomie,,2024-01-02,,",
         "unknown event 'surgery' (accepted: treatment, diagnosis, death) — event is one of"),
        ("P1,treatment,FOLFOX,chimio lourde,2024-01-02,,",
         "unknown category 'chimio lourde' (accepted: chemotherapy, targeted, immunotherapy, "
         "hormone_therapy, surgery, radiotherapy, other)"),
        ("P1,diagnosis,cancer du sein,chemotherapy,2024-01-02,,",
         "category and line are for treatments, not a diagnosis"),
        ("P1,treatment,FOLFOX,chemotherapy,2024-01-02,,première",
         "line 'première' is not a whole number from 1 — line is the treatment line number"),
        ("P1,treatment,,chemotherapy,2024-01-02,,1", "missing name (the treatment's name)"),
        (",treatment,FOLFOX,chemotherapy,2024-01-02,,1", "missing patient_id"),
    ],
)  # fmt: skip
def test_bad_rows_fail_with_their_line(tmp_path: Path, row: str, message: str) -> None:
    path = write_events(tmp_path, "P1,diagnosis,cancer du sein,,2024-01-01,,\n" + row + "\n")
    with pytest.raises(InputError, match=f"^{re.escape(f'{path}:3: {message}')}"):
        read_events(path)


def test_skip_returns_every_good_event_and_the_rejects(tmp_path: Path) -> None:
    path = write_events(
        tmp_path,
        "P1,treatment,FOLFOX,chemotherapy,2024-01-02,,1\n"
        "P1,treatment,FOLFIRI,chemotherapy,30/02/2024,,2\n"
        "P2,death,,,2024-06-01,,\n",
    )
    result = load_events(path, on_error="skip")
    assert result.events["name"].to_list() == ["FOLFOX", None]
    assert [(r.line, r.reason.split(":")[0]) for r in result.rejects] == [(3, "invalid start_date")]


def test_an_events_file_missing_columns(tmp_path: Path) -> None:
    path = write_events(tmp_path, "P1,FOLFOX,2024-01-02\n", header="patient,name,start\n")
    expected = (
        f"{path}: missing column(s) 'patient_id', 'event', 'start_date' (found: 'patient', "
        "'name', 'start') — an events file needs columns patient_id, event, start_date; name, "
        "category, end_date, line are optional"
    )
    with pytest.raises(InputError, match=f"^{re.escape(expected)}$"):
        read_events(path)


def test_an_events_row_that_is_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "events.csv"
    path.write_bytes(
        (HEADER + "P1,treatment,létrozole,hormone_therapy,2024-01-02,,\n").encode("cp1252")
    )
    with pytest.raises(InputError, match=re.escape(f"{path}:2: the row is not valid UTF-8")):
        read_events(path)


def test_a_missing_events_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="events file not found"):
        read_events(tmp_path / "absent.csv")
