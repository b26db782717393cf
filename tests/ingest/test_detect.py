"""Telling the input format from the path, and the options' own checks."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from graphbuilder.core.errors import ConfigError, InputError
from graphbuilder.ingest import IngestOptions, detect_format

from .helpers import FIXTURES

AUTO = IngestOptions()


@pytest.mark.parametrize(
    ("relative", "expected"),
    [
        ("folder", "folder"),
        ("folder/manifest.csv", "folder"),
        ("reports.jsonl", "jsonl"),
        ("reports.csv", "table"),
        ("bundle.json", "fhir"),
        ("documents.ndjson", "fhir"),
    ],
)
def test_formats_of_the_fixtures(relative: str, expected: str) -> None:
    assert detect_format(FIXTURES / relative, AUTO) == expected


def test_ndjson_of_plain_reports_is_jsonl(tmp_path: Path) -> None:
    path = tmp_path / "reports.ndjson"
    path.write_text(json.dumps({"patient_id": "P1", "text": "x"}) + "\n", encoding="utf-8")
    assert detect_format(path, AUTO) == "jsonl"


def test_parquet_and_tsv_are_tables(tmp_path: Path) -> None:
    for name in ("r.parquet", "r.tsv"):
        (tmp_path / name).write_bytes(b"")
        assert detect_format(tmp_path / name, AUTO) == "table"


def test_an_explicit_format_wins(tmp_path: Path) -> None:
    path = tmp_path / "export.txt"
    path.write_text("{}", encoding="utf-8")
    assert detect_format(path, IngestOptions(format="jsonl")) == "jsonl"


def test_an_unknown_suffix(tmp_path: Path) -> None:
    path = tmp_path / "reports.xlsx"
    path.write_bytes(b"PK")
    with pytest.raises(
        InputError,
        match=re.escape(f"{path}: cannot tell the input format — give a folder with manifest.csv"),
    ):
        detect_format(path, AUTO)


def test_a_path_that_does_not_exist(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file or folder"):
        detect_format(tmp_path / "absent.jsonl", AUTO)


def test_a_folder_given_as_a_table(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=re.escape(f"{tmp_path}: format 'table' expects a file")):
        detect_format(tmp_path, IngestOptions(format="table"))


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"on_error": "ignore"}, "ingest.on_error: 'ignore' is not one of fail, skip"),
        ({"format": "xml"}, "ingest.format: 'xml' is not one of auto, folder, jsonl, table, fhir"),
        ({"text_column": " "}, "ingest.text_column: must name a column"),
        ({"separator": ";;"}, "ingest.separator: ';;' must be one character"),
    ],
)
def test_options_are_checked(changes: dict[str, str], message: str) -> None:
    with pytest.raises(ConfigError, match=f"^{re.escape(message)}$"):
        IngestOptions(**changes)  # type: ignore[arg-type]
