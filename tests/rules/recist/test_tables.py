"""Reading the hand-abstracted tables: what is accepted, and errors that say where."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import polars as pl
import pytest

from graphbuilder.core.errors import InputError
from graphbuilder.rules.recist import LesionStatus, NewLesions, Response
from graphbuilder.rules.recist.tables import (
    read_measurements,
    read_responses,
    read_starts,
    read_timepoints,
)

HEADER = "patient_id,date,lesion_id,organ,nodal,long_axis_mm,short_axis_mm,status"


def write(tmp_path: Path, name: str, *lines: str) -> Path:
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_measurements_from_csv(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "measurements.csv",
        HEADER + ",target,merged_into",
        'P1,2024-01-05,L1,foie,non,"32,5",,present,oui,',
        "P1,12/03/2024,L1,foie,non,,,too_small,,",
        "P1,2024-01-05,N1,mediastinal node,yes,24,16,present,,",
        "P2,2024-01-07,L9,lung,false,,,not assessed,,",
        "P1,2024-03-12,L2,foie,0,,,absent,,L1",
    )
    patients = read_measurements(path)
    assert sorted(patients) == ["P1", "P2"]
    first = patients["P1"][0]
    assert (first.date, first.long_axis_mm, first.nodal, first.target) == (
        dt.date(2024, 1, 5),
        Decimal("32.5"),
        False,
        True,
    )
    assert patients["P1"][1].date == dt.date(2024, 3, 12)
    assert patients["P1"][2].short_axis_mm == Decimal("16")
    assert patients["P1"][3].merged_into == "L1"
    assert patients["P2"][0].status is LesionStatus.NOT_ASSESSED


def test_measurements_from_parquet(tmp_path: Path) -> None:
    path = tmp_path / "measurements.parquet"
    pl.DataFrame(
        {
            "patient_id": ["P1", "P1"],
            "date": [dt.date(2024, 1, 5), dt.date(2024, 3, 1)],
            "lesion_id": ["L1", "L1"],
            "organ": ["liver", "liver"],
            "nodal": [False, False],
            "long_axis_mm": [30.0, 21.4],
            "short_axis_mm": [None, None],
            "status": ["present", "present"],
        },
        schema_overrides={"short_axis_mm": pl.Float64},
    ).write_parquet(path)
    rows = read_measurements(path)["P1"]
    assert [row.long_axis_mm for row in rows] == [30.0, 21.4]
    assert rows[1].date == dt.date(2024, 3, 1)


@pytest.mark.parametrize(
    ("line", "message"),
    [
        (
            "P1,2024-01-05,L1,liver,no,30,,gone",
            r"measurements\.csv:2: column 'status': 'gone' is not one of absent, not_assessed, "
            r"present, too_small",
        ),
        (
            "P1,2024-01-05,L1,liver,no,-3,,present",
            r"measurements\.csv:2: column 'long_axis_mm'"
            r": '-3' is negative",
        ),
        ("P1,2024-01-05,L1,liver,no,3 cm,,present", r"'3 cm' is not a size in mm"),
        ("P1,31/02/2024,L1,liver,no,30,,present", r"column 'date': '31/02/2024' is not a real day"),
        ("P1,2024-01-05,L1,liver,maybe,30,,present", r"column 'nodal': 'maybe' is not true or"),
        (",2024-01-05,L1,liver,no,30,,present", r"column 'patient_id': is empty"),
    ],
)
def test_bad_cells_are_named_by_file_line_and_column(
    tmp_path: Path, line: str, message: str
) -> None:
    path = write(tmp_path, "measurements.csv", HEADER, line)
    with pytest.raises(InputError, match=message):
        read_measurements(path)


def test_missing_columns_are_listed(tmp_path: Path) -> None:
    path = write(tmp_path, "m.csv", "patient_id,date,lesion_id,organ", "P1,2024-01-05,L1,liver")
    with pytest.raises(
        InputError,
        match=r"m\.csv: missing column\(s\) nodal, long_axis_mm, "
        r"short_axis_mm, status — found patient_id",
    ):
        read_measurements(path)


def test_parquet_errors_give_the_row(tmp_path: Path) -> None:
    path = tmp_path / "tp.parquet"
    pl.DataFrame(
        {
            "patient_id": ["P1", "P1"],
            "date": ["2024-01-05", "2024-03-01"],
            "non_target": ["CR", "progression"],
            "new_lesions": ["none", None],
        }
    ).write_parquet(path)
    with pytest.raises(
        InputError,
        match=r"tp\.parquet: row 2, column 'non_target': "
        r"'progression' is not one of",
    ):
        read_timepoints(path)


def test_files_that_cannot_be_read(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"nowhere\.csv: file not found"):
        read_measurements(tmp_path / "nowhere.csv")
    with pytest.raises(InputError, match=r"unsupported file type '\.xlsx'"):
        read_measurements(write(tmp_path, "m.xlsx", HEADER))


def test_timepoints(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "timepoints.csv",
        "patient_id,date,non_target,new_lesions",
        "P1,2024-03-01,Non-CR/Non-PD,equivocal",
        "P1,2024-05-01,,",
        "P1,2024-07-01,none,unequivocal",
    )
    calls = read_timepoints(path)["P1"]
    assert [(c.non_target, c.new_lesions) for c in calls] == [
        (Response.NON_CR_NON_PD, NewLesions.EQUIVOCAL),
        (None, None),  # blank: derived from the lesion rows
        (Response.NONE, NewLesions.UNEQUIVOCAL),
    ]
    duplicate = write(
        tmp_path,
        "dup.csv",
        "patient_id,date,non_target,new_lesions",
        "P1,2024-03-01,CR,none",
        "P1,2024-03-01,PD,none",
    )
    with pytest.raises(InputError, match=r"dup\.csv:3: column 'date': patient 'P1' has two rows"):
        read_timepoints(duplicate)


def test_starts_and_responses(tmp_path: Path) -> None:
    starts = write(
        tmp_path,
        "s.csv",
        "patient_id,start_date",
        "P1,2024-06-01",
        "P1,2024-01-02",
        "P1,2024-01-02",
    )
    assert read_starts(starts) == {"P1": [dt.date(2024, 1, 2), dt.date(2024, 6, 1)]}
    responses = write(
        tmp_path,
        "r.csv",
        "patient_id,date,response",
        "P1,2024-03-01,pr",
        "P1,2024-04-01,iUPD",
        "P1,2024-05-01,non-CR/non-PD",
    )
    assert [r.response for r in read_responses(responses)["P1"]] == [
        Response.PR,
        Response.IUPD,
        Response.NON_CR_NON_PD,
    ]
    bad = write(tmp_path, "bad.csv", "patient_id,date,response", "P1,2024-03-01,better")
    with pytest.raises(InputError, match=r"bad\.csv:2: column 'response': 'better' is not one"):
        read_responses(bad)
