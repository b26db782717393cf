"""Replayed extractions: the index of the extractions file a build keeps for the next one, and
when that index is trusted."""

from __future__ import annotations

from pathlib import Path

import pytest

from graphbuilder.core.errors import InputError
from graphbuilder.ingest import ingest
from graphbuilder.pipeline.incremental import patient_sources
from graphbuilder.pipeline.processes.extraction import PrecomputedSource
from graphbuilder.pipeline.processes.model import ReportView
from tests.pipeline.examples_copy import add_follow_up_report, copy_examples


@pytest.fixture
def examples(tmp_path: Path) -> Path:
    return copy_examples(tmp_path)


def report_views(examples: Path) -> list[ReportView]:
    patients = patient_sources(ingest(examples).corpus, None)
    return [view for patient in patients for view in patient.reports]


def never_read_whole(path: Path) -> bytes:
    raise AssertionError(f"{path} was read whole")


def test_the_next_build_reads_the_kept_index_and_only_the_lines_it_needs(
    examples: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    gold, index = examples / "gold.jsonl", tmp_path / "cache" / "extractions-index.pickle"
    views = report_views(examples)
    first = PrecomputedSource(gold, index_file=index)
    assert index.is_file()
    monkeypatch.setattr(Path, "read_bytes", never_read_whole)
    second = PrecomputedSource(gold, index_file=index)
    ids = [view.report.report_id for view in views]
    assert [second.report_hash(i) for i in ids] == [first.report_hash(i) for i in ids]
    replayed, expected = second.outcomes(views[:3]), first.outcomes(views[:3])
    assert [o.extraction for o in replayed.values()] == [o.extraction for o in expected.values()]
    assert all(outcome.failure is None for outcome in replayed.values())
    second.release()


def test_a_rewritten_extractions_file_is_indexed_again(examples: Path, tmp_path: Path) -> None:
    gold, index = examples / "gold.jsonl", tmp_path / "extractions-index.pickle"
    before = PrecomputedSource(gold, index_file=index)
    assert before.report_hash("P002_R99") == "missing"
    add_follow_up_report(examples)  # appends P002_R99's line
    after = PrecomputedSource(gold, index_file=index)
    assert after.report_hash("P002_R99") != "missing"
    assert after.report_hash("P001_R01") == before.report_hash("P001_R01")


def test_a_line_changed_under_a_kept_index_stops_the_build_clearly(
    examples: Path, tmp_path: Path
) -> None:
    gold, index = examples / "gold.jsonl", tmp_path / "extractions-index.pickle"
    PrecomputedSource(gold, index_file=index)
    source = PrecomputedSource(gold, index_file=index)  # trusts the index: same file
    data = gold.read_bytes()
    changed = data.replace(b'"schema_version": "1"', b'"schema_version": "2"', 1)
    assert len(changed) == len(data) and changed != data
    gold.write_bytes(changed)  # the same size: only the line's hash tells
    [view] = [v for v in report_views(examples) if v.report.report_id == "P001_R01"]
    with pytest.raises(InputError, match=r"changed while the build read it.*run the build again"):
        source.outcomes([view])


def test_a_plan_reads_the_kept_index_and_writes_none(
    examples: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    gold, index = examples / "gold.jsonl", tmp_path / "extractions-index.pickle"
    planned = PrecomputedSource(gold, index_file=index, save_index=False)
    assert not index.exists()  # a plan writes nothing
    built = PrecomputedSource(gold, index_file=index)
    monkeypatch.setattr(Path, "read_bytes", never_read_whole)
    replanned = PrecomputedSource(gold, index_file=index, save_index=False)
    assert replanned.report_hash("P001_R01") == built.report_hash("P001_R01")
    assert replanned.report_hash("P001_R01") == planned.report_hash("P001_R01")
