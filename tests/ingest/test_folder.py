"""A folder of .txt reports described by manifest.csv."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from graphbuilder.core.errors import InputError
from graphbuilder.core.ids import text_sha256
from graphbuilder.ingest import IngestOptions, ingest

from .helpers import FIXTURES, corpus_rows, expected_corpus_rows

MANIFEST_HEADER = "patient_id,report_id,date,kind,file\n"


def make_folder(root: Path, manifest_rows: str, texts: dict[str, bytes]) -> Path:
    for name, data in texts.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(data)
    (root / "manifest.csv").write_text(MANIFEST_HEADER + manifest_rows, encoding="utf-8")
    return root


def test_reads_every_report_listed_in_the_manifest() -> None:
    folder = FIXTURES / "folder"
    result = ingest(folder)
    assert corpus_rows(result.corpus) == expected_corpus_rows()
    manifest = folder / "manifest.csv"
    assert result.corpus["source"].to_list() == [f"{manifest}:4", f"{manifest}:3", f"{manifest}:2"]
    assert result.corpus["sha256"].to_list() == [text_sha256(t) for t in result.corpus["text"]]
    assert result.rejects == ()
    assert result.duplicates_dropped == 0


def test_the_manifest_path_itself_can_be_given() -> None:
    from_manifest = ingest(FIXTURES / "folder" / "manifest.csv")
    assert corpus_rows(from_manifest.corpus) == expected_corpus_rows()


def test_bom_is_dropped_and_windows_line_ends_become_newlines(tmp_path: Path) -> None:
    folder = make_folder(
        tmp_path,
        "P9,R1,12/03/2024,scanner,r1.txt\n",
        {"r1.txt": "\ufeffTDM TAP.\r\nConclusion : stabilité.\r\n".encode()},
    )
    (text,) = ingest(folder).corpus["text"]
    assert text == "TDM TAP.\nConclusion : stabilité.\n"


def test_a_semicolon_manifest_as_exported_by_french_spreadsheets(tmp_path: Path) -> None:
    (tmp_path / "r1.txt").write_text("Compte rendu de consultation.", encoding="utf-8")
    (tmp_path / "manifest.csv").write_text(
        "patient_id;report_id;date;kind;file\nP9;R1;12 mars 2024;courrier;r1.txt\n",
        encoding="utf-8",
    )
    corpus = ingest(tmp_path).corpus
    assert corpus.select("patient_id", "kind").row(0) == ("P9", "consultation")


def test_a_missing_text_file_names_the_manifest_line(tmp_path: Path) -> None:
    folder = make_folder(
        tmp_path,
        "P1,R1,2024-01-02,radiology,r1.txt\nP1,R2,2024-02-02,radiology,p1/absent.txt\n",
        {"r1.txt": b"Scanner : stabilite."},
    )
    expected = (
        f"{folder / 'manifest.csv'}:3: report 'R2': file 'p1/absent.txt' listed in the "
        f"manifest does not exist — check the file column: paths are relative to {folder}"
    )
    with pytest.raises(InputError, match=f"^{re.escape(expected)}$"):
        ingest(folder)

    result = ingest(folder, IngestOptions(on_error="skip"))
    assert result.corpus["report_id"].to_list() == ["R1"]
    (reject,) = result.rejects
    assert (reject.file, reject.line, reject.report_id) == (str(folder / "manifest.csv"), 3, "R2")
    assert reject.reason == "file 'p1/absent.txt' listed in the manifest does not exist"


def test_a_text_file_that_is_not_utf8_is_rejected(tmp_path: Path) -> None:
    folder = make_folder(
        tmp_path,
        "P1,R1,2024-01-02,radiology,latin1.txt\nP1,R2,2024-02-02,radiology,ok.txt\n",
        {"latin1.txt": "Lésion hépatique".encode("latin-1"), "ok.txt": b"Scanner normal."},
    )
    with pytest.raises(
        InputError,
        match=r"manifest\.csv:2: report 'R1': latin1\.txt: text is not UTF-8 \(byte 0xe9 at "
        r"offset 1\) — re-save the file as UTF-8",
    ):
        ingest(folder)
    result = ingest(folder, IngestOptions(on_error="skip"))
    assert result.corpus["report_id"].to_list() == ["R2"]
    assert [(r.line, r.report_id) for r in result.rejects] == [(2, "R1")]


def test_an_empty_file_column_is_reported(tmp_path: Path) -> None:
    folder = make_folder(tmp_path, "P1,R1,2024-01-02,radiology,\n", {})
    with pytest.raises(InputError, match=r"manifest\.csv:2: report 'R1': missing file name"):
        ingest(folder)


def test_a_manifest_without_the_file_column_names_what_it_found(tmp_path: Path) -> None:
    (tmp_path / "manifest.csv").write_text(
        "patient_id,report_id,date,kind,path\nP1,R1,2024-01-02,radiology,r1.txt\n",
        encoding="utf-8",
    )
    expected = (
        f"{tmp_path / 'manifest.csv'}: missing column(s) 'file' (found: 'patient_id', "
        "'report_id', 'date', 'kind', 'path') — a manifest needs columns patient_id, report_id, "
        "date, kind, file (file: relative path)"
    )
    with pytest.raises(InputError, match=f"^{re.escape(expected)}$"):
        ingest(tmp_path, IngestOptions(on_error="skip"))  # a whole-file problem: never skipped


def test_a_folder_without_manifest(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"no manifest\.csv in this folder — add manifest\.csv"):
        ingest(tmp_path)


def test_another_manifest_name_can_be_chosen(tmp_path: Path) -> None:
    (tmp_path / "r1.txt").write_text("Scanner normal.", encoding="utf-8")
    (tmp_path / "index.csv").write_text(
        MANIFEST_HEADER + "P1,R1,2024-01-02,radiology,r1.txt\n", encoding="utf-8"
    )
    corpus = ingest(tmp_path, IngestOptions(manifest_name="index.csv")).corpus
    assert corpus["source"].to_list() == [f"{tmp_path / 'index.csv'}:2"]


def test_a_manifest_row_that_is_not_utf8(tmp_path: Path) -> None:
    (tmp_path / "r1.txt").write_text("Scanner normal.", encoding="utf-8")
    (tmp_path / "manifest.csv").write_bytes(
        (
            MANIFEST_HEADER + "P1,R1,2024-01-02,radiology,r1.txt\nP2,R2,2024-01-02,écho,r1.txt\n"
        ).encode("cp1252")
    )
    result = ingest(tmp_path, IngestOptions(on_error="skip"))
    assert result.corpus["report_id"].to_list() == ["R1"]
    assert [(r.line, r.reason) for r in result.rejects] == [(3, "the row is not valid UTF-8")]
