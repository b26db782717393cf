"""The process cache stores its outputs compressed, and still reads what older builds stored."""

from __future__ import annotations

import pickle
import sqlite3
import zlib
from pathlib import Path

import pytest

from graphbuilder.core.errors import StoreError
from graphbuilder.pipeline.processes.cache import OutputCache, StoredUnit, UnitRow

LESIONS_JSON = '{"lesions":[' + ",".join(['{"organ":"liver","long_axis_mm":21.0}'] * 40) + "]}"
STORED = StoredUnit("k1", "1", "fp", "{}", "src", "up")


def stored_bytes(path: Path, column: str, table: str) -> bytes:
    with sqlite3.connect(path) as db:
        value = db.execute(f"SELECT {column} FROM {table}").fetchone()[0]
    return value if isinstance(value, bytes) else value.encode()


def test_outputs_are_stored_compressed_and_read_back_as_written(tmp_path: Path) -> None:
    path = tmp_path / "processes.sqlite"
    with OutputCache(path) as cache:
        cache.put_units([UnitRow("radiology_lesions", "P1/R1", "P1", STORED, LESIONS_JSON)])
    assert len(stored_bytes(path, "output", "units")) < len(LESIONS_JSON) / 5
    with OutputCache(path) as cache:
        assert cache.outputs("radiology_lesions", ["P1/R1"]) == {"P1/R1": LESIONS_JSON.encode()}
        assert cache.stored_keys(["P1"]) == {("radiology_lesions", "P1/R1"): "k1"}


def test_a_damaged_output_says_which_file_and_what_to_do(tmp_path: Path) -> None:
    path = tmp_path / "processes.sqlite"
    with OutputCache(path) as cache:
        cache.put_units([UnitRow("radiology_lesions", "P1/R1", "P1", STORED, LESIONS_JSON)])
    damaged = stored_bytes(path, "output", "units")[:12]  # its frame cut short
    with sqlite3.connect(path) as db:
        db.execute("UPDATE units SET output = ?", (damaged,))
    with OutputCache(path) as cache, pytest.raises(StoreError, match="delete the file") as error:
        cache.outputs("radiology_lesions", ["P1/R1"])
    assert str(path) in str(error.value)


def test_a_process_that_gave_nothing_reads_back_as_none(tmp_path: Path) -> None:
    with OutputCache(tmp_path / "processes.sqlite") as cache:
        cache.put_units([UnitRow("tnm", "P1/R1", "P1", STORED, None)])
        assert cache.outputs("tnm", ["P1/R1"]) == {"P1/R1": None}


def test_extraction_lines_and_row_digests_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "processes.sqlite"
    line = '{"report_id":"R1","treatments":[]}\n'
    digests = {("Patient", "patient:P1"): b"12345678"}
    with OutputCache(path) as cache:
        cache.put_extractions("P1", {"P1/R1": ("R1", line)})
        cache.put_written("P1", "hash1", digests)
    assert not stored_bytes(path, "line", "extractions").startswith(b"{")
    with OutputCache(path) as cache:
        assert list(cache.extraction_lines()) == [line.encode()]
        written = cache.written(["P1"])["P1"]
        assert (written.content_hash, written.digests) == ("hash1", digests)


def test_rows_an_older_build_stored_uncompressed_are_still_read(tmp_path: Path) -> None:
    """Upgrading keeps the cache: no extraction is spent again on reports already read."""
    path = tmp_path / "processes.sqlite"
    with OutputCache(path):
        pass  # the tables, as any build creates them
    digests = {("Report", "report:P1/R1"): b"abcdefgh"}
    old_digests = zlib.compress(pickle.dumps(digests), 1)
    assembled = pickle.dumps({"graph": "rows"})
    with sqlite3.connect(path) as db:  # the layout of builds before compression
        db.execute(
            "INSERT INTO units VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            ("radiology_lesions", "P1/R1", "P1", "k1", "1", "fp", "{}", "s", "u", LESIONS_JSON),
        )
        db.execute(
            "INSERT INTO units VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            ("assembly", "P1", "P1", "k2", "1", "fp", "{}", "s", "u", assembled),
        )
        db.execute("INSERT INTO extractions VALUES ('P1/R1', 'P1', 'R1', '{\"report_id\":\"R1\"}')")
        db.execute("INSERT INTO written VALUES ('P1', 'hash1', ?)", (old_digests,))
    with OutputCache(path) as cache:
        assert cache.outputs("radiology_lesions", ["P1/R1"])["P1/R1"] == LESIONS_JSON.encode()
        assert pickle.loads(cache.outputs("assembly", ["P1"])["P1"] or b"") == {"graph": "rows"}
        assert list(cache.extraction_lines()) == [b'{"report_id":"R1"}']
        assert cache.written(["P1"])["P1"].digests == digests
